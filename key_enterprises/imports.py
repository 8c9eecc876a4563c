"""Excel import and export of the monitoring list, a month's figures and a layoff plan's people: plan, then apply.

``read_list`` and ``read_figures`` read a checked upload (``chuxiong_labor.lib.spreadsheets``) and build a plan
that writes nothing: the rows to create or update and every bad row with its problem in Chinese. The services
apply a clean plan in one transaction; the file waits between preview and confirmation in
``chuxiong_labor.lib.uploads`` and is read again when confirmed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from chuxiong_labor import credit_code
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.spreadsheets import Problem, SpreadsheetError, match_columns, read_sheet, simple_workbook

from . import permissions
from .forms import FIGURE_FIELDS, MAX_WAGE_YUAN, MOST_PEOPLE
from .models import LayoffPerson, MonitoredEnterprise, MonthlyFigures, Protection, Reason, Source

LIST_COLUMNS = {
    "name": ["企业名称"],
    "code": ["统一社会信用代码", "信用代码"],
    "reasons": ["纳入监测原因", "监测原因"],
    "headcount_last_year_end": ["上年底职工数量", "上年底职工人数"],
    "job_policies": ["已享受的稳岗政策"],
    "liaison_officer": ["人社服务企业联络员", "联络员"],
    "liaison_phone": ["联络员电话"],
}
LIST_REQUIRED = ("code", "reasons")
REASONS_BY_LABEL = {label: code for code, label in Reason.choices}
# Each source by its label, and 企业报送 also without the note its label carries.
SOURCES_BY_LABEL = {label: code for code, label in Source.choices} | {"企业报送": Source.ENTERPRISE}


@dataclass
class ListPlan:
    new: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    errors: list = field(default_factory=list)


def _text(value):
    return "" if value is None else str(value).strip()


def _count(value, label, number, errors):
    text = _text(value)
    if text == "":
        return 0
    try:
        count = Decimal(text)
    except InvalidOperation:
        count = None
    if count is None or count < 0 or count != count.to_integral_value():
        errors.append(Problem(number, label, f"“{label}”应为零或正整数，现为“{text}”。"))
        return 0
    return int(count)


def _amount(value, label, number, errors):
    text = _text(value).replace(",", "")
    if text == "":
        return Decimal("0")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or amount < 0:
        errors.append(Problem(number, label, f"“{label}”应为零或正数（元），现为“{text}”。"))
        return Decimal("0")
    return amount.quantize(Decimal("0.01"))


def _optional_amount(value, label, number, errors, *, negative=False):
    """A figure that may be left blank (None) and, for a profit, be negative (a loss)."""
    text = _text(value).replace(",", "")
    if text == "":
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or (amount < 0 and not negative) or abs(amount) >= 10**14:
        kind = "数（元，亏损填负数）" if negative else "零或正数（元）"
        errors.append(Problem(number, label, f"“{label}”应为{kind}，现为“{text}”。"))
        return None
    return amount.quantize(Decimal("0.01"))


def _columns(uploaded, columns, required):
    headers, rows = read_sheet(uploaded, expected=[names[0] for names in columns.values()])
    mapping, missing = match_columns(headers, columns)
    lacking = [columns[name][0] for name in required if name not in mapping]
    if lacking:
        raise SpreadsheetError(f"表头缺少必填列：{'、'.join(lacking)}。请使用导出的表格格式。")
    return mapping, rows


def read_list(uploaded, *, user, unit, year):
    """Return the ``ListPlan`` of putting the sheet's enterprises on ``unit``'s list of ``year``."""
    mapping, rows = _columns(uploaded, LIST_COLUMNS, LIST_REQUIRED)
    plan = ListPlan()
    codes = [credit_code.normalize(_text(row[mapping["code"]])) for _number, row in rows]
    enterprises = {
        e.credit_code: e
        for e in Enterprise.objects.visible_to(user).filter(credit_code__in=codes).select_related("region")
    }
    claims = {}
    for entry in MonitoredEnterprise.objects.claiming(enterprises.values(), year).select_related("unit", "enterprise"):
        claims.setdefault(entry.enterprise_id, []).append(entry)
    seen = set()
    for (number, row), code in zip(rows, codes, strict=True):
        get = {name: row[index] if index < len(row) else None for name, index in mapping.items()}
        errors = []
        enterprise = enterprises.get(code)
        if enterprise is None:
            errors.append(
                Problem(
                    number,
                    "统一社会信用代码",
                    f"统一社会信用代码“{code}”不在您可查看的企业库中，请先在企业库中登记该企业。",
                )
            )
        if code in seen:
            errors.append(Problem(number, "统一社会信用代码", f"统一社会信用代码“{code}”在表中重复出现。"))
        seen.add(code)
        labels = [part.strip() for part in _text(get.get("reasons")).replace("，", "、").replace(",", "、").split("、")]
        labels = [label for label in labels if label]
        unknown = [label for label in labels if label not in REASONS_BY_LABEL]
        if not labels or unknown:
            errors.append(
                Problem(
                    number,
                    "纳入监测原因",
                    f"纳入监测原因须为以下一项或多项（用顿号分隔）：{'、'.join(REASONS_BY_LABEL)}。"
                    + (f"无法识别：{'、'.join(unknown)}。" if unknown else ""),
                )
            )
        values = {
            "reasons": [REASONS_BY_LABEL[label] for label in labels if label in REASONS_BY_LABEL],
            "headcount_last_year_end": _count(get.get("headcount_last_year_end"), "上年底职工数量", number, errors),
            "job_policies": _text(get.get("job_policies"))[:300],
            "liaison_officer": _text(get.get("liaison_officer"))[:40],
            "liaison_phone": _text(get.get("liaison_phone"))[:40],
        }
        held = claims.get(enterprise.pk, []) if enterprise else []
        entry = next((e for e in held if e.year == year and e.unit_id == unit.pk), None)
        if enterprise is not None and entry is None:
            refusal = permissions.monitoring_refusal(unit, enterprise, year, claims=held)
            if refusal:
                errors.append(Problem(number, "统一社会信用代码", refusal))
        if errors:
            plan.errors.extend(errors)
            continue
        if entry is None:
            plan.new.append(MonitoredEnterprise(unit=unit, enterprise=enterprise, year=year, **values))
        elif any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            plan.updated.append(entry)
        else:
            plan.unchanged += 1
    return plan


def list_workbook(entries):
    """Return the monitoring list as a workbook whose columns ``read_list`` reads back."""
    headers = ["企业名称", "统一社会信用代码", "所在县市", "监测单位", "监测年度", "纳入监测原因", "上年底职工数量",
               "已享受的稳岗政策", "人社服务企业联络员", "联络员电话", "纳入日期", "调出日期", "调出原因"]  # fmt: skip
    rows = (
        [
            entry.enterprise.name,
            entry.enterprise.credit_code,
            str(entry.enterprise.region),
            str(entry.unit),
            entry.year,
            "、".join(entry.reason_labels()),
            entry.headcount_last_year_end,
            entry.job_policies,
            entry.liaison_officer,
            entry.liaison_phone,
            entry.added_on,
            entry.removed_on,
            entry.removal_reason,
        ]
        for entry in entries
    )
    return simple_workbook("重点企业清单", headers, rows)


def list_template():
    """Return an empty monitoring list to fill in: the columns ``read_list`` reads, in order."""
    return simple_workbook("重点企业清单", [labels[0] for labels in LIST_COLUMNS.values()], [])


# A month's figures ------------------------------------------------------------------------------------------

FIGURE_LABELS = {name: MonthlyFigures._meta.get_field(name).verbose_name for name in FIGURE_FIELDS}
FIGURE_COLUMNS = {"code": ["统一社会信用代码", "信用代码"], **{name: [label] for name, label in FIGURE_LABELS.items()}}
SOURCE_FIELDS = [name for name in FIGURE_FIELDS if name.startswith("source_")]
AMOUNT_FIELDS = ("wages_owed_yuan", "insurance_owed_yuan")
OPTIONAL_AMOUNT_FIELDS = ("revenue_yuan", "revenue_last_year_yuan", "profit_yuan")


def read_figures(uploaded, batch):
    """Return ``(rows, errors)``: unsaved ``MonthlyFigures`` of ``batch``'s unit's monitored enterprises, one per
    sheet row, or the errors of every bad row."""
    mapping, rows = _columns(uploaded, FIGURE_COLUMNS, ("code", "headcount"))
    monitored = {
        entry.enterprise.credit_code: entry
        for entry in MonitoredEnterprise.objects.for_unit(batch.unit)
        .in_year(batch.year)
        .current()
        .select_related("enterprise")
    }
    figures, errors, seen = [], [], set()
    for number, row in rows:
        get = {name: row[index] if index < len(row) else None for name, index in mapping.items()}
        code = credit_code.normalize(_text(get["code"]))
        entry = monitored.get(code)
        if entry is None:
            errors.append(
                Problem(number, "统一社会信用代码", f"“{code}”不是{batch.unit}{batch.year}年监测清单中的企业。")
            )
            continue
        if code in seen:
            errors.append(Problem(number, "统一社会信用代码", f"“{code}”在表中重复出现。"))
            continue
        seen.add(code)
        values = {}
        for name, label in FIGURE_LABELS.items():
            if name in SOURCE_FIELDS:
                text = _text(get.get(name))
                if text and text not in SOURCES_BY_LABEL:
                    errors.append(Problem(number, label, f"“{label}”须为以下之一：{'、'.join(SOURCES_BY_LABEL)}。"))
                if text in SOURCES_BY_LABEL:
                    values[name] = SOURCES_BY_LABEL[text]
            elif name in AMOUNT_FIELDS:
                values[name] = _amount(get.get(name), label, number, errors)
            elif name in OPTIONAL_AMOUNT_FIELDS:
                negative = name == "profit_yuan"
                values[name] = _optional_amount(get.get(name), label, number, errors, negative=negative)
            elif name == "headcount_last_year_end" and _text(get.get(name)) == "":
                values[name] = entry.headcount_last_year_end
            else:
                values[name] = _count(get.get(name), label, number, errors)
        if values.get("layoffs", 0) > values.get("separations", 0):
            errors.append(Problem(number, FIGURE_LABELS["layoffs"], "裁减人数不能大于减员人数。"))
        if values.get("profit_yuan") is not None and values.get("revenue_yuan") is None:
            errors.append(Problem(number, FIGURE_LABELS["revenue_yuan"], "填了利润总额，请同时填本期产值或营业收入。"))
        for name, value in values.items():  # every count, as the sheet on the page (forms.Plausible)
            if isinstance(value, int) and value > MOST_PEOPLE:
                errors.append(
                    Problem(
                        number, FIGURE_LABELS[name], f"超过{MOST_PEOPLE:,}，不像一户企业的人数，请核对是否多填了位数。"
                    )
                )
        figures.append(MonthlyFigures(batch=batch, monitored=entry, **values))
    return figures, errors


def figures_template(batch, figures_by_monitored):
    """Return the month's sheet for ``batch``: one row per monitored enterprise, filled where figures exist."""
    headers = ["统一社会信用代码", "企业名称", *FIGURE_LABELS.values()]
    entries = (
        MonitoredEnterprise.objects.for_unit(batch.unit).in_year(batch.year).current().select_related("enterprise")
    )
    source_labels = dict(Source.choices)
    rows = []
    for entry in entries.order_by("enterprise__name"):
        current = figures_by_monitored.get(entry.pk)
        values = []
        for name in FIGURE_FIELDS:
            value = (
                getattr(current, name)
                if current
                else (entry.headcount_last_year_end if name == "headcount_last_year_end" else None)
            )
            if name in SOURCE_FIELDS:
                value = source_labels.get(value or MonthlyFigures._meta.get_field(name).default)
            values.append(value)
        rows.append([entry.enterprise.credit_code, entry.enterprise.name, *values])
    return simple_workbook(f"{batch.year}年{batch.month}月", headers, rows)


