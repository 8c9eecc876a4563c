"""Automatic done checks this app contributes to the deadline calendar.

Each check returns the date the unit's own records show the duty done, or ``None``: a date is true for the
calendar's "done", and a date after the occurrence's due date reads "done late" (``is_late``).
"""

import datetime

from django.db.models import Min
from django.utils import timezone

from chuxiong_labor.deadlines import Duty, done_days, first_day, register_done_check
from chuxiong_labor.units import Unit

from .figures import BARGAINING_GOAL, WAGE_CONTRACT_GOAL, bargaining_rates
from .models import ExperienceReport, GuidanceVisit, MonitoredEnterprise, RiskMeeting

# The plan's first year: rates are read from it on.
FIRST_YEAR = 2021


def is_late(done_on, due_on):
    """Return whether a duty done on ``done_on`` was done after its due date ``due_on``."""
    return done_on is not None and done_on > due_on


@register_done_check("key_enterprise_ledger")
def ledger_set_up(unit, due_on):
    """Return when ``unit`` first had both a monitored enterprise and a guidance visit on record."""
    listed = MonitoredEnterprise.objects.for_unit(unit).aggregate(first=Min("added_on"))["first"]
    visited = GuidanceVisit.objects.for_unit(unit).aggregate(first=Min("visited_on"))["first"]
    return max(listed, visited) if listed and visited else None


@register_done_check("key_enterprise_risk_mechanism")
def monitoring_started(unit, due_on):
    """Return when ``unit`` first put an enterprise on its monitoring list."""
    return first_day(MonitoredEnterprise.objects.for_unit(unit), "added_on")


@register_done_check("key_enterprise_list_adjustment")
def list_adjusted(unit, due_on):
    """Return when ``unit`` first listed an enterprise for the year of ``due_on`` (its yearly adjustment)."""
    return first_day(MonitoredEnterprise.objects.for_unit(unit).in_year(due_on.year), "added_on")


@register_done_check("key_enterprise_bargaining")
def bargaining_goals_met(unit, due_on):
    """Return the end of the first year, from the plan's first, in which ``unit``'s true rates meet both bargaining
    goals (建制率 ≥ 80% over every enterprise with a union, and ≥ 90% of the above-scale ones bargaining yearly under
    a wage-specific contract); a year still running counts once its rates meet them."""
    today = timezone.localdate()
    for year in range(FIRST_YEAR, today.year + 1):
        rates = bargaining_rates(year, [unit], today=today)[0].get(unit.pk)
        if rates is None or rates.system_rate is None or rates.system_rate < BARGAINING_GOAL:
            continue
        if rates.wage_contract_rate is not None and rates.wage_contract_rate < WAGE_CONTRACT_GOAL:
            continue
        return datetime.date(year, 12, 31)
    return None


@register_done_check("key_enterprise_mechanism")
@register_done_check("key_enterprise_mechanism_prefecture")
def risk_meeting_held(unit, due_on):
    """Return when ``unit`` first held a tripartite risk meeting (三方会商研判)."""
    return first_day(RiskMeeting.objects.for_unit(unit), "held_on")


@register_done_check("key_enterprise_summary")
def experience_reported(unit, due_on):
    """Return when ``unit`` first reported a summary of its practice."""
    return first_day(ExperienceReport.objects.for_unit(unit), "submitted_on")


@register_done_check("key_enterprise_promotion")
def experience_promoted(unit, due_on):
    """Return when the prefecture first picked a unit's summary for promotion across the prefecture."""
    return first_day(ExperienceReport.objects.all(), "promoted_on")


def duty_states(units, year):
    """Return ``[(unit, duty, due_on, done_on, state)]`` for annex 5's duty occurrences in ``year``: state is
    ``on_time``, ``late``, ``open`` (due, not done) or ``coming``."""
    today = timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    duties = list(Duty.objects.filter(annex=5).select_related("cycle").order_by("code"))
    asked = [
        (unit, duty, due_on)
        for unit in units
        for duty in duties
        if duty_falls_on(duty, unit)
        for due_on in duty.occurrences(start, end)
    ]
    found = []
    for (unit, duty, due_on), done_on in zip(
        asked, done_days([(duty.code, unit, due_on) for unit, duty, due_on in asked]), strict=True
    ):
        if done_on is not None:
            state = "late" if is_late(done_on, due_on) else "on_time"
        else:
            state = "open" if due_on < today else "coming"
        found.append((unit, duty, due_on, done_on, state))
    return sorted(found, key=lambda row: (row[2], row[1].code, row[0].sort_order))


SCOPES = {
    Unit.Kind.COUNTY_OFFICE: {Duty.Scope.COUNTIES, Duty.Scope.ALL_UNITS},
    Unit.Kind.MEMBER_UNIT: {Duty.Scope.MEMBER_UNITS, Duty.Scope.ALL_UNITS},
    Unit.Kind.PREFECTURE_OFFICE: {Duty.Scope.PREFECTURE},
}


def duty_falls_on(duty, unit):
    """Return whether ``duty`` falls on ``unit`` (the calendar's reading of its scope)."""
    return duty.scope in SCOPES[unit.kind]
