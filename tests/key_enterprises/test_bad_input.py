"""Typing slips refused on the field that holds them (``forms.Plausible`` and each form's order of dates); the crawl
over every annex 5 form is ``tests/test_hostile_input.py``'s out-of-range test."""

import datetime

import pytest

from key_enterprises.forms import BargainingForm, LayoffPersonForm, LeadAssignForm, VisitForm, WageForm
from key_enterprises.models import GuidanceVisit, Lead

from .factories import make_monitored
from .test_economic_figures import form as figures_form

pytestmark = pytest.mark.django_db


def test_a_count_of_a_billion_is_refused_on_its_column():
    form = figures_form(complaint_people="1000000000")
    assert not form.is_valid()
    assert "不像一户企业的人数" in form.errors["complaint_people"][0]


def test_a_negative_amount_owed_is_refused_but_a_loss_is_not():
    assert figures_form(wages_owed_yuan="-1").errors["wages_owed_yuan"] == ["拖欠工资金额（元）不能为负数。"]
    assert figures_form(revenue_yuan="1000", profit_yuan="-500").is_valid()
    assert figures_form(wages_owed_yuan="2500000", revenue_yuan="300000000").is_valid()  # amounts may be large


def test_a_date_outside_the_plans_years_is_refused_naming_the_field():
    entry = make_monitored()
    form = VisitForm(
        data={"visited_on": "1900-01-01", "visitors": "张三", "content": "走访"},
        instance=GuidanceVisit(monitored=entry),
    )
    assert form.errors["visited_on"] == ["指导日期须在2000年至2099年之间，请核对年份。"]


def test_a_service_may_start_in_1950_but_not_before():
    data = {"name": "甲", "started_on": "1950-01-01", "ended_on": "2024-03-01", "base_wage_yuan": "6000"}
    assert LayoffPersonForm(data=data).is_valid()
    assert "started_on" in LayoffPersonForm(data={**data, "started_on": "1949-12-31"}).errors


def test_a_follow_up_before_the_visit_is_refused():
    entry = make_monitored()
    form = VisitForm(
        data={"visited_on": "2026-03-10", "visitors": "张三", "content": "走访", "follow_up_on": "2026-03-01"},
        instance=GuidanceVisit(monitored=entry),
    )
    assert form.errors["follow_up_on"] == ["跟踪回访日期（2026-03-01）早于指导日期（2026-03-10），请核对。"]


def test_a_contract_filed_before_it_was_signed_is_refused(county_user):
    entry = make_monitored()
    form = BargainingForm(
        data={
            "enterprise": entry.enterprise.pk,
            "year": "2026",
            "wage_contract_signed_on": "2026-05-10",
            "wage_contract_filed_on": "2026-05-01",
        },  # fmt: skip
        user=county_user,
    )
    assert "须在签订之后报送" in form.errors["wage_contract_filed_on"][0]


def test_a_time_limit_before_the_lead_was_found_is_refused():
    entry = make_monitored()
    lead = Lead.objects.create(
        unit=entry.unit, monitored=entry, level="yellow", summary="欠薪", opened_on=datetime.date(2026, 3, 10),
        due_on=datetime.date(2026, 3, 25),
    )  # fmt: skip
    form = LeadAssignForm(
        data={"due_on": "2026-03-01", "version": lead.version}, instance=lead, cases=lead.cases.none(), may_extend=True
    )
    assert form.errors["due_on"] == ["办结时限不能早于发现日期（2026-03-10）。"]


def test_a_wage_settings_year_of_a_billion_is_refused():
    form = WageForm(data={"kind": "average", "year": "1000000000", "amount_yuan": "8000",
                          "effective_on": "2026-06-01", "source": "统计公报"})  # fmt: skip
    assert form.errors["year"] == ["适用年度须在1999年至2099年之间，请核对。"]
