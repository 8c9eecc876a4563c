"""The plan's dated duties as data, and their occurrences in a window of dates.

A duty keeps the date the document prints (``month``/``day``, or ``due_on``) and its source sentence as printed.
When the office moves a recurring date, the move is a ``DutyDateChange`` that applies from a chosen year on (or to
that year only) and never to an occurrence whose printed date had already passed when the change was made: the
past keeps the dates it had, so a report that was late stays late.
"""

import calendar
import datetime
import re
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from .lib.concurrency import VersionedModel
from .scoping import SharedQuerySet
from .units import Unit

QUARTER_MONTHS = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}
QUARTERS = [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]


class DutyQuerySet(SharedQuerySet):
    def for_unit(self, unit):
        """Keep the duties that fall on ``unit``."""
        scopes = {
            Unit.Kind.COUNTY_OFFICE: [Duty.Scope.COUNTIES, Duty.Scope.ALL_UNITS],
            Unit.Kind.MEMBER_UNIT: [Duty.Scope.MEMBER_UNITS, Duty.Scope.ALL_UNITS],
            Unit.Kind.PREFECTURE_OFFICE: [Duty.Scope.PREFECTURE],
        }[unit.kind]
        return self.filter(scope__in=scopes)

    def due_in_quarter(self, quarter):
        """Keep the duties with a date in ``quarter`` (1–4) of a year: monthly and quarterly ones always, a yearly
        or one-off one by its printed month or a month it was moved to."""
        months = QUARTER_MONTHS[quarter]
        return self.filter(
            models.Q(recurrence__in=[Duty.Recurrence.MONTHLY, Duty.Recurrence.QUARTERLY])
            | models.Q(recurrence=Duty.Recurrence.YEARLY, month__in=months)
            | models.Q(recurrence=Duty.Recurrence.ONCE, due_on__month__in=months)
            | models.Q(pk__in=DutyDateChange.objects.filter(month__in=months).values("duty"))
        )

    def search(self, words):
        """Keep the duties whose title or source sentence contains ``words``."""
        return self.filter(models.Q(title__icontains=words) | models.Q(source__icontains=words))


class Duty(VersionedModel):
    class Recurrence(models.TextChoices):
        ONCE = "once", "一次"
        MONTHLY = "monthly", "每月"
        QUARTERLY = "quarterly", "每季度末月"
        YEARLY = "yearly", "每年"

    class Scope(models.TextChoices):
        COUNTIES = "counties", "各县（市）"
        MEMBER_UNITS = "members", "州级成员单位"
        ALL_UNITS = "all", "各县（市）及州级成员单位"
        PREFECTURE = "prefecture", "州三方办"

    cycle = models.ForeignKey("chuxiong_labor.PlanCycle", verbose_name="计划周期", on_delete=models.CASCADE)
    code = models.SlugField("代码", max_length=60)
    annex = models.PositiveSmallIntegerField("附件", help_text="0 为通知正文")
    title = models.CharField("事项", max_length=120)
    scope = models.CharField("责任单位", max_length=12, choices=Scope.choices)
    recurrence = models.CharField("周期", max_length=10, choices=Recurrence.choices)
    due_on = models.DateField("截止日期（一次性事项）", null=True, blank=True)
    month = models.PositiveSmallIntegerField("月（每年）", null=True, blank=True)
    day = models.PositiveSmallIntegerField("日", null=True, blank=True, help_text="超过当月天数时取月末")
    starts_on = models.DateField("起始日期", null=True, blank=True)
    ends_on = models.DateField("结束日期", null=True, blank=True)
    source = models.CharField("文件依据", max_length=300, blank=True)

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = "时间节点"
        verbose_name_plural = "时间节点"
        ordering = ["annex", "code"]
        constraints = [models.UniqueConstraint(fields=["cycle", "code"], name="unique_duty_code_per_cycle")]

    def __str__(self):
        return self.title

    def occurrences(self, start, end):
        """Return the due dates of this duty between ``start`` and ``end`` inclusive, recorded date changes applied.

        Reads ``date_changes`` through ``.all()``, so prefetch them when listing many duties.
        """
        if self.recurrence == self.Recurrence.ONCE:
            candidates = [self.due_on] if self.due_on else []
        else:
            changes = list(self.date_changes.all()) if self.pk else []
            candidates = [
                self._changed(_clip(year, month, self.day), changes)
                for year in range(start.year, end.year + 1)
                for month in self._months()
            ]
        first = max(start, self.starts_on or start)
        last = min(end, self.ends_on or end)
        return sorted(due for due in candidates if first <= due <= last)

    def _months(self):
        return {
            self.Recurrence.MONTHLY: range(1, 13),
            self.Recurrence.QUARTERLY: (3, 6, 9, 12),
            self.Recurrence.YEARLY: (self.month,),
        }[self.recurrence]

    def _changed(self, printed, changes):
        """Return the due date of the occurrence printed as ``printed``, the latest change that covers it applied."""
        for change in sorted(changes, key=lambda c: (c.made_on, c.pk), reverse=True):
            if change.covers(printed):
                return _clip(printed.year, change.month or printed.month, change.day)
        return printed

    def title_for(self, due_on):
        """Return the title labelled by the year ``due_on`` falls in (a copied cycle's "（2021年）" reads 2024)."""
        return _YEAR_LABEL.sub(f"（{due_on.year}年）", self.title)


