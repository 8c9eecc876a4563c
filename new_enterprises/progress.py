"""Progress of the plan against the seed's 任务分解表, per unit, per year and per stage.

The table's unit 州本级 is the prefecture office (seed_name 州本级); the four member units act for it, so their
inclusions count towards 州本级. A stage row such as “第一、二阶段(2021、2022年)” of 40 means 40 in each of its years.
Every figure comes from one grouped query, whatever the number of enterprises.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Q

from chuxiong_labor import roles
from chuxiong_labor.quotas import PlanCycle, Target, differences, target_value
from chuxiong_labor.units import Unit

from .models import DEMO_POINTS_CODE, PROGRAMME_CODE, STATED_CODE, Inclusion, ServiceKind, ServiceRecord


@dataclass
class Figures:
    target: Decimal | None = None
    included: int = 0
    served: int = 0
    demonstration: int = 0

    @property
    def inclusion_gap(self):
        return None if self.target is None else max(self.target - self.included, Decimal(0))

    @property
    def service_gap(self):
        return None if self.target is None else max(self.target - self.served, Decimal(0))

    def add(self, other):
        self.included += other.included
        self.served += other.served
        self.demonstration += other.demonstration


@dataclass(frozen=True)
class DifferenceNote:
    """One difference between the document's text and its table, with every period it applies to."""

    title: str
    periods: str
    explanation: str


@dataclass
class ProgressTable:
    label: str
    rows: list  # (unit, Figures)
    total: Figures
    stated: Decimal | None = None  # the total the plan's text states for this year or stage


def counts_by_unit_and_year(years, units=None):
    """Return ``{(unit pk, year): Figures}`` of inclusions, served inclusions and demonstration points."""
    rows = Inclusion.objects.filter(year__in=list(years))
    if units is not None:
        rows = rows.filter(unit__in=units)
    rows = rows.values("unit_id", "year").annotate(
        included=Count("id", distinct=True),
        served=Count("id", distinct=True, filter=Q(services__isnull=False)),
        demonstration=Count("id", distinct=True, filter=Q(is_demonstration=True)),
    )
    return {
        (row["unit_id"], row["year"]): Figures(None, row["included"], row["served"], row["demonstration"])
        for row in rows.order_by()
    }


def cycle_for(year):
    """Return the plan cycle that covers ``year`` (the latest one when several do)."""
    return PlanCycle.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()


def plan_progress(year):
    """Return the progress tables of ``year``'s cycle: ``{"cycle", "year", "by_year", "by_stage", "members",
    "differences"}``; ``None`` when no cycle covers ``year``."""
    cycle = cycle_for(year)
    if cycle is None:
        return None
    units = list(Unit.objects.select_related("region"))
    prefecture = next(u for u in units if u.kind == Unit.Kind.PREFECTURE_OFFICE)
    members = [u for u in units if u.kind == Unit.Kind.MEMBER_UNIT]
    table_units = [prefecture] + [u for u in units if u.kind == Unit.Kind.COUNTY_OFFICE]
    targets = list(
        Target.objects.cells()
        .filter(programme__cycle=cycle, programme__code__in=[PROGRAMME_CODE, STATED_CODE, DEMO_POINTS_CODE])
        .select_related("programme")
        .order_by("column")
    )
    counts = counts_by_unit_and_year(cycle.years)

    def figures(unit, years):
        result = Figures()
        sources = members + [prefecture] if unit.pk == prefecture.pk else [unit]
        for source in sources:
            for each in years:
                result.add(counts.get((source.pk, each), Figures()))
        return result

    table = [t for t in targets if t.programme.code == PROGRAMME_CODE]
    stated = {t.period: t.value for t in targets if t.programme.code == STATED_CODE}

    def build(label, years, stage_targets, stated_total):
        rows, total = [], Figures(target=Decimal(0))
        for unit in table_units:
            row = figures(unit, years)
            cells = [t for t in stage_targets if t.unit_id == unit.pk]
            if cells:
                row.target = sum(t.value * len([y for y in years if t.year_from <= y <= t.year_to]) for t in cells)
                total.target += row.target
            total.add(row)
            rows.append((unit, row))
        return ProgressTable(label, rows, total, stated_total)

    by_year = build(f"{year}年", [year], [t for t in table if t.year_from <= year <= t.year_to], stated.get(str(year)))
    by_stage = []
    for period in dict.fromkeys(t.period for t in table):
        cells = [t for t in table if t.period == period]
        years = list(range(cells[0].year_from, cells[0].year_to + 1))
        stage_stated = sum((stated.get(str(y), Decimal(0)) for y in years), Decimal(0)) or None
        by_stage.append(build(period, years, cells, stage_stated))
    member_rows = []
    for unit in members:
        row = figures(unit, [year])
        row.target = next(
            (t.value for t in targets if t.programme.code == DEMO_POINTS_CODE and t.unit_id == unit.pk), None
        )
        member_rows.append((unit, row))
    found = {}  # the same difference stated for several years is one note, naming the years
    for difference in differences(cycle):
        if difference.programme.code in (PROGRAMME_CODE, STATED_CODE, DEMO_POINTS_CODE):
            found.setdefault((difference.programme.title, difference.explanation), []).append(difference)
    found = [
        DifferenceNote(title, "、".join(d.subject.split("｜")[-1] for d in group), explanation)
        for (title, explanation), group in found.items()
    ]
    return {
        "cycle": cycle,
        "year": year,
        "by_year": by_year,
        "by_stage": by_stage,
        "members": member_rows,
        "differences": found,
        "stated_whole": next((v for p, v in stated.items() if not p.isdigit()), None),
    }


