"""Automatic done checks this app contributes to the deadline calendar: each returns the day the unit did it."""

from chuxiong_labor.deadlines import first_day, register_done_check

from .models import Meeting, Nomination, ProgressReport, TrainingBatch


@register_done_check("coordinator_training")
def training_held(unit, due_on):
    """Return the day of ``unit``'s first training and certification batch in the year of ``due_on``, or ``None``."""
    return first_day(TrainingBatch.objects.for_unit(unit).in_year(due_on.year), "held_on")


@register_done_check("coordinator_analysis")
def analysis_meeting_held(unit, due_on):
    """Return the day of ``unit``'s first analysis or exchange meeting in the year of ``due_on``, or ``None``."""
    return first_day(Meeting.objects.for_unit(unit).in_year(due_on.year), "held_on")


@register_done_check("coordinator_slate")
def slate_submitted(unit, due_on):
    """Return the day ``unit`` first submitted gold-coordinator candidates for the year of ``due_on``, or ``None``."""
    return Nomination.objects.filter(unit=unit).in_year(due_on.year).first_submissions()[:1]


@register_done_check("coordinator_progress")
def progress_reported(unit, due_on):
    """Return the day ``unit`` first submitted its progress report of the year of ``due_on``, or ``None``."""
    return first_day(ProgressReport.objects.filter(unit=unit, year=due_on.year), "first_submitted_at")
