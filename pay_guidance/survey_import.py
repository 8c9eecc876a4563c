"""Reading a survey file (an employee sheet or an enterprise sheet, one enterprise or a whole county) into a plan.

``read_survey`` parses a survey file with the kernel's reader (.xlsx, .xls, or CSV in UTF-8 or GBK, streamed row
by row), decides from its headers
which sheet it is, checks every row against the registry, the sample and the reference data, and returns a
``SurveyPlan`` with every bad row's errors and the warnings in Chinese. It writes nothing;
``services.import_survey`` writes a clean plan in one transaction. The registry and the sample are read in a
fixed number of queries whatever the size of the file.

A survey CSV may be 200 MB (``PAY_SURVEY_MAX_UPLOAD_BYTES``), a million rows: the plan keeps no employee row. It
streams the file and keeps per enterprise only what the checks need (the row count, the rows paid below the highest
minimum wage, which the minimum-wage check looks at once the enterprise's county is known), and the problems in a
compressed ``ProblemList``; a row paid below the minimum wage is no error but a warning, and is flagged once
imported (``minimum_wage``); ``SurveyPlan.employee_rows`` reads the same file again, through the same checks, when
the rows are written. A preview of the largest file so stays within a few hundred megabytes (``benchmarks/
bench_uploads.py``; it took 2.2 GB on 100 MB when the plan held every row).
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings

from chuxiong_labor import credit_code
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.spreadsheets import (
    SHOWN_PROBLEMS,
    ProblemList,
    SpreadsheetError,
    match_columns,
    normalize_header,
    read_sheet,
)
from chuxiong_labor.regions import Region, RegionAlias

from . import labels, minimum_wage, occupations
from .models import MinimumWage, SurveyEnterprise, SurveyStatus

EMPLOYEE_COLUMNS = {
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "name": ["企业名称", "单位名称"],
    "occupation_code": ["职业编码", "职业代码"],
    "management_grade": ["管理岗位层级", "管理岗位"],
    "title": ["职称", "专业技术职称"],
    "skill_grade": ["技能等级", "职业技能等级"],
    "education": ["学历"],
    "months_worked": ["工作月数", "工作时间月"],
    "basic_yuan": ["基本工资"],
    "bonus_yuan": ["奖金"],
    "allowance_yuan": ["津贴补贴", "津贴和补贴"],
    "overtime_yuan": ["加班工资"],
    "special_yuan": ["特殊情况工资", "特殊情况下支付的工资"],
    "staff_number": ["员工编号", "工号", "职工编号"],
    "total_yuan": ["年工资合计", "工资合计", "应发工资合计"],
}
EMPLOYEE_OPTIONAL = ("staff_number", "total_yuan")
ENTERPRISE_COLUMNS = {
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "name": ["企业名称", "单位名称"],
    "average_headcount": ["从业人员平均人数", "平均人数", "平均用工人数"],
    "wages_yuan": ["从业人员工资总额", "工资总额"],
    "social_insurance_yuan": ["社会保险费用", "社会保险费"],
    "welfare_yuan": ["福利费用", "职工福利费用"],
    "education_yuan": ["教育经费", "职工教育经费"],
    "protection_yuan": ["劳动保护费用", "劳动保护费"],
    "housing_yuan": ["住房费用", "住房费"],
    "other_cost_yuan": ["其他人工成本", "其他人工成本费用"],
    "total_cost_yuan": ["成本费用总额", "总成本", "成本费用合计"],
    "revenue_yuan": ["营业收入", "销售收入", "营业收入（销售收入）"],
    "value_added_yuan": ["增加值"],
    "profit_yuan": ["利润总额", "利润"],
    "labour_cost_total": ["人工成本总额"],
}
ENTERPRISE_OPTIONAL = ("labour_cost_total",)
PAY_PARTS = ("basic_yuan", "bonus_yuan", "allowance_yuan", "overtime_yuan", "special_yuan")
PART_LABELS = {name: EMPLOYEE_COLUMNS[name][0] for name in PAY_PARTS}
COST_PARTS = (
    "wages_yuan",
    "social_insurance_yuan",
    "welfare_yuan",
    "education_yuan",
    "protection_yuan",
    "housing_yuan",
    "other_cost_yuan",
)
CODE = "统一社会信用代码"


@dataclass
class Note:
    """A warning of the preview: the row, the enterprise's credit code and what to check (import goes ahead)."""

    row: int
    code: str
    message: str


