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

The rows are read once (``read_employees``: on PostgreSQL one binary COPY and one query for the labels,
whatever the number of cells; elsewhere one ORM read) into numpy arrays, and every figure of every cell is
computed from them in integers (pay in cents) by one procedure on every database (``_tabulate``): exact, so the
percentiles are numpy's ``linear`` and PostgreSQL's ``percentile_cont`` to the cent.
"""

import io
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property

import numpy
from django.conf import settings
from django.db import connection

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


# --- The rows, read once ----------------------------------------------------------------------------------------

# The labelled columns of the employee table, in the order ``Employees.codes`` holds them.
_COLUMNS = ("occupation_code", "management_grade", "title", "skill_grade", "education", "industry")
# The dimension each column's cells belong to (the occupation column gives the major groups too).
_COLUMN_DIMENSIONS = dict(zip(_COLUMNS, ("occupation", *[name for name, _label in DIMENSIONS[2:]]), strict=True))


@dataclass
class Employees:
    """The employee rows of a scope as arrays, one entry per employee: ``survey`` and ``unit`` ids, full-year pay
    in integer cents (exact: pay is stored to the cent), whether the employee worked part of the year, and per
    labelled column an index into that column's ``labels``."""

    survey: numpy.ndarray
    unit: numpy.ndarray
    cents: numpy.ndarray
    part_year: numpy.ndarray
    codes: dict  # column: numpy array of indexes into labels[column]
    labels: dict  # column: list of the labels found

    def within(self, unit_id):
        """Return the rows of the surveys of the unit ``unit_id``."""
        mask = self.unit == unit_id
        codes = {column: values[mask] for column, values in self.codes.items()}
        return Employees(self.survey[mask], self.unit[mask], self.cents[mask], self.part_year[mask], codes, self.labels)

    @cached_property
    def tabulation(self):
        """Return ``(stats, contributions)`` over these rows (see ``_tabulate``), computed once."""
        return _tabulate(self)


def read_employees(year, unit=None, rule=None):
    """Return the ``Employees`` of the accepted surveys of data year ``year`` in ``unit``'s scope (``None``: the
    prefecture), pay counted as full-year pay under ``rule`` (``PAY_PART_YEAR_RULE`` when not given).

    Each label is coded exactly: two different labels never share a code. On PostgreSQL one binary COPY of
    fixed-width numbers, which numpy reads without parsing (the six labels of a row sent as one 64-bit hash of
    them), and one query for the distinct combinations of labels in the year's rows with their hashes: when as
    many hashes as combinations come back, each hash names exactly one combination, and the rows are coded from
    it. Should two combinations ever share a hash (or the rows change between the two reads), the rows are read
    again through the ORM, as on other databases, and coded by a dictionary of the label strings."""
    rule = rule or settings.PAY_PART_YEAR_RULE
    if connection.vendor == "postgresql":
        employees = _read_copy(year, unit, rule)
        if employees is not None:
            return employees
    rows = Employee.objects.filter(year=year, survey__in=scope_surveys(year, unit)).values_list(
        "survey_id", "survey__unit_id", "annual_pay_yuan", "months_worked", *_COLUMNS
    )
    surveys, units, cents, part_year = [], [], [], []
    indexes = {column: {} for column in _COLUMNS}
    codes = {column: [] for column in _COLUMNS}
    for survey_id, unit_id, paid, months, *values in rows.iterator(chunk_size=5000):
        surveys.append(survey_id)
        units.append(unit_id)
        cents.append(int(full_year_pay(paid, months, rule) * 100))
        part_year.append(months < 12)
        for column, value in zip(_COLUMNS, values, strict=True):
            codes[column].append(indexes[column].setdefault(value, len(indexes[column])))
    return Employees(
        survey=numpy.array(surveys, dtype=numpy.int64),
        unit=numpy.array(units, dtype=numpy.int64),
        cents=numpy.array(cents, dtype=numpy.int64),
        part_year=numpy.array(part_year, dtype=bool),
        codes={column: numpy.array(codes[column], dtype=numpy.int64) for column in _COLUMNS},
        labels={column: list(indexes[column]) for column in _COLUMNS},
    )


