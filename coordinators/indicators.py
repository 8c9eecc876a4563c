"""Achieved figures of annex 1 for home pages and reports."""

from chuxiong_labor import indicators

from .models import Nomination


@indicators.register("coordinator_quota")
def candidates_per_unit(units, year):
    """Return ``{unit pk: candidates nominated in year}`` (every candidate entered, submitted or not)."""
    counts = Nomination.objects.in_year(year).filter(unit__in=units).counts_by_unit(year)
    return {unit_pk: row["candidates"] for unit_pk, row in counts.items()}