@dataclass
class SurveyPlan:
    """What importing a survey file would change; nothing is written until ``services.import_survey``."""

    kind: str  # "employees" or "enterprises"
    unit: object
    year: int
    source: object = None  # the file, read again by ``employee_rows``
    row_count: int = 0
    errors: ProblemList = field(default_factory=ProblemList)
    warnings: list = field(default_factory=list)  # the first ``SHOWN_PROBLEMS`` ``Note`` s
    warning_count: int = 0
    new_enterprises: dict = field(default_factory=dict)  # code → unsaved Enterprise
    existing: dict = field(default_factory=dict)  # code → Enterprise
    surveys: dict = field(default_factory=dict)  # code → SurveyEnterprise already in the sample
    employee_counts: dict = field(default_factory=dict)  # code → number of good employee rows
    low_pay: dict = field(default_factory=dict)  # code → [(row, months, basic, bonus, allowance, special)] below
    # the highest minimum
    flag_count: int = 0  # rows below the minimum wage: imported, and flagged for the county to verify
    sheets: dict = field(default_factory=dict)  # code → {field: value} (enterprise sheet)

    @property
    def is_clean(self):
        return not self.errors

    @property
    def codes(self):
        return list(self.employee_counts) if self.kind == "employees" else list(self.sheets)

    def warn(self, row, code, message):
        if self.warning_count < SHOWN_PROBLEMS:
            self.warnings.append(Note(row, code, message))
        self.warning_count += 1

    def employee_rows(self):
        """Yield ``(code, field dict)`` of every employee row of a clean plan, its file read and checked again.

        Raises ``SpreadsheetError`` when the file no longer reads as it did (it is the same held file, so only
        if it was swapped)."""
        kind, rows = _survey_rows(self.source)
        scratch = SurveyPlan(kind=kind, unit=self.unit, year=self.year)
        context = _Context(self.unit, self.year, queries=False)
        for number, values in rows:
            found = _employee_row(scratch, context, number, values)
            if found is None or found[0] not in self.employee_counts:
                raise SpreadsheetError("文件与预览时不同，本次没有导入。请重新上传文件查看预览。")
            yield found

    @property
    def kind_label(self):
        return "职工薪酬表" if self.kind == "employees" else "企业人工成本表"

    def counts(self):
        """Return the figures a preview shows and a confirmation re-checks."""
        return [self.row_count, len(self.codes), len(self.new_enterprises), len(self.errors)]


def read_rows(uploaded):
    """Return ``(headers, rows)`` of a survey file (.xlsx, .xls or .csv, through the kernel's reader); a CSV may be
    as large as ``PAY_SURVEY_MAX_UPLOAD_BYTES`` and is read a row at a time. Raises ``SpreadsheetError`` for a file
    that cannot be read at all."""
    expected = [
        name for columns in (EMPLOYEE_COLUMNS, ENTERPRISE_COLUMNS) for names in columns.values() for name in names
    ]
    return read_sheet(uploaded, expected=expected, large_csv=settings.PAY_SURVEY_MAX_UPLOAD_BYTES)


def read_survey(uploaded, *, unit, year):
    """Return the ``SurveyPlan`` of importing ``uploaded`` into ``unit``'s survey of data year ``year``.

    Raises ``SpreadsheetError`` (a Chinese sentence) when the file as a whole cannot be imported. The plan keeps
    ``uploaded`` to read it again when it is written: keep the file open until then.
    """
    kind, rows = _survey_rows(uploaded)
    plan = SurveyPlan(kind=kind, unit=unit, year=year, source=uploaded)
    context = _Context(unit, year)
    for number, values in rows:
        plan.row_count += 1
        if kind == "enterprises":
            _enterprise_row(plan, context, number, values)
            continue
        found = _employee_row(plan, context, number, values)
        if found is not None:
            code, row = found
            plan.employee_counts[code] = plan.employee_counts.get(code, 0) + 1
            months = row["months_worked"]
            normal = minimum_wage.normal_pay(row["basic_yuan"], row["bonus_yuan"], row["allowance_yuan"])
            if context.ceiling is not None and normal < context.ceiling * months:
                parts = (row["basic_yuan"], row["bonus_yuan"], row["allowance_yuan"], row["special_yuan"])
                plan.low_pay.setdefault(code, []).append((number, months, *parts))
    context.finish(plan)
    return plan


