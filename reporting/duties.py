"""Each unit's occurrences of the plan's dated duties, and whether each is done.

An occurrence is done when the unit marked it (``DutyCompletion``) or when the annex that owns the duty can tell
from its own records (a check registered with ``chuxiong_labor.deadlines.register_done_check``).
"""

import datetime
from dataclasses import dataclass

from chuxiong_labor import panels
from chuxiong_labor.deadlines import Duty, done_days
from chuxiong_labor.units import Unit

from .models import DutyCompletion

COMING_DAYS = 30
OVERDUE_DAYS = 90


@dataclass
class Occurrence:
    unit: Unit
    duty: Duty
    due_on: datetime.date
    completion: DutyCompletion | None = None
    done_automatically_on: datetime.date | None = None

    @property
    def done_on(self):
        """The day the unit did it: its own mark's date, or the day the annex's records show."""
        if self.completion is not None:
            return self.completion.done_on
        return self.done_automatically_on

    @property
    def done_automatically(self):
        return self.completion is None and self.done_automatically_on is not None

    @property
    def is_done(self):
        return self.done_on is not None

    @property
    def is_late(self):
        """Done, but after the due date: shown in its own colour and counted apart, never as on time."""
        return self.is_done and self.done_on > self.due_on

    @property
    def title(self):
        return self.duty.title_for(self.due_on)

    def days_from(self, today):
        return (self.due_on - today).days


def occurrences(units, start, end, *, duties=None):
    """Return every occurrence falling on ``units`` between ``start`` and ``end``, with its done state."""
    units = list(units)
    duties = list(
        duties if duties is not None else Duty.objects.select_related("cycle").prefetch_related("date_changes")
    )
    found = []
    for unit in units:
        for duty in _duties_for(duties, unit):
            for due in duty.occurrences(start, end):
                found.append(Occurrence(unit, duty, due))
    _attach_done(found)
    return sorted(found, key=lambda occ: (occ.due_on, occ.duty.annex, occ.duty.code, occ.unit.sort_order))


def _duties_for(duties, unit):
    scopes = {
        Unit.Kind.COUNTY_OFFICE: {Duty.Scope.COUNTIES, Duty.Scope.ALL_UNITS},
        Unit.Kind.MEMBER_UNIT: {Duty.Scope.MEMBER_UNITS, Duty.Scope.ALL_UNITS},
        Unit.Kind.PREFECTURE_OFFICE: {Duty.Scope.PREFECTURE},
    }[unit.kind]
    return [duty for duty in duties if duty.scope in scopes]


def _attach_done(found):
    if not found:
        return
    marks = {
        (mark.unit_id, mark.duty_id, mark.due_on): mark
        for mark in DutyCompletion.objects.filter(unit__in={occ.unit.pk for occ in found}).for_occurrences(
            {(occ.duty.pk, occ.due_on) for occ in found}
        )
    }
    for occ in found:
        occ.completion = marks.get((occ.unit.pk, occ.duty.pk, occ.due_on))
    unmarked = [occ for occ in found if occ.completion is None]
    days = done_days([(occ.duty.code, occ.unit, occ.due_on) for occ in unmarked])
    for occ, day in zip(unmarked, days, strict=True):
        occ.done_automatically_on = day


def unit_panel(unit, today, *, coming_days=COMING_DAYS, overdue_days=OVERDUE_DAYS):
    """Return ``{"coming": [...], "overdue": [...]}`` for ``unit``'s home page: open occurrences only."""
    start = today - datetime.timedelta(days=overdue_days)
    end = today + datetime.timedelta(days=coming_days)
    open_ones = [occ for occ in occurrences([unit], start, end) if not occ.is_done]
    return {
        "coming": [occ for occ in open_ones if occ.due_on >= today],
        "overdue": [occ for occ in open_ones if occ.due_on < today],
    }


@panels.unit_panel("duties", order=10)
def unit_duties_panel(unit, today):
    """Replace the kernel's plain duty list on a unit's home page with the open and overdue occurrences."""
    return "reporting/includes/unit_duties.html", {"duty_panel": unit_panel(unit, today)}
