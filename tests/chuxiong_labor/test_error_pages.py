"""Under production settings (DEBUG off) 400, 403, 404, 405 and 500 are Chinese pages in the portal's layout,
and an intended 403 is one line in the security log, not a traceback."""

import logging

import pytest
from django.test import Client, override_settings

from chuxiong_labor.models import SecurityEvent

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

LAYOUT = "楚雄州劳动关系工作平台"


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "path,status,words",
    [
        ("/test-suspicious/", 400, "请求有误"),
        ("/history/", 403, "无权进行此操作"),
        ("/no-such-page/", 404, "没有找到"),
        ("/accounts/logout/", 405, "只接受表单提交"),
        ("/test-broken/", 500, "系统出现错误"),
    ],
)
def test_each_error_is_a_chinese_page_in_the_portals_layout(settings, county_user, path, status, words):
    settings.DEBUG = False
    response = signed_in(county_user).get(path)
    body = response.content.decode()
    assert response.status_code == status
    assert words in body
    assert LAYOUT in body


def test_the_chinese_405_keeps_the_allow_header(county_user):
    response = signed_in(county_user).get("/accounts/logout/")
    assert response["Allow"] == "POST, OPTIONS"


def test_an_intended_403_is_one_line_in_the_security_log_and_no_traceback(county_user, caplog):
    client = signed_in(county_user)
    with caplog.at_level(logging.INFO):
        client.get("/history/")
    refusals = [r for r in caplog.records if r.name == "chuxiong_labor.security"]
    assert len(refusals) == 1
    assert "access_denied" in refusals[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]
    assert SecurityEvent.objects.filter(kind="access_denied", path="/history/").count() == 1


def test_a_server_error_is_still_logged_with_its_traceback(caplog):
    with caplog.at_level(logging.INFO):
        Client(raise_request_exception=False).get("/test-broken/")
    assert [r for r in caplog.records if r.name == "django.request" and r.exc_info]


@override_settings(DEBUG=False)
def test_a_form_sent_without_its_security_token_is_a_chinese_403(county_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_user)
    response = client.post("/enterprises/new/", {})
    assert response.status_code == 403
    assert "刷新后重新提交" in response.content.decode()