def _survey_rows(uploaded):
    """Return ``(kind, rows)``: which sheet the file is, and its rows as ``(row number, {field: text})``, read as
    iterated."""
    headers, rows = read_rows(uploaded)
    folded = {normalize_header(header) for header in headers}
    if normalize_header("职业编码") in folded or normalize_header("职业代码") in folded:
        kind, columns, optional = "employees", EMPLOYEE_COLUMNS, EMPLOYEE_OPTIONAL
    elif any(normalize_header(name) in folded for name in ENTERPRISE_COLUMNS["average_headcount"]):
        kind, columns, optional = "enterprises", ENTERPRISE_COLUMNS, ENTERPRISE_OPTIONAL
    else:
        raise SpreadsheetError(
            "无法识别该文件：职工薪酬表须有“职业编码”列，企业人工成本表须有“从业人员平均人数”列。请使用调查表模板的表头。"
        )
    mapping, missing = match_columns(headers, columns)
    missing = [columns[name][0] for name in columns if name not in mapping and name not in optional]
    if missing:
        raise SpreadsheetError(f"表头中找不到“{'”“'.join(missing)}”列。请按调查表模板补齐这些列后重新上传。")

    def values():
        for number, cells in rows:
            width = len(cells)
            yield number, {name: _text(cells[index]) if index < width else "" for name, index in mapping.items()}

    return kind, values()


