"""Layoff plans, bargaining rates, done checks, the home panel figures, the one-enterprise file and the history."""

import datetime
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from pypdf import PdfReader

from chuxiong_labor import indicators
from chuxiong_labor.deadlines import Duty, done_check
from chuxiong_labor.lib.errors import ActionRefused
from key_enterprises import services
from key_enterprises.checks import is_late
from key_enterprises.dossier import render_dossier, render_dossiers
from key_enterprises.figures import bargaining_rates
from key_enterprises.forms import LayoffPlanForm
from key_enterprises.models import BargainingRecord, GuidanceVisit, LayoffPerson, LayoffPlan, WageSetting
from tests.factories import make_enterprise, unit

from .factories import make_monitored

pytestmark = pytest.mark.django_db


def _plan_form(entry, **overrides):
    data = {"workforce": 200, "planned_cut": 25, "actual_cut": 0, "posts": "包装工", "planned_on": "2026-05-01",
            "funds_stated_yuan": "10000"}  # fmt: skip
    data.update(overrides)
    form = LayoffPlanForm(data=data, instance=LayoffPlan(monitored=entry))
    assert form.is_valid(), form.errors
    return form


def _wages(average="8000", minimum="1900"):
    WageSetting.objects.create(
        kind="average", year=2025, amount_yuan=average, effective_on=datetime.date(2026, 6, 1), source="测试"
    )
    WageSetting.objects.create(
        kind="minimum", year=2026, amount_yuan=minimum, effective_on=datetime.date(2026, 1, 1), source="测试"
    )


def test_a_layoff_plan_computes_each_persons_compensation_from_the_wage_settings(county_user):
    _wages()
    people = [LayoffPerson(name="甲", service_months=182, base_wage_yuan=Decimal("30000")),
              LayoffPerson(name="乙", service_months=30, base_wage_yuan=Decimal("1500"))]  # fmt: skip
    plan = services.save_layoff_plan(_plan_form(make_monitored()), people, actor=county_user)
    assert sorted(plan.people.values_list("compensation_yuan", flat=True)) == [Decimal("5700.00"), Decimal("288000.00")]
    assert plan.compensation_total_yuan == Decimal("293700.00")
    assert plan.funding_gap_yuan == Decimal("283700.00")


def test_a_layoff_plan_without_the_average_wage_is_refused(county_user):
    people = [LayoffPerson(name="甲", service_months=12, base_wage_yuan=Decimal("3000"))]
    with pytest.raises(ActionRefused, match="平均工资"):
        services.save_layoff_plan(_plan_form(make_monitored()), people, actor=county_user)
    assert not LayoffPlan.objects.exists()


def test_a_plan_knows_when_art41_applies_and_whether_the_30_days_were_kept(county_user):
    form = _plan_form(make_monitored(), planned_cut=15, workforce=150, explained_on="2026-04-02")
    plan = services.save_layoff_plan(form, [], actor=county_user)
    assert plan.art41_applies is True
    assert plan.explained_in_time is False  # 29 days before 1 May


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
            "form-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for index, (name, months, wage) in enumerate(rows):
        data.update(
            {f"form-{index}-name": name, f"form-{index}-service_months": months, f"form-{index}-base_wage_yuan": wage}
        )
    return data


def test_the_layoff_page_saves_the_plan_and_its_people(client, county_user):
    _wages()
    entry = make_monitored()
    client.force_login(county_user)
    response = client.post(
        f"/key-enterprises/monitored/{entry.pk}/layoffs/new/",
        {
            "workforce": 200,
            "planned_cut": 25,
            "actual_cut": 0,
            "posts": "包装工",
            "planned_on": "2026-05-01",
            "funds_stated_yuan": "10000",
            **_people_data([("甲", "63", "6000"), ("乙", "4", "5000")]),
        },  # fmt: skip
    )
    assert response.status_code == 302
    plan = LayoffPlan.objects.get()
    assert plan.compensation_total_yuan == Decimal("35500.00")  # 33,000 + 2,500 (vectors at an 8,000 average)
    assert plan.people.count() == 2


def test_the_ledger_row_of_a_laying_off_enterprise_has_the_layoff_columns(county_user):
    from key_enterprises.figures import ledger_entries, ledger_row
    from key_enterprises.models import MonitoredEnterprise

    _wages()
    entry = make_monitored()
    people = [LayoffPerson(name="甲", service_months=63, base_wage_yuan=Decimal("6000"))]
    services.save_layoff_plan(_plan_form(entry, actual_cut=10), people, actor=county_user)
    row = ledger_row(ledger_entries(MonitoredEnterprise.objects.filter(pk=entry.pk)).get())
    assert row[7:10] == [25, 10, "包装工"]
    assert "33000.00" in row[10]
    assert "缺口23000.00元" in row[11]


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
