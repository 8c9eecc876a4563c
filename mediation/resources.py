"""The case ledger as an Excel workbook: export, and an all-or-nothing import checked row by row first."""

import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from chuxiong_labor import credit_code, roles
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.errors import one_sentence
from chuxiong_labor.lib.spreadsheets import Problem, SpreadsheetError, match_columns, read_sheet, simple_workbook

from .models import Case, HolidayCorrection, MediationOrg, Mediator

MAX_ROWS = 5000

# field: accepted headers (the first is what the export writes)
COLUMNS = {
    "org": ["调解组织", "调解组织名称"],
    "number": ["案号", "编号"],
    "received_on": ["收到申请日期", "申请日期", "受理日期"],
    "form": ["申请方式"],
    "is_accepted": ["是否受理", "受理"],
    "applicant_side": ["申请方"],
    "employee_party": ["劳动者一方", "劳动者", "申请人"],
    "employee_phone": ["劳动者联系电话"],
    "worker_count": ["涉及劳动者人数", "涉及人数", "人数"],
    "employer_party": ["用人单位一方", "用人单位", "被申请人"],
    "employer_code": ["用人单位统一社会信用代码", "统一社会信用代码"],
    "claim_kind": ["争议类型"],
    "claim": ["请求事项", "争议事项"],
    "claimed_yuan": ["请求金额（元）", "请求金额"],
    "mediator": ["调解员"],
    "outcome": ["调解结果"],
    "closed_on": ["结案日期"],
    "agreement_on": ["调解协议签订日期", "协议签订日期", "协议日期"],
    "agreement_yuan": ["协议金额（元）", "协议金额"],
    "performance": ["协议履行情况", "履行情况"],
    "followed_up_on": ["回访日期"],
    "performance_note": ["履行和回访说明", "回访说明"],
    "note": ["备注"],
}
REQUIRED = ["org", "received_on", "employee_party", "employer_party", "claim_kind", "claim"]
EXPORT_EXTRA = ["所属县（市）或单位", "15日期限届满日", "集体争议"]
CHOICE_FIELDS = {
    "form": Case.Form,
    "applicant_side": Case.ApplicantSide,
    "claim_kind": Case.ClaimKind,
    "outcome": Case.Outcome,
    "performance": Case.Performance,
}
DATE_FIELDS = ("received_on", "closed_on", "agreement_on", "followed_up_on")
MONEY_FIELDS = ("claimed_yuan", "agreement_yuan")
YES = {"是", "已受理", "受理", "y", "yes", "true", "1", "√"}
NO = {"否", "不予受理", "未受理", "n", "no", "false", "0", "×"}


def export_cases(cases):
    """Return the bytes of an .xlsx workbook of ``cases``, streamed (``simple_workbook``): every text cell is
    escaped against formulas, dates show as yyyy-mm-dd."""
    headers = [names[0] for names in COLUMNS.values()] + EXPORT_EXTRA
    workbook = simple_workbook("调解台账", headers, (_export_row(case) for case in cases))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_row(case):
    values = {
        "org": case.org.name,
        "number": case.number,
        "received_on": case.received_on,
        "form": case.get_form_display(),
        "is_accepted": "是" if case.is_accepted else "否",
        "applicant_side": case.get_applicant_side_display(),
        "employee_party": case.employee_party,
        "employee_phone": case.employee_phone,
        "worker_count": case.worker_count,
        "employer_party": case.employer_party,
        "employer_code": case.enterprise.credit_code if case.enterprise_id else "",
        "claim_kind": case.get_claim_kind_display(),
        "claim": case.claim,
        "claimed_yuan": case.claimed_yuan,
        "mediator": case.mediator.name if case.mediator_id else "",
        "outcome": case.get_outcome_display(),
        "closed_on": case.closed_on,
        "agreement_on": case.agreement_on,
        "agreement_yuan": case.agreement_yuan,
        "performance": case.get_performance_display() if case.performance else "",
        "followed_up_on": case.followed_up_on,
        "performance_note": case.performance_note,
        "note": case.note,
    }
    row = [values[field] for field in COLUMNS]
    return row + [case.org.unit.short_name, case.limit_on, "是" if case.is_collective else "否"]


