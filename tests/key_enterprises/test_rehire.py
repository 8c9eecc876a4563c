"""The rehire reminder after a layoff (劳动合同法 Art. 41 ¶3) and its done action: the county records that the people
laid off were notified, or that no rehire applies, and the month's reminder leaves its 待办."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry

from chuxiong_labor import todo
from chuxiong_labor.lib.concurrency import STALE_MESSAGE
from key_enterprises import services
from key_enterprises.forms import LayoffPlanForm
from key_enterprises.models import LayoffPlan, MonthlyBatch, MonthlyFigures, RehireNotice

from .factories import make_monitored

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _september():
    with time_machine.travel(datetime.datetime(2026, 9, 15, 12), tick=False):
        yield


KIND = "第四十一条第三款"


def _plan(county_user, unit_name="楚雄市"):
    entry = make_monitored(unit_name)
    data = {"ground": "2", "workforce": 200, "planned_cut": 25, "actual_cut": 25, "posts": "包装工",
            "planned_on": "2026-05-10", "funds_stated_yuan": "10000"}  # fmt: skip
    form = LayoffPlanForm(data=data, instance=LayoffPlan(monitored=entry))
    assert form.is_valid(), form.errors
    plan = services.save_layoff_plan(form, [], [], actor=county_user)
    for month in (7, 8):
        batch = MonthlyBatch.objects.create(unit=entry.unit, year=2026, month=month, status="submitted")
        MonthlyFigures.objects.create(batch=batch, monitored=entry, headcount=180, headcount_last_year_end=200, hires=3)
    return plan


def _reminders(unit):
    return [item for item in todo.returned_to(unit) if KIND in item.kind]


def _post(client, plan, **overrides):
    data = {"hire_month": "2026-7", "outcome": "notified", "acted_on": "2026-09-01", "means": "written",
            "note": "书面通知了25名被裁减人员", "version": plan.version}  # fmt: skip
    data.update(overrides)
    return client.post(f"/key-enterprises/layoffs/{plan.pk}/rehire/", data)


def test_recording_the_notice_takes_the_months_reminder_out_of_the_todo(client, county_user):
    plan = _plan(county_user)
    assert len(_reminders(plan.monitored.unit)) == 2
    client.force_login(county_user)
    response = _post(client, plan)
    assert response.status_code == 302
    left = _reminders(plan.monitored.unit)
    assert [item.title for item in left] == [item.title for item in left if "2026年8月" in item.title]
    assert len(left) == 1
    notice = RehireNotice.objects.get()
    assert (notice.year, notice.month, notice.means, notice.recorded_by) == (2026, 7, "written", county_user)


def test_the_plan_page_shows_what_was_recorded_and_offers_only_the_months_left(client, county_user):
    plan = _plan(county_user)
    client.force_login(county_user)
    _post(client, plan)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "2026年7月新招用：已通知被裁减人员，同等条件下优先招用（2026-09-01，书面通知" in page
    assert 'value="2026-8"' in page and 'value="2026-7"' not in page


def test_no_rehire_needs_a_reason_named_on_its_field(client, county_user):
    plan = _plan(county_user)
    client.force_login(county_user)
    response = _post(client, plan, outcome="not_applicable", means="", note="")
    assert response.status_code == 200
    assert response.context["rehire_form"].errors["note"] == ["认定不属于重新招用的，请写明理由。"]
    assert not RehireNotice.objects.exists()


def test_a_notice_needs_how_and_a_date_not_in_the_future(client, county_user):
    plan = _plan(county_user)
    client.force_login(county_user)
    errors = _post(client, plan, means="", acted_on="2026-10-01").context["rehire_form"].errors
    assert errors["means"] == ["已通知被裁减人员的，请选择通知方式。"]
    assert errors["acted_on"] == ["通知或核实日期不能晚于今天。"]
    assert not RehireNotice.objects.exists()


def test_a_notice_dated_before_the_layoff_is_refused(client, county_user):
    plan = _plan(county_user)
    client.force_login(county_user)
    response = _post(client, plan, acted_on="2026-05-01")
    assert "通知或核实日期（2026-05-01）早于裁员日期（2026-05-10）" in response.content.decode()
    assert not RehireNotice.objects.exists()


def test_a_form_opened_before_the_plan_changed_is_refused_keeping_what_was_typed(client, county_user):
    plan = _plan(county_user)
    opened_at = plan.version
    LayoffPlan.objects.filter(pk=plan.pk).update(version=opened_at + 1)
    client.force_login(county_user)
    response = _post(client, plan, note="已电话联系其中12人", version=opened_at)
    page = response.content.decode()
    assert response.status_code == 200
    assert STALE_MESSAGE in page and "已电话联系其中12人" in page
    assert not RehireNotice.objects.exists()


def test_the_notice_is_in_the_history_with_labels(client, county_user):
    plan = _plan(county_user)
    client.force_login(county_user)
    _post(client, plan, outcome="not_applicable", means="", note="新招用的是季节性临时工，岗位与被裁岗位不同")
    entry = LogEntry.objects.get_for_object(RehireNotice.objects.get()).get()
    assert entry.actor == county_user
    page = client.get(plan.get_absolute_url()).content.decode()
    history = page[page.index('aria-label="变更记录"') :]
    assert "不属于重新招用人员，无需通知" in history and "新招用月份" in history
    assert "not_applicable" not in history


def test_another_county_cannot_record_it(client, county_user, other_county_user):
    plan = _plan(county_user)
    client.force_login(other_county_user)
    assert _post(client, plan).status_code == 404
    assert not RehireNotice.objects.exists()


def test_the_leader_cannot_record_it(client, county_user, leader):
    plan = _plan(county_user)
    client.force_login(leader)
    assert _post(client, plan).status_code == 403


def test_recording_needs_post(client, county_user):
    plan = _plan(county_user)
    client.force_login(county_user)
    assert client.get(f"/key-enterprises/layoffs/{plan.pk}/rehire/").status_code == 405
