"""Automatic done checks this app contributes to the deadline calendar: each returns the day the unit did it."""

from chuxiong_labor.deadlines import first_day, register_done_check

from .models import AnnualSummary, Inclusion, RosterSubmission


@register_done_check("new_enterprise_roster")
def roster_reported(unit, due_on):
    """Return the day ``unit`` first reported its roster of the year of ``due_on``, or ``None``."""
    return first_day(RosterSubmission.objects.filter(unit=unit, year=due_on.year), "submitted_at")


@register_done_check("new_enterprise_directory")
def directory_set(unit, due_on):
    """Return the day ``unit`` first included an enterprise in its plan for the year of ``due_on``, or ``None``."""
    return first_day(Inclusion.objects.filter(unit=unit, year=due_on.year), "created_at")


@register_done_check("new_enterprise_summary")
def summary_submitted(unit, due_on):
    """Return the day ``unit`` submitted its yearly summary for the year of ``due_on``, or ``None``."""
    return first_day(AnnualSummary.objects.filter(unit=unit, year=due_on.year), "submitted_at")
