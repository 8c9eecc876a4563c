"""The timeliness grid: states per unit and month, and rates whose denominator is the units that were due."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import ReportingConfig
from reporting.timeliness import State, timeliness_grid
from tests.factories import inert_text, unit

from .factories import make_report, shanghai

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 4, 10)


def row_of(rows, name):
    return next(row for row in rows if row.unit.short_name == name)


def test_the_grid_shows_on_time_late_missing_and_not_yet_due():
    make_report(month=1, submitted_at=shanghai(2026, 1, 20))
    make_report(month=2, submitted_at=shanghai(2026, 2, 28, 9))
    rows, _months, _overall = timeliness_grid(2026, TODAY)
    cells = row_of(rows, "楚雄市").cells
    assert [cells[i].label for i in range(4)] == ["按时", "逾期3天", "未报", "未到期"]


def test_rates_count_only_the_months_whose_due_day_has_passed():
    make_report(month=1, submitted_at=shanghai(2026, 1, 20))
    make_report(month=2, submitted_at=shanghai(2026, 2, 28, 9))
    rows, _months, _overall = timeliness_grid(2026, TODAY)
    rates = row_of(rows, "楚雄市").rates
    assert (rates.due, rates.reported, rates.on_time, rates.on_time_rate) == (3, 2, 1, 33.3)


def test_the_overall_denominator_is_the_units_due_that_month():
    make_report(month=1, submitted_at=shanghai(2026, 1, 20))
    _rows, months, overall = timeliness_grid(2026, TODAY)
    counties = 10
    assert (months[1].due, months[1].on_time, overall.due) == (counties, 1, counties * 3)


def test_member_units_owe_reports_only_when_the_prefecture_turns_it_on():
    config = ReportingConfig.get()
    before = [row.unit.short_name for row in timeliness_grid(2026, TODAY)[0]]
    config.include_member_units = True
    config.save()
    after = [row.unit.short_name for row in timeliness_grid(2026, TODAY)[0]]
    assert "州人社局" not in before and "州人社局" in after


def test_a_draft_does_not_count_as_reported():
    make_report(month=1)
    rows, _months, _overall = timeliness_grid(2026, TODAY)
    assert row_of(rows, "楚雄市").cells[0].state == State.MISSING


def test_a_county_sees_only_its_own_row(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("reporting:timeliness"), {"year": 2026})
    assert [row.unit for row in response.context["rows"]] == [unit("楚雄市")]


def test_the_export_escapes_text_that_a_spreadsheet_would_run(client, reviewer):
    target = unit("楚雄市")
    target.short_name = "=HYPERLINK(1)"
    target.save()
    client.force_login(reviewer)
    response = client.get(reverse("reporting:timeliness_export"), {"year": 2026})
    sheet = load_workbook(BytesIO(response.content)).active
    names = [inert_text(sheet.cell(row=r, column=1)) for r in range(2, sheet.max_row + 1)]
    assert "=HYPERLINK(1)" in names
