"""Automatic done checks this app contributes to the deadline calendar."""

from chuxiong_labor.deadlines import register_done_check

from .models import Meeting, TrainingBatch


@register_done_check("coordinator_training")
def training_held(unit, due_on):
    """Return whether ``unit`` held a training and certification batch in the year of ``due_on``."""
    return TrainingBatch.objects.for_unit(unit).in_year(due_on.year).exists()


@register_done_check("coordinator_analysis")
def analysis_meeting_held(unit, due_on):
    """Return whether ``unit`` held an analysis or exchange meeting in the year of ``due_on``."""
    return Meeting.objects.for_unit(unit).in_year(due_on.year).exists()
