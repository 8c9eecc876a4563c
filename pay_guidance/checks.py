"""Automatic done checks this app contributes to the deadline calendar."""

from chuxiong_labor.deadlines import register_done_check

from .models import (
    PRIVATE_DEMO_DUTY_CODE,
    PRIVATE_REPORT_DUTY_CODE,
    PUBLICATION_DUTY_CODE,
    SKILL_REPORT_DUTY_CODE,
    STATE_DEMO_DUTY_CODE,
    STATE_REPORT_DUTY_CODE,
    Demonstration,
    DemonstrationEvent,
    DemonstrationKind,
    Publication,
    ThematicReport,
)

# The plan asks each county for 3 to 5 demonstration enterprises of each kind.
FEWEST_DEMONSTRATIONS = 3


@register_done_check(PUBLICATION_DUTY_CODE)
def previous_year_issued(unit, due_on):
    """Return whether ``unit`` has issued its publication of the year before ``due_on``'s."""
    return Publication.objects.for_unit(unit).issued().filter(year=due_on.year - 1).exists()


@register_done_check(SKILL_REPORT_DUTY_CODE)
def quarter_reported(unit, due_on):
    """Return whether ``unit`` has submitted the thematic report of the quarter ending in ``due_on``'s month."""
    quarter = (due_on.month - 1) // 3 + 1
    return ThematicReport.objects.filter(
        unit=unit, year=due_on.year, quarter=quarter, first_submitted_at__isnull=False
    ).exists()


def _has_demonstrations(unit, kind, due_on):
    count = Demonstration.objects.filter(unit=unit, kind=kind, selected_on__lte=due_on).count()
    return count >= FEWEST_DEMONSTRATIONS


def _reported(unit, kind, due_on):
    return DemonstrationEvent.objects.filter(
        demonstration__unit=unit,
        demonstration__kind=kind,
        kind=DemonstrationEvent.Kind.WRITE_UP,
        held_on__year=due_on.year,
        held_on__lte=due_on,
    ).exists()


@register_done_check(STATE_DEMO_DUTY_CODE)
def state_demonstrations_chosen(unit, due_on):
    """Return whether ``unit`` has chosen at least three state-owned demonstration enterprises by ``due_on``."""
    return _has_demonstrations(unit, DemonstrationKind.STATE, due_on)


@register_done_check(PRIVATE_DEMO_DUTY_CODE)
def private_demonstrations_chosen(unit, due_on):
    """Return whether ``unit`` has chosen at least three private demonstration enterprises by ``due_on``."""
    return _has_demonstrations(unit, DemonstrationKind.PRIVATE, due_on)


@register_done_check(STATE_REPORT_DUTY_CODE)
def state_experience_reported(unit, due_on):
    """Return whether ``unit`` reported a state-owned demonstration's experience in ``due_on``'s year."""
    return _reported(unit, DemonstrationKind.STATE, due_on)


@register_done_check(PRIVATE_REPORT_DUTY_CODE)
def private_experience_reported(unit, due_on):
    """Return whether ``unit`` reported a private demonstration's experience in ``due_on``'s year."""
    return _reported(unit, DemonstrationKind.PRIVATE, due_on)
