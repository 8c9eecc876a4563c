"""Reading a roster of newly registered enterprises (服务企业名册) into a plan of registry changes.

``read_roster`` parses a checked upload and compares every row with the shared enterprise registry: which
enterprises are new, which would be updated (and which fields), which are unchanged and which rows are bad, each
with its errors in Chinese. It writes nothing; ``services.import_roster`` commits a clean plan in one transaction.
The registry is read in a fixed number of queries whatever the size of the file.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.utils import timezone
from openpyxl.utils.datetime import from_excel

from chuxiong_labor import credit_code
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.bulk import new_instances
from chuxiong_labor.lib.spreadsheets import SpreadsheetError, collector_paused, match_columns, read_sheet
from chuxiong_labor.permissions import can_change_enterprise
from chuxiong_labor.regions import Region, RegionAlias
from chuxiong_labor.units import Unit

from .models import Inclusion, plan_years

# Field → header names accepted for it (folded by ``normalize_header``: spacing, punctuation and full-width forms
# do not matter). The first name is the one the 新注册企业信息表 prints and the one error messages use.
COLUMNS = {
    "name": ["企业名称", "名称", "企业（单位）名称", "单位名称", "市场主体名称", "企业名"],
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "注册号/统一社会信用代码"],
    "registered_on": ["注册时间", "注册日期", "成立日期", "成立时间", "登记日期", "核准日期"],
    "address": ["住所", "地址", "注册地址", "住所（经营场所）", "经营场所", "注册地"],
    "phone": ["联系电话", "企业联系电话", "电话", "企业电话"],
    "postcode": ["邮政编码", "邮编"],
    "legal_rep_name": ["法定代表人姓名", "法定代表人", "法定代表人（负责人）", "法人代表", "法人", "负责人"],
    "legal_rep_phone": ["法定代表人固定电话", "法人固定电话", "法定代表人座机"],
    "legal_rep_mobile": ["法定代表人移动电话", "法定代表人手机", "法人手机", "法定代表人联系电话", "法人电话"],
    "legal_rep_email": ["法定代表人电子邮箱", "法定代表人邮箱", "法人邮箱"],
    "liaison_name": ["联络员姓名", "联络员", "联系人", "联系人姓名"],
    "liaison_phone": ["联络员固定电话", "联络员座机", "联系人固定电话"],
    "liaison_mobile": ["联络员移动电话", "联络员手机", "联系人手机", "联系人移动电话", "联络员电话"],
    "liaison_email": ["联络员电子邮箱", "联络员邮箱", "联系人邮箱", "电子邮箱", "邮箱"],
    "region": ["所在县（市）", "所属县（市）", "县（市）", "所在地区", "登记机关所在地"],
}
REQUIRED = ("name", "credit_code")
TEXT_FIELDS = [name for name in COLUMNS if name not in ("credit_code", "registered_on", "region")]
EMAIL_FIELDS = ("legal_rep_email", "liaison_email")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Each text field's header (as messages name it) and length limit, read once rather than per cell.
TEXT_LIMITS = {name: (COLUMNS[name][0], Enterprise._meta.get_field(name).max_length) for name in TEXT_FIELDS}


@dataclass
class BadRow:
    row: int
    name: str
    code: str
    errors: list[str]


@dataclass
class Update:
    enterprise: Enterprise  # with the file's values applied
    before: dict  # field name → the value the registry held

    @property
    def changed(self):
        return list(self.before)

    @property
    def changes(self):
        """Return ``{field name: (old, new)}`` of this update."""
        return {name: (old, getattr(self.enterprise, name)) for name, old in self.before.items()}

    @property
    def changed_labels(self):
        return [str(Enterprise._meta.get_field(name).verbose_name) for name in self.changed]


@dataclass
class RosterPlan:
    """What importing a roster would change; nothing is written until ``services.import_roster``."""

    unit: Unit
    year: int | None
    new: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    bad_rows: list = field(default_factory=list)
    to_include: list = field(default_factory=list)  # credit codes to include in ``year``
    already_included: int = 0

    @property
    def is_clean(self):
        return not self.bad_rows

    @property
    def row_count(self):
        return len(self.new) + len(self.updated) + len(self.unchanged) + len(self.bad_rows)

    def counts(self):
        """Return the figures a preview shows (and a confirmation re-checks)."""
        return [len(self.new), len(self.updated), len(self.unchanged), len(self.bad_rows), len(self.to_include)]


@collector_paused()  # the rows, cells and enterprises of a large roster made the collector rescan them again and again
def read_roster(uploaded, *, unit, user, year=None):
    """Return the ``RosterPlan`` of importing ``uploaded`` for ``unit`` by ``user``.

    ``user`` ``None`` (the management command, run by the system's operator) may update any enterprise; a portal
    user only those ``can_change_enterprise`` allows.

    Raises ``SpreadsheetError`` (a Chinese sentence) when the file as a whole cannot be imported: too large, not
    a workbook or CSV file, a zip bomb, no data, or a required column missing.
    """
    expected = [name for names in COLUMNS.values() for name in names]
    headers, rows = read_sheet(uploaded, expected=expected)
    mapping, missing = match_columns(headers, COLUMNS)
    missing_required = [COLUMNS[name][0] for name in REQUIRED if name not in mapping]
    if missing_required:
        raise SpreadsheetError(
            f"表头中找不到“{'”“'.join(missing_required)}”列。请在第一个工作表的表头写明这些列"
            f"（可参照《新注册企业信息表》的栏目名称）后重新上传。"
        )
    plan = RosterPlan(unit=unit, year=year)
    regions = _RegionLookup()
    parsed = []
    first_row_of = {}
    today = timezone.localdate()
    for number, cells in rows:
        values, errors = _parse_row(cells, mapping, today)
        code = values.get("credit_code", "")
        if code and code in first_row_of:
            errors.append(
                f"与第{first_row_of[code]}行的统一社会信用代码相同；同一企业在名册中只能出现一次，请删除重复行。"
            )
        elif code:
            first_row_of[code] = number
        parsed.append((number, values, errors))
    new_rows = []
    existing = _existing_by_code([values["credit_code"] for _, values, _ in parsed if values.get("credit_code")])
    for number, values, errors in parsed:
        code = values.get("credit_code", "")
        current = existing.get(code)
        if code:
            problem = credit_code.problem(code)
            if problem and not (current and current.has_credit_code_override):
                errors.append(problem)
        region = None
        if not errors:
            region = _region_for(values, unit, regions, errors)
        if current is not None and user is not None and not can_change_enterprise(user, current):
            errors.append(f"该企业已在企业库中登记在{current.region}，不属于您的辖区，不能由本单位导入或修改。")
        if errors:
            plan.bad_rows.append(BadRow(number, values.get("name", ""), code, errors))
            continue
        if current is None:
            new_rows.append((values, region))
            continue
        before = _apply(current, values)
        if before:
            plan.updated.append(Update(current, before))
        else:
            plan.unchanged.append(current)
    plan.new = _new_enterprises(new_rows)
    if year is not None:
        codes = [e.credit_code for e in plan.new] + [u.enterprise.credit_code for u in plan.updated]
        codes += [e.credit_code for e in plan.unchanged]
        included = set(  # an enterprise counts once across the plan cycle's years
            Inclusion.objects.filter(year__in=plan_years(year), enterprise__credit_code__in=codes).values_list(
                "enterprise__credit_code", flat=True
            )
        )
        plan.to_include = [code for code in codes if code not in included]
        plan.already_included = len(included)
    return plan


def _parse_row(cells, mapping, today):
    values, errors = {}, []

    def cell(name):
        index = mapping.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    for name, (label, limit) in TEXT_LIMITS.items():
        if name not in mapping:
            continue
        text = _text(cell(name))
        if text and limit and len(text) > limit:
            errors.append(f"“{label}”超过{limit}个字，请精简后重新导入。")
        values[name] = text
    values["credit_code"] = credit_code.normalize(_text(cell("credit_code")))
    if not values.get("name"):
        errors.append("“企业名称”为空，请填写企业全称。")
    if not values["credit_code"]:
        errors.append("“统一社会信用代码”为空，请填写18位代码。")
    if "registered_on" in mapping:
        raw = cell("registered_on")
        registered_on = _date(raw)
        if registered_on is None and _text(raw):
            errors.append(f"“注册时间”“{_text(raw)}”不是有效日期，请写成 2021-03-05 这样的格式。")
        elif registered_on and registered_on > today:
            errors.append(f"“注册时间”{registered_on:%Y-%m-%d}晚于今天，请核对。")
        values["registered_on"] = registered_on
    if values.get("postcode") and not re.fullmatch(r"\d{6}", values["postcode"]):
        errors.append(f"“邮政编码”“{values['postcode']}”应为6位数字，请核对。")
    for name in EMAIL_FIELDS:
        if values.get(name):
            try:
                validate_email(values[name])
            except ValidationError:
                errors.append(f"“{COLUMNS[name][0]}”“{values[name]}”不是有效的电子邮箱地址，请核对。")
    if "region" in mapping:
        values["region"] = _text(cell("region"))
    return values, errors


def _text(value):
    if value is None:
        return ""
    if value.__class__ is str:
        return " ".join(value.split())  # every run of blanks one space, as below, without a regular expression
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return re.sub(r"\s+", " ", str(value)).strip()


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:
        return from_excel(value).date()
    text = _text(value).replace(" ", "")
    if ISO_DATE.fullmatch(text):  # the usual way, read without strptime
        try:
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007  a calendar date, no time
        except ValueError:
            continue
    return None


class _RegionLookup:
    """The county regions by current code, former code and name, read once."""

    def __init__(self):
        counties = list(Region.objects.filter(level=Region.Level.COUNTY))
        self.by_code = {region.code: region for region in counties}
        self.by_name = {region.name: region for region in counties}
        for alias in RegionAlias.objects.select_related("region"):
            self.by_code[alias.code] = alias.region
            self.by_name[alias.name] = alias.region
        for region in counties:
            self.by_name.setdefault(region.name[:-1], region)

    def from_code(self, code):
        return self.by_code.get(code[2:8])

    def from_name(self, name):
        return self.by_name.get(name.strip()) if name else None


def _region_for(values, unit, regions, errors):
    """Return the county an enterprise belongs to, appending an error when it cannot be told or is elsewhere."""
    named = regions.from_name(values.get("region", ""))
    if values.get("region") and named is None:
        errors.append(f"“所在县（市）”“{values['region']}”不是楚雄州的县（市），请核对。")
        return None
    region = named or regions.from_code(values["credit_code"])
    if unit.kind == Unit.Kind.COUNTY_OFFICE:
        if region is not None and region.pk != unit.region_id:
            errors.append(
                f"该企业属于{region}（依据“所在县（市）”或信用代码第3至8位），不在{unit}辖区；"
                f"请核对，或交由{region}导入。"
            )
            return None
        return unit.region
    if region is None:
        errors.append(
            "无法确定该企业所在的县（市）：信用代码中没有楚雄州县（市）的区划代码，请增加“所在县（市）”列并填写。"
        )
    return region


def _existing_by_code(codes):
    """The registry's enterprises holding ``codes``: one query on PostgreSQL, which takes any number of
    parameters; in parts of the most a query may hold elsewhere (SQLite)."""
    found = {}
    size = connection.features.max_query_params or len(codes) or 1
    for start in range(0, len(codes), size):
        chunk = codes[start : start + size]
        for enterprise in Enterprise.objects.filter(credit_code__in=chunk).select_related("region"):
            found[enterprise.credit_code] = enterprise
    return found


def _new_enterprises(rows):
    """The new enterprises of ``(values, region)`` rows, built together by ``new_instances`` (faster than one
    ``Enterprise(**values)`` each)."""
    return new_instances(
        Enterprise,
        (
            {
                **{name: values[name] for name in TEXT_FIELDS if name in values},
                "credit_code": values["credit_code"],
                "registered_on": values.get("registered_on"),
                "region": region,
            }
            for values, region in rows
        ),
    )


def _apply(enterprise, values):
    """Copy the file's non-blank values onto ``enterprise``; return ``{field name: old value}`` of what changed.

    A blank cell never erases what the registry already holds.
    """
    before = {}
    for name in [*TEXT_FIELDS, "registered_on"]:
        value = values.get(name)
        if value in (None, ""):
            continue
        if getattr(enterprise, name) != value:
            before[name] = getattr(enterprise, name)
            setattr(enterprise, name, value)
    return before
