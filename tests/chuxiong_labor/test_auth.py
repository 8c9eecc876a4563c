import pytest
from django.test import Client

from chuxiong_labor.models import SecurityEvent
from tests.factories import TEST_PASSWORD, make_enterprise

pytestmark = pytest.mark.django_db


def attempt(username, password, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def test_a_user_signs_in_and_lands_on_the_home_page(county_user):
    response = attempt(county_user.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SecurityEvent.objects.filter(kind="login", user=county_user).exists()


def test_a_wrong_password_is_refused_in_chinese_and_logged(county_user):
    response = attempt(county_user.username, "wrong-password")
    assert "用户名或密码不正确" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="login_failed", username=county_user.username).count() == 1


def test_five_failures_lock_the_username_from_that_address(county_user):
    for _ in range(5):
        attempt(county_user.username, "wrong-password")
    response = attempt(county_user.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "暂时锁定" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="locked_out").exists()


def test_a_lockout_does_not_lock_out_colleagues_behind_the_same_address(county_user, other_county_user):
    for _ in range(5):
        attempt(county_user.username, "wrong-password")
    assert attempt(other_county_user.username, TEST_PASSWORD).status_code == 302


def test_a_lockout_does_not_block_the_same_user_from_another_address(county_user):
    for _ in range(5):
        attempt(county_user.username, "wrong-password", address="10.0.0.1")
    assert attempt(county_user.username, TEST_PASSWORD, address="10.0.0.2").status_code == 302


def test_the_lockout_ends_after_the_cool_off(county_user, time_machine):
    time_machine.move_to("2026-03-01 09:00 +08:00")
    for _ in range(5):
        attempt(county_user.username, "wrong-password")
    time_machine.move_to("2026-03-01 09:16 +08:00")
    assert attempt(county_user.username, TEST_PASSWORD).status_code == 302


def test_a_refused_action_is_logged(client, county_user):
    client.force_login(county_user)
    assert client.get("/history/").status_code == 403
    assert SecurityEvent.objects.filter(kind="access_denied", user=county_user, path="/history/").exists()


def test_reaching_for_another_countys_record_is_logged(client, county_user):
    foreign = make_enterprise("禄丰市")
    client.force_login(county_user)
    client.get(f"/enterprises/{foreign.pk}/")
    assert SecurityEvent.objects.filter(kind="access_denied", path=f"/enterprises/{foreign.pk}/").exists()


def test_the_security_log_is_for_administrators(client, admin_user, county_user):
    attempt(county_user.username, "wrong-password")
    client.force_login(admin_user)
    assert county_user.username in client.get("/history/security/").content.decode()


def test_logout_requires_post(client, county_user):
    client.force_login(county_user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302


def test_the_lockout_page_gives_the_cool_off_in_chinese_minutes(settings, county_user):
    for _ in range(5):
        attempt(county_user.username, "wrong-password")
    body = attempt(county_user.username, TEST_PASSWORD).content.decode()
    assert "15 分钟" in body
    assert "PT15M" not in body


def test_the_cool_off_is_written_in_chinese_whatever_its_length():
    from datetime import timedelta

    from chuxiong_labor.templatetags.portal_text import chinese_duration

    assert chinese_duration(timedelta(hours=1, minutes=30)) == "1 小时 30 分钟"
    assert chinese_duration(timedelta(days=1)) == "1 天"


def test_each_request_reads_the_signed_in_user_with_their_unit_in_one_query(county_user, django_assert_num_queries):
    from chuxiong_labor.passwords import PortalBackend

    with django_assert_num_queries(1):
        user = PortalBackend().get_user(county_user.pk)
        assert str(user.unit) == str(county_user.unit)


def test_a_deactivated_user_is_signed_out_at_their_next_request(client, county_user):
    client.force_login(county_user)
    county_user.is_active = False
    county_user.save()
    assert client.get("/").status_code == 302