# The people of a layoff plan ---------------------------------------------------------------------------------

PEOPLE_COLUMNS = {
    "name": ["姓名或编号", "姓名"],
    "post": ["岗位"],
    "started_on": ["入职日期"],
    "ended_on": ["解除劳动合同日期", "解除日期"],
    "base_wage_yuan": ["前十二个月平均工资（元/月）", "前十二个月平均工资", "月工资"],
    "protection": ["第四十二条情形（项号1-6，无则留空）", "第四十二条情形"],
}
PEOPLE_REQUIRED = ("name", "started_on", "ended_on", "base_wage_yuan")
PEOPLE_HEADERS = [names[0] for names in PEOPLE_COLUMNS.values()]


def _date(value, label, number, errors):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(Problem(number, label, f"“{label}”应为日期（如 2024-03-01），现为“{_text(value)}”。"))
        return None


def read_people(uploaded):
    """Return ``(people, problems)``: the sheet's rows as unsaved ``LayoffPerson``s, and every bad row's problem.
    The same checks as the sheet on the page (``LayoffPersonForm``)."""
    mapping, rows = _columns(uploaded, PEOPLE_COLUMNS, PEOPLE_REQUIRED)
    people, problems = [], []
    for number, row in rows:
        get = {name: row[index] if index < len(row) else None for name, index in mapping.items()}
        errors = []
        name = _text(get.get("name"))[:40]
        if not name:
            errors.append(Problem(number, "姓名或编号", "请填写姓名或编号。"))
        started = _date(get.get("started_on"), "入职日期", number, errors)
        ended = _date(get.get("ended_on"), "解除劳动合同日期", number, errors)
        if started and ended and ended < started:
            errors.append(
                Problem(
                    number,
                    "解除劳动合同日期",
                    f"解除劳动合同日期（{ended:%Y-%m-%d}）早于入职日期（{started:%Y-%m-%d}），请核对。",
                )
            )
        wage = _amount(get.get("base_wage_yuan"), "前十二个月平均工资（元/月）", number, errors)
        if wage > MAX_WAGE_YUAN:
            errors.append(
                Problem(number, "前十二个月平均工资（元/月）", f"超过{MAX_WAGE_YUAN}元/月，请核对是否多填了位数。")
            )
        protection = _text(get.get("protection")).strip("（）()第项")
        if protection and protection not in Protection.values:
            errors.append(
                Problem(number, "第四十二条情形", f"第四十二条情形应填项号1至6，或留空；现为“{protection}”。")
            )
        if errors:
            problems.extend(errors)
            continue
        people.append(
            LayoffPerson(
                name=name,
                post=_text(get.get("post"))[:60],
                started_on=started,
                ended_on=ended,
                base_wage_yuan=wage,
                protection=protection,
            )
        )
    if not people and not problems:
        raise SpreadsheetError("表格中没有被裁减人员，请在模板的表头下逐行填写。")
    return people, problems


def people_template(plan):
    """Return the people sheet's template, with the plan's people already entered."""
    rows = ([p.name, p.post, p.started_on, p.ended_on, p.base_wage_yuan, p.protection] for p in plan.people.all())
    return simple_workbook("被裁减人员", PEOPLE_HEADERS, rows)
