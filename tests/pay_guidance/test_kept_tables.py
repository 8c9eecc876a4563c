"""The wage tables kept computed: used only while the year's accepted surveys are as they were, identical to the
table computed afresh, and warmed after an acceptance commits."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pay_guidance import kept_tables, labour_cost, wage_levels
from pay_guidance.models import SurveyStatus
from pay_guidance.services import act_on_survey
from tests.factories import unit
from tests.pay_guidance.factories import add_employees, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.PAY_WAGE_TABLES_KEPT = True
    cache.clear()
    yield
    cache.clear()


def snapshots(cells):
    return [cell.as_snapshot() for cell in cells]


def cells_of(tables):
    cells, _groups = tables
    return snapshots(cells)


def live(year, unit=None):
    return snapshots(wage_levels.wage_table(year, unit))


def live_groups(year, unit=None):
    return snapshots(labour_cost.cost_groups(year, unit))


def three_counties_of_surveys():
    for index, county in enumerate(["楚雄市", "禄丰市", "楚雄市", "禄丰市", "楚雄市", "禄丰市"]):
        survey = make_survey(county, average_headcount=18, wages_yuan=900_000 + 1000 * index)
        add_employees(survey, [40000 + 1000 * index + step for step in range(12)], occupation="4-03-02-01")
        add_employees(survey, [60000 + 700 * index] * 6, occupation="6-31-01-03", title="中级职称")


def queries_of(function):
    with CaptureQueriesContext(connection) as context:
        result = function()
    return result, len(context)


def test_a_table_opened_again_with_nothing_changed_reads_only_the_fingerprint():
    three_counties_of_surveys()
    first = cells_of(kept_tables.tables(2025))
    again, queries = queries_of(lambda: cells_of(kept_tables.tables(2025)))
    assert queries == 1
    assert again == first == live(2025)


def test_accepting_a_survey_makes_the_next_open_compute_the_table_afresh():
    three_counties_of_surveys()
    kept_tables.tables(2025)
    late = make_survey(status=SurveyStatus.CHECKED)
    add_employees(late, [99000] * 10, occupation="4-03-02-01")
    act_on_survey(late, "accept", actor=None)
    cells, queries = queries_of(lambda: cells_of(kept_tables.tables(2025)))
    assert queries > 1
    assert cells == live(2025)
    assert next(c for c in cells if c["dimension"] == "all")["n_people"] == 6 * 18 + 10


def test_returning_an_accepted_survey_leaves_it_out_of_the_next_table():
    three_counties_of_surveys()
    before = kept_tables.tables(2025)
    accepted = make_survey(status=SurveyStatus.CHECKED)
    add_employees(accepted, [70000] * 8)
    act_on_survey(accepted, "accept", actor=None)
    kept_tables.tables(2025)
    act_on_survey(accepted, "return", actor=None, reason="工资有误")
    assert cells_of(kept_tables.tables(2025)) == cells_of(before) == live(2025)


def test_a_survey_saved_again_after_the_table_was_kept_is_read_afresh():
    three_counties_of_surveys()
    kept_tables.tables(2025)
    survey = make_survey(status=SurveyStatus.ACCEPTED)
    add_employees(survey, [31000] * 3)
    kept_tables.tables(2025)
    survey.employees.update(annual_pay_yuan=88000)  # as an import would, with its survey written after
    survey.version += 1
    survey.save()
    assert cells_of(kept_tables.tables(2025)) == live(2025)


def test_a_table_kept_under_other_settings_is_not_used(settings):
    three_counties_of_surveys()
    kept_tables.tables(2025)
    settings.PAY_MIN_PEOPLE = 1000
    cells, queries = queries_of(lambda: cells_of(kept_tables.tables(2025)))
    assert queries > 1 and cells == live(2025)
    assert all(c["suppressed"] for c in cells)


def test_each_county_keeps_its_own_table():
    three_counties_of_surveys()
    counties = [unit("楚雄市"), unit("禄丰市")]
    for county in counties:
        kept_tables.tables(2025, county)
    for county in counties:
        cells, queries = queries_of(lambda county=county: cells_of(kept_tables.tables(2025, county)))
        assert queries == 1 and cells == live(2025, county)


def test_an_acceptance_warms_every_scope_of_its_year_once_it_commits(django_capture_on_commit_callbacks):
    three_counties_of_surveys()
    late = make_survey("禄丰市", status=SurveyStatus.CHECKED)
    add_employees(late, [45500] * 7)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act_on_survey(late, "accept", actor=None)
    assert len(callbacks) == 1
    for scope in (None, unit("楚雄市"), unit("禄丰市")):
        cells, queries = queries_of(lambda scope=scope: cells_of(kept_tables.tables(2025, scope)))
        assert queries == 1 and cells == live(2025, scope)


def test_accepting_several_surveys_in_one_transaction_warms_their_year_once(
    django_capture_on_commit_callbacks, reviewer
):
    from pay_guidance.services import act_on_surveys

    surveys = [make_survey(status=SurveyStatus.CHECKED) for _ in range(3)]
    with django_capture_on_commit_callbacks() as callbacks:
        act_on_surveys(surveys, "accept", actor=reviewer)
    assert len(callbacks) == 1


def test_checking_a_survey_warms_nothing(django_capture_on_commit_callbacks):
    survey = make_survey(status=SurveyStatus.SUBMITTED)
    with django_capture_on_commit_callbacks() as callbacks:
        act_on_survey(survey, "check", actor=None)
    assert callbacks == []


def test_the_labour_cost_groups_are_kept_beside_the_cells_and_read_afresh_when_a_section_changes():
    three_counties_of_surveys()
    survey = make_survey(status=SurveyStatus.ACCEPTED, average_headcount=40, wages_yuan=2_000_000)
    _cells, groups = kept_tables.tables(2025)
    assert snapshots(groups) == live_groups(2025)
    survey.enterprise.industry = "G" if survey.enterprise.industry != "G" else "H"
    survey.enterprise.save()
    (_cells, groups), queries = queries_of(lambda: kept_tables.tables(2025))
    assert queries > 1 and snapshots(groups) == live_groups(2025)
    assert any(group["key"] == survey.enterprise.industry for group in snapshots(groups))


def test_a_renamed_county_is_read_afresh():
    three_counties_of_surveys()
    kept_tables.tables(2025)
    county = unit("禄丰市")
    county.short_name = "禄丰"
    county.save()
    (_cells, groups), queries = queries_of(lambda: kept_tables.tables(2025))
    assert queries > 1 and "禄丰" in [group["label"] for group in snapshots(groups)]


def test_the_wage_table_page_shows_the_kept_table(client, reviewer):
    three_counties_of_surveys()
    client.force_login(reviewer)
    url = reverse("pay_guidance:wage_table")
    first = client.get(url, {"year": 2025})
    kept = client.get(url, {"year": 2025})
    assert first.status_code == kept.status_code == 200
    assert snapshots(kept.context["cells"]) == live(2025)
    assert snapshots(kept.context["groups"]) == live_groups(2025)


def test_the_celery_task_keeps_the_tables_of_its_year():
    from chuxiong_labor.celery import app

    app.loader.import_default_modules()  # as a worker does when it starts
    three_counties_of_surveys()
    app.tasks["pay_guidance.warm_wage_tables"](2025)  # what a worker runs for the message
    cells, queries = queries_of(lambda: cells_of(kept_tables.tables(2025)))
    assert queries == 1 and cells == live(2025)
