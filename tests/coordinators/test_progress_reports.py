"""The yearly progress report (每年8月底…工作推进情况): the county submits it, the prefecture accepts or returns it."""

import datetime

import pytest
from django.urls import reverse

from chuxiong_labor import todo
from chuxiong_labor.lib.errors import ActionRefused
from coordinators import services
from coordinators.models import ProgressReport
from reporting.duties import occurrences
from tests.factories import unit

pytestmark = pytest.mark.django_db


def make_report(unit_name="楚雄市", year=2022, **overrides):
    fields = {"unit": unit(unit_name), "year": year, "progress": "完成培训认定1批次。"}
    fields.update(overrides)
    return ProgressReport.objects.create(**fields)


def test_a_county_writes_and_submits_its_report(client, county_user):
    client.force_login(county_user)
    response = client.post(
        reverse("coordinators:progress_report_edit", args=[2022]), {"progress": "完成培训认定1批次。", "version": ""}
    )
    report = ProgressReport.objects.get()
    client.post(reverse("coordinators:progress_report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert response.status_code == 302 and report.status == ProgressReport.Status.SUBMITTED
    assert report.first_submitted_at is not None


def test_the_prefecture_returns_it_with_a_reason_and_the_county_sees_it_to_do(reviewer):
    report = make_report(status=ProgressReport.Status.SUBMITTED)
    services.return_progress_report(report, actor=reviewer, reason="请补充培训人数。")
    items = todo.returned_to(unit("楚雄市"))
    assert [(i.kind, i.reason) for i in items] == [("协调员工作推进情况", "请补充培训人数。")]


def test_a_return_needs_a_reason(reviewer):
    report = make_report(status=ProgressReport.Status.SUBMITTED)
    with pytest.raises(ActionRefused, match="退回原因"):
        services.return_progress_report(report, actor=reviewer, reason=" ")


def test_an_accepted_report_cannot_be_submitted_again(county_user, reviewer):
    report = make_report(status=ProgressReport.Status.SUBMITTED)
    services.accept_progress_report(report, actor=reviewer)
    with pytest.raises(ActionRefused, match="不能改为"):
        services.submit_progress_report(ProgressReport.objects.get(pk=report.pk), actor=county_user)


def test_the_august_duty_is_done_on_the_day_of_the_first_submission(county_user):
    report = make_report()
    services.submit_progress_report(report, actor=county_user)
    day = datetime.date(2022, 8, 31)
    occ = next(o for o in occurrences([unit("楚雄市")], day, day) if o.duty.code == "coordinator_progress")
    assert occ.is_done


def test_a_county_cannot_open_another_countys_report(client, county_user):
    report = make_report("禄丰市")
    client.force_login(county_user)
    assert client.get(reverse("coordinators:progress_report_detail", args=[report.pk])).status_code == 404


def test_a_county_cannot_accept_its_own_report(client, county_user):
    report = make_report(status=ProgressReport.Status.SUBMITTED)
    client.force_login(county_user)
    assert client.post(reverse("coordinators:progress_report_accept", args=[report.pk])).status_code == 403
