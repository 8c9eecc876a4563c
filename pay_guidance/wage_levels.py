"""The wage price-level table (人力资源市场工资价位): percentiles and mean of yearly pay per cell, with the
suppression and reliability flags.

Cells: the whole scope (``all``); each occupation major group and each occupation present (``occupation``, keyed
by the code as imported, a major group by its digit); each management grade, title, skill grade and education
(keyed by the label as imported; employees without one are in no cell of that dimension); each GB/T 4754 section
(``industry``). The scope is one unit's survey, or the whole prefecture. Only surveys the prefecture has accepted
count.

Percentiles — one definition, fixed across years and stated with every output (``DEFINITION``): linear
interpolation between closest ranks, numpy's default ``linear`` method and PostgreSQL's ``percentile_cont``:
with the n values sorted ascending as x[0..n-1], P(p) = x[k] + (h − k)(x[k+1] − x[k]) where h = (n − 1)p and
k = ⌊h⌋. Every figure is rounded once, half up, to the cent.

Full-year figures (``PART_YEAR_RULES``, setting ``PAY_PART_YEAR_RULE``): a wage price level is a yearly figure, so
by default an employee who worked fewer than 12 months is counted at annual pay × 12 ÷ months worked, rounded
once, half up, to the cent (``full_year_pay``); every cell counts its part-year people (``n_part_year``) and every
table states the rule. The same full-year pay is what the percentiles, the mean and the enterprises' shares of a
cell's pay (dominance, disclosure control) are computed from.

Primary suppression (``suppression_reasons``): fewer than ``PAY_MIN_PEOPLE`` people, fewer than
``PAY_MIN_ENTERPRISES`` enterprises, or one enterprise holding more than ``PAY_MAX_ENTERPRISE_SHARE_PCT`` percent of
the cell's people or of its pay. A suppressed cell is kept, with its counts and ``suppressed`` set, and no pay
figure. This is the internal table: what the public sees adds secondary suppression across every scope, dimension
and version (``public_tables``).

Reliability (``RSE_METHODS["clustered"]``, domain-rules §6): employees cluster within enterprises (one pay
scale), so the median's variance is summed over enterprises, not people: with IFᵢ = 0.5 − 1[xᵢ ≤ m] and the
density at the median estimated from the quartiles, f(m) ≈ 0.5 ÷ (P75 − P25),
var(m) ≈ Σ_enterprises (Σᵢ IFᵢ)² ÷ (n²·f(m)²), RSE = √var ÷ m (m the exact median; the quartiles as published).
With one employee per enterprise it is the simple estimate (P75 − P25) ÷ (√n · P50) that publications before
issue 19 used (``RSE_METHODS["simple"]``). Analytical, so the same on every database and every run. A published
median with RSE ≥ ``PAY_RSE_MARK_PCT`` percent carries a mark.

On PostgreSQL the table is computed in the database in two queries whatever the number of cells (GROUPING SETS
with ``percentile_cont``; then the enterprises behind each cell); elsewhere (SQLite) the same figures are
computed in Python from one read of the rows.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction

from chuxiong_labor.enterprises import Industry

from . import labels, occupations
from .models import Employee, SurveyEnterprise, SurveyStatus

PERCENTILES = (Decimal("0.1"), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal("0.9"))
PERCENTILE_NAMES = ("p10", "p25", "p50", "p75", "p90")
CENT = Decimal("0.01")
# The same definition as numpy's default method and PostgreSQL's percentile_cont, written out for the reader.
DEFINITION = (
    "百分位数采用最近秩次间线性插值法：将 n 个年工资由低到高排列，第 p 百分位数取第 1+(n−1)×p% 位的值，"
    "位次不是整数时在相邻两个值之间按比例插值；各年固定不变。"
)
RSE_METHODS = {
    "simple": "中位数相对标准误 = (P75 − P25) ÷ (√人数 × P50)（样本中位数的渐近方差解析估计）。",
    "clustered": (
        "中位数相对标准误考虑同一企业职工工资的相关性（按企业整群）：影响值 uᵢ = 0.5 − 1[xᵢ ≤ m]，"
        "f(m) ≈ 0.5 ÷ (P75 − P25)，方差 V(m) ≈ Σ企业(企业内Σuᵢ)² ÷ (n² × f(m)²)，相对标准误 = √V ÷ m"
        "（m 为中位数，n 为人数）。"
    ),
}
RSE_METHOD = RSE_METHODS["clustered"]

# How part-year employees are counted (setting PAY_PART_YEAR_RULE), as every table states it.
PART_YEAR_RULES = {
    "annualise": "工作不满12个月的职工按“年工资 × 12 ÷ 工作月数”折算为全年工资后计入（全年口径）。",
    "as_paid": "工作不满12个月的职工按实际领取的年工资计入，未折算为全年工资。",
}

# (dimension, label); the order cells are listed in.
DIMENSIONS = (
    ("all", "全部"),
    ("occupation", "职业"),
    ("management_grade", "管理岗位层级"),
    ("title", "职称"),
    ("skill_grade", "技能等级"),
    ("education", "学历"),
    ("industry", "行业门类"),
)
DIMENSION_LABELS = dict(DIMENSIONS)
# The order of the fixed label lists (``labels.ALLOWED``); labels imported before the lists follow alphabetically.
KNOWN_ORDER = {dimension: list(allowed) for dimension, allowed in labels.ALLOWED.items()}
# Columns of the employee table grouped by, in GROUPING() order, and the dimension each grouping set belongs to.
_SQL_KEYS = (
    ("occupation", "occupation_code"),
    ("occupation", "left(occupation_code, 1)"),
    ("management_grade", "management_grade"),
    ("title", "title"),
    ("skill_grade", "skill_grade"),
    ("education", "education"),
    ("industry", "industry"),
)


@dataclass
class Cell:
    dimension: str
    key: str
    n_people: int
    n_enterprises: int
    suppressed: bool
    p10: Decimal | None = None
    p25: Decimal | None = None
    p50: Decimal | None = None
    p75: Decimal | None = None
    p90: Decimal | None = None
    mean: Decimal | None = None
    rse_pct: Decimal | None = None
    is_unreliable: bool = False
    reasons: list = field(default_factory=list)
    n_part_year: int | None = 0  # people who worked fewer than 12 months

    @property
    def label(self):
        return key_label(self.dimension, self.key)

    @property
    def dimension_label(self):
        return DIMENSION_LABELS[self.dimension]

    def as_json(self):
        """Return the cell as the ``wage_levels`` command writes it: yuan with two decimals, null when
        suppressed."""
        data = {"dimension": self.dimension, "key": self.key, "n_people": self.n_people}
        data["n_enterprises"] = self.n_enterprises
        data["n_part_year"] = self.n_part_year
        data["suppressed"] = self.suppressed
        for name in (*PERCENTILE_NAMES, "mean"):
            value = getattr(self, name)
            data[name] = None if value is None else f"{value:.2f}"
        return data

    def as_snapshot(self):
        """Return the cell as a publication stores it (strings for decimals)."""
        data = asdict(self)
        for name in (*PERCENTILE_NAMES, "mean", "rse_pct"):
            data[name] = None if data[name] is None else str(data[name])
        return data


def cell_from_snapshot(data):
    """Rebuild a ``Cell`` stored by ``Cell.as_snapshot``."""
    values = dict(data)
    values.setdefault("n_part_year", None)  # drafted before part-year people were counted: not known
    for name in (*PERCENTILE_NAMES, "mean", "rse_pct"):
        values[name] = None if values[name] is None else Decimal(values[name])
    return Cell(**values)


def key_label(dimension, key):
    """Return how a cell's key is shown to people."""
    if dimension == "all":
        return "全部职工"
    if dimension == "occupation":
        return occupations.label(key)
    if dimension == "industry":
        return Industry(key).label if key in Industry.values else key
    return key


