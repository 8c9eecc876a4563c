"""The client's real address behind a configured number of proxy hops, the same for the lock-out, the security
log and the change history; without a proxy, X-Forwarded-For is never trusted."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from chuxiong_labor.lib.security import client_address
from chuxiong_labor.models import SecurityEvent
from tests.factories import TEST_PASSWORD, unit

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def attempt(username, password, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=PROXY).post("/accounts/login/", {"username": username, "password": password}, **headers)


def request_from(forwarded=None, remote=PROXY):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request_from("203.0.113.5")) == PROXY


def test_behind_one_proxy_the_address_it_appended_is_the_clients(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request_from("203.0.113.5")) == "203.0.113.5"


def test_an_address_the_client_wrote_before_the_proxys_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request_from("10.9.9.9, 203.0.113.5")) == "203.0.113.5"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_clients(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(request_from("10.9.9.9, 203.0.113.5, 192.168.1.2")) == "203.0.113.5"


def test_a_header_that_is_not_an_address_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request_from("<script>")) == PROXY


def test_the_proxy_hops_setting_follows_behind_tls_proxy():
    from django.conf import settings

    assert settings.TRUSTED_PROXY_HOPS == (1 if settings.BEHIND_TLS_PROXY else 0)


def test_behind_the_proxy_a_lockout_holds_only_for_the_failing_clients_address(settings, county_user):
    settings.TRUSTED_PROXY_HOPS = 1
    for _ in range(5):
        attempt(county_user.username, "wrong-password", forwarded="203.0.113.5")
    assert attempt(county_user.username, TEST_PASSWORD, forwarded="203.0.113.5").status_code == 429
    assert attempt(county_user.username, TEST_PASSWORD, forwarded="198.51.100.7").status_code == 302


def test_behind_the_proxy_attempts_and_events_record_the_clients_address(settings, county_user):
    settings.TRUSTED_PROXY_HOPS = 1
    attempt(county_user.username, "wrong-password", forwarded="203.0.113.5")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    assert SecurityEvent.objects.get(kind="login_failed").ip_address == "203.0.113.5"


def test_without_a_proxy_a_spoofed_header_does_not_get_around_a_lockout(settings, county_user):
    settings.TRUSTED_PROXY_HOPS = 0
    for _ in range(5):
        attempt(county_user.username, "wrong-password", forwarded="203.0.113.5")
    assert attempt(county_user.username, TEST_PASSWORD, forwarded="198.51.100.7").status_code == 429


def test_the_change_history_records_the_clients_address_not_a_forged_first_entry(settings, client, reviewer):
    settings.TRUSTED_PROXY_HOPS = 1
    renshe = unit("州人社局")
    client.force_login(reviewer)
    response = client.post(
        f"/contacts/{renshe.pk}/edit/",
        {"contact_person": "张三", "contact_phone": "0878-1234567", "contact_email": "", "version": renshe.version},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5",
    )
    assert response.status_code == 302
    assert LogEntry.objects.get_for_object(renshe).latest("timestamp").remote_addr == "203.0.113.5"


def test_prune_history_removes_attempts_whose_cool_off_is_over(settings, county_user, time_machine):
    from io import StringIO

    from django.core.management import call_command

    time_machine.move_to("2026-03-01 09:00 +08:00")
    attempt(county_user.username, "wrong-password")
    time_machine.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    call_command("prune_history", stdout=StringIO())
    assert not AccessAttempt.objects.exists()


def test_an_attempt_within_its_cool_off_is_kept_by_prune_history(county_user):
    from io import StringIO

    from django.core.management import call_command

    attempt(county_user.username, "wrong-password")
    call_command("prune_history", stdout=StringIO())
    assert AccessAttempt.objects.exists()
