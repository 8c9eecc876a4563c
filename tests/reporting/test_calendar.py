"""The deadline calendar: editing duties with history, done-marks by hand and from the ledgers, home reminders."""

import datetime

import pytest
from django.urls import reverse

from chuxiong_labor.deadlines import Duty
from chuxiong_labor.lib.history import history_for
from reporting import services
from reporting.duties import occurrences, unit_panel
from reporting.models import DutyCompletion
from tests.factories import unit

from .factories import make_report, shanghai

pytestmark = pytest.mark.django_db


def duty(code):
    return Duty.objects.get(code=code)


def test_the_prefecture_changes_a_due_date_and_the_change_is_in_the_history(client, reviewer):
    item = duty("social_org_county_plan")
    client.force_login(reviewer)
    data = {
        "cycle": item.cycle_id,
        "code": item.code,
        "annex": item.annex,
        "title": item.title,
        "scope": item.scope,
        "recurrence": item.recurrence,
        "due_on": "2021-06-20",
        "starts_on": "2021-05-28",
        "ends_on": "2023-12-31",
        "source": item.source,
        "version": item.version,
    }
    response = client.post(reverse("reporting:duty_edit", kwargs={"pk": item.pk}), data)
    item.refresh_from_db()
    assert response.status_code == 302 and item.due_on == datetime.date(2021, 6, 20)
    assert history_for(item).filter(actor=reviewer).exists()


def test_a_stale_edit_of_a_duty_is_refused(client, reviewer):
    item = duty("coordinator_slate")
    client.force_login(reviewer)
    data = {
        "cycle": item.cycle_id,
        "code": item.code,
        "annex": item.annex,
        "title": "改过的事项",
        "scope": item.scope,
        "recurrence": item.recurrence,
        "month": 6,
        "day": 30,
        "version": item.version,
    }
    Duty.objects.filter(pk=item.pk).update(title="别人先改了", version=item.version + 1)
    response = client.post(reverse("reporting:duty_edit", kwargs={"pk": item.pk}), data)
    item.refresh_from_db()
    assert "已被他人修改" in response.content.decode()
    assert item.title == "别人先改了"


def test_a_county_may_not_edit_the_calendar(client, county_user):
    client.force_login(county_user)
    url = reverse("reporting:duty_edit", kwargs={"pk": duty("monthly_report").pk})
    assert client.get(url).status_code == 403


def test_a_yearly_duty_needs_a_month(client, reviewer):
    item = duty("coordinator_slate")
    client.force_login(reviewer)
    data = {
        "cycle": item.cycle_id,
        "annex": item.annex,
        "title": "新的每年事项",
        "scope": item.scope,
        "recurrence": item.recurrence,
        "day": 30,
    }
    response = client.post(reverse("reporting:duty_create"), data)
    assert response.status_code == 200 and "month" in response.context["form"].errors


def test_a_county_marks_its_own_occurrence_done(client, county_user):
    client.force_login(county_user)
    item = duty("social_org_candidates")
    client.post(reverse("reporting:duty_mark", kwargs={"pk": item.pk}), {"due_on": "2022-07-10"})
    assert DutyCompletion.objects.filter(unit=unit("楚雄市"), duty=item, due_on=datetime.date(2022, 7, 10)).exists()


def test_a_mark_on_a_day_the_duty_is_not_due_is_refused(county_user):
    with pytest.raises(Exception, match="没有截止节点"):
        services.mark_duty_done(
            duty("social_org_candidates"), unit("楚雄市"), datetime.date(2022, 7, 11), actor=county_user
        )


def test_a_county_cannot_remove_another_countys_mark(client, county_user, other_county_user):
    mark = services.mark_duty_done(
        duty("social_org_candidates"), unit("禄丰市"), datetime.date(2022, 7, 10), actor=other_county_user
    )
    client.force_login(county_user)
    assert client.post(reverse("reporting:completion_delete", kwargs={"pk": mark.pk})).status_code == 404


def test_a_submitted_monthly_report_marks_the_monthly_duty_done_automatically():
    make_report(year=2022, month=6, submitted_at=shanghai(2022, 6, 20))
    found = occurrences([unit("楚雄市")], datetime.date(2022, 6, 1), datetime.date(2022, 6, 30))
    monthly = next(occ for occ in found if occ.duty.code == "monthly_report")
    assert monthly.is_done and monthly.done_automatically


def test_the_home_panel_lists_overdue_and_coming_duties_that_are_not_done():
    panel = unit_panel(unit("楚雄市"), datetime.date(2022, 7, 5))
    coming = {occ.duty.code for occ in panel["coming"]}
    overdue = {occ.duty.code for occ in panel["overdue"]}
    assert "social_org_candidates" in coming and "monthly_report" in overdue


def test_the_calendar_page_shows_the_months_duties(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("reporting:calendar"), {"month": "2022-07"})
    assert "推荐“楚雄州金牌协调劳动关系社会组织”候选名单" in response.content.decode()


def test_a_countys_home_page_shows_its_open_duties(client, county_user):
    client.force_login(county_user)
    response = client.get("/")
    assert "待办事项提醒" in response.content.decode()