def half_up(value, quantum=CENT):
    """Round a Decimal once, half up."""
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def full_year_pay(pay, months, rule):
    """Return the yearly pay an employee who worked ``months`` months is counted at under ``rule`` (a key of
    ``PART_YEAR_RULES``): ``pay`` × 12 ÷ ``months`` rounded half up to the cent when annualising a part year."""
    if rule == "annualise" and months < 12:
        return half_up(pay * 12 / months)
    return pay


def _pay_sql(rule):
    """Return the SQL expression of ``full_year_pay`` over the employee table ``e`` (PostgreSQL rounds numerics
    half away from zero: half up for pay)."""
    if rule == "annualise":
        return "CASE WHEN e.months_worked < 12 THEN round(e.annual_pay_yuan * 12 / e.months_worked, 2) ELSE e.annual_pay_yuan END"
    return "e.annual_pay_yuan"


def percentile(sorted_values, p):
    """Return the ``p`` quantile of ascending Decimals by linear interpolation between closest ranks, exactly."""
    h = (len(sorted_values) - 1) * p
    k = int(h)
    lower = sorted_values[k]
    upper = sorted_values[min(k + 1, len(sorted_values) - 1)]
    return lower + (h - k) * (upper - lower)


def suppression_reasons(n_people, n_enterprises, largest, pay=0, largest_pay=0):
    """Return why a cell must be suppressed (empty when it may be published), in Chinese: too few people or
    enterprises, or one enterprise holding too large a share of the people (``largest`` of ``n_people``) or of the
    pay (``largest_pay`` of ``pay``)."""
    reasons = []
    if n_people < settings.PAY_MIN_PEOPLE:
        reasons.append(f"人数少于{settings.PAY_MIN_PEOPLE}人")
    if n_enterprises < settings.PAY_MIN_ENTERPRISES:
        reasons.append(f"企业少于{settings.PAY_MIN_ENTERPRISES}户")
    if n_people and largest * 100 > settings.PAY_MAX_ENTERPRISE_SHARE_PCT * n_people:
        reasons.append(f"单户企业人数占比超过{settings.PAY_MAX_ENTERPRISE_SHARE_PCT}%")
    if pay and largest_pay * 100 > settings.PAY_MAX_ENTERPRISE_SHARE_PCT * pay:
        reasons.append(f"单户企业工资总额占比超过{settings.PAY_MAX_ENTERPRISE_SHARE_PCT}%")
    return reasons