def read_upload(uploaded):
    """Return the rows of an uploaded ledger as ``[(row number, {field: cell text})]``.

    Raises ``SpreadsheetError`` for a file that is not a usable workbook or lacks required columns.
    """
    expected = [name for names in COLUMNS.values() for name in names]
    headers, rows = read_sheet(uploaded, expected=expected)
    mapping, _missing = match_columns(headers, COLUMNS)
    missing_required = [COLUMNS[field][0] for field in REQUIRED if field not in mapping]
    if missing_required:
        raise SpreadsheetError(
            f"表头缺少必填列：{'、'.join(missing_required)}。请使用“导出”得到的表格格式，或补上这些列后重新上传。"
        )
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(f"一次最多导入{MAX_ROWS}条，本文件有{len(rows)}条。请拆分后分批导入。")
    return [
        (number, {field: _text(cells[index]) if index < len(cells) else "" for field, index in mapping.items()})
        for number, cells in rows
    ]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_rows(rows, *, user):
    """Check every row and return ``(cases, errors)``: unsaved ``Case`` objects, or whole-sentence errors.

    Nothing is saved here. Organisations are matched by name among those ``user`` may write for; a mediator by
    name within the organisation; the enterprise by credit code among those ``user`` may see.
    """
    orgs = MediationOrg.objects.visible_to(user).select_related("unit")
    if roles.is_unit_scoped(user):
        orgs = orgs.filter(unit=user.unit)
    orgs_by_name = {org.name: org for org in orgs}
    mediators = {
        (mediator.org_id, mediator.name): mediator
        for mediator in Mediator.objects.filter(org__in=orgs_by_name.values())
    }
    codes = {credit_code.normalize(row.get("employer_code", "")) for _, row in rows} - {""}
    enterprises = {e.credit_code: e for e in Enterprise.objects.visible_to(user).filter(credit_code__in=codes)}
    existing_numbers = set(
        Case.objects.filter(org__in=orgs_by_name.values()).exclude(number="").values_list("org_id", "number")
    )
    seen_numbers = set()
    cases, errors = [], []
    for number, row in rows:
        problems = []
        case = Case()
        org = orgs_by_name.get(row.get("org", ""))
        if org is None:
            problems.append(
                f"调解组织“{row.get('org', '')}”不在您可以录入的调解组织中，请核对名称（须与登记的名称一致）"
            )
        elif not org.is_active:
            problems.append(f"调解组织“{org.name}”已停止运行，不能再录入案件")
        else:
            case.org = org
        for field in COLUMNS:
            if field in ("org", "employer_code", "mediator"):
                continue
            raw = row.get(field, "")
            try:
                value = _convert(field, raw)
            except ValueError as problem:
                problems.append(f"“{COLUMNS[field][0]}”{problem}")
                continue
            if value is not None:
                setattr(case, field, value)
        code = credit_code.normalize(row.get("employer_code", ""))
        if code:
            enterprise = enterprises.get(code)
            if enterprise is None:
                problems.append(f"统一社会信用代码“{code}”不在企业库中（或不在您的辖区），请先在企业库登记或清空该格")
            else:
                case.enterprise = enterprise
        mediator_name = row.get("mediator", "")
        if mediator_name and case.org_id:
            mediator = mediators.get((case.org_id, mediator_name))
            if mediator is None:
                problems.append(f"调解员“{mediator_name}”不是“{case.org.name}”登记的调解员，请先登记调解员或清空该格")
            else:
                case.mediator = mediator
        if case.number and case.org_id:
            key = (case.org_id, case.number)
            if key in existing_numbers:
                problems.append(f"案号“{case.number}”已在台账中，请勿重复导入")
            elif key in seen_numbers:
                problems.append(f"案号“{case.number}”在本文件中出现了不止一次")
            seen_numbers.add(key)
        if not problems:
            try:
                case.full_clean(exclude=["limit_on", "version", "org", "enterprise", "mediator"])
            except ValidationError as invalid:
                problems.extend(_messages(invalid))
        if problems:
            errors.append(Problem(number, "", one_sentence(problems)))
        else:
            cases.append(case)
    if cases and not errors:
        calendar = HolidayCorrection.objects.calendar_for([case.received_on for case in cases])
        for case in cases:
            case.limit_on = case.limit(calendar).ends_on
    return cases, errors


def _messages(invalid):
    labels = {field.name: str(field.verbose_name) for field in Case._meta.fields}
    found = []
    for field, messages in invalid.message_dict.items():
        for message in messages:
            found.append(message if field == "__all__" else f"“{labels.get(field, field)}”：{message}")
    return found


def _convert(field, raw):
    if field in DATE_FIELDS:
        return _date(raw) if raw else None
    if field in MONEY_FIELDS:
        if not raw:
            return None
        try:
            value = Decimal(raw.replace(",", "").replace("，", "").replace("元", ""))
        except InvalidOperation:
            raise ValueError(f"“{raw}”不是金额，请填写数字（元）") from None
        if value < 0 or value >= Decimal("1e10"):
            raise ValueError(f"“{raw}”超出合理范围，请核对")
        return value.quantize(Decimal("0.01"))
    if field == "worker_count":
        if not raw:
            return None
        if not raw.isdigit() or int(raw) < 1:
            raise ValueError(f"“{raw}”应为不小于1的整数")
        return int(raw)
    if field == "is_accepted":
        if not raw:
            return None
        if raw.lower() in YES:
            return True
        if raw.lower() in NO:
            return False
        raise ValueError(f"“{raw}”应填“是”或“否”")
    if field in CHOICE_FIELDS:
        if not raw:
            return None
        choices = CHOICE_FIELDS[field]
        for value, label in choices.choices:
            if raw == value or raw in _label_forms(label) or label.startswith(raw):
                return value
        allowed = "、".join(label for _, label in choices.choices)
        raise ValueError(f"“{raw}”不是可选的值，可填：{allowed}")
    limits = {"number": 40, "employee_phone": 40, "employee_party": 120, "employer_party": 120}
    limits["performance_note"] = 200
    if field in limits and len(raw) > limits[field]:
        raise ValueError(f"超过{limits[field]}个字，请精简")
    return raw


def _label_forms(label):
    """Return the ways a ledger may write a choice: its label, the label without its bracketed note, the note."""
    match = re.match(r"^(.*?)（(.*)）$", label)
    return {label, *match.groups()} if match else {label}


DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(raw):
    match = DATE_PATTERN.match(raw.split("T")[0].split(" ")[0] if "日" not in raw else raw)
    if match is None:
        raise ValueError(f"“{raw}”不是日期，请写成 2024-03-01 的形式")
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"“{raw}”不是有效的日期，请核对") from None