_YEAR_LABEL = re.compile(r"（\d{4}年）")


class DutyDateChange(models.Model):
    """A move of a recurring duty's date, from ``from_year`` on (or in that year only), made on ``made_on``.

    It applies to the occurrences of the covered years whose printed date falls on or after ``made_on``: an
    occurrence already due when the change was made keeps its date.
    """

    duty = models.ForeignKey(Duty, verbose_name="事项", on_delete=models.CASCADE, related_name="date_changes")
    from_year = models.PositiveSmallIntegerField("自哪一年起")
    only_that_year = models.BooleanField("仅调整该年", default=False)
    month = models.PositiveSmallIntegerField("调整后的月（每年一次的事项）", null=True, blank=True)
    day = models.PositiveSmallIntegerField("调整后的日")
    reason = models.CharField("调整原因", max_length=200)
    made_on = models.DateField("调整日期")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调整人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "时间节点调整"
        verbose_name_plural = "时间节点调整"
        ordering = ["duty", "from_year", "made_on", "pk"]

    def __str__(self):
        years = f"{self.from_year}年" if self.only_that_year else f"{self.from_year}年起"
        return f"{self.duty}：{years}调整为{self.describe_date()}"

    def describe_date(self):
        """Return the new date as the calendar writes it (每年12月15日, or 每月20日)."""
        if self.month:
            return f"{self.month}月{self.day}日"
        return f"{self.day}日"

    def covers(self, printed):
        """Return whether this change moves the occurrence printed as due on ``printed``."""
        if printed < self.made_on or printed.year < self.from_year:
            return False
        return not self.only_that_year or printed.year == self.from_year


def _clip(year, month, day):
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def coming_duties(unit, today, *, days=60):
    """Return ``(due_on, duty)`` pairs falling on ``unit`` in the next ``days`` days, soonest first."""
    end = date.fromordinal(today.toordinal() + days)
    duties = Duty.objects.for_unit(unit).prefetch_related("date_changes")
    found = [(due, duty) for duty in duties for due in duty.occurrences(today, end)]
    return sorted(found, key=lambda pair: (pair[0], pair[1].annex))


def coming_duties_all(today, *, days=60):
    """Return ``(due_on, duty)`` pairs for every unit in the next ``days`` days, soonest first."""
    end = date.fromordinal(today.toordinal() + days)
    found = [
        (due, duty) for duty in Duty.objects.prefetch_related("date_changes") for due in duty.occurrences(today, end)
    ]
    return sorted(found, key=lambda pair: (pair[0], pair[1].annex))


# Automatic done-marking: an annex app that can tell from its own records whether a unit has done a duty
# registers a check for the duty's code, ``check(unit, due_on)``, answering with the day the unit did it (for
# example the day its report arrived) or ``None`` — or, better, with a query for that day: a QuerySet of one
# column, ascending, sliced to its first row (``first_day(rows, "held_on")``). ``done_days`` asks every query-answered
# check of a page together, in one query, so a calendar costs the same whatever the number of its duties. The calendar
# compares the day with the due date, so a duty done after its date shows as done late, never as on time.
_DONE_CHECKS = {}
CHECKS_PER_QUERY = 200  # subqueries in one statement


def register_done_check(code):
    """Register the decorated function ``(unit, due_on) -> date | None | QuerySet`` as the automatic check of duty
    ``code``."""

    def decorate(func):
        _DONE_CHECKS[code] = func
        return func

    return decorate


def done_check(code):
    """Return the automatic check of duty ``code`` as a function ``(unit, due_on) -> date | None`` (its query, if
    it answers with one, run), or ``None`` when none is registered. Pages ask ``done_days`` for many at once."""
    if code not in _DONE_CHECKS:
        return None
    return lambda unit, due_on: done_days([(code, unit, due_on)])[0]


def first_day(rows, field):
    """Return the query a done check answers with: the earliest ``field`` of ``rows`` (none when none is set)."""
    return rows.filter(**{f"{field}__isnull": False}).order_by(field).values(field)[:1]


def _as_day(value):
    return timezone.localdate(value) if isinstance(value, datetime.datetime) else value


def done_days(asked):
    """Return the day each ``(code, unit, due_on)`` of ``asked`` was done by its registered check, or ``None``
    (also where the duty has no check), in order: the checks answering with a query are asked in one query."""
    days = [None] * len(asked)
    queries = {}  # (check, unit, due_on) → (subquery, positions)
    for position, (code, unit, due_on) in enumerate(asked):
        check = _DONE_CHECKS.get(code)
        if check is None:
            continue
        key = (check, unit.pk, due_on)
        if key in queries:
            queries[key][1].append(position)
            continue
        answer = check(unit, due_on)
        if isinstance(answer, models.QuerySet):
            queries[key] = (models.Subquery(answer), [position])
        else:
            days[position] = _as_day(answer)
    pending = list(queries.values())
    for start in range(0, len(pending), CHECKS_PER_QUERY):
        chunk = pending[start : start + CHECKS_PER_QUERY]
        names = {f"check{index}": subquery for index, (subquery, _positions) in enumerate(chunk)}
        row = Unit.objects.order_by().annotate(**names).values(*names).first() or {}
        for index, (_subquery, positions) in enumerate(chunk):
            for position in positions:
                days[position] = _as_day(row.get(f"check{index}"))
    return days
