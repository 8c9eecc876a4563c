"""Labour-cost indicators (人工成本指标, domain-rules §6), per enterprise and aggregated per unit and industry.

- 人工成本总额: pay + social insurance + welfare + education + labour protection + housing + other;
- 人均人工成本 = 人工成本总额 ÷ 从业人员平均人数;
- 人工成本占总成本比重 = 人工成本总额 ÷ 成本费用总额;
- 人事费用率 = 人工成本总额 ÷ 营业收入;
- 劳动分配率 = 人工成本总额 ÷ 增加值;
- 人工成本利润率 = 利润总额 ÷ 人工成本总额.

An aggregate is a ratio of sums over the enterprises that reported both parts, so a large enterprise weighs as
much as its people. Aggregates follow the wage table's primary suppression rules (people = the average headcounts;
one enterprise holding more than the set share of them, or of the labour cost, suppresses the group); the public
sees them after secondary suppression too (``public_tables``). Money is rounded half up to the
cent, rates to a hundredth of a percent, once, where shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from chuxiong_labor.enterprises import Industry
from chuxiong_labor.units import Unit

from .models import COST_PARTS
from .wage_levels import CENT, half_up, scope_surveys, suppression_reasons

INDICATORS = (
    ("labour_cost", "人工成本总额（元）"),
    ("per_capita", "人均人工成本（元）"),
    ("cost_share", "人工成本占总成本比重（%）"),
    ("personnel_rate", "人事费用率（%）"),
    ("distribution_rate", "劳动分配率（%）"),
    ("profit_rate", "人工成本利润率（%）"),
)
# indicator: (numerator, denominator, is a percentage)
RATIOS = {
    "per_capita": ("labour_cost", "average_headcount", False),
    "cost_share": ("labour_cost", "total_cost_yuan", True),
    "personnel_rate": ("labour_cost", "revenue_yuan", True),
    "distribution_rate": ("labour_cost", "value_added_yuan", True),
    "profit_rate": ("profit_yuan", "labour_cost", True),
}


def _ratio(numerator, denominator, percent):
    if numerator is None or not denominator:
        return None
    value = numerator / denominator
    return half_up(value * 100) if percent else half_up(value, CENT)


def enterprise_indicators(survey):
    """Return ``{indicator: value or None}`` for one surveyed enterprise's sheet."""
    values = {"labour_cost": survey.labour_cost_yuan}
    figures = {
        "labour_cost": survey.labour_cost_yuan,
        "average_headcount": survey.average_headcount,
        "total_cost_yuan": survey.total_cost_yuan,
        "revenue_yuan": survey.revenue_yuan,
        "value_added_yuan": survey.value_added_yuan,
        "profit_yuan": survey.profit_yuan,
    }
    for name, (top, bottom, percent) in RATIOS.items():
        values[name] = _ratio(figures[top], figures[bottom], percent)
    if values["labour_cost"] is not None:
        values["labour_cost"] = half_up(values["labour_cost"])
    return values


@dataclass
class Group:
    dimension: str  # "unit" or "industry"
    key: str
    label: str
    n_enterprises: int
    headcount: Decimal
    suppressed: bool
    values: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)

    def as_snapshot(self):
        return {
            "dimension": self.dimension,
            "key": self.key,
            "label": self.label,
            "n_enterprises": self.n_enterprises,
            "headcount": str(self.headcount),
            "suppressed": self.suppressed,
            "reasons": self.reasons,
            "values": {name: None if value is None else str(value) for name, value in self.values.items()},
        }