# The 64-bit hash a row's six labels travel as (the tests put one in its place under which all labels collide).
LABELS_HASH = "hash_record_extended(ROW({columns}), 0)"


def _read_copy(year, unit, rule):
    """Return the rows read by one COPY, or ``None`` when their labels cannot be coded exactly from the hashes."""
    where, params = _scope_sql(year, unit)
    labels_hash = LABELS_HASH.format(columns=", ".join(f"e.{column}" for column in _COLUMNS))
    tables = f"{Employee._meta.db_table} e JOIN {SurveyEnterprise._meta.db_table} s ON s.id = e.survey_id"
    # Every field is a non-null bigint: each row is fixed-width, so the whole stream is one numpy record array.
    fields = ["survey", "unit", "cents", "part_year", "labels"]
    row = numpy.dtype([("count", ">i2")] + [pair for name in fields for pair in ((f"_{name}", ">i4"), (name, ">i8"))])
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        select = cursor.mogrify(
            f"SELECT e.survey_id, s.unit_id, ({_pay_sql(rule)} * 100)::bigint, (e.months_worked < 12)::int::int8, "  # noqa: S608  fixed SQL, values are params
            f"{labels_hash} FROM {tables} WHERE {where}",
            params,
        ).decode()
        cursor.copy_expert(f"COPY ({select}) TO STDOUT (FORMAT binary)", buffer)  # logged with the queries
        data = buffer.getbuffer()
        header = 19  # signature, flags, header extension length (0)
        rows = numpy.frombuffer(data, dtype=row, offset=header, count=(len(data) - header - 2) // row.itemsize)
        if not len(rows):
            return Employees(*(numpy.zeros(0, dtype=numpy.int64) for _ in range(4)), {}, {})
        # Grouped by the labels themselves: each distinct combination once, exactly, beside its hash; over every
        # row of the year (of the county: the unit each row repeats), no join: a superset of the rows read, so a
        # hash unique here is unique among them (and a row whose hash is not here is found below).
        columns = ", ".join(f"e.{column}" for column in _COLUMNS)
        rows_of = "e.year = %s" + (" AND e.unit_id = %s" if unit is not None and unit.is_county else "")
        cursor.execute(
            f"SELECT {labels_hash}, {columns} FROM {Employee._meta.db_table} e WHERE {rows_of} GROUP BY {columns}",  # noqa: S608
            [year, unit.pk] if unit is not None and unit.is_county else [year],
        )
        combinations = sorted(cursor.fetchall())
    hashes = numpy.array([found[0] for found in combinations], dtype=numpy.int64)
    if not len(hashes):
        return None  # the rows changed between the reads
    combination = numpy.searchsorted(hashes, rows["labels"]).clip(max=len(hashes) - 1)
    if len(numpy.unique(hashes)) < len(hashes) or not numpy.array_equal(hashes[combination], rows["labels"]):
        return None  # two combinations share a hash, or the rows changed between the reads
    codes, labels = {}, {}
    for index, column in enumerate(_COLUMNS, start=1):
        labels[column] = sorted({found[index] for found in combinations})
        position = {label: code for code, label in enumerate(labels[column])}
        codes[column] = numpy.array([position[found[index]] for found in combinations], dtype=numpy.int64)[combination]
    return Employees(
        survey=rows["survey"].astype(numpy.int64),
        unit=rows["unit"].astype(numpy.int64),
        cents=rows["cents"].astype(numpy.int64),
        part_year=rows["part_year"].astype(bool),
        codes=codes,
        labels=labels,
    )


def _pay_sql(rule):
    """Return the SQL expression of ``full_year_pay`` over the employee table ``e`` (PostgreSQL rounds numerics
    half away from zero: half up for pay)."""
    if rule == "annualise":
        return "CASE WHEN e.months_worked < 12 THEN round(e.annual_pay_yuan * 12 / e.months_worked, 2) ELSE e.annual_pay_yuan END"
    return "e.annual_pay_yuan"


def _scope_sql(year, unit):
    where = "e.year = %s AND s.year = %s AND s.status = %s"
    params = [year, year, SurveyStatus.ACCEPTED]
    if unit is not None and unit.is_county:
        where += " AND s.unit_id = %s"
        params.append(unit.pk)
    return where, params


# --- The figures, from one sort per dimension -------------------------------------------------------------------


def _dimensions(employees):
    """Yield ``(dimension, codes, labels)``: each row's cell in each dimension, as an index into ``labels``."""
    rows = len(employees.cents)
    yield "all", numpy.zeros(rows, dtype=numpy.int64), ["all"]
    occupations_found = employees.labels["occupation_code"]
    majors = sorted({code[:1] for code in occupations_found})
    major_of = numpy.array([majors.index(code[:1]) for code in occupations_found], dtype=numpy.int64)
    yield "occupation", employees.codes["occupation_code"], occupations_found
    yield "occupation", major_of[employees.codes["occupation_code"]], majors
    for column in _COLUMNS[1:]:
        yield _COLUMN_DIMENSIONS[column], employees.codes[column], employees.labels[column]


def _tabulate(employees):
    """Return ``(stats, contributions)``: ``{(dimension, key): _Stats}`` and ``{(dimension, key): {survey id:
    (people, full-year pay in cents)}}`` over every cell of ``employees`` (a blank label is in no cell).

    Per dimension, the rows in pay order within each cell (for the percentiles and the median) and in
    enterprise order within each cell (one run per cell and enterprise: its people, pay, part-year people, and
    people paid at most the cell's median). Stable sorts from two orders made once, all in integers: exact."""
    stats, contributions = {}, {}
    if not len(employees.cents):
        return stats, contributions
    surveys = numpy.unique(employees.survey)
    enterprise = numpy.searchsorted(surveys, employees.survey).astype(
        numpy.int16 if len(surveys) < 2**15 else numpy.int32
    )
    # Ties need no order here (equal pay, or one enterprise's rows): the fastest sort will do.
    by_pay = numpy.argsort(employees.cents)
    by_enterprise = numpy.argsort(enterprise)
    pay_sorted = employees.cents[by_pay]
    for dimension, codes, found in _dimensions(employees):
        codes = codes.astype(numpy.int16 if len(found) < 2**15 else numpy.int32)  # int16 sorts by radix
        counts = numpy.bincount(codes, minlength=len(found))
        starts = numpy.concatenate(([0], numpy.cumsum(counts)[:-1]))
        in_cell_by_pay = pay_sorted[numpy.argsort(codes[by_pay], kind="stable")]
        present = numpy.flatnonzero(counts)
        # Paid at most the median: at most x[k], k = ⌊(n − 1) ÷ 2⌋ (the median lies in [x[k], x[k+1]) or is x[k]).
        median_floor = numpy.zeros(len(found), dtype=numpy.int64)
        median_floor[present] = in_cell_by_pay[starts[present] + (counts[present] - 1) // 2]
        order = by_enterprise[numpy.argsort(codes[by_enterprise], kind="stable")]
        cell_of, enterprise_of, cents = codes[order], enterprise[order], employees.cents[order]
        change = numpy.flatnonzero((cell_of[1:] != cell_of[:-1]) | (enterprise_of[1:] != enterprise_of[:-1])) + 1
        runs = numpy.concatenate(([0], change))
        run_cell = cell_of[runs].astype(numpy.int64)
        run_people = numpy.diff(numpy.append(runs, len(order)))
        run_cents = numpy.add.reduceat(cents, runs)
        run_part = numpy.add.reduceat(employees.part_year[order].astype(numpy.int64), runs)
        run_below = numpy.add.reduceat((cents <= median_floor[cell_of]).astype(numpy.int64), runs)
        cells = numpy.concatenate(([0], numpy.flatnonzero(numpy.diff(run_cell)) + 1))
        per_cell = {
            "cell": run_cell[cells],
            "enterprises": numpy.diff(numpy.append(cells, len(runs))),
            "largest": numpy.maximum.reduceat(run_people, cells),
            "total": numpy.add.reduceat(run_cents, cells),
            "largest_pay": numpy.maximum.reduceat(run_cents, cells),
            "part_year": numpy.add.reduceat(run_part, cells),
            # 4 × Σ_enterprises (0.5 c − below)² = Σ (c − 2 below)², in integers
            "cluster": numpy.add.reduceat((run_people - 2 * run_below) ** 2, cells),
        }
        per_cell = {name: values.tolist() for name, values in per_cell.items()}
        run_surveys = surveys[enterprise_of[runs]].tolist()
        run_people, run_cents, run_cell = run_people.tolist(), run_cents.tolist(), run_cell.tolist()
        for index, code in enumerate(per_cell["cell"]):
            key = found[code]
            if not key:
                continue
            n, start = int(counts[code]), int(starts[code])
            stats[(dimension, key)] = _Stats(
                n=n,
                total=Decimal(per_cell["total"][index]) / 100,
                quantiles=tuple(_quantile(in_cell_by_pay, start, n, p) for p in PERCENTILES),
                enterprises=per_cell["enterprises"][index],
                largest=per_cell["largest"][index],
                largest_pay=Decimal(per_cell["largest_pay"][index]) / 100,
                part_year=per_cell["part_year"][index],
                cluster_sum=Decimal(per_cell["cluster"][index]) / 4,
            )
        for code, survey_id, people, pay in zip(run_cell, run_surveys, run_people, run_cents, strict=True):
            key = found[code]
            if key:
                contributions.setdefault((dimension, key), {})[survey_id] = (people, pay)
    return stats, contributions


def _quantile(pay_sorted, start, n, p):
    """Return ``percentile`` of the ``n`` cents from ``start`` in ``pay_sorted``, in yuan, exactly: with p = a ÷ b,
    h = (n − 1) a ÷ b, and x[k] + (h − k)(x[k+1] − x[k]) = (b x[k] + r (x[k+1] − x[k])) ÷ b, r = (n − 1) a mod b."""
    numerator, denominator = Fraction(p).as_integer_ratio()
    k, r = divmod((n - 1) * numerator, denominator)
    lower = int(pay_sorted[start + k])
    upper = int(pay_sorted[start + min(k + 1, n - 1)])
    return Decimal(denominator * lower + r * (upper - lower)) / (denominator * 100)


def survey_contributions(year, rule=None, employees=None):
    """Return ``{(dimension, key): {survey id: (people, full-year pay total in cents)}}`` over every accepted
    survey of data year ``year``, part-year people counted under ``rule`` (``PAY_PART_YEAR_RULE`` when not given):
    what each enterprise puts into each cell of every scope (the input of disclosure control and the basis a
    publication keeps to compare its corrections with). ``employees``: the year's rows when the caller has read
    them (``read_employees(year)``)."""
    if employees is None:
        employees = read_employees(year, None, rule)
    return employees.tabulation[1]


def wage_table(year, unit=None, *, rule=None, employees=None):
    """Return every cell of the wage table of data year ``year`` for ``unit`` (``None``: the whole prefecture),
    part-year employees counted under ``rule`` (``PAY_PART_YEAR_RULE`` when not given). ``employees``: the whole
    year's rows when the caller has read them (``read_employees(year)``); the unit's are taken from them."""
    if employees is None:
        employees = read_employees(year, unit, rule)
    elif unit is not None and unit.is_county:
        employees = employees.within(unit.pk)
    stats = employees.tabulation[0]
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
