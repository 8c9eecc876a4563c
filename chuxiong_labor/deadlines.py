"""The plan's dated duties as data, and their occurrences in a window of dates."""

import calendar
from datetime import date

from django.db import models

from .lib.concurrency import VersionedModel
from .scoping import SharedQuerySet
from .units import Unit


class DutyQuerySet(SharedQuerySet):
    def for_unit(self, unit):
        """Keep the duties that fall on ``unit``."""
        scopes = {
            Unit.Kind.COUNTY_OFFICE: [Duty.Scope.COUNTIES, Duty.Scope.ALL_UNITS],
            Unit.Kind.MEMBER_UNIT: [Duty.Scope.MEMBER_UNITS, Duty.Scope.ALL_UNITS],
            Unit.Kind.PREFECTURE_OFFICE: [Duty.Scope.PREFECTURE],
        }[unit.kind]
        return self.filter(scope__in=scopes)


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
        """Return the due dates of this duty between ``start`` and ``end`` inclusive."""
        if self.recurrence == self.Recurrence.ONCE:
            candidates = [self.due_on] if self.due_on else []
        else:
            months = {
                self.Recurrence.MONTHLY: range(1, 13),
                self.Recurrence.QUARTERLY: (3, 6, 9, 12),
                self.Recurrence.YEARLY: (self.month,),
            }[self.recurrence]
            candidates = [_clip(year, month, self.day) for year in range(start.year, end.year + 1) for month in months]
        first = max(start, self.starts_on or start)
        last = min(end, self.ends_on or end)
        return [due for due in candidates if first <= due <= last]


def _clip(year, month, day):
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def coming_duties(unit, today, *, days=60):
    """Return ``(due_on, duty)`` pairs falling on ``unit`` in the next ``days`` days, soonest first."""
    end = date.fromordinal(today.toordinal() + days)
    found = [(due, duty) for duty in Duty.objects.for_unit(unit) for due in duty.occurrences(today, end)]
    return sorted(found, key=lambda pair: (pair[0], pair[1].annex))


def coming_duties_all(today, *, days=60):
    """Return ``(due_on, duty)`` pairs for every unit in the next ``days`` days, soonest first."""
    end = date.fromordinal(today.toordinal() + days)
    found = [(due, duty) for duty in Duty.objects.all() for due in duty.occurrences(today, end)]
    return sorted(found, key=lambda pair: (pair[0], pair[1].annex))


# Automatic done-marking: an annex app that can tell from its own records whether a unit has done a duty
# registers a check for the duty's code, ``check(unit, due_on) -> bool``.
_DONE_CHECKS = {}


def register_done_check(code):
    """Register the decorated function ``(unit, due_on) -> bool`` as the automatic check of duty ``code``."""

    def decorate(func):
        _DONE_CHECKS[code] = func
        return func

    return decorate


def done_check(code):
    """Return the registered automatic check of duty ``code``, or ``None``."""
    return _DONE_CHECKS.get(code)
