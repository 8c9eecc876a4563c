"""Password self-service: every user changes their own password, must when an administrator set it, gets
Django's validators in Chinese, and ends their sessions on other devices."""

import pytest
from django.test import Client

from chuxiong_labor.models import SecurityEvent, User
from chuxiong_labor.roles import Role
from tests.factories import TEST_PASSWORD, make_user
from tests.portal_forms import error_texts

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lu-feng-river-2031"


def change(client, new=NEW_PASSWORD, old=TEST_PASSWORD, confirm=None):
    return client.post(
        "/accounts/password_change/",
        {"old_password": old, "new_password1": new, "new_password2": confirm or new},
    )


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_change_its_own_password(role):
    user = make_user(role)
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/password_change/").status_code == 200
    assert change(client).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_password_change_is_in_the_security_log(client, county_user):
    client.force_login(county_user)
    change(client)
    assert SecurityEvent.objects.filter(kind="password_changed", user=county_user).exists()


@pytest.mark.parametrize(
    "new,message",
    [
        ("Ab-1", "太短"),
        ("password123", "太常见"),
        ("8273649501234", "只包含数字"),
    ],
)
def test_a_weak_password_is_refused_in_chinese(client, county_user, new, message):
    client.force_login(county_user)
    response = change(client, new=new)
    assert response.status_code == 200
    assert any(message in text for text in error_texts(response.content.decode()))


def test_a_password_like_the_users_own_name_is_refused_in_chinese(client):
    user = make_user(username="zhangsanfeng")
    client.force_login(user)
    assert any("太相似" in text for text in error_texts(change(client, new="zhangsanfeng1").content.decode()))


def test_a_change_ends_the_users_sessions_on_other_devices_but_not_this_one(county_user):
    here, elsewhere = Client(), Client()
    here.force_login(county_user)
    elsewhere.force_login(county_user)
    change(here)
    assert here.get("/").status_code == 200
    assert elsewhere.get("/")["Location"].startswith("/accounts/login/")


def test_a_user_who_must_change_the_password_is_sent_to_the_form_from_every_page(client):
    user = make_user(must_change_password=True)
    client.force_login(user)
    response = client.get("/enterprises/")
    assert response["Location"] == "/accounts/password_change/"


def test_after_the_forced_change_the_portal_opens(client):
    user = make_user(must_change_password=True)
    client.force_login(user)
    change(client)
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/enterprises/").status_code == 200


def test_an_account_created_by_an_administrator_must_change_its_password_at_first_login(client, admin_user):
    client.force_login(admin_user)
    client.post(
        "/admin/chuxiong_labor/user/add/",
        {
            "username": "newstaff",
            "password1": "Initial-pass-2026",
            "password2": "Initial-pass-2026",
            "usable_password": "true",
            "full_name": "新同事",
            "role": Role.REVIEWER,
        },
    )
    assert User.objects.get(username="newstaff").must_change_password


def test_a_password_an_administrator_sets_must_be_changed_at_next_login(client, admin_user, county_user):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/chuxiong_labor/user/{county_user.pk}/password/",
        {"password1": "Reset-pass-2026x", "password2": "Reset-pass-2026x", "usable_password": "true"},
    )
    assert response.status_code == 302
    county_user.refresh_from_db()
    assert county_user.check_password("Reset-pass-2026x")
    assert county_user.must_change_password


def test_the_forced_change_still_lets_the_user_sign_out(client):
    client.force_login(make_user(must_change_password=True))
    assert client.post("/accounts/logout/").status_code == 302
