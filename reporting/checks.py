"""Automatic done checks this app contributes to the deadline calendar."""

from chuxiong_labor.deadlines import first_day, register_done_check

from .models import MonthlyReport
from .schedule import MONTHLY_DUTY


@register_done_check(MONTHLY_DUTY)
def monthly_report_sent(unit, due_on):
    """Return the query for the day ``unit``'s report for the month of ``due_on`` first arrived."""
    return first_day(
        MonthlyReport.objects.filter(unit=unit, year=due_on.year, month=due_on.month), "first_submitted_at"
    )
