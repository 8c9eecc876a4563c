"""Targeted-service coverage: surveyed enterprises given a targeted service ÷ surveyed, against the plan's 10%
("向不少于10%的被调查企业提供针对性、个性化服务")."""

from decimal import Decimal

from django.db.models import Count, Q

from .models import SurveyEnterprise
from .wage_levels import half_up

COVERAGE_GOAL_PCT = Decimal(10)


def coverage(units, year):
    """Return ``{unit pk: (served, surveyed, percent or None)}`` for the surveys of data year ``year``, in one
    query."""
    rows = (
        SurveyEnterprise.objects.filter(unit__in=units, year=year)
        .values("unit")
        .annotate(
            surveyed=Count("pk", distinct=True),
            served=Count("pk", distinct=True, filter=Q(services__isnull=False)),
        )
    )
    result = {unit.pk: (0, 0, None) for unit in units}
    for row in rows:
        result[row["unit"]] = (row["served"], row["surveyed"], percent_of(row["served"], row["surveyed"]))
    return result


def percent_of(served, surveyed):
    """Return the coverage in percent, half up to one decimal, or None when nothing was surveyed."""
    return half_up(Decimal(served * 100) / surveyed) if surveyed else None
