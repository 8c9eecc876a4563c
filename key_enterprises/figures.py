"""What annex 5 measures, each in a fixed number of queries: monitored enterprises per unit against the 任务分解表,
open leads per unit and level, the months each unit has submitted, bargaining rates, the service ledger's rows
and an enterprise's 12-period trend."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum, When
from django.utils import timezone

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.units import Unit

from .guidance import guidance_of, guidance_prefetches
from .models import (
    BargainingRecord,
    LayoffPlan,
    Level,
    MonitoredEnterprise,
    MonthlyBatch,
    MonthlyFigures,
    RehireNotice,
)

BARGAINING_GOAL = Decimal(80)
WAGE_CONTRACT_GOAL = Decimal(90)


def _with_prefecture(units, counts):
    """Return ``{unit pk: count}``; 州本级 (the prefecture office) counts its member units' and its own."""
    member_total = sum(counts.get(unit.pk, 0) for unit in Unit.objects.member_units())
    return {
        unit.pk: counts.get(unit.pk, 0) + (member_total if unit.kind == Unit.Kind.PREFECTURE_OFFICE else 0)
        for unit in units
    }


def monitored_per_unit(units, year):
    """Return ``{unit pk: enterprises on the unit's list of year ``year`` and not removed}``."""
    rows = MonitoredEnterprise.objects.in_year(year).current().values("unit").annotate(n=Count("id")).order_by()
    return _with_prefecture(units, {row["unit"]: row["n"] for row in rows})


def percent(numerator, denominator):
    """Return ``numerator ÷ denominator`` in percent, one place, half up (None without a denominator)."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Rates:
    union: int = 0
    with_system: int = 0
    union_above_scale: int = 0
    annual_and_wage_contract: int = 0

    @property
    def system_rate(self):
        return percent(self.with_system, self.union)

    @property
    def wage_contract_rate(self):
        return percent(self.annual_and_wage_contract, self.union_above_scale)


def union_day(year, today=None):
    """The day whose unions count for ``year``'s rates: the year's last day, or today while the year runs."""
    return min(datetime.date(year, 12, 31), today or timezone.localdate())


def unionised(year, today=None):
    """Every enterprise with a union on ``union_day``, annotated with what its record of ``year`` (entered by any
    unit) says: ``system`` (a bargaining system) and ``contract`` (annual bargaining under a wage-specific
    contract), both false where no record was entered."""
    records = BargainingRecord.objects.filter(enterprise=OuterRef("pk"), year=year)
    return Enterprise.objects.with_union_on(union_day(year, today)).annotate(
        recorded=Exists(records),
        system=Exists(records.filter(has_system=True)),
        contract=Exists(records.filter(held_annual=True, wage_contract_signed_on__isnull=False)),
    )


RATE_COUNTS = {
    "union": Count("pk"),
    "with_system": Count("pk", filter=Q(system=True)),
    "union_above_scale": Count("pk", filter=Q(is_above_scale=True)),
    "annual_and_wage_contract": Count("pk", filter=Q(is_above_scale=True, contract=True)),
}


def rate_enterprises(unit, year, today=None):
    """The enterprises ``unit``'s rates of ``year`` count (its denominator): a county's, every enterprise of the
    county with a union; a member unit's, those of its own monitoring list of the year with a union."""
    enterprises = unionised(year, today)
    if unit.is_county:
        return enterprises.filter(region_id=unit.region_id)
    listed = MonitoredEnterprise.objects.in_year(year).current().filter(unit=unit).values("enterprise")
    return enterprises.filter(pk__in=listed)


def bargaining_rates(year, units=None, today=None):
    """Return ``({unit pk: Rates}, prefecture-wide Rates)`` over every enterprise with a union in ``year``
    (domain-rules §9, the portal's reading since no official formula exists): the denominators count each such
    enterprise whether or not a record was entered, the numerators what the year's record says. A county's are its
    enterprises; a member unit's those of its own list; the prefecture's (when ``units`` is not given) every enterprise
    with a union, else the sum of the units asked. Three queries whatever the number of units."""
    asked_all = units is None
    units = list(units) if units is not None else list(Unit.objects.exclude(kind=Unit.Kind.PREFECTURE_OFFICE))
    enterprises = unionised(year, today)
    counties = {unit.region_id: unit.pk for unit in units if unit.is_county}
    per_unit = {}
    for row in enterprises.filter(region_id__in=counties).values("region").annotate(**RATE_COUNTS).order_by():
        county = counties[row.pop("region")]
        per_unit[county] = Rates(**row)
    members = [unit.pk for unit in units if unit.kind == Unit.Kind.MEMBER_UNIT]
    if members:
        listed = MonitoredEnterprise.objects.in_year(year).current().filter(unit__in=members)
        rows = (
            enterprises.filter(key_monitoring__in=listed)
            .values("key_monitoring__unit")
            .annotate(**RATE_COUNTS)
            .order_by()
        )
        for row in rows:
            member = row.pop("key_monitoring__unit")
            per_unit[member] = Rates(**row)
    if asked_all:
        total = Rates(**enterprises.aggregate(**RATE_COUNTS))
    else:  # the units asked for only (a county's page never shows the prefecture's figures)
        total = Rates()
        for rates in per_unit.values():
            for name in RATE_COUNTS:
                setattr(total, name, getattr(total, name) + getattr(rates, name))
    return per_unit, total


