"""Automatic done checks this app contributes to the deadline calendar."""

from chuxiong_labor.deadlines import register_done_check

from .models import Nomination


@register_done_check("social_org_candidates")
def candidates_submitted(unit, due_on):
    """Return the day ``unit`` first submitted gold social-organisation candidates in the year of ``due_on``."""
    return Nomination.objects.filter(unit=unit).in_year(due_on.year).first_submissions()[:1]