class _Context:
    """What the checks need from the database, read once: the registry entries and sample rows by code, the
    counties, the minimum-wage tiers."""

    def __init__(self, unit, year, *, queries=True):
        self.unit, self.year = unit, year
        self.counties, self.minimum = {}, {}
        if queries:  # reading the rows again to write them needs none of it
            self.counties = {region.code: region for region in Region.objects.filter(level=Region.Level.COUNTY)}
            for alias in RegionAlias.objects.select_related("region"):
                self.counties[alias.code] = alias.region
            self.minimum = MinimumWage.objects.monthly(year)
        tiers = [value for monthly in self.minimum.values() for value in monthly if value]
        self.ceiling = max(tiers) if tiers else None  # a row paid at least this much a month passes every county
        self.first_row = {}
        self.spellings = {}  # code → {name: [rows with it, first row numbers]} once a code has two names
        self.staff_numbers = set()
        self.codes = {}
        self.checked_codes = set()
        self.good_occupations = set()

    def finish(self, plan):
        codes = list(self.codes)
        for start in range(0, len(codes), 2000):
            chunk = codes[start : start + 2000]
            for enterprise in Enterprise.objects.filter(credit_code__in=chunk):
                plan.existing[enterprise.credit_code] = enterprise
            for survey in SurveyEnterprise.objects.filter(
                year=self.year, enterprise__credit_code__in=chunk
            ).select_related("enterprise", "unit"):
                plan.surveys[survey.enterprise.credit_code] = survey
        self._blame_names(plan)
        for code, (number, name) in self.codes.items():
            enterprise = plan.existing.get(code)
            region = enterprise.region if enterprise else self.counties.get(code[2:8])
            if self.unit.is_county and region is not None and region.pk != self.unit.region_id:
                plan.errors.add(
                    number, CODE, f"该企业属于{region}，不在{self.unit}辖区；请核对信用代码，或交由{region}导入。"
                )
                continue
            if region is None:
                region = self.unit.region if self.unit.is_county else None
            if region is None:
                plan.errors.add(
                    number,
                    CODE,
                    "信用代码中没有楚雄州县（市）的区划代码，无法确定企业所在地；请先在企业库中登记该企业。",
                )
                continue
            survey = plan.surveys.get(code)
            if survey is not None and survey.unit_id != self.unit.pk:
                plan.errors.add(
                    number, CODE, f"该企业已列入{survey.unit}{self.year}年度的调查样本，不能由{self.unit}重复调查。"
                )
            elif survey is not None and survey.status == SurveyStatus.ACCEPTED:
                plan.errors.add(
                    number, CODE, "该企业的调查数据已经州级验收，不能再导入；如需更正，请先由州三方办退回。"
                )
            if enterprise is None:
                plan.new_enterprises[code] = Enterprise(credit_code=code, name=name, region=region)
            self._check_minimum(plan, code, region)

    def _check_minimum(self, plan, code, region):
        monthly = self.minimum.get(region.pk)
        if not monthly or plan.kind != "employees":
            return
        for number, months, *parts in plan.low_pay.get(code, []):
            finding = minimum_wage.check(monthly, months, *parts, place=str(region))
            if finding is not None:
                plan.flag_count += 1
                plan.warn(number, code, f"{finding.message}（可以导入，导入后标记为待核实，由县（市）确认或更正）")

    def identify(self, plan, number, values):
        """Check the row's enterprise columns; return its code, or ``None`` (errors appended)."""
        raw, name = values.get("credit_code", ""), values.get("name", "")
        if raw in self.checked_codes and name:  # a survey file repeats each enterprise on hundreds of rows
            self._same_name(plan, number, raw, name)
            return raw
        code = credit_code.normalize(raw)
        if not code:
            plan.errors.add(number, CODE, "“统一社会信用代码”为空，请填写企业的18位统一社会信用代码。")
            return None
        problem = credit_code.problem(code)
        if problem:
            plan.errors.add(number, CODE, problem)
            return None
        if not name:
            plan.errors.add(number, "企业名称", "“企业名称”为空，请填写。")
            return None
        if raw == code:
            self.checked_codes.add(code)
        self._same_name(plan, number, code, name)
        return code

    def _same_name(self, plan, number, code, name):
        first = self.codes.get(code)
        if first is None:
            self.codes[code] = (number, name)
            return
        spellings = self.spellings.get(code)
        if spellings is None:
            if first[1] == name:
                return  # the common case: one name, nothing to count
            # The first row's name is counted from here on: every row before this one had it.
            spellings = self.spellings[code] = {first[1]: [0, [first[0]]]}
            spellings[first[1]][0] = plan.employee_counts.get(code, 0) + (plan.kind == "enterprises")
        found = spellings.setdefault(name, [0, []])
        found[0] += 1
        if len(found[1]) < SHOWN_PROBLEMS:
            found[1].append(number)

    def _blame_names(self, plan):
        """Warn on the rows whose enterprise name differs from the name the enterprise's other rows (or the
        registry) give: the misnamed rows, not the first row."""
        for code, spellings in self.spellings.items():
            registered = plan.existing.get(code)
            if registered is not None and registered.name in spellings:
                right = registered.name
            else:
                right = max(spellings, key=lambda name: spellings[name][0])
            number = self.codes[code][0]
            self.codes[code] = (number, right)
            for name, (_count, rows) in spellings.items():
                if name == right:
                    continue
                others = spellings[right][0]
                for row in rows:
                    plan.warn(
                        row,
                        code,
                        f"企业名称“{name}”与该企业其他{others}行的“{right}”不同，按“{right}”导入；请核对本行的企业名称。",
                    )


def _text(value):
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


CENT = Decimal("0.01")
LIMIT = Decimal("1e13")


def _money(text, label, errors, *, signed=False):
    try:
        value = Decimal(text)  # the common case: a plain number, read as it is
    except InvalidOperation:
        value = None
    if value is None:
        cleaned = text.replace(",", "").replace("，", "").replace("元", "").strip()
        if not cleaned:
            errors.append((label, f"“{label}”为空，没有的请填0。"))
            return None
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            errors.append((label, f"“{label}”应为金额（元），“{text}”不是数字。"))
            return None
    if not value.is_finite() or abs(value) >= LIMIT:
        errors.append((label, f"“{label}”的金额“{text}”超出范围，请核对单位（元）。"))
        return None
    if value < 0 and not signed:
        errors.append((label, f"“{label}”不能为负数。"))
        return None
    rounded = value.quantize(CENT)
    if rounded != value:
        errors.append((label, f"“{label}”最多保留两位小数（元、角、分）。"))
        return None
    return rounded


