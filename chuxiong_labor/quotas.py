"""Targets: every number the plan assigns, held as printed, and the differences between its tables and texts.

A ``Programme`` is one table of an annex (kind TABLE: each cell a ``Target``, the printed 合计 row and column
included) or the plan-level figures a text states (kind STATED). A stated figure may name the table it
constrains; ``differences`` compares the two and reports every mismatch, changing neither.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from .lib.concurrency import VersionedModel
from .lib.uniqueness import NamesTheHolder
from .scoping import SharedQuerySet

TOTAL_LABEL = "合计"


class PlanCycle(NamesTheHolder, models.Model):
    name = models.CharField("周期名称", max_length=40, unique=True)
    document = models.CharField("文件", max_length=80, blank=True)
    start_year = models.PositiveSmallIntegerField("起始年度")
    end_year = models.PositiveSmallIntegerField("结束年度")

    class Meta:
        verbose_name = "计划周期"
        verbose_name_plural = "计划周期"
        ordering = ["start_year"]

    def __str__(self):
        return self.name

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))


# The measures of the plan's tables that count whole things: a figure in one of them is shown as an integer.
COUNT_MEASURES = frozenset({"人", "户", "家", "个", "件", "次", "名", "场"})


class Programme(VersionedModel):
    class Kind(models.TextChoices):
        TABLE = "table", "分解表"
        STATED = "stated", "正文目标"

    cycle = models.ForeignKey(PlanCycle, verbose_name="计划周期", on_delete=models.CASCADE, related_name="programmes")
    code = models.SlugField("代码", max_length=60)
    annex = models.PositiveSmallIntegerField("附件", help_text="0 为通知正文")
    title = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    measure = models.CharField("计量单位", max_length=10, blank=True)
    note = models.TextField("表注", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "目标任务表"
        verbose_name_plural = "目标任务表"
        ordering = ["cycle", "annex", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["cycle", "code"], name="unique_programme_code_per_cycle")]

    def __str__(self):
        return self.title

    @property
    def counts_whole(self):
        """Whether the programme counts whole things (people, enterprises): its figures are integers."""
        return self.measure in COUNT_MEASURES


class TargetQuerySet(SharedQuerySet):
    def cells(self):
        """Keep the body cells of tables and stated figures: no printed 合计 row or column."""
        return self.exclude(unit_label=TOTAL_LABEL).exclude(period=TOTAL_LABEL)

    def for_year(self, year):
        """Keep the targets that apply in ``year``."""
        return self.filter(year_from__lte=year, year_to__gte=year)

    def for_unit(self, unit):
        """Keep the targets assigned to ``unit``."""
        return self.filter(unit=unit)


class Target(NamesTheHolder, models.Model):
    class Comparator(models.TextChoices):
        EXACT = "eq", "等于"
        AT_LEAST = "min", "不少于"
        RANGE = "range", "区间"

    programme = models.ForeignKey(
        Programme, verbose_name="目标任务表", on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(
        "chuxiong_labor.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    unit_label = models.CharField("文件中的单位或项目", max_length=60)
    period = models.CharField("年度或阶段（按原文）", max_length=40)
    year_from = models.PositiveSmallIntegerField("起始年度")
    year_to = models.PositiveSmallIntegerField("结束年度")
    # True when the value applies to each year of the span (a stage row "2021、2022年" of 40 means 40 a year).
    per_year = models.BooleanField("按年计", default=True)
    value = models.DecimalField("数值", max_digits=10, decimal_places=2)
    value_max = models.DecimalField("上限", max_digits=10, decimal_places=2, null=True, blank=True)
    comparator = models.CharField("口径", max_length=5, choices=Comparator.choices, default=Comparator.EXACT)
    checks_programme = models.ForeignKey(
        Programme, verbose_name="对照分解表", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    checks_period = models.CharField("对照年度或阶段", max_length=40, blank=True)
    checks_unit_label = models.CharField("对照单位", max_length=60, blank=True)
    row = models.PositiveSmallIntegerField("行序", default=0)
    column = models.PositiveSmallIntegerField("列序", default=0)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "目标任务"
        verbose_name_plural = "目标任务"
        ordering = ["programme", "row", "column"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "unit_label", "period"], name="unique_target_cell"),
        ]

    def __str__(self):
        return f"{self.programme.title}｜{self.unit_label}｜{self.period}：{self.display_value}"

    @property
    def weight(self):
        """How many times the cell counts in a sum over the whole span."""
        return (self.year_to - self.year_from + 1) if self.per_year else 1

    @property
    def display_value(self):
        def plain(number):
            return f"{Decimal(number).normalize():f}"

        if self.comparator == self.Comparator.RANGE and self.value_max is not None:
            return f"{plain(self.value)}—{plain(self.value_max)}"
        prefix = "≥" if self.comparator == self.Comparator.AT_LEAST else ""
        return f"{prefix}{plain(self.value)}"


def target_value(code, unit, year, *, cycle=None):
    """Return the value ``unit`` must reach in ``year`` under programme ``code`` (``None`` if none is set)."""
    targets = Target.objects.cells().filter(programme__code=code, unit=unit).for_year(year)
    if cycle is not None:
        targets = targets.filter(programme__cycle=cycle)
    target = targets.order_by("-programme__cycle__start_year").first()
    return target.value if target else None


@dataclass(frozen=True)
class Difference:
    programme: Programme
    subject: str
    printed: Decimal
    computed: Decimal
    explanation: str

    @property
    def gap(self):
        return self.computed - self.printed


def _sum(targets, *, weighted):
    return sum((t.value * (t.weight if weighted else 1) for t in targets), Decimal(0))


def differences(cycle):
    """Return every place in ``cycle`` where a table's own sums or a table and its text disagree."""
    found = []
    programmes = list(cycle.programmes.prefetch_related("targets"))
    by_id = {p.pk: p for p in programmes}
    for programme in programmes:
        targets = list(programme.targets.all())
        cells = [t for t in targets if t.unit_label != TOTAL_LABEL and t.period != TOTAL_LABEL]
        for total in targets:
            if total.period == TOTAL_LABEL and total.unit_label != TOTAL_LABEL:
                row = [c for c in cells if c.unit_label == total.unit_label]
                computed = _sum(row, weighted=True)
                explanation = (
                    f"“{total.unit_label}”一行的合计栏印为{total.display_value}，各年度相加为{computed.normalize():f}"
                )
            elif total.unit_label == TOTAL_LABEL and total.period != TOTAL_LABEL:
                column = [c for c in cells if c.period == total.period]
                computed = _sum(column, weighted=False)
                explanation = (
                    f"“{total.period}”一栏的合计印为{total.display_value}，各单位相加为{computed.normalize():f}"
                )
            elif total.unit_label == TOTAL_LABEL and total.period == TOTAL_LABEL:
                computed = _sum(cells, weighted=True)
                explanation = f"表中总计印为{total.display_value}，各阶段各单位按年相加为{computed.normalize():f}"
            else:
                continue
            if computed != total.value:
                found.append(
                    Difference(programme, f"{total.unit_label}｜{total.period}", total.value, computed, explanation)
                )
        for stated in targets:
            if not stated.checks_programme_id:
                continue
            table = by_id.get(stated.checks_programme_id)
            compared = [
                c
                for c in table.targets.all()
                if c.unit_label != TOTAL_LABEL
                and c.period != TOTAL_LABEL
                and (not stated.checks_period or c.period == stated.checks_period)
                and (not stated.checks_unit_label or c.unit_label == stated.checks_unit_label)
            ]
            computed = _sum(compared, weighted=not stated.checks_period)
            if computed != stated.value:
                where = "、".join(filter(None, [stated.checks_period, stated.checks_unit_label])) or "全部"
                found.append(
                    Difference(
                        programme,
                        f"{stated.unit_label}｜{stated.period}",
                        stated.value,
                        computed,
                        f"正文为{stated.display_value}，《{table.title}》（{where}）相加为{computed.normalize():f}",
                    )
                )
    return found


