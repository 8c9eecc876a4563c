"""Excel import and export of coordinators, with Chinese headers and messages: plan, then apply.

``read_coordinators`` reads an upload with the kernel's safe reader (``chuxiong_labor.lib.spreadsheets``), matches
its headers tolerantly and compares every row with the unit's coordinators: which are new, which would change
(and which fields), which are unchanged, and every row's errors in Chinese. It writes nothing;
``services.import_coordinators`` writes a clean plan in one transaction. An existing coordinator is the one
with the same resident ID, or the same name and birth month, in the same unit; a row identical to the stored
record is left alone, so re-importing an export writes nothing. ``export_rows`` writes the same columns back.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q

from chuxiong_labor import resident_id
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.spreadsheets import SpreadsheetError, match_columns, read_sheet
from chuxiong_labor.roles import is_unit_scoped
from chuxiong_labor.units import Unit

from .models import Coordinator, CoordinatorStatus, Gender, SkillLevel, Source

# Field → accepted spellings of its header, first the one exports write.
COLUMNS = {
    "unit": ["管理单位", "所属单位", "单位", "县市"],
    "name": ["姓名"],
    "gender": ["性别"],
    "born_on": ["出生年月", "出生日期"],
    "resident_id": ["公民身份号码", "身份证号码", "身份证号"],
    "employer": ["从业单位", "工作单位", "单位名称"],
    "post": ["岗位", "职务"],
    "occupation": ["从事职业"],
    "source": ["来源", "人员来源"],
    "skill_level": ["职业技能等级", "技能等级", "等级"],
    "certificate_no": ["证书编号"],
    "certified_on": ["取证日期", "发证日期"],
    "occupation_since": ["从事本职业或相关职业起始日期", "从业起始日期", "参加工作时间"],
    "phone": ["联系电话", "手机"],
    "status": ["状态"],
}
REQUIRED = ["name", "gender", "born_on", "employer", "source", "occupation_since"]
CHOICES = {"gender": Gender, "source": Source, "skill_level": SkillLevel, "status": CoordinatorStatus}
MONTH_FIELDS = ("born_on",)
DATE_FIELDS = ("certified_on", "occupation_since")
TEXT_FIELDS = ("post", "certificate_no", "phone", "occupation")
# The stored fields an import compares and writes.
COMPARED = [
    "unit_id",
    "name",
    "gender",
    "born_on",
    "resident_id",
    "employer_id",
    "employer_name",
    "post",
    "occupation",
    "source",
    "skill_level",
    "certificate_no",
    "certified_on",
    "occupation_since",
    "phone",
    "status",
]


def header(name):
    return COLUMNS[name][0]


@dataclass
class Update:
    coordinator: Coordinator
    changed: list[str]  # field names


@dataclass
class CoordinatorPlan:
    """What importing a sheet would change; nothing is written until ``services.import_coordinators``."""

    rows: list = field(default_factory=list)  # {header: value as read, "行号": sheet row} for the preview
    new: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (sheet row, message)

    @property
    def is_clean(self):
        return not self.errors


def parse_date(value, label, *, month_only=False):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1) if month_only else value
    text = str(value).strip().replace("年", "-").replace("月", "-").replace("日", "")
    text = text.replace("/", "-").replace(".", "-").strip("-")
    for fmt in ("%Y-%m", "%Y-%m-%d", "%Y%m") if month_only else ("%Y-%m-%d", "%Y-%m"):
        try:
            parsed = datetime.strptime(text, fmt).date()  # noqa: DTZ007  a calendar date, no time zone
        except ValueError:
            continue
        return parsed.replace(day=1) if month_only else parsed
    example = "1985-06" if month_only else "2015-03-01"
    raise ValueError(f"“{value}”不是有效的{label}，请按“{example}”的格式填写。")


def parse_choice(value, choices, label, *, required):
    """Return the code of a choice written as its Chinese label (or its code); anything else names the choices."""
    text = _text(value)
    if not text:
        if required:
            raise ValueError(f"请填写{label}。")
        return ""
    for choice in choices:
        if text in (choice.label, choice.value) or choice.label.startswith(text + "/"):
            return choice.value
    raise ValueError(f"“{text}”不是有效的{label}，可填：{'、'.join(choice.label for choice in choices)}。")


def read_coordinators(uploaded, *, user):
    """Return the ``CoordinatorPlan`` of an uploaded workbook for ``user``; raise ``SpreadsheetError`` when the
    file cannot be read or required columns are missing."""
    aliases = {header(name): names for name, names in COLUMNS.items()}
    headers, rows = read_sheet(uploaded, expected=[name for names in COLUMNS.values() for name in names])
    mapping, missing = match_columns(headers, aliases)
    required = {header(name) for name in REQUIRED}
    missing = [name for name in missing if name in required]
    if missing:
        raise SpreadsheetError(
            f"表格缺少以下列：{'、'.join(missing)}。请使用导出的表格作为模板，补齐这些列后重新上传。"
        )
    fixed_unit = user.unit if is_unit_scoped(user) else None
    plan = CoordinatorPlan()
    seen = {}
    for number, cells in rows:
        values = {title: _cell(cells, index) for title, index in mapping.items()}
        plan.rows.append({**values, "行号": number})
        coordinator, problems = _coordinator(values, user=user, fixed_unit=fixed_unit)
        key = (coordinator.unit_id, coordinator.resident_id or (coordinator.name, coordinator.born_on))
        if not problems and key in seen:
            problems.append(f"与第{seen[key]}行是同一人，请删除重复的行")
        seen.setdefault(key, number)
        if problems:
            plan.errors.extend((number, problem) for problem in problems)
            continue
        stored = _existing(coordinator)
        if stored is None:
            plan.new.append(coordinator)
            continue
        changed = [name for name in COMPARED if getattr(stored, name) != getattr(coordinator, name)]
        if not changed:
            plan.unchanged.append(stored)
            continue
        for name in changed:
            setattr(stored, name, getattr(coordinator, name))
        plan.updated.append(Update(stored, changed))
    return plan


def _coordinator(values, *, user, fixed_unit):
    """Return an unsaved coordinator built from one row's ``values`` (by header) and the row's problems."""
    coordinator, problems = Coordinator(), []

    def cell(name):
        return values.get(header(name))

    unit = fixed_unit or Unit.objects.owning_records().by_name(_text(cell("unit")))
    if unit is None:
        problems.append(
            f"管理单位：“{_text(cell('unit'))}”不是县（市）或州级成员单位的名称，请填写如“楚雄市”“州人社局”。"
        )
    else:
        coordinator.unit = unit
    coordinator.name = _text(cell("name"))
    coordinator.resident_id = resident_id.normalize(_text(cell("resident_id")))
    for name in TEXT_FIELDS:
        setattr(coordinator, name, _text(cell(name)))
    coordinator.occupation = coordinator.occupation or "劳动关系协调员"
    for name, choices in CHOICES.items():
        try:
            value = parse_choice(cell(name), choices, header(name), required=name in REQUIRED)
        except ValueError as error:
            problems.append(f"{header(name)}：{error}")
        else:
            setattr(coordinator, name, value)
    coordinator.status = coordinator.status or CoordinatorStatus.ACTIVE
    for name in (*MONTH_FIELDS, *DATE_FIELDS):
        try:
            setattr(coordinator, name, parse_date(cell(name), header(name), month_only=name in MONTH_FIELDS))
        except ValueError as error:
            problems.append(f"{header(name)}：{error}")
    employer = _text(cell("employer"))
    found = (
        Enterprise.objects.visible_to(user).filter(Q(name=employer) | Q(credit_code=employer.upper())).first()
        if employer
        else None
    )
    coordinator.employer, coordinator.employer_name = found, "" if found else employer
    if not problems:
        try:
            coordinator.full_clean(exclude=["status_since"])
        except ValidationError as invalid:
            problems.extend(_messages(invalid))
    return coordinator, problems


def _existing(coordinator):
    """Return the stored coordinator the row updates: same resident ID, or same name and birth month, in the unit."""
    match = Q(name=coordinator.name, born_on=coordinator.born_on)
    if coordinator.resident_id:
        match = Q(resident_id=coordinator.resident_id) | match
    return Coordinator.objects.filter(match, unit=coordinator.unit).first()


def _messages(invalid):
    labels = {field.name: str(field.verbose_name) for field in Coordinator._meta.fields}
    labels["employer_name"] = header("employer")
    found = []
    for name, messages in invalid.message_dict.items():
        for message in messages:
            found.append(f"{labels[name]}：{message}" if name in labels else message)
    return found


def export_rows(coordinators, *, show_resident_ids):
    """Return ``(headers, rows)`` of ``coordinators`` in the import's columns, so an export can be imported back."""
    headers = [header(name) for name in COLUMNS]
    rows = []
    for coordinator in coordinators:
        rows.append(
            [
                coordinator.unit.short_name,
                coordinator.name,
                coordinator.get_gender_display(),
                f"{coordinator.born_on:%Y-%m}" if coordinator.born_on else "",
                coordinator.resident_id if show_resident_ids else coordinator.masked_resident_id,
                coordinator.employer_display,
                coordinator.post,
                coordinator.occupation,
                coordinator.get_source_display(),
                coordinator.get_skill_level_display() if coordinator.skill_level else "",
                coordinator.certificate_no,
                f"{coordinator.certified_on:%Y-%m-%d}" if coordinator.certified_on else "",
                f"{coordinator.occupation_since:%Y-%m-%d}" if coordinator.occupation_since else "",
                coordinator.phone,
                coordinator.get_status_display(),
            ]
        )
    return headers, rows


def _text(value):
    return "" if value is None else str(value).strip()


def _cell(cells, index):
    value = cells[index] if index < len(cells) else None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value
