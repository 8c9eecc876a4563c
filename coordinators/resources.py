"""Excel import and export of coordinators (django-import-export), with Chinese headers and messages.

An import is read with the kernel's safe reader (``chuxiong_labor.lib.spreadsheets``), its headers matched
tolerantly, then run through ``CoordinatorResource`` twice: once as a dry run for the preview, which lists every
row's errors, and once for real, in one transaction, only when no row has an error.
"""

from datetime import date, datetime

import tablib
from django.db.models import Q
from import_export import fields, resources, widgets

from chuxiong_labor import resident_id
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.spreadsheets import SpreadsheetError, match_columns, read_sheet
from chuxiong_labor.roles import is_unit_scoped
from chuxiong_labor.units import Unit

from .models import Coordinator, CoordinatorStatus, Gender, SkillLevel, Source


def _parse_date(value, label, *, month_only=False):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1) if month_only else value
    text = str(value).strip().replace("年", "-").replace("月", "-").replace("日", "")
    text = text.replace("/", "-").replace(".", "-").strip("-")
    for fmt in ("%Y-%m-%d", "%Y-%m") if not month_only else ("%Y-%m", "%Y-%m-%d", "%Y%m"):
        try:
            parsed = datetime.strptime(text, fmt).date()  # noqa: DTZ007  a calendar date, no time zone
        except ValueError:
            continue
        return parsed.replace(day=1) if month_only else parsed
    example = "1985-06" if month_only else "2015-03-01"
    raise ValueError(f"“{value}”不是有效的{label}，请按“{example}”的格式填写。")


class DateCN(widgets.Widget):
    def __init__(self, label, *, month_only=False):
        super().__init__()
        self.label, self.month_only = label, month_only

    def clean(self, value, row=None, **kwargs):
        return _parse_date(value, self.label, month_only=self.month_only)

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return value.strftime("%Y-%m" if self.month_only else "%Y-%m-%d")


class ChoiceLabel(widgets.Widget):
    """A choice written as its Chinese label (or its code); anything else is an error naming the choices."""

    def __init__(self, choices, label, *, required=True):
        super().__init__()
        self.choices, self.label, self.required = choices, label, required

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise ValueError(f"请填写{self.label}。")
            return ""
        for choice in self.choices:
            if text in (choice.label, choice.value) or choice.label.startswith(text + "/"):
                return choice.value
        options = "、".join(choice.label for choice in self.choices)
        raise ValueError(f"“{text}”不是有效的{self.label}，可填：{options}。")

    def render(self, value, obj=None, **kwargs):
        return self.choices(value).label if value else ""


