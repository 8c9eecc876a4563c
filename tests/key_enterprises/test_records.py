"""Layoff plans, bargaining rates, done checks, the home panel figures, the one-enterprise file and the history."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from auditlog.models import LogEntry
from pypdf import PdfReader

from chuxiong_labor import indicators
from chuxiong_labor.deadlines import Duty, done_check
from chuxiong_labor.lib.errors import ActionRefused
from key_enterprises import services
from key_enterprises.checks import is_late
from key_enterprises.dossier import render_dossier, render_dossiers
from key_enterprises.figures import bargaining_rates
from key_enterprises.forms import LayoffPersonForm, LayoffPlanForm
from key_enterprises.models import (
    BargainingRecord,
    GuidanceVisit,
    LayoffPerson,
    LayoffPlan,
    RetainedPerson,
    RetainReason,
    WageSetting,
)
from tests.factories import make_enterprise, unit

from .factories import make_monitored

pytestmark = pytest.mark.django_db


def _plan_form(entry, **overrides):
    data = {"ground": "2", "workforce": 200, "planned_cut": 25, "actual_cut": 0, "posts": "包装工",
            "planned_on": "2026-05-01", "funds_stated_yuan": "10000"}  # fmt: skip
    data.update(overrides)
    form = LayoffPlanForm(data=data, instance=LayoffPlan(monitored=entry))
    assert form.is_valid(), form.errors
    return form


def _wages(average="8000"):
    WageSetting.objects.create(
        kind="average", year=2025, amount_yuan=average, effective_on=datetime.date(2026, 6, 1), source="测试"
    )


def _person(name, start, base, *, end="2026-05-01", protection=""):
    return LayoffPerson(
        name=name,
        started_on=datetime.date.fromisoformat(start),
        ended_on=datetime.date.fromisoformat(end),
        base_wage_yuan=Decimal(base),
        protection=protection,
    )


def test_a_layoff_plan_computes_each_persons_compensation_from_their_dates(county_user):
    _wages()
    people = [_person("甲", "2011-03-01", "30000"), _person("乙", "2023-11-01", "1500")]  # 182 and 30 months
    plan = services.save_layoff_plan(_plan_form(make_monitored()), people, [], actor=county_user)
    # 楚雄市's tier in force on 2026-05-01 is 1840 (annex 6's table): 3 × 1840 = 5520
    assert sorted(plan.people.values_list("compensation_yuan", flat=True)) == [Decimal("5520.00"), Decimal("288000.00")]
    assert plan.compensation_total_yuan == Decimal("293520.00")
    assert "最低工资标准：楚雄市第2档 1840.00元" in plan.people.get(name="乙").working


def test_the_minimum_wage_is_the_tier_of_the_enterprises_county(county_user):
    _wages()
    entry = make_monitored("双柏县")
    plan = services.save_layoff_plan(_plan_form(entry), [_person("乙", "2023-11-01", "1500")], [], actor=county_user)
    assert plan.compensation_total_yuan == Decimal("5070.00")  # third tier, 1690 × 3


def test_a_worker_hired_before_2008_is_paid_under_both_rules(county_user):
    WageSetting.objects.create(
        kind="average", year=2023, amount_yuan="7000", effective_on=datetime.date(2024, 6, 1), source="测试"
    )
    form = _plan_form(make_monitored(), planned_on="2024-03-01")
    plan = services.save_layoff_plan(
        form, [_person("甲", "2005-03-01", "6000", end="2024-03-01")], [], actor=county_user
    )
    person = plan.people.get()
    assert person.compensation_yuan == Decimal("117000.00")
    assert "劳部发〔1994〕481号" in person.working
    assert "劳动合同法第四十七条" in person.working


def test_a_protected_person_is_blocked_with_the_item_named_and_not_paid(county_user):
    _wages()
    people = [_person("甲", "2020-05-01", "6000"), _person("丙", "2020-05-01", "6000", protection="4")]
    plan = services.save_layoff_plan(_plan_form(make_monitored(), planned_cut=1), people, [], actor=county_user)
    blocked = plan.people.get(name="丙")
    assert blocked.compensation_yuan == 0
    assert "第四十二条第（四）项：女职工在孕期、产期、哺乳期" in blocked.working
    assert plan.compensation_total_yuan == Decimal("36000.00")


def test_the_payment_verdict_is_withheld_until_everyone_cut_is_entered(county_user):
    _wages()
    people = [_person(f"职工{n}", "2020-05-01", "6000") for n in range(5)]
    plan = services.save_layoff_plan(_plan_form(make_monitored()), people, [], actor=county_user)
    assert plan.payment_verdict().startswith("暂不评估：计划裁减25人，已登记可裁减人员5人")
    assert "尚缺20人" in plan.payment_verdict()
    assert "资金" not in plan.payment_verdict()


def test_the_payment_verdict_is_given_once_everyone_is_entered(county_user):
    _wages()
    people = [_person(f"职工{n}", "2020-05-01", "6000") for n in range(2)]
    plan = services.save_layoff_plan(_plan_form(make_monitored(), planned_cut=2), people, [], actor=county_user)
    assert plan.payment_verdict() == "2人需支付72000.00元，企业可用资金10000.00元，缺口62000.00元"


def test_a_layoff_plan_without_the_average_wage_is_refused(county_user):
    with pytest.raises(ActionRefused, match="2025年度当地职工月平均工资"):
        services.save_layoff_plan(
            _plan_form(make_monitored()), [_person("甲", "2020-05-01", "3000")], [], actor=county_user
        )
    assert not LayoffPlan.objects.exists()


def test_the_people_retained_first_are_kept_with_their_reason(county_user):
    retained = [RetainedPerson(name="丁", reason=RetainReason.OPEN_ENDED)]
    plan = services.save_layoff_plan(_plan_form(make_monitored()), [], retained, actor=county_user)
    assert plan.retained.get().get_reason_display() == "与本单位订立无固定期限劳动合同"


def test_a_plan_knows_when_art41_applies(county_user):
    form = _plan_form(make_monitored(), planned_cut=15, workforce=150, explained_on="2026-03-01")
    plan = services.save_layoff_plan(form, [], [], actor=county_user)
    assert plan.art41_applies is True
    assert plan.explained_in_time is True


def _plan_errors(**overrides):
    data = {"ground": "2", "workforce": 200, "planned_cut": 25, "actual_cut": 0, "posts": "包装工",
            "planned_on": "2026-05-01", "funds_stated_yuan": "10000", **overrides}  # fmt: skip
    form = LayoffPlanForm(data=data, instance=LayoffPlan(monitored=make_monitored()))
    assert not form.is_valid()
    return form.errors


def test_an_explanation_less_than_30_days_before_the_layoff_is_refused_naming_the_dates():
    errors = _plan_errors(explained_on="2026-04-02")
    assert errors["explained_on"] == [
        "说明情况日期（2026-04-02）距裁员日期（2026-05-01）不足三十日：劳动合同法第四十一条要求提前三十日说明情况，"
        "即不晚于2026-04-01。"
    ]


def test_a_report_after_the_layoff_is_refused_naming_the_dates():
    errors = _plan_errors(explained_on="2026-03-01", reported_on="2026-05-02")
    assert "向劳动行政部门报告日期（2026-05-02）晚于裁员日期（2026-05-01）" in errors["reported_on"][0]


def test_a_report_before_the_explanation_is_refused():
    errors = _plan_errors(explained_on="2026-03-10", reported_on="2026-03-01")
    assert "须在听取意见之后报告" in errors["reported_on"][0]


def test_a_plan_without_its_art41_ground_is_refused():
    assert "ground" in _plan_errors(ground="")


@pytest.mark.parametrize(
    ("field", "overrides", "text"),
    [
        ("workforce", {"workforce": 1_000_000_000}, "职工总数"),
        ("planned_cut", {"planned_cut": 300}, "不能多于职工总数"),
        ("funds_stated_yuan", {"funds_stated_yuan": "-1"}, "不能为负数"),
    ],
)
def test_absurd_figures_are_refused_naming_the_field(field, overrides, text):
    assert text in _plan_errors(**overrides)[field][0]


def test_a_person_whose_service_ends_before_it_starts_is_refused_naming_the_dates():
    form = LayoffPersonForm(
        data={"name": "甲", "started_on": "2024-03-01", "ended_on": "2005-03-01", "base_wage_yuan": "6000"}
    )
    assert not form.is_valid()
    assert form.errors["ended_on"] == ["解除劳动合同日期（2005-03-01）早于入职日期（2024-03-01），请核对。"]


def test_the_bargaining_rates_keep_their_numerators_and_denominators():
    def record(has_union, above, has_system, annual, signed):
        enterprise = make_enterprise("楚雄市", has_union=has_union, is_above_scale=above)
        BargainingRecord.objects.create(
            unit=unit("楚雄市"), enterprise=enterprise, year=2026, has_system=has_system, held_annual=annual,
            wage_contract_signed_on=datetime.date(2026, 3, 1) if signed else None,
        )  # fmt: skip

    record(True, True, True, True, True)
    record(True, True, True, True, False)
    record(True, False, False, False, False)
    record(False, True, True, True, True)  # no union: outside both denominators
    per_unit, total = bargaining_rates(2026)
    rates = per_unit[unit("楚雄市").pk]
    assert (rates.with_system, rates.union, rates.system_rate) == (2, 3, Decimal("66.7"))
    assert (rates.annual_and_wage_contract, rates.union_above_scale, rates.wage_contract_rate) == (
        1,
        2,
        Decimal("50.0"),
    )
    assert total.union == 3


def test_the_ledger_duty_is_done_on_the_day_both_ledgers_exist_and_late_after_its_date():
    entry = make_monitored(year=2021, added_on=datetime.date(2021, 5, 10))
    check = done_check("key_enterprise_ledger")
    due = datetime.date(2021, 6, 30)
    assert check(entry.unit, due) is None
    GuidanceVisit.objects.create(monitored=entry, visited_on=datetime.date(2021, 7, 5), visitors="张三", content="走访")
    done_on = check(entry.unit, due)
    assert done_on == datetime.date(2021, 7, 5)
    assert is_late(done_on, due)


def test_the_yearly_list_adjustment_is_checked_per_year():
    make_monitored(year=2022, added_on=datetime.date(2022, 2, 1))
    check = done_check("key_enterprise_list_adjustment")
    assert check(unit("楚雄市"), datetime.date(2022, 3, 31)) == datetime.date(2022, 2, 1)
    assert check(unit("楚雄市"), datetime.date(2023, 3, 31)) is None


def test_every_annex5_duty_falls_on_the_levels_the_text_names():
    scopes = dict(Duty.objects.filter(annex=5, cycle__name="2021—2023年").values_list("code", "scope"))
    assert scopes["key_enterprise_mechanism"] == "all"
    assert scopes["key_enterprise_mechanism_prefecture"] == "prefecture"
    assert scopes["key_enterprise_list_adjustment"] == "all"
    assert scopes["key_enterprise_ledger"] == "counties"


def test_the_monitored_figure_counts_member_units_for_the_prefecture():
    make_monitored("州人社局")
    make_monitored("楚雄市")
    units = [unit("州三方办"), unit("楚雄市")]
    achieved = indicators.achieved("key_enterprise_monitoring", units, 2026)
    assert achieved == {units[0].pk: 1, units[1].pk: 1}


def test_the_monthly_report_figures_include_annex_5(county_user):
    make_monitored()
    rows = indicators.figures([unit("楚雄市")], 2026, 3)[unit("楚雄市").pk]
    annex5 = [figures for annex, _label, figures in rows if annex == 5][0]
    assert annex5["监测企业（户）"] == 1


def test_the_one_enterprise_file_reads_back_with_its_name_and_sections():
    entry = make_monitored()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_dossier(entry))).pages)
    for expected in (entry.enterprise.name, "用工监测走势", "跟踪指导情况", "裁员计划", "重点问题线索"):
        assert expected in text


def test_a_batch_of_files_holds_each_enterprise_on_its_own_pages():
    entries = [make_monitored(), make_monitored()]
    reader = PdfReader(io.BytesIO(render_dossiers(entries)))
    texts = [page.extract_text() for page in reader.pages]
    assert len(reader.pages) >= 2
    assert entries[0].enterprise.name in texts[0]
    assert any(entries[1].enterprise.name in text for text in texts[1:])


def test_changes_to_an_entry_are_kept_in_the_history(county_user):
    entry = make_monitored()
    services.remove_from_list(entry, actor=county_user, removed_on=datetime.date(2026, 5, 1), reason="迁出本县",
                              expected_version=entry.version)  # fmt: skip
    change = LogEntry.objects.get_for_object(entry).filter(action=LogEntry.Action.UPDATE).get()
    assert change.actor == county_user
    assert "removal_reason" in change.changes_dict


def test_the_progress_page_keeps_both_stated_totals(client, reviewer):
    client.force_login(reviewer)
    content = client.get("/key-enterprises/progress/", {"year": 2022}).content.decode()
    assert "不少于 162 户" in content and "不少于 160 户" in content


def test_the_bargaining_page_says_the_formula_is_the_portals_reading(client, reviewer):
    client.force_login(reviewer)
    assert "平台的理解" in client.get("/key-enterprises/bargaining/").content.decode()


def test_the_summary_duty_is_done_when_a_summary_is_reported_and_late_after_october_2023(county_user):
    from key_enterprises.models import ExperienceReport

    report = ExperienceReport.objects.create(
        unit=unit("楚雄市"), year=2023, title="做法", monitoring_practice="月度比对"
    )
    due = datetime.date(2023, 10, 31)
    assert done_check("key_enterprise_summary")(report.unit, due) is None
    ExperienceReport.objects.filter(pk=report.pk).update(submitted_on=datetime.date(2023, 11, 2))
    done_on = done_check("key_enterprise_summary")(report.unit, due)
    assert done_on == datetime.date(2023, 11, 2) and is_late(done_on, due)


def test_only_a_reported_summary_can_be_promoted(reviewer):
    from key_enterprises.models import ExperienceReport

    report = ExperienceReport.objects.create(
        unit=unit("楚雄市"), year=2023, title="做法", monitoring_practice="月度比对"
    )
    with pytest.raises(ActionRefused, match="尚未报送"):
        services.promote_experience(report, actor=reviewer, expected_version=report.version)
    report.submitted_on = datetime.date(2023, 9, 1)
    report.save()
    services.promote_experience(report, actor=reviewer, expected_version=report.version)
    assert done_check("key_enterprise_promotion")(unit("州三方办"), datetime.date(2023, 10, 31)) is not None


def _people_data(rows, initial=0):
    data = {"form-TOTAL_FORMS": str(len(rows) + 1), "form-INITIAL_FORMS": str(initial), "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "retained-TOTAL_FORMS": "1", "retained-INITIAL_FORMS": "0",
            "retained-MIN_NUM_FORMS": "0", "retained-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for index, (name, start, end, wage) in enumerate(rows):
        data.update(
            {f"form-{index}-name": name, f"form-{index}-started_on": start, f"form-{index}-ended_on": end,
             f"form-{index}-base_wage_yuan": wage}
        )  # fmt: skip
    return data


PLAN_POST = {"ground": "2", "workforce": 200, "planned_cut": 25, "actual_cut": 0, "posts": "包装工",
             "planned_on": "2026-05-01", "funds_stated_yuan": "10000"}  # fmt: skip


def test_the_layoff_page_saves_the_plan_and_its_people(client, county_user):
    _wages()
    entry = make_monitored()
    client.force_login(county_user)
    response = client.post(
        f"/key-enterprises/monitored/{entry.pk}/layoffs/new/",
        {
            **PLAN_POST,
            **_people_data([("甲", "2021-02-01", "2026-05-01", "6000"), ("乙", "2026-01-01", "2026-05-01", "5000")]),
        },
    )
    assert response.status_code == 302
    plan = LayoffPlan.objects.get()
    assert plan.compensation_total_yuan == Decimal("35500.00")  # 5.5 × 6,000 + 0.5 × 5,000
    assert plan.people.count() == 2


def test_a_mistake_on_the_people_sheet_saves_nothing(client, county_user):
    _wages()
    entry = make_monitored()
    client.force_login(county_user)
    response = client.post(
        f"/key-enterprises/monitored/{entry.pk}/layoffs/new/",
        {**PLAN_POST, **_people_data([("甲", "2024-03-01", "2005-03-01", "6000")])},
    )
    assert response.status_code == 200
    assert "解除劳动合同日期（2005-03-01）早于入职日期（2024-03-01）" in response.content.decode()
    assert not LayoffPlan.objects.exists()


def test_the_sheet_has_a_row_for_every_person_the_plan_cuts(client, county_user):
    entry = make_monitored()
    plan = services.save_layoff_plan(_plan_form(entry, planned_cut=25), [], [], actor=county_user)
    client.force_login(county_user)
    response = client.get(f"/key-enterprises/layoffs/{plan.pk}/edit/")
    assert 'name="form-TOTAL_FORMS" value="25"' in response.content.decode()


def test_the_layoff_list_shows_a_countys_own_plans_by_state(client, county_user):
    entry = make_monitored()
    services.save_layoff_plan(_plan_form(entry, actual_cut=25, planned_on="2026-01-10"), [], [], actor=county_user)
    other = make_monitored("双柏县")
    services.save_layoff_plan(_plan_form(other), [], [], actor=county_user)
    client.force_login(county_user)
    page = client.get("/key-enterprises/layoffs/?state=carried_out").content.decode()
    assert entry.enterprise.name in page
    assert other.enterprise.name not in page
    assert "暂无裁员计划" in client.get("/key-enterprises/layoffs/?state=planned").content.decode()


def test_the_ledger_row_of_a_laying_off_enterprise_has_the_layoff_columns(county_user):
    from key_enterprises.figures import ledger_entries, ledger_row
    from key_enterprises.models import MonitoredEnterprise

    _wages()
    entry = make_monitored()
    people = [_person("甲", "2021-02-01", "6000")]
    services.save_layoff_plan(_plan_form(entry, actual_cut=1, planned_cut=1), people, [], actor=county_user)
    row = ledger_row(ledger_entries(MonitoredEnterprise.objects.filter(pk=entry.pk)).get())
    assert row[7:10] == [1, 1, "包装工"]
    assert "33000.00" in row[10]
    assert "缺口23000.00元" in row[11]


def test_the_ledger_withholds_the_verdict_while_people_are_missing(county_user):
    from key_enterprises.figures import ledger_entries, ledger_row
    from key_enterprises.models import MonitoredEnterprise

    _wages()
    entry = make_monitored()
    services.save_layoff_plan(_plan_form(entry), [_person("甲", "2021-02-01", "6000")], [], actor=county_user)
    row = ledger_row(ledger_entries(MonitoredEnterprise.objects.filter(pk=entry.pk)).get())
    assert "尚缺24人" in row[11]
    assert "资金充足" not in row[11]


def test_the_unit_home_page_shows_its_open_leads(client, county_user):
    from key_enterprises.models import MonthlyBatch, MonthlyFigures

    entry = make_monitored()
    batch = MonthlyBatch.objects.create(unit=entry.unit, year=2026, month=3, status="submitted")
    MonthlyFigures.objects.create(
        batch=batch, monitored=entry, headcount=100, headcount_last_year_end=100, stoppage_days=2
    )
    services.raise_alerts(MonthlyFigures.objects.all(), today=datetime.date(2026, 4, 1))
    client.force_login(county_user)
    content = client.get("/").content.decode()
    assert "重点企业：未办结线索和跟踪回访" in content and entry.enterprise.name in content


def test_the_progress_page_shows_a_duty_done_after_its_date_as_done_late(client, county_user):
    entry = make_monitored(year=2021, added_on=datetime.date(2021, 5, 10))
    GuidanceVisit.objects.create(monitored=entry, visited_on=datetime.date(2021, 7, 5), visitors="张三", content="走访")
    client.force_login(county_user)
    response = client.get("/key-enterprises/progress/", {"year": 2021})
    states = {(duty.code, state) for _unit, duty, _due, _done, state in response.context["duties"]}
    assert ("key_enterprise_ledger", "late") in states
    assert "逾期完成" in response.content.decode()


def _carried_out(county_user, planned_on="2026-05-10"):
    entry = make_monitored()
    plan = services.save_layoff_plan(_plan_form(entry, actual_cut=25, planned_on=planned_on), [], [], actor=county_user)
    return entry, plan


def _hired(entry, month, *, status="submitted"):
    from key_enterprises.models import MonthlyBatch, MonthlyFigures

    batch = MonthlyBatch.objects.create(unit=entry.unit, year=2026, month=month, status=status)
    MonthlyFigures.objects.create(batch=batch, monitored=entry, headcount=180, headcount_last_year_end=200, hires=3)


@time_machine.travel(datetime.datetime(2026, 9, 15, 12), tick=False)
def test_a_hire_within_six_months_of_a_layoff_raises_the_rehire_reminder(client, county_user):
    from chuxiong_labor import todo

    entry, plan = _carried_out(county_user)
    _hired(entry, 7)
    items = [item for item in todo.returned_to(entry.unit) if "第四十一条第三款" in item.kind]
    assert len(items) == 1
    assert "2026年7月新招用3人，应通知被裁减人员并在同等条件下优先招用" in items[0].title
    assert items[0].url == f"{plan.get_absolute_url()}#rehire"


@time_machine.travel(datetime.datetime(2026, 9, 15, 12), tick=False)
def test_a_hire_before_the_layoff_month_ends_raises_no_reminder(county_user):
    from chuxiong_labor import todo

    entry, _plan = _carried_out(county_user)
    _hired(entry, 5)
    _hired(entry, 8, status="draft")
    assert not [item for item in todo.returned_to(entry.unit) if "第四十一条第三款" in item.kind]


@time_machine.travel(datetime.datetime(2027, 3, 15, 12), tick=False)
def test_the_reminder_ends_six_months_after_the_layoff(county_user):
    from chuxiong_labor import todo

    entry, _plan = _carried_out(county_user, planned_on="2026-08-10")
    _hired(entry, 9)
    assert not [item for item in todo.returned_to(entry.unit) if "第四十一条第三款" in item.kind]


def test_the_calculator_takes_dates_and_shows_the_working(client, county_user):
    client.force_login(county_user)
    page = client.get(
        "/key-enterprises/compensation/?start=2005-03-01&end=2024-03-01&base=6000&average=7000"
    ).content.decode()
    assert "<strong>117000.00</strong>" in page
    assert "劳部发〔1994〕481号" in page


def test_the_calculator_names_dates_out_of_order(client, county_user):
    client.force_login(county_user)
    page = client.get(
        "/key-enterprises/compensation/?start=2024-03-01&end=2005-03-01&base=6000&average=7000"
    ).content.decode()
    assert "解除劳动合同日期（2005-03-01）早于入职日期（2024-03-01）" in page
