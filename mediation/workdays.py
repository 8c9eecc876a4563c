"""Working days in China and the 15-day mediation limit of 劳动争议调解仲裁法 Art. 14.

Statutory holidays, the weekdays given off in exchange and the make-up working days (调休上班日) come from the
``holidays`` library's calendar for China; the prefecture can correct any date (``HolidayCorrection``), and a
correction always wins over the library.

The limit (domain-rules §4): count from the day after receipt (民法典 Art. 201), so the 15 days end on
receipt + 15. A last day that is a rest day rolls to the first working day after it (Art. 203). Rest days are the
statutory holidays and the ordinary weekends except the make-up working days, the reading courts apply to
法定休假日: received 2024-03-01 → day 15 is Saturday 03-16 → the period ends on Monday 2024-03-18. The reading is a
prefecture setting (``MediationSettings.weekends_roll``, on by default); switched off, only a statutory-holiday
break rolls the limit and a plain weekend does not (03-01 → 03-16), and the open cases are recomputed.

This module is pure: it never reads the database. The prefecture's corrections and its reading are always passed
in (``HolidayCorrection.objects.calendar(years)`` builds a calendar from them in one query or two), so a bulk
import or a recomputation builds one calendar for all its cases and saving a case queries nothing.
"""

import datetime
from dataclasses import dataclass, field

import holidays

LIMIT_DAYS = 15
APPROACHING_DAYS = 3

RULE_TEXT_COMMON = (
    "调解期限按《劳动争议调解仲裁法》第十四条计算：自调解组织收到调解申请之日的次日起算15日（民法典第二百零一条），"
    "即收到申请日加15日为期限届满日；"
)
RULE_TEXT_WEEKENDS_ROLL = (
    "届满日为休息日（法定节假日，以及除调休上班日以外的星期六、星期日）的，顺延至其后的第一个工作日"
    "（民法典第二百零三条）。例如2024-03-01收到申请，第15日为2024-03-16（星期六），期限于2024-03-18（星期一）届满。"
)
RULE_TEXT_HOLIDAYS_ONLY = (
    "按州三方办的设置，只有届满日为法定节假日（含节日放假期间的调休日和与之相连的周末）的才顺延至节假日后的第一个"
    "工作日；普通周末不顺延，例如2024-03-01收到申请，期限于2024-03-16（星期六）届满。"
)
RULE_TEXT_CALENDAR = (
    "法定节假日和调休上班日按国务院办公厅每年公布的放假安排（系统内置日历），州三方办可在“节假日日历”中逐日更正。"
)


def rule_text(weekends_roll=True):
    """Return the reading of the limit the portal applies, as the pages state it."""
    middle = RULE_TEXT_WEEKENDS_ROLL if weekends_roll else RULE_TEXT_HOLIDAYS_ONLY
    return RULE_TEXT_COMMON + middle + RULE_TEXT_CALENDAR


ARBITRATION_TEXT = (
    "自收到调解申请之日起15日内未达成调解协议的，当事人可以依法申请仲裁（第十四条第三款）；"
    "当事人也可以不经调解直接申请仲裁。"
)


@dataclass
class WorkCalendar:
    """The days off and make-up working days of a span of years, library data with corrections applied."""

    days_off: dict = field(default_factory=dict)
    working_weekends: set = field(default_factory=set)
    weekends_roll: bool = True  # whether a limit ending on an ordinary weekend rolls (the prefecture's reading)

    @classmethod
    def for_years(cls, years, corrections, *, weekends_roll=True):
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
        return cls(days_off=days_off, working_weekends=working, weekends_roll=weekends_roll)

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
            kind = "休息日" if self.holiday == WEEKEND else "法定节假日"
            text += f"；该日为{kind}（{self.holiday}），顺延至{self.ends_on:%Y-%m-%d}"
        return text + "。"


def years_around(received_dates):
    """Return the years a calendar must cover for the limits of applications received on ``received_dates``."""
    return sorted({day.year for day in received_dates} | {day.year + 1 for day in received_dates})


WEEKEND = "周末"


def mediation_limit(received_on, *, calendar, days=LIMIT_DAYS):
    """Return the ``Limit`` of a mediation application received on ``received_on``, read from ``calendar``.

    Vectors (domain-rules §4, weekends rolling): 2024-03-01 → 2024-03-18; 2024-01-31 → 2024-02-18;
    2024-09-20 → 2024-10-08; 2024-09-14 → 2024-09-29; 2024-05-06 → 2024-05-21.
    """
    nominal = received_on + datetime.timedelta(days=days)
    if calendar.holiday_break_around(nominal):
        return Limit(received_on, nominal, calendar.next_working_day(nominal), _break_name(calendar, nominal))
    if calendar.weekends_roll and not calendar.is_working_day(nominal):
        return Limit(received_on, nominal, calendar.next_working_day(nominal), WEEKEND)
    return Limit(received_on, nominal, nominal)


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
