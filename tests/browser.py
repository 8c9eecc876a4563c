"""Helpers for the browser tests."""


def search_and_choose(page, select_id, typed, option_text):
    """Type ``typed`` into the search-as-you-type field of the select ``select_id`` and pick ``option_text``."""
    page.locator(f"#{select_id}-ts-control").locator("..").click()
    page.keyboard.type(typed)
    page.locator(f"#{select_id}-ts-dropdown .option", has_text=option_text).first.click()