def _aggregate(dimension, key, label, surveys):
    columns = {
        "labour_cost": [survey.labour_cost_yuan for survey in surveys],
        "average_headcount": [survey.average_headcount for survey in surveys],
        "total_cost_yuan": [survey.total_cost_yuan for survey in surveys],
        "revenue_yuan": [survey.revenue_yuan for survey in surveys],
        "value_added_yuan": [survey.value_added_yuan for survey in surveys],
        "profit_yuan": [survey.profit_yuan for survey in surveys],
    }
    sums = {"labour_cost": sum((value for value in columns["labour_cost"] if value is not None), Decimal(0))}
    for name, (top, bottom, _percent) in RATIOS.items():
        pairs = [(a, b) for a, b in zip(columns[top], columns[bottom], strict=True) if a is not None and b]
        sums[f"{name}:top"] = sum((a for a, _b in pairs), Decimal(0))
        sums[f"{name}:bottom"] = sum((b for _a, b in pairs), Decimal(0))
    headcounts = [survey.average_headcount or Decimal(0) for survey in surveys]
    total_people = sum(headcounts, Decimal(0))
    costs = [survey.labour_cost_yuan or Decimal(0) for survey in surveys]
    reasons = suppression_reasons(
        total_people, len(surveys), max(headcounts, default=Decimal(0)), sum(costs, Decimal(0)), max(costs, default=0)
    )
    group = Group(dimension, key, label, len(surveys), total_people, bool(reasons), reasons=reasons)
    if not reasons:
        group.values["labour_cost"] = half_up(sums["labour_cost"])
        for name, (_top, _bottom, percent) in RATIOS.items():
            group.values[name] = _ratio(sums[f"{name}:top"], sums[f"{name}:bottom"], percent)
    return group


@dataclass
class _Sheet:
    """The figures of one survey's enterprise sheet that the aggregates read (a survey read as plain values)."""

    unit_id: int
    industry: str
    labour_cost_yuan: Decimal | None
    average_headcount: Decimal | None
    total_cost_yuan: Decimal | None
    revenue_yuan: Decimal | None
    value_added_yuan: Decimal | None
    profit_yuan: Decimal | None


def _sheets(surveys):
    """Return the ``_Sheet`` of each of ``surveys`` whose labour-cost sheet is in (as
    ``SurveyEnterprise.labour_cost_yuan``), read as values: thousands of surveys, no model instances."""
    figures = ("average_headcount", "total_cost_yuan", "revenue_yuan", "value_added_yuan", "profit_yuan")
    rows = surveys.order_by().values_list("unit_id", "enterprise__industry", *figures, *COST_PARTS)
    sheets = []
    for unit_id, industry, *values in rows:
        parts = values[len(figures) :]
        if all(part is None for part in parts):
            continue
        sheets.append(_Sheet(unit_id, industry, sum(part or 0 for part in parts), *values[: len(figures)]))
    return sheets


def cost_groups(year, unit=None):
    """Return the aggregated indicators of data year ``year`` for ``unit``'s scope: one group for the scope as a
    whole, one per county (for the whole prefecture) and one per industry section, each suppressed by the wage
    table's rules."""
    surveys = _sheets(scope_surveys(year, unit))
    prefecture_wide = unit is None or not unit.is_county
    groups = [_aggregate("unit", "all", "全州" if prefecture_wide else unit.short_name, surveys)]
    if prefecture_wide:
        by_unit = defaultdict(list)
        for survey in surveys:
            by_unit[survey.unit_id].append(survey)
        counties = Unit.objects.in_bulk(by_unit)
        for county in sorted(counties.values(), key=lambda item: (item.sort_order, item.pk)):
            groups.append(_aggregate("unit", str(county.pk), county.short_name, by_unit[county.pk]))
    by_industry = defaultdict(list)
    for survey in surveys:
        if survey.industry:
            by_industry[survey.industry].append(survey)
    for key in sorted(by_industry):
        groups.append(_aggregate("industry", key, Industry(key).label, by_industry[key]))
    return groups


def industry_benchmark(year, industry):
    """Return the prefecture-wide aggregated indicators of one industry section (for feedback reports)."""
    surveys = _sheets(scope_surveys(year).filter(enterprise__industry=industry))
    label = Industry(industry).label if industry in Industry.values else "全部行业"
    return _aggregate("industry", industry, label, surveys)
