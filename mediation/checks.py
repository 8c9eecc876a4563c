"""Automatic done checks this app contributes to the deadline calendar."""

import datetime

from chuxiong_labor.deadlines import first_day, register_done_check

from .models import Inspection, Nomination


@register_done_check("mediation_inspection")
def quarter_inspected(unit, due_on):
    """Return the day ``unit`` first inspected one of its mediation organisations in the quarter ending with
    ``due_on``, or ``None``."""
    first_month = (due_on.month - 1) // 3 * 3 + 1
    start = datetime.date(due_on.year, first_month, 1)
    inspections = Inspection.objects.for_unit(unit).filter(inspected_on__gte=start, inspected_on__lte=due_on)
    return first_day(inspections, "inspected_on")


def candidates_submitted(unit, due_on):
    """Return the day ``unit`` first submitted gold mediation-organisation candidates in the year of ``due_on``."""
    return Nomination.objects.filter(unit=unit).in_year(due_on.year).first_submissions()[:1]


for _code in ("mediation_candidates_2021", "mediation_candidates_2022", "mediation_candidates_2023"):
    register_done_check(_code)(candidates_submitted)
