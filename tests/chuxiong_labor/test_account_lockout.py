"""The lock-out of an account across addresses (chuxiong_labor/lockout.py), beside the per user-and-address one."""

import pytest
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory

from chuxiong_labor import lockout
from chuxiong_labor.models import SecurityEvent, User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def attempt(username, password, address):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def fail_from_many_addresses(username, times=20):
    for number in range(times):
        attempt(username, "wrong-password", f"10.1.{number // 250}.{number % 250 + 1}")


def test_twenty_failures_from_twenty_addresses_lock_the_account_even_with_the_right_password(county_user):
    fail_from_many_addresses(county_user.username)
    response = attempt(county_user.username, TEST_PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert "已在所有地址暂停登录" in response.content.decode()
    assert not SecurityEvent.objects.filter(kind="login", user=county_user).exists()


def test_nineteen_failures_from_nineteen_addresses_do_not(county_user):
    fail_from_many_addresses(county_user.username, times=19)
    assert attempt(county_user.username, TEST_PASSWORD, "10.9.9.9").status_code == 302


def test_the_lock_page_says_how_many_minutes_to_wait(county_user, time_machine):
    time_machine.move_to("2026-03-01 09:00 +08:00", tick=False)
    fail_from_many_addresses(county_user.username)
    time_machine.move_to("2026-03-01 09:05 +08:00", tick=False)
    assert "请 10 分钟后再试" in attempt(county_user.username, TEST_PASSWORD, "10.9.9.9").content.decode()


def test_the_account_opens_again_once_the_failures_leave_the_window(county_user, time_machine):
    time_machine.move_to("2026-03-01 09:00 +08:00", tick=False)
    fail_from_many_addresses(county_user.username)
    time_machine.move_to("2026-03-01 09:16 +08:00", tick=False)
    assert attempt(county_user.username, TEST_PASSWORD, "10.9.9.9").status_code == 302


def test_knocking_on_a_locked_account_does_not_lengthen_the_lock(county_user, time_machine):
    time_machine.move_to("2026-03-01 09:00 +08:00", tick=False)
    fail_from_many_addresses(county_user.username)
    time_machine.move_to("2026-03-01 09:10 +08:00", tick=False)
    attempt(county_user.username, "wrong-again", "10.8.8.8")
    time_machine.move_to("2026-03-01 09:16 +08:00", tick=False)
    assert attempt(county_user.username, TEST_PASSWORD, "10.9.9.9").status_code == 302


def test_another_account_is_unaffected(county_user, other_county_user):
    fail_from_many_addresses(county_user.username)
    assert attempt(other_county_user.username, TEST_PASSWORD, "10.1.0.1").status_code == 302


def test_a_successful_sign_in_restarts_the_count(county_user):
    fail_from_many_addresses(county_user.username, times=19)
    assert attempt(county_user.username, TEST_PASSWORD, "10.9.9.9").status_code == 302
    attempt(county_user.username, "wrong-password", "10.7.7.7")
    assert attempt(county_user.username, TEST_PASSWORD, "10.9.9.9").status_code == 302


def test_the_lock_out_line_names_the_addresses_once(county_user):
    fail_from_many_addresses(county_user.username)
    attempt(county_user.username, TEST_PASSWORD, "10.9.9.9")
    lines = SecurityEvent.objects.filter(kind="locked_out", detail__contains="所有地址暂时锁定；")
    assert lines.count() == 1
    assert "失败来自10.1.0.20、10.1.0.19、" in lines.get().detail
    assert "10.1.0.1（" in lines.get().detail
    assert "共20个地址" in lines.get().detail


def test_a_refused_attempt_is_one_security_log_line(county_user):
    fail_from_many_addresses(county_user.username)
    before = SecurityEvent.objects.count()
    attempt(county_user.username, TEST_PASSWORD, "10.9.9.9")
    refused = SecurityEvent.objects.order_by("-pk")[: SecurityEvent.objects.count() - before]
    assert [(event.kind, event.ip_address) for event in refused] == [("locked_out", "10.9.9.9")]


def test_many_addresses_are_named_within_the_log_field():
    failures = [(None, f"2001:db8:85a3::8a2e:370:{number:04x}") for number in range(40)]
    sentence = lockout.addresses_of(failures)
    assert len(sentence) < 260
    assert sentence.endswith("等40个地址）")


def test_an_administrator_unlocks_the_account_and_the_log_says_who(county_user, admin_user):
    fail_from_many_addresses(county_user.username)
    request = RequestFactory().post("/admin/chuxiong_labor/user/")
    request.user = admin_user
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    site._registry[User].unlock_sign_in(request, User.objects.filter(pk=county_user.pk))
    assert attempt(county_user.username, TEST_PASSWORD, "10.9.9.9").status_code == 302
    unlocked = SecurityEvent.objects.get(kind="unlocked")
    assert unlocked.user == county_user
    assert admin_user.username in unlocked.detail


def test_the_unlock_action_is_offered_in_the_admin(client, admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert "解除登录锁定" in client.get("/admin/chuxiong_labor/user/").content.decode()


def test_the_per_address_lock_still_works_alongside(county_user):
    for _ in range(5):
        attempt(county_user.username, "wrong-password", "10.0.0.1")
    response = attempt(county_user.username, TEST_PASSWORD, "10.0.0.1")
    assert response.status_code == 429
    assert "在本地址已被暂时锁定" in response.content.decode()
    assert attempt(county_user.username, TEST_PASSWORD, "10.0.0.2").status_code == 302
