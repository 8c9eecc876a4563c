"""Monthly reports: the on-time rule around midnight, frozen figures, and the workflow's rules."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from chuxiong_labor import indicators
from chuxiong_labor.lib.errors import ActionRefused
from reporting import services
from reporting.models import MonthlyReport
from reporting.timeliness import State, classify
from tests.factories import unit

from .factories import make_report, shanghai

pytestmark = pytest.mark.django_db


def submit_at(moment, user, **overrides):
    report = make_report(year=2026, month=3, **overrides)
    with time_machine.travel(moment, tick=False):
        return services.submit_report(report, actor=user)


def test_a_report_submitted_one_second_before_midnight_of_the_25th_is_on_time(county_user):
    report = submit_at(shanghai(2026, 3, 25, 23, 59, 59), county_user)
    assert report.days_late == 0


def test_a_report_submitted_at_midnight_after_the_25th_is_one_day_late(county_user):
    report = submit_at(shanghai(2026, 3, 26, 0, 0, 0), county_user)
    assert report.days_late == 1


def test_the_due_day_is_judged_in_shanghai_time_not_utc(county_user):
    # 16:30 UTC on the 25th is already 00:30 on the 26th in Shanghai.
    report = submit_at(datetime.datetime(2026, 3, 25, 16, 30, tzinfo=datetime.UTC), county_user)
    assert report.days_late == 1


def test_a_month_without_a_report_is_missing_once_its_due_day_has_passed():
    assert classify(None, datetime.date(2026, 3, 25), datetime.date(2026, 3, 26))[0] == State.MISSING


def test_a_month_without_a_report_is_not_yet_due_on_its_due_day():
    assert classify(None, datetime.date(2026, 3, 25), datetime.date(2026, 3, 25))[0] == State.NOT_YET_DUE


def test_the_due_day_comes_from_the_deadline_calendar(county_user):
    from chuxiong_labor.deadlines import Duty

    Duty.objects.filter(code="monthly_report").update(day=20)
    report = services.create_report(unit("楚雄市"), 2022, 5, actor=county_user)
    assert report.due_on == datetime.date(2022, 5, 20)


def test_submitted_figures_do_not_change_when_the_ledgers_change_later(county_user):
    ledger = {"count": 3}

    @indicators.register_figures(9, "测试台账")
    def test_figures(units, year, month):
        return {u.pk: {"本月新增（家）": ledger["count"]} for u in units}

    try:
        report = submit_at(shanghai(2026, 3, 20, 10), county_user)
        ledger["count"] = 30
        report.refresh_from_db()
        group = next(g for g in report.figures["groups"] if g["label"] == "测试台账")
        assert group["figures"] == [["本月新增（家）", 3]]
    finally:
        indicators._FIGURES.pop((9, "测试台账"))


def test_a_report_can_be_submitted_with_no_annex_registering_figures(county_user):
    saved = dict(indicators._FIGURES)
    indicators._FIGURES.clear()
    try:
        report = submit_at(shanghai(2026, 3, 20, 10), county_user)
    finally:
        indicators._FIGURES.update(saved)
    assert report.figures["groups"] == []


def test_returning_a_report_needs_a_reason(reviewer):
    report = make_report(submitted_at=shanghai(2026, 3, 20))
    with pytest.raises(ActionRefused):
        services.return_report(report, actor=reviewer, reason="   ")
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED


def test_a_returned_report_keeps_its_first_submission_time_when_resubmitted(county_user, reviewer):
    first = shanghai(2026, 3, 20, 9)
    report = make_report(submitted_at=first)
    services.return_report(report, actor=reviewer, reason="请补充走访企业名单。")
    with time_machine.travel(shanghai(2026, 3, 28, 9), tick=False):
        report = services.submit_report(report, actor=county_user)
    assert (report.status, report.first_submitted_at, report.days_late) == (MonthlyReport.Status.SUBMITTED, first, 0)


def test_an_accepted_report_cannot_be_submitted_again(county_user, reviewer):
    report = make_report(submitted_at=shanghai(2026, 3, 20))
    services.accept_report(report, actor=reviewer)
    with pytest.raises(ActionRefused):
        services.submit_report(report, actor=county_user)


def test_each_transition_is_recorded_with_its_actor_and_reason(county_user, reviewer):
    report = submit_at(shanghai(2026, 3, 20), county_user)
    services.return_report(report, actor=reviewer, reason="数据有误")
    steps = list(report.transitions.values_list("to_status", "actor", "reason"))
    assert steps == [("submitted", county_user.pk, ""), ("returned", reviewer.pk, "数据有误")]


def test_a_county_cannot_see_another_countys_report(client, county_user):
    report = make_report("禄丰市")
    client.force_login(county_user)
    assert client.get(reverse("reporting:report_detail", kwargs={"pk": report.pk})).status_code == 404


def test_a_county_cannot_accept_its_own_report(client, county_user):
    report = make_report(submitted_at=shanghai(2026, 3, 20))
    client.force_login(county_user)
    assert client.post(reverse("reporting:report_accept", kwargs={"pk": report.pk})).status_code == 403


def test_a_leader_cannot_edit_a_report(client, leader):
    report = make_report()
    client.force_login(leader)
    assert client.get(reverse("reporting:report_edit", kwargs={"pk": report.pk})).status_code == 403


def test_submitting_requires_post(client, county_user):
    report = make_report()
    client.force_login(county_user)
    assert client.get(reverse("reporting:report_submit", kwargs={"pk": report.pk})).status_code == 405


def test_a_county_creates_a_draft_through_the_form(client, county_user):
    client.force_login(county_user)
    with time_machine.travel(shanghai(2026, 3, 10, 9), tick=False):
        response = client.post(
            reverse("reporting:report_create"), {"year": 2026, "month": 3, "progress": "走访企业5家。"}
        )
    report = MonthlyReport.objects.get(unit=county_user.unit, year=2026, month=3)
    assert response.status_code == 302 and report.status == MonthlyReport.Status.DRAFT


def test_the_return_view_without_a_reason_leaves_the_report_submitted(client, reviewer):
    report = make_report(submitted_at=shanghai(2026, 3, 20))
    client.force_login(reviewer)
    client.post(reverse("reporting:report_return", kwargs={"pk": report.pk}), {"reason": ""})
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED


def test_the_report_list_issues_a_fixed_number_of_queries(client, reviewer, django_assert_num_queries):
    client.force_login(reviewer)
    url = reverse("reporting:report_list")
    make_report(month=1)
    client.get(url)
    with django_assert_num_queries(6) as small:
        client.get(url)
    for month in range(2, 12):
        make_report("禄丰市", month=month)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