def relative_standard_error(n, p25, p75, median, cluster_sum):
    """Return the median's RSE in percent allowing for clustering within enterprises (see the module docstring),
    or ``None`` when the median is not positive. ``cluster_sum`` is Σ_enterprises (Σᵢ IFᵢ)² at the exact
    ``median``: √var = 2 (P75 − P25) √cluster_sum ÷ n."""
    if not median or median <= 0:
        return None
    spread = 2 * (p75 - p25) * Decimal(cluster_sum).sqrt() / n
    return half_up(spread / median * 100, Decimal("0.1"))


def cluster_sum(pays_by_enterprise, median):
    """Return Σ_enterprises (Σᵢ (0.5 − 1[xᵢ ≤ median]))² over ``{enterprise: [pay]}``."""
    total = Decimal(0)
    for pays in pays_by_enterprise.values():
        total += (Decimal("0.5") * len(pays) - sum(1 for pay in pays if pay <= median)) ** 2
    return total


@dataclass
class _Stats:
    n: int = 0
    total: Decimal = Decimal(0)
    quantiles: tuple = ()
    enterprises: int = 0
    largest: int = 0
    largest_pay: Decimal = Decimal(0)
    part_year: int = 0
    cluster_sum: Decimal | None = None  # Σ_enterprises (Σ IF)² at the median, for the RSE


def scope_surveys(year, unit=None):
    """Return the accepted surveys of data year ``year`` counted in ``unit``'s table (the whole prefecture when
    ``unit`` is ``None`` or the prefecture office)."""
    surveys = SurveyEnterprise.objects.filter(year=year, status=SurveyStatus.ACCEPTED)
    if unit is not None and unit.is_county:
        surveys = surveys.filter(unit=unit)
    return surveys


