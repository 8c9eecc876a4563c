"""When monthly reports are due and which units owe them.

The due day of each month comes from the deadline calendar (the kernel's ``monthly_report`` duty, which the
prefecture edits); in a year that no cycle's ``monthly_report`` duty reaches, ``settings.REPORTING_DUE_DAY``
(default 25) applies to every month. A report is on time when it arrives by the end of its due day, Asia/Shanghai time.
"""

import calendar
import datetime

from django.conf import settings

from chuxiong_labor.deadlines import Duty
from chuxiong_labor.units import Unit

from .models import ReportingConfig

MONTHLY_DUTY = "monthly_report"


def default_due_day():
    return getattr(settings, "REPORTING_DUE_DAY", 25)


def due_dates(year):
    """Return ``{month: due date}`` for the months of ``year`` in which a monthly report is due."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    dates = {}
    for duty in Duty.objects.filter(code=MONTHLY_DUTY).prefetch_related("date_changes"):
        for due in duty.occurrences(start, end):
            dates.setdefault(due.month, due)
    if not dates:
        day = default_due_day()
        return {
            month: datetime.date(year, month, min(day, calendar.monthrange(year, month)[1])) for month in range(1, 13)
        }
    return dict(sorted(dates.items()))


def due_date(year, month):
    """Return the due date of the report for ``month`` of ``year``, or ``None`` when none is due that month."""
    return due_dates(year).get(month)


def due_date_or_default(year, month):
    """Return the due date of a month's report; a month without a calendar entry falls back to the setting."""
    found = due_date(year, month)
    if found:
        return found
    return datetime.date(year, month, min(default_due_day(), calendar.monthrange(year, month)[1]))


def reporting_units(config=None):
    """Return the units that owe a monthly report: the counties, and the member units when switched on."""
    config = config or ReportingConfig.get()
    kinds = [Unit.Kind.COUNTY_OFFICE]
    if config.include_member_units:
        kinds.append(Unit.Kind.MEMBER_UNIT)
    return list(Unit.objects.filter(kind__in=kinds).order_by("kind", "sort_order", "pk"))


def owes_reports(unit, config=None):
    """Return whether ``unit`` must send monthly reports."""
    config = config or ReportingConfig.get()
    return unit.kind == Unit.Kind.COUNTY_OFFICE or (unit.kind == Unit.Kind.MEMBER_UNIT and config.include_member_units)
