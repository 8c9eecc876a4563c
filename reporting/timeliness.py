"""Timeliness and completeness of monthly reports: a units × months grid with reporting and on-time rates.

A month counts for a unit once its due day has passed (the unit was *due*); the reporting rate is the share of
due months with a report, the on-time rate the share with a report that arrived by the end of the due day.
"""

from dataclasses import dataclass, field

from .models import MonthlyReport
from .schedule import due_dates, reporting_units


class State:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_YET_DUE = "not_yet_due"
    EARLY = "early"  # submitted before a due day that has not come yet
    NOT_DUE = "not_due"  # no report is due that month

    LABELS = {
        ON_TIME: "按时",
        LATE: "逾期",
        MISSING: "未报",
        NOT_YET_DUE: "未到期",
        EARLY: "已报",
        NOT_DUE: "—",
    }


@dataclass
class Cell:
    month: int
    state: str
    due_on: object = None
    report: MonthlyReport | None = None
    days_late: int | None = None

    @property
    def label(self):
        if self.state == State.LATE:
            return f"逾期{self.days_late}天"
        return State.LABELS[self.state]


@dataclass
class Rates:
    due: int = 0
    reported: int = 0
    on_time: int = 0

    def add(self, cell):
        if cell.state in (State.ON_TIME, State.LATE, State.MISSING):
            self.due += 1
            self.reported += cell.state != State.MISSING
            self.on_time += cell.state == State.ON_TIME

    @property
    def reporting_rate(self):
        return None if not self.due else round(self.reported * 100 / self.due, 1)

    @property
    def on_time_rate(self):
        return None if not self.due else round(self.on_time * 100 / self.due, 1)


@dataclass
class Row:
    unit: object
    cells: list = field(default_factory=list)
    rates: Rates = field(default_factory=Rates)


def classify(report, due_on, today):
    """Return the state of one unit's month: ``(state, days late)``."""
    if due_on is None:
        return (State.EARLY if report and report.first_submitted_at else State.NOT_DUE), None
    if report is not None and report.first_submitted_at is not None:
        late = report.days_late
        if late:
            return State.LATE, late
        return (State.ON_TIME if today > due_on else State.EARLY), 0
    return (State.MISSING if today > due_on else State.NOT_YET_DUE), None


def timeliness_grid(year, today, units=None):
    """Return ``(rows, month_rates, overall)`` for ``year`` as of ``today``, in a fixed number of queries."""
    units = list(units) if units is not None else reporting_units()
    dates = due_dates(year)
    reports = {
        (report.unit_id, report.month): report
        for report in MonthlyReport.objects.in_year(year)
        .filter(unit__in=units)
        .only("pk", "unit_id", "year", "month", "status", "first_submitted_at", "due_on")
    }
    rows, month_rates, overall = [], {month: Rates() for month in range(1, 13)}, Rates()
    for unit in units:
        row = Row(unit)
        for month in range(1, 13):
            report = reports.get((unit.pk, month))
            due_on = report.due_on if report is not None else dates.get(month)
            if report is None and month not in dates:
                due_on = None
            state, late = classify(report, due_on, today)
            cell = Cell(month, state, due_on, report, late)
            row.cells.append(cell)
            row.rates.add(cell)
            month_rates[month].add(cell)
            overall.add(cell)
        rows.append(row)
    return rows, month_rates, overall


def month_status(year, month, today, units=None):
    """Return the cells of one month, per unit: ``[(unit, Cell)]``."""
    rows, _month_rates, _overall = timeliness_grid(year, today, units)
    return [(row.unit, row.cells[month - 1]) for row in rows]
