"""In Chromium: a user whose password an administrator set changes it at first sign-in, and pages load without a
single Content-Security-Policy violation now that inline styles are gone."""

import pytest

from tests.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_a_user_with_an_administrators_password_changes_it_before_anything_else(page):
    user = make_user(must_change_password=True)
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/password_change/")
    page.get_by_label("旧密码").fill(TEST_PASSWORD)
    page.locator("#id_new_password1").fill("Lu-feng-river-2031")
    page.get_by_label("新密码确认").fill("Lu-feng-river-2031")
    page.get_by_role("button", name="更改密码").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert "其他设备上的登录已同时退出" in page.get_by_role("alert").first.inner_text()


def test_the_home_page_and_a_form_load_without_a_content_security_policy_violation(page, login, county_user):
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    login(county_user)
    page.goto("/")
    page.goto("/reporting/reports/")
    page.goto("/accounts/password_change/")
    assert violations == []