def programme_grid(programme):
    """Return the programme laid out as printed: ``(periods, rows)``, each row ``(unit_label, unit, cells)``."""
    targets = list(programme.targets.select_related("unit"))
    periods = []
    for target in sorted(targets, key=lambda t: t.column):
        if target.period not in periods:
            periods.append(target.period)
    rows = {}
    for target in sorted(targets, key=lambda t: t.row):
        rows.setdefault(target.unit_label, {"unit": target.unit, "cells": {}})["cells"][target.period] = target
    return periods, [
        (label, row["unit"], [row["cells"].get(period) for period in periods]) for label, row in rows.items()
    ]


def targets_as_dict(cycle=None):
    """Return ``{programme code: {unit label: {period: value}}}`` for ``cycle`` (every cycle when ``None``)."""
    targets = Target.objects.select_related("programme", "programme__cycle").order_by(
        "programme__cycle__start_year", "programme__annex", "programme__sort_order", "row", "column"
    )
    if cycle is not None:
        targets = targets.filter(programme__cycle=cycle)
    result = {}
    for target in targets:
        key = target.programme.code if cycle is not None else f"{target.programme.cycle.name}/{target.programme.code}"
        value = target.value
        number = int(value) if value == value.to_integral_value() else float(value)
        if target.value_max is not None:
            high = target.value_max
            number = [number, int(high) if high == high.to_integral_value() else float(high)]
        result.setdefault(key, {}).setdefault(target.unit_label, {})[target.period] = number
    return result