def wage_table(year, unit=None, *, contributions=None, rule=None):
    """Return every cell of the wage table of data year ``year`` for ``unit`` (``None``: the whole prefecture),
    part-year employees counted under ``rule`` (``PAY_PART_YEAR_RULE`` when not given).

    ``contributions`` (from ``survey_contributions``, with the surveys' units), when the caller has them, give the
    enterprises behind each cell (the figures disclosure control reads; the same as the table's own on
    PostgreSQL, which reads them with the clustered RSE's counts in any case)."""
    rule = rule or settings.PAY_PART_YEAR_RULE
    if connection.vendor == "postgresql":
        stats = _stats_in_database(year, unit, rule)
    else:
        stats = _stats_in_python(year, unit, rule)
    if contributions is not None:
        by_cell, units = contributions
        county = unit.pk if unit is not None and unit.is_county else None
        for place, item in stats.items():
            shares = [v for sid, v in by_cell.get(place, {}).items() if county is None or units[sid] == county]
            item.enterprises = len(shares)
            item.largest = max((n for n, _pay in shares), default=0)
            item.largest_pay = Decimal(max((cents for _n, cents in shares), default=0)) / 100
    checked = {
        place: suppression_reasons(item.n, item.enterprises, item.largest, item.total, item.largest_pay)
        for place, item in stats.items()
    }
    cells = []
    for (dimension, key), item in stats.items():
        reasons = checked[(dimension, key)]
        cell = Cell(dimension, key, item.n, item.enterprises, bool(reasons), reasons=reasons)
        cell.n_part_year = item.part_year
        if not reasons:
            for name, value in zip(PERCENTILE_NAMES, item.quantiles, strict=True):
                setattr(cell, name, half_up(value))
            cell.mean = half_up(item.total / item.n)
            cell.rse_pct = relative_standard_error(item.n, cell.p25, cell.p75, item.quantiles[2], item.cluster_sum)
            cell.is_unreliable = cell.rse_pct is not None and cell.rse_pct >= settings.PAY_RSE_MARK_PCT
        cells.append(cell)
    return sorted(cells, key=_order)


def _order(cell):
    dimension_index = [name for name, _ in DIMENSIONS].index(cell.dimension)
    known = KNOWN_ORDER.get(cell.dimension, [])
    rank = known.index(cell.key) if cell.key in known else len(known)
    return (dimension_index, rank, cell.key)


def _stats_in_python(year, unit, rule):
    rows = Employee.objects.filter(year=year, survey__in=scope_surveys(year, unit)).values_list(
        "survey_id",
        "occupation_code",
        "management_grade",
        "title",
        "skill_grade",
        "education",
        "industry",
        "annual_pay_yuan",
        "months_worked",
    )
    pays = defaultdict(list)
    part_year = defaultdict(int)
    per_enterprise = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0)]))
    by_enterprise = defaultdict(lambda: defaultdict(list))
    for survey_id, occupation, grade, title, skill, education, industry, paid, months in rows.iterator(chunk_size=5000):
        pay = full_year_pay(paid, months, rule)
        for key in _keys_of(occupation, grade, title, skill, education, industry):
            pays[key].append(pay)
            by_enterprise[key][survey_id].append(pay)
            part_year[key] += months < 12
            share = per_enterprise[key][survey_id]
            share[0] += 1
            share[1] += pay
    stats = {}
    for key, values in pays.items():
        values.sort()
        shares = per_enterprise[key].values()
        quantiles = tuple(percentile(values, p) for p in PERCENTILES)
        stats[key] = _Stats(
            n=len(values),
            total=sum(values, Decimal(0)),
            quantiles=quantiles,
            cluster_sum=cluster_sum(by_enterprise[key], quantiles[2]),
            enterprises=len(shares),
            largest=max(n for n, _pay in shares),
            largest_pay=max(pay for _n, pay in shares),
            part_year=part_year[key],
        )
    return stats


