"""In Chromium: a county user signs in, sees their own unit's targets, and cannot reach another county's records."""

import pytest

from tests.factories import make_enterprise

pytestmark = pytest.mark.browser


def test_a_county_user_sees_their_own_targets_and_not_another_countys(page, login, county_user):
    own, foreign = make_enterprise("楚雄市"), make_enterprise("禄丰市")
    login(county_user)
    assert page.get_by_test_id("whoami").inner_text().endswith("楚雄市")
    targets = page.get_by_test_id("unit-targets")
    assert targets.get_by_text("楚雄州金牌劳动关系协调员推荐名额分配表").is_visible()

    page.get_by_role("link", name="企业库").click()
    assert page.get_by_role("link", name=own.name).is_visible()
    assert page.get_by_text(foreign.name).count() == 0

    response = page.goto(f"/enterprises/{foreign.pk}/")
    assert response.status == 404
    assert page.get_by_text("没有找到该页面或记录").is_visible()


def test_a_wrong_password_shows_a_chinese_message(page, county_user):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(county_user.username)
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text().startswith("用户名或密码不正确")
