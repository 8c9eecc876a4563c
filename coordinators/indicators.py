"""Achieved figures of annex 1 for home pages and reports."""

from chuxiong_labor import indicators

from .models import Nomination


@indicators.register("coordinator_quota")
def submitted_candidates_per_unit(units, year):
    """Return ``{unit pk: candidates the unit has put forward to the prefecture in year}``; drafts do not count."""
    counts = Nomination.objects.in_year(year).filter(unit__in=units).counts_by_unit(year)
    return {unit_pk: row["submitted"] for unit_pk, row in counts.items()}
