"""Annex 6's targets, which the plan states in words rather than in a table, supervised on the 督办看板 beside the
other annexes' (a dashboard panel, ``chuxiong_labor.panels``).

"各县市……向不少于10%的被调查企业提供针对性、个性化服务；对不少于10家企业开展技能人才薪酬分配指导服务；2021年10月底
前各县市选择3至5家国有企业示范推广；2023年9月底前选择3至5家民营企业示范推广。"

Where the plan leaves something open the portal's reading is stated on the page (``READING``): the "不少于10家"
has no unit or period, so it is counted per county per calendar year (an enterprise once however often guided) and
for the prefecture as the counties' sum, each compared with 10; a demonstration counts only when the enterprise's
ownership in the registry fits its kind (``DEMONSTRATION_OWNERSHIP``), and a county meets the range with 3 to 5.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from chuxiong_labor import panels
from chuxiong_labor.enterprises import Ownership
from chuxiong_labor.units import Unit

from .coverage import COVERAGE_GOAL_PCT, coverage, percent_of
from .models import Demonstration, DemonstrationKind, GuidanceKind, SkillGuidance

GUIDED_ENTERPRISES_GOAL = 10
DEMONSTRATION_RANGE = (3, 5)
# The portal's reading of 国有 and 民营 against the registry's ownership (经济类型).
DEMONSTRATION_OWNERSHIP = {
    DemonstrationKind.STATE: (Ownership.STATE,),
    DemonstrationKind.PRIVATE: (Ownership.PRIVATE, Ownership.JOINT_STOCK),
}
DEMONSTRATION_DUE = {
    DemonstrationKind.STATE: datetime.date(2021, 10, 31),
    DemonstrationKind.PRIVATE: datetime.date(2023, 9, 30),
}

READING = (
    "本表为本门户对附件6文字目标的读法：规划未写明“对不少于10家企业开展技能人才薪酬分配指导服务”的单位和期限，"
    "本门户按每个县市每个自然年度不少于10家计（按指导日期，同一企业只计一次），全州为各县市之和，亦与10家比较；"
    "针对性服务覆盖率以上一数据年度的被调查企业为分母；示范企业只计企业库登记的经济类型相符者"
    "（国有企业示范：国有；民营企业示范：私营、股份制），每县市3至5家为达标。"
)


def ownership_names(kind):
    return "、".join(Ownership(value).label for value in DEMONSTRATION_OWNERSHIP[kind])


def ownership_refusal(kind, enterprise):
    """Return why ``enterprise`` cannot be a demonstration of ``kind`` (its registered ownership does not fit), or
    ``""``."""
    if not kind or enterprise is None or enterprise.ownership in DEMONSTRATION_OWNERSHIP[kind]:
        return ""
    registered = enterprise.get_ownership_display() or "未登记"
    return (
        f"“{DemonstrationKind(kind).label}”须选经济类型为{ownership_names(kind)}的企业，该企业在企业库中登记为"
        f"“{registered}”。请核对企业库中的经济类型，或改选企业。"
    )


@dataclass
class Cell:
    text: str  # the figure as shown
    met: bool | None  # against the target; None when there is nothing to judge yet
    note: str = ""


@dataclass
class Column:
    title: str
    goal: str


@dataclass
class Table:
    year: int
    columns: list
    rows: list = field(default_factory=list)  # [(label, [Cell])], the 全州 row last when more than one county


def _judged(met, over):
    """A target met, or missed once its period is over; while it runs, not yet judged (``None``)."""
    return True if met else (False if over else None)


def _demonstration_cell(count, mismatched, due, today):
    low, high = DEMONSTRATION_RANGE
    note = f"另有{mismatched}家经济类型不符，不计" if mismatched else ""
    if count > high:
        return Cell(f"{count}家", False, "；".join(filter(None, [f"超出{low}至{high}家", note])))
    return Cell(f"{count}家", _judged(count >= low, today > due), note)


def targets(units, year, today):
    """Return annex 6's targets for the counties among ``units`` in ``year`` as they stand on ``today``, each figure
    against its goal (met, missed once its period is over, or not yet judged)."""
    year_over = today > datetime.date(year, 12, 31)
    counties = [unit for unit in units if unit.kind == Unit.Kind.COUNTY_OFFICE]
    kinds = list(DEMONSTRATION_OWNERSHIP)
    columns = [
        Column("针对性服务覆盖率", f"≥{COVERAGE_GOAL_PCT}%（{year - 1}年度被调查企业）"),
        Column("技能人才薪酬指导企业", f"≥{GUIDED_ENTERPRISES_GOAL}家（{year}年）"),
        *(
            Column(
                DemonstrationKind(kind).label,
                f"{DEMONSTRATION_RANGE[0]}至{DEMONSTRATION_RANGE[1]}家（{DEMONSTRATION_DUE[kind]:%Y-%m-%d}前）",
            )
            for kind in kinds
        ),
    ]
    table = Table(year, columns)
    if not counties:
        return table
    served = coverage(counties, year - 1)
    guided = dict(
        SkillGuidance.objects.filter(unit__in=counties, kind=GuidanceKind.GUIDANCE, held_on__year=year)
        .values_list("unit")
        .annotate(n=Count("enterprise", distinct=True))
    )
    chosen = {}
    end_of_year = datetime.date(year, 12, 31)
    for kind in kinds:
        fits = Q(enterprise__ownership__in=DEMONSTRATION_OWNERSHIP[kind])
        rows = (
            Demonstration.objects.filter(unit__in=counties, kind=kind, selected_on__lte=end_of_year)
            .values("unit")
            .annotate(fit=Count("pk", filter=fits), misfit=Count("pk", filter=~fits))
        )
        chosen[kind] = {row["unit"]: (row["fit"], row["misfit"]) for row in rows}

    def coverage_cell(n_served, n_surveyed):
        percent = percent_of(n_served, n_surveyed)
        if percent is None:
            return Cell("—", None, "无被调查企业")
        return Cell(f"{percent}%", _judged(percent >= COVERAGE_GOAL_PCT, year_over), f"{n_served}/{n_surveyed}户")

    def guided_cell(count):
        return Cell(f"{count}家", _judged(count >= GUIDED_ENTERPRISES_GOAL, year_over))

    for unit in counties:
        n_served, n_surveyed, _percent = served[unit.pk]
        cells = [coverage_cell(n_served, n_surveyed), guided_cell(guided.get(unit.pk, 0))]
        for kind in kinds:
            fit, misfit = chosen[kind].get(unit.pk, (0, 0))
            cells.append(_demonstration_cell(fit, misfit, DEMONSTRATION_DUE[kind], min(today, end_of_year)))
        table.rows.append((unit.label, cells))
    if len(counties) > 1:
        total = [
            coverage_cell(sum(s for s, _n, _p in served.values()), sum(n for _s, n, _p in served.values())),
            guided_cell(sum(guided.values())),
        ]
        for index, kind in enumerate(kinds, start=2):
            met = [cells[index].met for _label, cells in table.rows]
            count = sum(fit for fit, _misfit in chosen[kind].values())
            total.append(Cell(f"{count}家", None if None in met else all(met), f"{met.count(True)}个县市达标"))
        table.rows.append(("全州", total))
    return table


@panels.dashboard_panel("pay_guidance_targets", order=60)
def dashboard_targets(units, year, today):
    table = targets(units, year, today)
    if not table.rows:
        return None
    return "pay_guidance/includes/dashboard_targets.html", {"targets": table, "reading": READING}