def leads_by_unit_and_level(leads):
    """Return ``{unit pk: {level: open leads}}`` and the totals per level, in one query."""
    rows = leads.open().values("unit", "level").annotate(n=Count("id")).order_by()
    table, totals = defaultdict(lambda: dict.fromkeys(Level.values, 0)), dict.fromkeys(Level.values, 0)
    for row in rows:
        table[row["unit"]][row["level"]] = row["n"]
        totals[row["level"]] += row["n"]
    return table, totals


@dataclass
class Cell:
    month: int
    batch: MonthlyBatch | None
    due: bool

    @property
    def state(self):
        if self.batch is None:
            return "missing" if self.due else "not_due"
        return self.batch.status

    @property
    def label(self):
        if self.batch is not None:
            return self.batch.get_status_display()
        return "未报送" if self.due else "未到期"


def month_grid(units, year, months, *, today=None):
    """Return ``[(unit, [Cell per month])]``: which periods each unit has submitted; a period whose month has
    ended without a submitted batch is missing."""
    today = today or timezone.localdate()
    batches = {
        (batch.unit_id, batch.month): batch for batch in MonthlyBatch.objects.filter(year=year, unit__in=list(units))
    }
    grid = []
    for unit in units:
        cells = []
        for month in months:
            ended = (datetime.date(year, month, 1) + datetime.timedelta(days=31)).replace(day=1)
            cells.append(Cell(month, batches.get((unit.pk, month)), due=ended <= today))
        grid.append((unit, cells))
    return grid


def trend(monitored, *, periods=12):
    """Return the last ``periods`` submitted figures of ``monitored``'s enterprise, oldest first, across years."""
    figures = (
        MonthlyFigures.objects.submitted()
        .filter(monitored__enterprise_id=monitored.enterprise_id)
        .select_related("batch")
        .annotate(alert_count=Count("alerts"))
        .order_by("-batch__year", "-batch__month")[:periods]
    )
    return list(reversed(figures))


def trend_chart(figures, *, width=360, height=90, pad=18):
    """Return the geometry of a small server-side SVG line of headcount over ``figures`` (None when empty)."""
    if not figures:
        return None
    values = [row.headcount for row in figures]
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = []
    for index, row in enumerate(figures):
        x = round(pad + index * step, 1)
        y = round(height - pad - (row.headcount - low) * (height - 2 * pad) / span, 1)
        points.append({"x": x, "y": y, "label": f"{row.batch.year}-{row.batch.month:02d}", "value": row.headcount,
                       "alert": bool(getattr(row, "alert_count", 0))})  # fmt: skip
    return {
        "width": width,
        "height": height,
        "polyline": " ".join(f"{point['x']},{point['y']}" for point in points),
        "points": points,
        "low": low,
        "high": high,
        "first": points[0]["label"],
        "last": points[-1]["label"],
    }


LEDGER_HEADINGS = [
    "企业名称",
    "所在县市",
    "所属行业",
    "上年底职工数量",
    "目前职工数量",
    "已享受的稳岗政策",
    "跟踪指导情况",
    "本年度计划裁员人数",
    "已裁员人数",
    "裁员岗位",
    "经济补偿标准",
    "支付能力评估",
]


