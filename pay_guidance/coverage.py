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
        percent = half_up(Decimal(row["served"] * 100) / row["surveyed"]) if row["surveyed"] else None
        result[row["unit"]] = (row["served"], row["surveyed"], percent)
    return result