def included_per_unit(units, year):
    """Return ``{unit pk: enterprises included in year}``; 州本级 (the prefecture office) counts its member units'."""
    counts = defaultdict(int)
    for (unit_id, _year), figures in counts_by_unit_and_year([year]).items():
        counts[unit_id] += figures.included
    member_total = sum(counts[u.pk] for u in Unit.objects.member_units())
    result = {}
    for unit in units:
        result[unit.pk] = counts[unit.pk] + (member_total if unit.kind == Unit.Kind.PREFECTURE_OFFICE else 0)
    return result


def summary_figures(unit, year):
    """Return the figures a unit's yearly summary is drafted from, read from its ledger."""
    inclusions = Inclusion.objects.filter(unit=unit, year=year)
    figures = counts_by_unit_and_year([year], [unit]).get((unit.pk, year), Figures())
    services = ServiceRecord.objects.filter(inclusion__in=inclusions)
    by_kind = dict(services.values_list("kind").annotate(n=Count("id")).order_by())
    code = PROGRAMME_CODE if unit.kind == Unit.Kind.COUNTY_OFFICE else DEMO_POINTS_CODE
    return {
        "target": target_value(code, unit, year),
        "included": figures.included,
        "served": figures.served,
        "demonstration": figures.demonstration,
        "services": sum(by_kind.values()),
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in ServiceKind.choices],
        "difficulties": services.exclude(difficulties="").count(),
        "resolved": services.exclude(difficulties="").exclude(resolution="").count(),
    }


def keep_rows_of(tables, user):
    """Narrow ``plan_progress`` tables to what ``user`` may see row by row: unit staff see their own unit's row
    (a member unit also the 州本级 row it counts towards) beside the totals; the prefecture sees every unit."""
    if tables is None or not roles.is_unit_scoped(user):
        return tables
    own = {user.unit_id}
    if user.unit.kind == Unit.Kind.MEMBER_UNIT:
        own |= set(Unit.objects.filter(kind=Unit.Kind.PREFECTURE_OFFICE).values_list("pk", flat=True))

    def narrow(table):
        return replace(table, rows=[(unit, row) for unit, row in table.rows if unit.pk in own])

    return {
        **tables,
        "by_year": narrow(tables["by_year"]),
        "by_stage": [narrow(table) for table in tables["by_stage"]],
        "members": [(unit, row) for unit, row in tables["members"] if unit.pk in own],
    }
