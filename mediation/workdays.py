"""Working days in China and the 15-day mediation limit of 劳动争议调解仲裁法 Art. 14.

Statutory holidays, the weekdays given off in exchange and the make-up working days (调休上班日) come from the
``holidays`` library's calendar for China; the prefecture can correct any date (``HolidayCorrection``), and a
correction always wins over the library.

The limit (domain-rules §4): count from the day after receipt (民法典 Art. 201), so the 15 days end on
receipt + 15. A last day that falls on a statutory holiday rolls to the day after the holiday (Art. 203), i.e.
to the next working day. An ordinary weekend is not a statutory holiday here, so a last day on a plain Saturday
or Sunday does not roll: received 2024-03-01 → the 15 days end on Saturday 2024-03-16, as domain-rules states.
A weekend day that is part of a holiday break (say the Saturday inside the Spring Festival days off) belongs to
the holiday and does roll.

This module is pure: it never reads the database. The prefecture's corrections are always passed in
(``HolidayCorrection.objects.calendar(years)`` builds a calendar from them in one query), so a bulk import or a
recomputation builds one calendar for all its cases and saving a case queries nothing.
"""

import datetime
from dataclasses import dataclass, field

import holidays

LIMIT_DAYS = 15
APPROACHING_DAYS = 3

RULE_TEXT = (
    "调解期限按《劳动争议调解仲裁法》第十四条计算：自调解组织收到调解申请之日的次日起算15日（民法典第二百零一条），"
    "即收到申请日加15日为期限届满日；届满日为法定节假日（含节日放假期间的调休日和与之相连的周末）的，"
    "顺延至节假日后的第一个工作日（民法典第二百零三条）。普通周末不顺延：例如2024年3月1日收到申请，"
    "期限于2024年3月16日（星期六）届满。法定节假日和调休上班日按国务院办公厅每年公布的放假安排（系统内置日历），州三方办可在“节假日日历”中逐日更正。"
)
ARBITRATION_TEXT = (
    "自收到调解申请之日起15日内未达成调解协议的，当事人可以依法申请仲裁（第十四条第三款）；"
    "当事人也可以不经调解直接申请仲裁。"
)


@dataclass
class WorkCalendar:
    """The days off and make-up working days of a span of years, library data with corrections applied."""

    days_off: dict = field(default_factory=dict)
    working_weekends: set = field(default_factory=set)

    @classmethod
    def for_years(cls, years, corrections):
        """Build the calendar of ``years`` from the library, with ``corrections`` (day, working or not) applied."""
        years = sorted(set(years))
        library = holidays.China(years=years, language="zh_CN")
        days_off = dict(library.items())
        working = {day for day in library.weekend_workdays if day.year in years}
        for correction in corrections:
            if correction.is_working_day:
                days_off.pop(correction.on, None)
                if correction.on.weekday() >= 5:
                    working.add(correction.on)
            else:
                days_off[correction.on] = correction.name or "法定节假日（州三方办更正）"
                working.discard(correction.on)
        return cls(days_off=days_off, working_weekends=working)

    def is_statutory_holiday(self, day):
        return day in self.days_off

    def is_working_day(self, day):
        if day in self.days_off:
            return False
        if day in self.working_weekends:
            return True
        return day.weekday() < 5

    def next_working_day(self, day):
        """Return the first working day after ``day``."""
        day += datetime.timedelta(days=1)
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def holiday_break_around(self, day):
        """Return whether ``day`` lies in a run of days off that contains a statutory holiday."""
        if self.is_working_day(day):
            return False
        for step in (-1, 1):
            cursor = day
            while not self.is_working_day(cursor):
                if self.is_statutory_holiday(cursor):
                    return True
                cursor += datetime.timedelta(days=step)
        return False


@dataclass(frozen=True)
class Limit:
    """The end of the mediation period for one receipt date."""

    received_on: datetime.date
    nominal_on: datetime.date
    ends_on: datetime.date
    holiday: str = ""

    @property
    def rolled(self):
        return self.ends_on != self.nominal_on

    @property
    def arbitration_from(self):
        """The first day a party may go to arbitration because the period lapsed without agreement."""
        return self.ends_on + datetime.timedelta(days=1)

    def explanation(self):
        text = f"{self.received_on:%Y-%m-%d}收到申请，次日起算15日，{self.nominal_on:%Y-%m-%d}届满"
        if self.rolled:
            text += f"；该日为法定节假日（{self.holiday}），顺延至{self.ends_on:%Y-%m-%d}"
        return text + "。"


def years_around(received_dates):
    """Return the years a calendar must cover for the limits of applications received on ``received_dates``."""
    return sorted({day.year for day in received_dates} | {day.year + 1 for day in received_dates})


def mediation_limit(received_on, *, calendar, days=LIMIT_DAYS):
    """Return the ``Limit`` of a mediation application received on ``received_on``, read from ``calendar``."""
    nominal = received_on + datetime.timedelta(days=days)
    if not calendar.holiday_break_around(nominal):
        return Limit(received_on, nominal, nominal)
    name = _break_name(calendar, nominal)
    return Limit(received_on, nominal, calendar.next_working_day(nominal), name)


def _break_name(calendar, day):
    """Name the holiday break around ``day``, preferring a festival's name to a swapped rest day's."""
    names = []
    for step in (-1, 1):
        cursor = day
        while not calendar.is_working_day(cursor):
            if cursor in calendar.days_off:
                names.append(calendar.days_off[cursor])
            cursor += datetime.timedelta(days=step)
    festivals = [name for name in names if "调休" not in name]
    return (festivals or names or [""])[0]
