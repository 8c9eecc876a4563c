"""Progress against the 任务分解表, counted by hand on small fixtures."""

from decimal import Decimal

import pytest
from django.urls import reverse

from chuxiong_labor import indicators
from chuxiong_labor.progress import progress_for
from new_enterprises.progress import plan_progress
from tests.factories import unit
from tests.new_enterprises.factories import make_inclusion, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    """楚雄市: 3 included in 2021 (1 served), 1 in 2022. 州人社局: 2 in 2021 (1 served); 州总工会: 1 in 2021."""
    served = make_inclusion("楚雄市", year=2021)
    make_service(served)
    make_service(served, kind="contract")
    make_inclusion("楚雄市", year=2021)
    make_inclusion("楚雄市", year=2021)
    make_inclusion("楚雄市", year=2022)
    demo = make_inclusion("州人社局", year=2021, is_demonstration=True)
    make_service(demo)
    make_inclusion("州人社局", year=2021)
    make_inclusion("州总工会", year=2021)


def row_of(table, short_name):
    return next(figures for u, figures in table.rows if u.short_name == short_name)


def test_a_county_row_counts_its_inclusions_services_and_gaps(ledger):
    figures = row_of(plan_progress(2021)["by_year"], "楚雄市")
    assert (figures.target, figures.included, figures.served) == (Decimal(40), 3, 1)
    assert (figures.inclusion_gap, figures.service_gap) == (Decimal(37), Decimal(39))


def test_the_member_units_inclusions_count_towards_the_prefecture_level(ledger):
    figures = row_of(plan_progress(2021)["by_year"], "州三方办")
    assert (figures.target, figures.included, figures.served) == (Decimal(40), 3, 1)


def test_the_stage_of_2021_and_2022_applies_its_figure_to_each_year(ledger):
    assert row_of(plan_progress(2022)["by_year"], "楚雄市").target == Decimal(40)
    stage = plan_progress(2022)["by_stage"][0]
    assert stage.label == "第一、二阶段(2021、2022年)"
    assert (row_of(stage, "楚雄市").target, row_of(stage, "楚雄市").included) == (Decimal(80), 4)


def test_the_year_total_is_shown_beside_the_total_the_text_states(ledger):
    table = plan_progress(2021)["by_year"]
    assert (table.total.target, table.stated) == (Decimal(210), Decimal(200))
    assert table.total.included == 6


def test_2023_uses_the_third_stage_targets():
    table = plan_progress(2023)["by_year"]
    assert (row_of(table, "楚雄市").target, table.total.target, table.stated) == (
        Decimal(50),
        Decimal(300),
        Decimal(300),
    )


def test_each_member_unit_is_measured_against_its_ten_demonstration_points(ledger):
    members = {u.short_name: f for u, f in plan_progress(2021)["members"]}
    assert (members["州人社局"].target, members["州人社局"].included, members["州人社局"].demonstration) == (
        Decimal(10),
        2,
        1,
    )


def test_the_seeds_differences_for_annex_4_are_listed(ledger):
    explanations = [d.explanation for d in plan_progress(2021)["differences"]]
    assert any("200" in text and "210" in text for text in explanations)


def test_the_indicator_gives_included_enterprises_per_unit_with_members_counted_for_the_prefecture(ledger):
    units = [unit("州三方办"), unit("楚雄市"), unit("州人社局"), unit("禄丰市")]
    figures = indicators.achieved("new_enterprise_service", units, 2021)
    assert figures == {units[0].pk: 3, units[1].pk: 3, units[2].pk: 2, units[3].pk: 0}


def test_the_kernels_home_progress_reads_the_indicator(ledger):
    chuxiong = unit("楚雄市")
    rows = progress_for([chuxiong], 2021)[chuxiong.pk]
    row = next(r for r in rows if r.programme.code == "new_enterprise_service")
    assert (row.achieved, row.gap) == (3, Decimal(37))


def test_the_progress_page_shows_both_totals(client, leader, ledger):
    client.force_login(leader)
    body = client.get(reverse("new_enterprises:progress"), {"year": 2021}).content.decode()
    assert "正文为200户，分解表各单位相加为210户" in body


def test_a_year_outside_every_cycle_says_so(client, county_user):
    client.force_login(county_user)
    body = client.get(reverse("new_enterprises:progress"), {"year": 2035}).content.decode()
    assert "不在任何计划周期内" in body


def test_a_county_sees_its_own_row_and_the_totals_but_not_other_counties_rows(client, county_user):
    make_inclusion("禄丰市", year=2022)
    client.force_login(county_user)
    response = client.get("/new-enterprises/progress/?year=2022")
    tables = response.context["tables"]
    assert [unit.short_name for unit, _row in tables["by_year"].rows] == ["楚雄市"]
    assert tables["by_year"].total.included == 1
    assert tables["members"] == []


def test_the_prefecture_sees_every_units_row(client, reviewer):
    client.force_login(reviewer)
    tables = client.get("/new-enterprises/progress/?year=2022").context["tables"]
    assert len(tables["by_year"].rows) == 11


def test_a_difference_stated_for_two_years_is_one_note_naming_both(ledger):
    notes = [d for d in plan_progress(2021)["differences"] if "200" in d.explanation and "210" in d.explanation]
    assert [note.periods for note in notes] == ["2021、2022"]


def test_the_stage_table_counts_each_year_of_the_stage_as_the_page_explains(client, reviewer, ledger):
    client.force_login(reviewer)
    response = client.get(reverse("new_enterprises:progress"), {"year": 2021})
    stage = response.context["tables"]["by_stage"][0]
    chuxiong = next(row for unit, row in stage.rows if str(unit) == "楚雄市")
    year_row = next(row for unit, row in response.context["tables"]["by_year"].rows if str(unit) == "楚雄市")
    assert chuxiong.target == 2 * year_row.target and "各年之和" in response.content.decode()
