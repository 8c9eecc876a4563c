"""Automatic done checks this app contributes to the deadline calendar: each returns the day the unit did it."""

from django.db.models import Min
from django.utils import timezone

from chuxiong_labor.deadlines import register_done_check

from .models import AnnualSummary, Inclusion, RosterSubmission


def _local_day(moment):
    return timezone.localdate(moment) if moment else None


@register_done_check("new_enterprise_roster")
def roster_reported(unit, due_on):
    """Return the day ``unit`` first reported its roster of the year of ``due_on``, or ``None``."""
    first = RosterSubmission.objects.filter(unit=unit, year=due_on.year).aggregate(first=Min("submitted_at"))
    return _local_day(first["first"])


@register_done_check("new_enterprise_directory")
def directory_set(unit, due_on):
    """Return the day ``unit`` first included an enterprise in its plan for the year of ``due_on``, or ``None``."""
    first = Inclusion.objects.filter(unit=unit, year=due_on.year).aggregate(first=Min("created_at"))
    return _local_day(first["first"])


@register_done_check("new_enterprise_summary")
def summary_submitted(unit, due_on):
    """Return the day ``unit`` submitted its yearly summary for the year of ``due_on``, or ``None``."""
    summary = AnnualSummary.objects.filter(unit=unit, year=due_on.year, submitted_at__isnull=False).first()
    return _local_day(summary.submitted_at) if summary else None
