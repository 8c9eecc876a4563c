"""Every default early-warning rule, on both sides of its threshold, and the evaluation's fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from key_enterprises.alerts import evaluate
from key_enterprises.models import MonthlyBatch, MonthlyFigures, WarningRule

from .factories import make_batch, make_figures, make_monitored

pytestmark = pytest.mark.django_db

# rule code → (figures just reaching the threshold, figures just below it)
SIDES = {
    "headcount-drop": (
        {"headcount": 90, "headcount_last_year_end": 100},
        {"headcount": 91, "headcount_last_year_end": 100},
    ),
    "art41-layoff": (
        {"headcount": 980, "separations": 20, "layoffs": 20},  # 20 of 1,000 at the start
        {"headcount": 281, "separations": 19, "layoffs": 19},  # 19 of 300
    ),
    "wages-owed": ({"wages_owed_months": 1}, {"wages_owed_months": 0}),
    "insurance-owed": ({"insurance_owed_months": 3}, {"insurance_owed_months": 2}),
    "collective-dispute": ({"largest_dispute_people": 10}, {"largest_dispute_people": 9}),
    "stoppage": ({"stoppage_days": 1}, {"stoppage_days": 0}),
    # 15 separations over an average of 100 (start 107, end 93) is 15%; 14 over 100 is 14%.
    "separation-rate": (
        {"headcount": 93, "hires": 1, "separations": 15, "headcount_last_year_end": 93},
        {"headcount": 93, "hires": 0, "separations": 14, "headcount_last_year_end": 93},
    ),
}


def _hits(values):
    batch = MonthlyBatch.objects.first() or make_batch()
    figures = make_figures(batch, make_monitored(), **values)
    return {
        rule.code
        for pk, rule, _value in evaluate(MonthlyFigures.objects.filter(pk=figures.pk), WarningRule.objects.all())
    }


def test_the_defaults_are_the_documented_seven():
    assert set(WarningRule.objects.values_list("code", flat=True)) == set(SIDES)


@pytest.mark.parametrize("code", sorted(SIDES))
def test_a_rule_trips_when_its_threshold_is_reached(code):
    assert code in _hits(SIDES[code][0])


@pytest.mark.parametrize("code", sorted(SIDES))
def test_a_rule_stays_quiet_just_below_its_threshold(code):
    assert code not in _hits(SIDES[code][1])


def test_art41_trips_on_ten_percent_of_a_small_workforce():
    # 15 of 150 at the start (domain-rules vector (15, 150)); 14 of 150 does not.
    assert "art41-layoff" in _hits({"headcount": 135, "separations": 15, "layoffs": 15, "headcount_last_year_end": 135})
    assert "art41-layoff" not in _hits(
        {"headcount": 136, "separations": 14, "layoffs": 14, "headcount_last_year_end": 136}
    )


def test_an_edited_threshold_takes_effect():
    WarningRule.objects.filter(code="stoppage").update(threshold=5)
    assert "stoppage" not in _hits({"stoppage_days": 4})


def test_ordinary_figures_trip_nothing():
    assert _hits({}) == set()


def test_evaluation_needs_one_query_per_rule_whatever_the_number_of_rows():
    rules = list(WarningRule.objects.all())
    batch = make_batch()
    make_figures(batch, make_monitored(), wages_owed_months=2)
    with CaptureQueriesContext(connection) as few:
        evaluate(MonthlyFigures.objects.all(), rules)
    for _ in range(20):
        make_figures(batch, make_monitored(), wages_owed_months=2, stoppage_days=3)
    with CaptureQueriesContext(connection) as many:
        evaluate(MonthlyFigures.objects.all(), rules)
    assert len(few) == len(many) == len(rules)


def _spread(months, *, status="submitted"):
    """Record cuts of an enterprise of 200 over several months: ``months`` maps month → people cut."""
    entry = make_monitored(headcount_last_year_end=200)
    headcount, last = 200, None
    for month, cut in sorted(months.items()):
        batch = MonthlyBatch.objects.filter(month=month).first() or make_batch(month=month, status=status)
        headcount -= cut
        last = make_figures(batch, entry, headcount=headcount, separations=cut, layoffs=cut)
    return last


def _art41_value(figures):
    hits = evaluate(MonthlyFigures.objects.filter(pk=figures.pk), WarningRule.objects.filter(code="art41-layoff"))
    return hits[0][2] if hits else None


def test_a_layoff_spread_over_two_months_trips_the_art41_warning():
    # 12 + 12 = 24 people cut in February and March: each month alone is under 20 and under 10% of 200
    assert _art41_value(_spread({2: 12, 3: 12})) == 24


def test_cuts_outside_the_window_are_not_added(settings):
    settings.LAYOFF_WARNING_MONTHS = 1
    assert _art41_value(_spread({2: 12, 3: 12})) is None


def test_the_window_defaults_to_three_months():
    # January, 12; April, 12: January lies outside February–April
    assert _art41_value(_spread({1: 12, 4: 12})) is None
    MonthlyFigures.objects.all().delete()
    assert _art41_value(_spread({2: 12, 4: 12})) == 24


def test_a_draft_month_of_the_window_is_not_added():
    last = _spread({2: 12})
    draft = make_batch(month=3)
    figures = make_figures(draft, last.monitored, headcount=176, separations=12, layoffs=12)
    MonthlyBatch.objects.filter(month=2).update(status="draft")
    assert _art41_value(figures) is None
