"""Ledger figures against hand-counted fixtures."""

import datetime
from decimal import Decimal

import pytest

from mediation.figures import agreements_by_unit, ledger_figures, success_line, success_rates_by_unit
from mediation.models import Case
from tests.factories import unit

from .factories import make_case, make_closed_case, make_org

D = datetime.date
Outcome = Case.Outcome


@pytest.fixture
def ledger(db):
    """楚雄市: two organisations; 禄丰市: one. Hand count for 2024 below."""
    town = make_org("楚雄市")
    county = make_org("楚雄市", kind="county")
    lufeng = make_org("禄丰市")
    # town, 2024: 3 agreements (one court-confirmed), 1 not reached, 1 withdrawn → closed 5, agreements 3.
    make_closed_case(town, Outcome.AGREEMENT, D(2024, 2, 10), agreement_yuan=Decimal("1000"))
    make_closed_case(town, Outcome.COURT_CONFIRMED, D(2024, 5, 10), agreement_yuan=Decimal("2500.50"))
    make_closed_case(town, Outcome.AGREEMENT, D(2024, 12, 30), worker_count=12)
    make_closed_case(town, Outcome.NO_AGREEMENT, D(2024, 7, 1), worker_count=10)
    make_closed_case(town, Outcome.WITHDRAWN, D(2024, 8, 1))
    # town: received 2024 but still open, and one refused (not accepted).
    make_case(town, received_on=D(2024, 11, 20))
    make_case(
        town, received_on=D(2024, 11, 21), is_accepted=False, outcome=Outcome.WITHDRAWN, closed_on=D(2024, 11, 22)
    )
    # town: received 2023, closed 2024 as an agreement → counts as closed/agreement in 2024, received in 2023.
    make_closed_case(town, Outcome.AGREEMENT, D(2024, 1, 3), received_on=D(2023, 12, 28), agreement_yuan=Decimal("500"))
    # county: one case in 2024 transferred to arbitration.
    make_closed_case(county, Outcome.ARBITRATION, D(2024, 4, 4), worker_count=9)
    # 禄丰市: one agreement in 2024, one in 2025.
    make_closed_case(lufeng, Outcome.AGREEMENT, D(2024, 6, 6), agreement_yuan=Decimal("800"))
    make_closed_case(lufeng, Outcome.AGREEMENT, D(2025, 6, 6))
    return town, county, lufeng


def test_per_organisation_counts_match_the_hand_count(ledger):
    town, _county, _lufeng = ledger
    figures = ledger_figures(Case.objects.all(), 2024, by="org")[town.pk]
    assert (figures.received, figures.accepted, figures.closed, figures.agreements) == (7, 6, 7, 4)


def test_collective_disputes_are_ten_or_more_workers(ledger):
    town, _county, _lufeng = ledger
    assert ledger_figures(Case.objects.all(), 2024, by="org")[town.pk].collective == 2


def test_agreement_amounts_add_up_per_organisation(ledger):
    town, _county, _lufeng = ledger
    assert ledger_figures(Case.objects.all(), 2024, by="org")[town.pk].agreement_yuan == Decimal("4000.50")


def test_success_rate_is_agreements_over_closed_with_one_decimal(ledger):
    town, _county, _lufeng = ledger
    figures = ledger_figures(Case.objects.all(), 2024, by="org")[town.pk]
    assert figures.success_rate == Decimal("57.1")  # 4 ÷ 7


def test_alternative_rate_is_agreements_over_accepted(ledger):
    town, _county, _lufeng = ledger
    assert ledger_figures(Case.objects.all(), 2024, by="org")[town.pk].success_rate_accepted == Decimal("66.7")


def test_county_figures_add_the_county_organisations(ledger):
    figures = ledger_figures(Case.objects.all(), 2024, by="org__unit")[unit("楚雄市").pk]
    assert (figures.closed, figures.agreements, figures.success_rate) == (8, 4, Decimal("50.0"))


def test_a_year_without_closed_cases_has_no_rate(db):
    assert ledger_figures(Case.objects.all(), 2024)[None].success_rate is None


def test_indicator_shaped_functions_answer_per_unit(ledger):
    units = [unit("楚雄市"), unit("禄丰市"), unit("双柏县")]
    assert success_rates_by_unit(units, 2024) == {
        units[0].pk: Decimal("50.0"),
        units[1].pk: Decimal("100.0"),
        units[2].pk: None,
    }
    assert agreements_by_unit(units, 2024) == {units[0].pk: 4, units[1].pk: 1, units[2].pk: 0}


def test_the_success_line_is_the_plans_65_percent(db):
    assert success_line(2022) == Decimal(65)


def test_figures_take_two_queries_whatever_the_number_of_groups(ledger, django_assert_num_queries):
    with django_assert_num_queries(2):
        ledger_figures(Case.objects.all(), 2024, by="org")


def test_the_total_adds_every_organisation(ledger):
    figures = ledger_figures(Case.objects.all(), 2024)[None]
    assert (figures.received, figures.closed, figures.agreements, figures.collective) == (9, 9, 5, 2)


def test_the_figures_page_lists_the_organisations_fifty_at_a_time(client, reviewer):
    from django.urls import reverse
    from django.utils import timezone

    received = timezone.localdate()
    for _ in range(51):
        make_case(make_org("楚雄市"), received_on=received)
    client.force_login(reviewer)
    response = client.get(reverse("mediation:figures"), {"year": received.year})
    assert (len(response.context["org_rows"]), response.context["page"].paginator.count) == (50, 51)
