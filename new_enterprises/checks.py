"""Automatic done checks this app contributes to the deadline calendar."""

from chuxiong_labor.deadlines import register_done_check

from .models import AnnualSummary, Inclusion, RosterSubmission


@register_done_check("new_enterprise_roster")
def roster_reported(unit, due_on):
    """Return whether ``unit`` has reported its roster of the year of ``due_on`` to the prefecture office."""
    return RosterSubmission.objects.filter(unit=unit, year=due_on.year).exists()


@register_done_check("new_enterprise_directory")
def directory_set(unit, due_on):
    """Return whether ``unit`` has included any enterprise in its plan for the year of ``due_on``."""
    return Inclusion.objects.filter(unit=unit, year=due_on.year).exists()


@register_done_check("new_enterprise_summary")
def summary_submitted(unit, due_on):
    """Return whether ``unit`` has submitted its yearly summary for the year of ``due_on``."""
    return AnnualSummary.objects.filter(unit=unit, year=due_on.year, submitted_at__isnull=False).exists()
