"""Automatic done checks this app contributes to the deadline calendar."""

from django.utils import timezone

from chuxiong_labor.deadlines import register_done_check

from .models import MonthlyReport
from .schedule import MONTHLY_DUTY


@register_done_check(MONTHLY_DUTY)
def monthly_report_sent(unit, due_on):
    """Return the day ``unit``'s report for the month of ``due_on`` first arrived, or ``None``."""
    report = MonthlyReport.objects.submitted().filter(unit=unit, year=due_on.year, month=due_on.month).first()
    return timezone.localdate(report.first_submitted_at) if report else None
