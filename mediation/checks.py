"""Automatic done checks this app contributes to the deadline calendar."""

import datetime

from chuxiong_labor.deadlines import register_done_check

from .models import Inspection


@register_done_check("mediation_inspection")
def quarter_inspected(unit, due_on):
    """Return whether ``unit`` inspected any of its mediation organisations in the quarter ending with ``due_on``."""
    first_month = (due_on.month - 1) // 3 * 3 + 1
    start = datetime.date(due_on.year, first_month, 1)
    return Inspection.objects.for_unit(unit).filter(inspected_on__gte=start, inspected_on__lte=due_on).exists()