def _keys_of(occupation, grade, title, skill, education, industry):
    keys = [("all", "all"), ("occupation", occupation), ("occupation", occupation[:1])]
    keys += [(dim, value) for dim, value in _LABELLED(grade, title, skill, education, industry) if value]
    return keys


def survey_contributions(year, rule=None):
    """Return ``{(dimension, key): {survey id: (people, full-year pay total in cents)}}`` over every accepted
    survey of data year ``year``, part-year people counted under ``rule`` (``PAY_PART_YEAR_RULE`` when not given):
    what each enterprise puts into each cell of every scope (the input of disclosure control and the
    basis a publication keeps to compare its corrections with). One query whatever the number of cells; the pay
    is summed as integer cents (pay is stored to the cent), which PostgreSQL adds far faster than numerics."""
    rule = rule or settings.PAY_PART_YEAR_RULE
    contributions = defaultdict(dict)
    if connection.vendor == "postgresql":
        table = Employee._meta.db_table
        where, params = _scope_sql(year, None)
        expressions = [expression for _dimension, expression in _SQL_KEYS]
        keys = ", ".join(expressions)
        sets = ", ".join(["(survey_id)"] + [f"({expression}, survey_id)" for expression in expressions])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(
                f"SELECT GROUPING({keys}), {keys}, survey_id, count(*), sum(({_pay_sql(rule)} * 100)::bigint) "  # noqa: S608  fixed SQL
                f"FROM {table} e WHERE {where} GROUP BY GROUPING SETS ({sets})",
                params,
            )
            for row in cursor.fetchall():
                place = _dimension_of(row[0], row[1:8])
                if place is not None:
                    contributions[place][row[8]] = (row[9], row[10])
        return dict(contributions)
    rows = Employee.objects.filter(year=year, survey__in=scope_surveys(year)).values_list(
        "survey_id",
        "occupation_code",
        "management_grade",
        "title",
        "skill_grade",
        "education",
        "industry",
        "annual_pay_yuan",
        "months_worked",
    )
    for survey_id, occupation, grade, title, skill, education, industry, paid, months in rows.iterator(chunk_size=5000):
        pay = full_year_pay(paid, months, rule)
        for key in _keys_of(occupation, grade, title, skill, education, industry):
            n, cents = contributions[key].get(survey_id, (0, 0))
            contributions[key][survey_id] = (n + 1, cents + int(pay * 100))
    return dict(contributions)


def _LABELLED(grade, title, skill, education, industry):  # noqa: N802  a tiny table, read as one
    return (
        ("management_grade", grade),
        ("title", title),
        ("skill_grade", skill),
        ("education", education),
        ("industry", industry),
    )


def _scope_sql(year, unit):
    survey_table = SurveyEnterprise._meta.db_table
    where = f"e.year = %s AND e.survey_id IN (SELECT id FROM {survey_table} WHERE year = %s AND status = %s"  # noqa: S608
    params = [year, year, SurveyStatus.ACCEPTED]
    if unit is not None and unit.is_county:
        where += " AND unit_id = %s"
        params.append(unit.pk)
    return where + ")", params


def _dimension_of(mask, values):
    """Return ``(dimension, key)`` of a GROUPING SETS row from its GROUPING() mask, or ``None`` to skip it."""
    width = len(_SQL_KEYS)
    if mask == (1 << width) - 1:
        return ("all", "all")
    for index, (dimension, _expression) in enumerate(_SQL_KEYS):
        if not mask & (1 << (width - 1 - index)):
            return (dimension, values[index]) if values[index] else None
    return None


