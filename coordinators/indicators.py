"""Achieved figures of annex 1 for home pages and reports."""

from chuxiong_labor import indicators

from .models import Nomination


@indicators.register("coordinator_quota")
def approved_candidates_per_unit(units, year):
    """Return ``{unit pk: the unit's candidates of year the prefecture office has approved (and later stages)}``.

    A submitted slate is not progress until the prefecture has reviewed it; the 1.5× slate rule is shown apart, on
    the year page.
    """
    counts = Nomination.objects.in_year(year).filter(unit__in=units).counts_by_unit(year)
    return {unit_pk: row["approved"] for unit_pk, row in counts.items()}
