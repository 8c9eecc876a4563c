"""待办: what was sent back to a unit is on its home page with the reason; the prefecture sees what waits for it."""

import pytest

from chuxiong_labor import todo
from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.workflow import Action, Status
from reporting import services as reporting_services
from tests.coordinators.factories import make_nomination
from tests.factories import unit
from tests.reporting.factories import make_report, shanghai

pytestmark = pytest.mark.django_db


def test_a_returned_candidate_is_on_its_units_home_page_with_the_reason(client, county_user, reviewer):
    nomination = make_nomination("楚雄市", status=Status.SUBMITTED)
    nomination_services.transition(
        nomination, Action.RETURN, actor=reviewer, reason="请补充近三年调处案件的证明材料。", return_to=Status.RETURNED
    )
    client.force_login(county_user)
    html = client.get("/").content.decode()
    assert "待办：退回修改" in html and "请补充近三年调处案件的证明材料。" in html
    assert nomination.get_absolute_url() in html


def test_another_units_returned_candidate_is_not_on_the_home_page(client, county_user, reviewer):
    nomination = make_nomination("禄丰市", status=Status.SUBMITTED)
    nomination_services.transition(
        nomination, Action.RETURN, actor=reviewer, reason="禄丰的原因", return_to=Status.RETURNED
    )
    assert todo.returned_to(unit("楚雄市")) == []


def test_a_returned_monthly_report_is_a_todo_of_its_unit(reviewer):
    report = make_report("楚雄市", 2022, 6, submitted_at=shanghai(2022, 6, 20))
    reporting_services.return_report(report, actor=reviewer, reason="请补充存在问题。")
    items = todo.returned_to(unit("楚雄市"))
    assert [(item.kind, item.title, item.reason) for item in items] == [("工作月报", "2022年6月", "请补充存在问题。")]


def test_the_prefecture_home_lists_what_waits_for_its_review(client, reviewer):
    make_nomination("大姚县", status=Status.SUBMITTED)
    make_report("禄丰市", 2022, 6, submitted_at=shanghai(2022, 6, 20))
    client.force_login(reviewer)
    html = client.get("/").content.decode()
    assert "待办：待州三方办审核" in html and "（大姚县）" in html and "禄丰市2022年6月工作月报" in html


def test_an_accepted_report_no_longer_waits(reviewer):
    report = make_report("楚雄市", 2022, 6, submitted_at=shanghai(2022, 6, 20))
    reporting_services.accept_report(report, actor=reviewer)
    assert [item for item in todo.awaiting_review() if item.kind == "工作月报"] == []