def _stats_in_database(year, unit, rule):
    table = Employee._meta.db_table
    where, params = _scope_sql(year, unit)
    expressions = [expression for _dimension, expression in _SQL_KEYS]
    keys = ", ".join(expressions)
    grouping = f"GROUPING({keys})"
    sets = ", ".join(["()"] + [f"({expression})" for expression in expressions])
    pay = _pay_sql(rule)
    stats = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # Each grouping set sorts the scope's rows once: let the sorts run in memory, and skip JIT compilation,
        # which costs more than it saves on a query run once.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            f"SELECT {grouping}, {keys}, count(*), sum({pay}), "  # noqa: S608  fixed SQL, values are params
            f"percentile_cont(ARRAY[0.1, 0.25, 0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY {pay}), "
            f"count(*) FILTER (WHERE e.months_worked < 12) "
            f"FROM {table} e WHERE {where} GROUP BY GROUPING SETS ({sets})",
            params,
        )
        for row in cursor.fetchall():
            place = _dimension_of(row[0], row[1:8])
            if place is None:
                continue
            n, total, quantiles = row[8], row[9], row[10]
            if not n:  # the grand total of an empty scope: no one to describe
                continue
            stats[place] = _Stats(n=n, total=total, quantiles=tuple(_exact(value) for value in quantiles))
            stats[place].part_year = row[11]
        if not stats:
            return stats
        # Then per cell and enterprise, in one pass: the people and pay behind each cell (dominance), and how many
        # are paid at most the cell's median (the clustered RSE) — each row joined to the medians of its cells.
        joins, le_params = _median_joins(stats)
        width = len(expressions)
        below = " ".join(
            f"WHEN {(1 << width) - 1 - (1 << (width - 1 - index))} THEN count(*) FILTER (WHERE {pay} <= m{index}.m)"
            for index in range(width)
        )
        below = f"CASE {grouping} WHEN {(1 << width) - 1} THEN count(*) FILTER (WHERE {pay} <= %s) {below} END"
        inner_sets = ", ".join(["(survey_id)"] + [f"({expression}, survey_id)" for expression in expressions])
        aliases = ", ".join(f"k{index}" for index in range(width))
        cursor.execute(
            f"SELECT g, {aliases}, count(*), max(c), max(s), sum(power(0.5 * c - le, 2)) FROM ("  # noqa: S608  fixed SQL, values are params
            f"SELECT {grouping} AS g, "
            + ", ".join(f"{expression} AS k{index}" for index, expression in enumerate(expressions))
            + f", count(*) AS c, sum(({pay} * 100)::bigint) AS s, {below} AS le FROM {table} e {joins} "
            f"WHERE {where} GROUP BY GROUPING SETS ({inner_sets})) per_enterprise GROUP BY g, {aliases}",
            [stats[("all", "all")].quantiles[2], *le_params, *params],
        )
        for row in cursor.fetchall():
            place = _dimension_of(row[0], row[1:8])
            if place in stats:
                stats[place].enterprises, stats[place].largest = row[8], row[9]
                stats[place].largest_pay = Decimal(row[10]) / 100
                stats[place].cluster_sum = Decimal(row[11])
    return stats


def _median_joins(stats):
    """Return ``(SQL, params)``: one LEFT JOIN per grouping expression to the medians of its cells, ``m{index}``."""
    medians = defaultdict(list)
    for (dimension, key), item in stats.items():
        for index, (name, _expression) in enumerate(_SQL_KEYS):
            # The occupation dimension has two expressions: the code, and its major group (one digit).
            if name == dimension and (dimension != "occupation" or (len(key) == 1) == (index == 1)):
                medians[index].append((key, item.quantiles[2]))
    joins, params = [], []
    for index, (_name, expression) in enumerate(_SQL_KEYS):
        found = medians.get(index)
        if found:
            rows = ", ".join(["(%s, %s::numeric)"] * len(found))
            params += [value for pair in found for value in pair]
        else:
            rows = "(NULL::text, NULL::numeric)"
        joins.append(f"LEFT JOIN (VALUES {rows}) AS m{index}(k, m) ON m{index}.k = {expression}")
    return " ".join(joins), params


def _exact(value):
    """Recover the exact quantile from PostgreSQL's float: exact values have at most four decimals (cents times a
    multiple of 1/20), far above the float's error at any pay figure."""
    return Decimal(repr(value)).quantize(Decimal("0.000001"))
