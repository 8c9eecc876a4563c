"""In Chromium, every GET page of the portal, as a county user and as the prefecture's reviewer, on a phone 390 px
wide: no page scrolls sideways (a wide table scrolls inside its own box), and every page passes axe-core's WCAG
2.0/2.1 A and AA rules (the ``page`` fixture checks each page visited). The pages are found from the URL
configuration, as the access matrix finds them, so a new page is checked without editing this file.

And the 督办看板 table and the reviewer's home page fit a 1366 px screen, the office's usual laptop, without
scrolling. The ``page`` fixture's axe-core check includes WCAG 2.2's target size (2.5.8), so on the phone every link
and button outside a sentence is at least 24×24 px or has room around it.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from chuxiong_labor.models import User
from tests.factories import TEST_PASSWORD
from tests.test_access_matrix import get_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def demo_user(username):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.get(username=username)
    user.set_password(TEST_PASSWORD)
    user.save(update_fields=["password"])
    return user


def open_page(page, url):
    """Open ``url``; return whether it is an HTML page (downloads, PDFs and JSON answers are not)."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in error.message:
            return False
        raise
    return "text/html" in (response.headers.get("content-type") or "")


def pages_scrolling_sideways(page, login, username):
    user = demo_user(username)
    login(user)
    page.set_viewport_size(PHONE)
    found, opened = [], 0
    for name, url in get_pages(user):
        if not open_page(page, url):
            continue
        opened += 1
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            found.append(f"{name} {url}: {scroll} px wide")
    assert opened > 50
    return found


def test_no_page_scrolls_sideways_on_a_phone_for_a_county_user(page, login):
    wide = pages_scrolling_sideways(page, login, "chuxiong")
    assert wide == [], "\n".join(wide)


def test_no_page_scrolls_sideways_on_a_phone_for_the_reviewer(page, login):
    wide = pages_scrolling_sideways(page, login, "reviewer")
    assert wide == [], "\n".join(wide)


def test_the_dashboard_table_fits_a_laptop_screen(page, login):
    login(demo_user("reviewer"))
    page.set_viewport_size(LAPTOP)
    page.goto(reverse("reporting:dashboard"))
    box = page.get_by_test_id("dashboard-table").locator("..")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth")


def test_the_reviewers_home_fits_a_laptop_screen(page, login):
    login(demo_user("reviewer"))
    page.set_viewport_size(LAPTOP)
    page.goto("/")
    assert page.get_by_test_id("all-units").count() == 1
    scroll, client = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client
    for box in page.locator(".table-responsive").all():
        assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), box.get_attribute("aria-label")


def test_the_menu_opens_from_its_button_on_a_phone(page, login):
    login(demo_user("chuxiong"))
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu = page.get_by_role("navigation", name="主菜单")
    assert not menu.is_visible()
    page.get_by_role("button", name="展开菜单").click()
    menu.get_by_role("link", name="企业库").click()
    page.wait_for_url("**/enterprises/")