class UnitCN(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        unit = Unit.objects.owning_records().by_name(str(value or ""))
        if unit is None:
            raise ValueError(f"“{value or ''}”不是县（市）或州级成员单位的名称，请填写如“楚雄市”“州人社局”。")
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.short_name if value else ""


class CoordinatorResource(resources.ModelResource):
    unit = fields.Field("unit", "管理单位", widget=UnitCN())
    name = fields.Field("name", "姓名")
    gender = fields.Field("gender", "性别", widget=ChoiceLabel(Gender, "性别"))
    born_on = fields.Field("born_on", "出生年月", widget=DateCN("出生年月", month_only=True))
    resident_id = fields.Field("resident_id", "公民身份号码")
    employer_text = fields.Field(column_name="从业单位", attribute=None, dehydrate_method="dehydrate_employer_text")
    post = fields.Field("post", "岗位")
    occupation = fields.Field("occupation", "从事职业")
    source = fields.Field("source", "来源", widget=ChoiceLabel(Source, "来源"))
    skill_level = fields.Field(
        "skill_level", "职业技能等级", widget=ChoiceLabel(SkillLevel, "职业技能等级", required=False)
    )
    certificate_no = fields.Field("certificate_no", "证书编号")
    certified_on = fields.Field("certified_on", "取证日期", widget=DateCN("取证日期"))
    occupation_since = fields.Field(
        "occupation_since", "从事本职业或相关职业起始日期", widget=DateCN("从事本职业或相关职业起始日期")
    )
    phone = fields.Field("phone", "联系电话")
    status = fields.Field("status", "状态", widget=ChoiceLabel(CoordinatorStatus, "状态", required=False))

    # Accepted spellings of each header, first the one exports write.
    ALIASES = {
        "管理单位": ["管理单位", "所属单位", "单位", "县市"],
        "姓名": ["姓名"],
        "性别": ["性别"],
        "出生年月": ["出生年月", "出生日期"],
        "公民身份号码": ["公民身份号码", "身份证号码", "身份证号"],
        "从业单位": ["从业单位", "工作单位", "单位名称"],
        "岗位": ["岗位", "职务"],
        "从事职业": ["从事职业"],
        "来源": ["来源", "人员来源"],
        "职业技能等级": ["职业技能等级", "技能等级", "等级"],
        "证书编号": ["证书编号"],
        "取证日期": ["取证日期", "发证日期"],
        "从事本职业或相关职业起始日期": ["从事本职业或相关职业起始日期", "从业起始日期", "参加工作时间"],
        "联系电话": ["联系电话", "手机"],
        "状态": ["状态"],
    }
    REQUIRED = ["姓名", "性别", "出生年月", "从业单位", "来源", "从事本职业或相关职业起始日期"]

    class Meta:
        model = Coordinator
        fields = (
            "unit",
            "name",
            "gender",
            "born_on",
            "resident_id",
            "employer_text",
            "post",
            "occupation",
            "source",
            "skill_level",
            "certificate_no",
            "certified_on",
            "occupation_since",
            "phone",
            "status",
        )
        import_id_fields = ()
        clean_model_instances = True
        # A row identical to the stored record is skipped, so re-importing an export writes nothing.
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, *, user, show_resident_ids=False):
        super().__init__()
        self.user, self.show_resident_ids = user, show_resident_ids
        self.fixed_unit = user.unit if is_unit_scoped(user) else None

    def get_instance(self, instance_loader, row):
        """Update the coordinator with the same resident ID, or the same name and birth month in the unit."""
        unit = self.fixed_unit or Unit.objects.owning_records().by_name(str(row.get("管理单位") or ""))
        if unit is None:
            return None
        number = resident_id.normalize(str(row.get("公民身份号码") or ""))
        try:
            born = _parse_date(row.get("出生年月"), "出生年月", month_only=True)
        except ValueError:
            born = None
        match = Q(name=str(row.get("姓名") or "").strip(), born_on=born)
        if number:
            match = Q(resident_id=number) | match
        return Coordinator.objects.filter(match, unit=unit).first()

    def import_instance(self, instance, row, **kwargs):
        if self.fixed_unit is not None:
            row["管理单位"] = self.fixed_unit.short_name
        super().import_instance(instance, row, **kwargs)
        instance.resident_id = resident_id.normalize(instance.resident_id or "")
        instance.name = (instance.name or "").strip()
        for attribute in ("post", "certificate_no", "phone", "occupation"):
            setattr(
                instance,
                attribute,
                "" if getattr(instance, attribute) is None else str(getattr(instance, attribute)).strip(),
            )
        if not instance.occupation:
            instance.occupation = "劳动关系协调员"
        if not instance.status:
            instance.status = CoordinatorStatus.ACTIVE
        employer = str(row.get("从业单位") or "").strip()
        found = (
            Enterprise.objects.visible_to(self.user).filter(Q(name=employer) | Q(credit_code=employer.upper())).first()
            if employer
            else None
        )
        instance.employer = found
        instance.employer_name = "" if found else employer

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk:
            instance.version += 1

    def dehydrate_employer_text(self, coordinator):
        return coordinator.employer_display

    def dehydrate_resident_id(self, coordinator):
        if self.show_resident_ids:
            return coordinator.resident_id
        return coordinator.masked_resident_id


def dataset_from_upload(uploaded):
    """Read an uploaded workbook into a ``tablib.Dataset`` with the resource's headers, or raise
    ``SpreadsheetError`` saying which required columns are missing."""
    aliases = CoordinatorResource.ALIASES
    headers, rows = read_sheet(uploaded, expected=[name for names in aliases.values() for name in names])
    mapping, missing = match_columns(headers, aliases)
    missing = [name for name in missing if name in CoordinatorResource.REQUIRED]
    if missing:
        raise SpreadsheetError(
            f"表格缺少以下列：{'、'.join(missing)}。请使用导出的表格作为模板，补齐这些列后重新上传。"
        )
    dataset = tablib.Dataset(headers=[*mapping.keys(), "行号"])
    for number, cells in rows:
        dataset.append([_cell(cells, index) for index in mapping.values()] + [number])
    return dataset


def _cell(cells, index):
    value = cells[index] if index < len(cells) else None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value
