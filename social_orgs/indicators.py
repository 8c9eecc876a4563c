"""Achieved figures of annex 2 for home pages and reports."""

from django.db.models import Count

from chuxiong_labor import indicators

from .models import QUOTA_CODE, Nomination


@indicators.register(QUOTA_CODE)
def submitted_candidates_per_unit(units, year):
    """Return ``{unit pk: candidates the county has put forward to the prefecture in year}``; drafts do not count."""
    rows = (
        Nomination.objects.filter(round__year=year, unit__in=units)
        .submitted()
        .order_by()
        .values_list("unit")
        .annotate(count=Count("id"))
    )
    return dict(rows)