def _employee_row(plan, context, number, values):
    """Check one employee row; return ``(code, field dict)``, or ``None`` with its problems added to the plan."""
    errors = []
    code = context.identify(plan, number, values)
    if code is None:
        return None
    occupation = values["occupation_code"]
    if occupation not in context.good_occupations:
        occupation = occupation.replace("—", "-").replace("－", "-")
        if not occupation:
            errors.append(("职业编码", "“职业编码”为空，请按国家职业分类大典填写，例如4-03-02-01。"))
        elif not occupations.is_well_formed(occupation):
            errors.append(
                (
                    "职业编码",
                    f"职业编码“{occupation}”格式不对：应为国家职业分类大典的“大类-中类-小类-细类”编码，大类为1至8，"
                    "例如4-03-02-01。",
                )
            )
        elif occupation not in occupations.KNOWN:
            plan.warn(number, code, f"职业编码“{occupation}”不在本平台的职业名录中，请核对（不影响导入）。")
        elif occupation == values["occupation_code"]:
            context.good_occupations.add(occupation)  # known and written as it is: no need to look again
    chosen = {}
    for dimension in labels.ALLOWED:
        chosen[dimension] = labels.normalize(dimension, values[dimension])
        if chosen[dimension] is None:
            errors.append((EMPLOYEE_COLUMNS[dimension][0], labels.problem(dimension, values[dimension])))
    months_text = values["months_worked"]
    months = int(months_text) if months_text.isdigit() else None
    if months is None or not 1 <= months <= 12:
        errors.append(("工作月数", f"“工作月数”应为1至12的整数，“{months_text}”不符合。"))
    parts = {name: _money(values[name], PART_LABELS[name], errors) for name in PAY_PARTS}
    total = None
    if None not in parts.values():
        total = parts["basic_yuan"] + parts["bonus_yuan"] + parts["allowance_yuan"] + parts["overtime_yuan"]
        total += parts["special_yuan"]
        if values.get("total_yuan"):
            stated = _money(values["total_yuan"], "年工资合计", errors)
            if stated is not None and stated != total:
                errors.append(
                    ("年工资合计", f"五项工资之和为{total}元，与“年工资合计”{stated}元不符，请核对各项金额。")
                )
    staff_number = values.get("staff_number", "")
    if staff_number:
        key = f"{code}\t{staff_number}"  # one string, not a tuple of two: a million rows hold fewer objects
        if key in context.staff_numbers:
            errors.append(
                ("员工编号", f"员工编号“{staff_number}”在该企业中重复出现；同一职工只能填一行，请删除重复行。")
            )
        context.staff_numbers.add(key)
    if errors:
        for column, message in errors:
            plan.errors.add(number, column, message)
        return None
    return code, (
        {
            "row": number,
            "staff_number": staff_number,
            "occupation_code": occupation,
            **chosen,
            "months_worked": months,
            **parts,
            "annual_pay_yuan": total,
        }
    )


def _enterprise_row(plan, context, number, values):
    errors = []
    code = context.identify(plan, number, values)
    if code is None:
        return
    if code in plan.sheets:
        plan.errors.add(number, CODE, "同一企业在文件中出现了两次；每户企业只填一行，请删除重复行。")
        return
    sheet = {}
    headcount_text = values["average_headcount"].replace(",", "")
    try:
        sheet["average_headcount"] = Decimal(headcount_text).quantize(Decimal("0.1"))
        if sheet["average_headcount"] <= 0:
            raise InvalidOperation
    except InvalidOperation:
        errors.append(("从业人员平均人数", f"“从业人员平均人数”应为正数，“{headcount_text}”不符合。"))
    for name in (*COST_PARTS, "total_cost_yuan", "revenue_yuan", "value_added_yuan"):
        sheet[name] = _money(values[name], ENTERPRISE_COLUMNS[name][0], errors)
    sheet["profit_yuan"] = _money(values["profit_yuan"], "利润总额", errors, signed=True)
    if values.get("labour_cost_total") and all(sheet.get(name) is not None for name in COST_PARTS):
        total = sum((sheet[name] for name in COST_PARTS), Decimal(0))
        stated = _money(values["labour_cost_total"], "人工成本总额", errors)
        if stated is not None and stated != total:
            errors.append(
                ("人工成本总额", f"人工成本七个组成部分之和为{total}元，与“人工成本总额”{stated}元不符，请核对。")
            )
    if errors:
        for column, message in errors:
            plan.errors.add(number, column, message)
        return
    plan.sheets[code] = sheet
