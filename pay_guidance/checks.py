"""Automatic done checks this app contributes to the deadline calendar: each returns the day the duty was done
(so a day after the due date reads "done late"), or ``None``."""

from chuxiong_labor.deadlines import first_day, register_done_check

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
    """Return the day ``unit`` first issued its publication of the year before ``due_on``'s.

    The duty is the county's own act: only a publication issued by the county's own staff counts, not one the
    prefecture issued for it (the prefecture's approval before issuing is the portal's rule, not the duty)."""
    return first_day(
        Publication.objects.for_unit(unit).issued().filter(year=due_on.year - 1, issued_by__unit=unit), "issued_at"
    )


@register_done_check(SKILL_REPORT_DUTY_CODE)
def quarter_reported(unit, due_on):
    """Return the day ``unit`` first submitted the thematic report of the quarter ending in ``due_on``'s month."""
    quarter = (due_on.month - 1) // 3 + 1
    return first_day(ThematicReport.objects.filter(unit=unit, year=due_on.year, quarter=quarter), "first_submitted_at")


def _has_demonstrations(unit, kind, due_on):
    """The day the unit's third demonstration enterprise of ``kind`` was chosen."""
    chosen = Demonstration.objects.filter(unit=unit, kind=kind).order_by("selected_on").values("selected_on")
    return chosen[FEWEST_DEMONSTRATIONS - 1 : FEWEST_DEMONSTRATIONS]


def _reported(unit, kind, due_on):
    """The day of the unit's first write-up of a ``kind`` demonstration in ``due_on``'s year."""
    events = DemonstrationEvent.objects.filter(
        demonstration__unit=unit,
        demonstration__kind=kind,
        kind=DemonstrationEvent.Kind.WRITE_UP,
        held_on__year=due_on.year,
    )
    return first_day(events, "held_on")


@register_done_check(STATE_DEMO_DUTY_CODE)
def state_demonstrations_chosen(unit, due_on):
    """Return the day ``unit`` had chosen three state-owned demonstration enterprises."""
    return _has_demonstrations(unit, DemonstrationKind.STATE, due_on)


@register_done_check(PRIVATE_DEMO_DUTY_CODE)
def private_demonstrations_chosen(unit, due_on):
    """Return the day ``unit`` had chosen three private demonstration enterprises."""
    return _has_demonstrations(unit, DemonstrationKind.PRIVATE, due_on)


@register_done_check(STATE_REPORT_DUTY_CODE)
def state_experience_reported(unit, due_on):
    """Return the day ``unit`` first reported a state-owned demonstration's experience in ``due_on``'s year."""
    return _reported(unit, DemonstrationKind.STATE, due_on)


@register_done_check(PRIVATE_REPORT_DUTY_CODE)
def private_experience_reported(unit, due_on):
    """Return the day ``unit`` first reported a private demonstration's experience in ``due_on``'s year."""
    return _reported(unit, DemonstrationKind.PRIVATE, due_on)
