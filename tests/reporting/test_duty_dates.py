"""Dates in the calendar tell the truth: done late is never on time, and moving a recurring date keeps the past."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from chuxiong_labor.deadlines import Duty
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.workflow import Action
from new_enterprises.models import AnnualSummary
from reporting import services
from reporting.duties import occurrences
from tests.coordinators.factories import make_nomination
from tests.factories import unit

from .factories import make_report, shanghai

pytestmark = pytest.mark.django_db
D = datetime.date


def duty(code):
    return Duty.objects.get(code=code)


def occurrence(code, unit_name, day):
    found = occurrences([unit(unit_name)], day, day)
    return next(occ for occ in found if occ.duty.code == code)


def test_a_report_that_arrived_after_its_due_day_is_done_late():
    make_report(year=2022, month=6, submitted_at=shanghai(2022, 6, 27))
    occ = occurrence("monthly_report", "楚雄市", D(2022, 6, 25))
    assert occ.is_done and occ.is_late and occ.done_on == D(2022, 6, 27)


def test_a_report_that_arrived_on_its_due_day_is_on_time():
    make_report(year=2022, month=6, submitted_at=shanghai(2022, 6, 25))
    occ = occurrence("monthly_report", "楚雄市", D(2022, 6, 25))
    assert occ.is_done and not occ.is_late


def test_a_hand_mark_dated_after_the_due_date_is_done_late(county_user):
    with time_machine.travel(datetime.datetime(2022, 7, 15, 10, tzinfo=datetime.UTC)):
        services.mark_duty_done(duty("social_org_candidates"), unit("楚雄市"), D(2022, 7, 10), actor=county_user)
    assert occurrence("social_org_candidates", "楚雄市", D(2022, 7, 10)).is_late


def test_the_calendar_counts_and_colours_done_late_apart_from_on_time(client, reviewer):
    make_report("楚雄市", year=2022, month=6, submitted_at=shanghai(2022, 6, 27))
    make_report("禄丰市", year=2022, month=6, submitted_at=shanghai(2022, 6, 20))
    client.force_login(reviewer)
    html = client.get(reverse("reporting:calendar"), {"month": "2022-06"}).content.decode()
    assert "逾期完成 1" in html and 'data-state="late"' in html and "楚雄市 逾期完成" in html


def test_the_slate_duty_is_done_on_the_day_the_unit_first_submits(county_user):
    nomination = make_nomination("楚雄市")
    with time_machine.travel(datetime.datetime(2022, 6, 20, 10, tzinfo=datetime.UTC)):
        nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=D(2022, 6, 20))
    occ = occurrence("coordinator_slate", "楚雄市", D(2022, 6, 30))
    assert occ.done_on == D(2022, 6, 20) and not occ.is_late


def test_moving_a_yearly_date_keeps_the_occurrence_already_due(reviewer):
    summary = duty("coordinator_progress")
    services.reschedule_duty(
        summary,
        actor=reviewer,
        version=summary.version,
        from_year=2022,
        month=12,
        day=15,
        reason="省厅调整",
        today=D(2022, 10, 1),
    )
    due = summary.occurrences(D(2022, 1, 1), D(2023, 12, 31))
    assert due == [D(2022, 8, 31), D(2023, 12, 15)]


def test_a_late_summary_stays_late_after_the_date_moves(reviewer):
    AnnualSummary.objects.create(unit=unit("楚雄市"), year=2022, submitted_at=shanghai(2022, 9, 10))
    summary = duty("new_enterprise_summary")
    services.reschedule_duty(
        summary,
        actor=reviewer,
        version=summary.version,
        from_year=2022,
        month=12,
        day=15,
        reason="调整",
        today=D(2022, 10, 1),
    )
    assert occurrence("new_enterprise_summary", "楚雄市", D(2022, 8, 31)).is_late


def test_a_change_for_one_year_only_leaves_later_years_as_printed(reviewer):
    slate = duty("coordinator_slate")
    services.reschedule_duty(
        slate,
        actor=reviewer,
        version=slate.version,
        from_year=2023,
        only_that_year=True,
        month=7,
        day=10,
        reason="疫情",
        today=D(2022, 10, 1),
    )
    assert slate.occurrences(D(2022, 1, 1), D(2023, 12, 31)) == [D(2022, 6, 30), D(2023, 7, 10)]


def test_a_change_that_could_move_nothing_is_refused(reviewer):
    with pytest.raises(ActionRefused, match="已没有未到期的截止节点"):
        slate = duty("coordinator_slate")
        services.reschedule_duty(
            slate,
            actor=reviewer,
            version=slate.version,
            from_year=2022,
            only_that_year=True,
            month=7,
            day=10,
            reason="晚了",
            today=D(2022, 10, 1),
        )


def test_the_duty_list_shows_the_printed_source_and_the_changed_date_beside_it(client, reviewer):
    summary = duty("coordinator_progress")
    services.reschedule_duty(
        summary,
        actor=reviewer,
        version=summary.version,
        from_year=2023,
        month=12,
        day=15,
        reason="调整",
        today=D(2022, 10, 1),
    )
    client.force_login(reviewer)
    html = client.get(reverse("reporting:duty_list")).content.decode()
    assert "每年8月31日" in html and "2023年起调整为12月15日" in html


def test_the_reschedule_page_records_the_change(client, reviewer):
    summary = duty("coordinator_progress")
    client.force_login(reviewer)
    with time_machine.travel(datetime.datetime(2022, 10, 1, 2, tzinfo=datetime.UTC)):
        response = client.post(
            reverse("reporting:duty_reschedule", kwargs={"pk": summary.pk}),
            {"from_year": 2023, "month": 12, "day": 15, "reason": "省厅调整", "version": summary.version},
        )
    assert response.status_code == 302 and summary.date_changes.get().describe_date() == "12月15日"


def test_a_county_may_not_reschedule_a_duty(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("reporting:duty_reschedule", kwargs={"pk": duty("coordinator_progress").pk}))
    assert response.status_code == 403


def test_a_new_duty_gets_a_generated_code(client, reviewer):
    template = duty("coordinator_slate")
    client.force_login(reviewer)
    data = {
        "cycle": template.cycle_id,
        "annex": 4,
        "title": "新增事项",
        "scope": "counties",
        "recurrence": "once",
        "due_on": "2023-05-20",
    }
    response = client.post(reverse("reporting:duty_create"), data)
    assert response.status_code == 302
    assert Duty.objects.get(title="新增事项").code == "annex4_custom_1"


def test_an_occurrence_is_labelled_by_the_year_it_falls_due_in():
    candidates = duty("mediation_candidates_2021")
    assert candidates.title_for(D(2024, 8, 31)).endswith("（2024年）")