def ledger_entries(entries):
    """Annotate and prefetch ``entries`` (monitored enterprises) for the service ledger, in a fixed number of
    queries: the current headcount, the guidance (visits and lead steps) and the layoff plans of the entry's year.

    The current headcount is the latest accepted month's, else the latest submitted month's — never a draft's or a
    returned month's, which the prefecture has not seen or has sent back — with the month it is from."""
    status = MonthlyBatch.Status
    latest = (
        MonthlyFigures.objects.filter(monitored=OuterRef("pk"), batch__status__in=[status.ACCEPTED, status.SUBMITTED])
        .annotate(unaccepted=Case(When(batch__status=status.ACCEPTED, then=0), default=1))
        .order_by("unaccepted", "-batch__year", "-batch__month")
    )
    return (
        entries.select_related("enterprise__region", "unit")
        .annotate(
            current_headcount=Subquery(latest.values("headcount")[:1]),
            current_year=Subquery(latest.values("batch__year")[:1]),
            current_month=Subquery(latest.values("batch__month")[:1]),
            current_unaccepted=Subquery(latest.values("unaccepted")[:1]),
        )
        .prefetch_related(
            *guidance_prefetches(),
            Prefetch("layoff_plans", queryset=LayoffPlan.objects.prefetch_related("people").order_by("planned_on")),
        )
    )


def current_headcount(entry):
    """The ledger's 目前职工数量 of an entry from ``ledger_entries``: the figure and the month it is from."""
    if entry.current_headcount is None:
        return ""
    state = "已报送待审核" if entry.current_unaccepted else "已审核"
    return f"{entry.current_headcount}（{entry.current_year}年{entry.current_month}月，{state}）"


def ledger_row(entry):
    """Return one row of the service ledger (指导服务台账) in ``LEDGER_HEADINGS``' order."""
    visits = "；".join(guidance.text for guidance in guidance_of(entry))
    plans = list(entry.layoff_plans.all())
    layoff = ["", "", "", "", ""]
    if plans:
        people = [person for plan in plans for person in plan.people.all() if not person.protection]
        total = sum((plan.compensation_total_yuan for plan in plans), start=Decimal(0))
        standard = (
            f"按入职和解除日期计算（2008年前的年限按当时规定，其后按劳动合同法第四十七条），{len(people)}人合计"
            f"{total:.2f}元，人均{total / len(people):.2f}元"
            if people
            else "尚未登记被裁减人员"
        )
        ability = "；".join(plan.payment_verdict() for plan in plans)
        layoff = [
            sum(plan.planned_cut for plan in plans),
            sum(plan.actual_cut for plan in plans),
            "；".join(plan.posts for plan in plans),
            standard,
            ability,
        ]
    enterprise = entry.enterprise
    return [
        enterprise.name,
        str(enterprise.region),
        enterprise.get_industry_display(),
        entry.headcount_last_year_end,
        current_headcount(entry),
        entry.job_policies,
        visits,
        *layoff,
    ]


def layoffs_in_month(units, year, month):
    """Return ``{unit pk: people laid off in the month}`` from submitted figures."""
    rows = (
        MonthlyFigures.objects.submitted()
        .filter(batch__year=year, batch__month=month, batch__unit__in=list(units))
        .values("batch__unit")
        .annotate(n=Sum("layoffs"))
        .order_by()
    )
    return {row["batch__unit"]: row["n"] or 0 for row in rows}


def _months_after(day, months):
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def rehires(plans):
    """Return ``{plan pk: [figures]}``: for each carried-out plan, the submitted months after its layoff month and
    within six months of the layoff (劳动合同法 Art. 41 ¶3) in which its enterprise hired someone. Two queries."""
    plans = [plan for plan in plans if plan.actual_cut]
    if not plans:
        return {}
    figures = (
        MonthlyFigures.objects.submitted()
        .filter(hires__gt=0, monitored__enterprise__in={plan.monitored.enterprise_id for plan in plans})
        .select_related("batch", "monitored")
        .order_by("batch__year", "batch__month")
    )
    found = defaultdict(list)
    for plan in plans:
        first = _months_after(plan.planned_on, 1)
        last = _months_after(plan.planned_on, LayoffPlan.REHIRE_MONTHS)
        for row in figures:
            if (
                row.monitored.enterprise_id == plan.monitored.enterprise_id
                and first <= (row.batch.year, row.batch.month) <= last
            ):
                found[plan.pk].append(row)
    return dict(found)


def unanswered_rehires(plans):
    """Return ``rehires(plans)`` without the months the unit has answered (a ``RehireNotice``): what is still to
    do under Art. 41 ¶3. Three queries."""
    found = rehires(plans)
    if not found:
        return {}
    answered = set(RehireNotice.objects.filter(plan__in=list(found)).values_list("plan_id", "year", "month"))
    left = {
        pk: [row for row in rows if (pk, row.batch.year, row.batch.month) not in answered] for pk, rows in found.items()
    }
    return {pk: rows for pk, rows in left.items() if rows}
