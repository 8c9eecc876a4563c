"""Writes of the pay-guidance app: each atomic, recorded in the history with the actor.

Workflows are literal mappings (status → action → next status) read by one function each: the survey of an
enterprise (``SURVEY_TRANSITIONS``), the publication (``PUBLICATION_TRANSITIONS``) and the quarterly thematic
report (``REPORT_TRANSITIONS``).
"""

from decimal import Decimal

from auditlog.models import LogEntry
from django.db import IntegrityError, connection, transaction
from django.db.models import DecimalField, ExpressionWrapper, F
from django.utils import timezone

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib import generation
from chuxiong_labor.lib.bulk import LineStream, escaped
from chuxiong_labor.lib.concurrency import STALE_MESSAGE, StaleEdit
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.history import acting_as, record_bulk
from chuxiong_labor.lib.spreadsheets import SpreadsheetError

from . import kept_tables, minimum_wage, permissions, public_tables
from .models import (
    MONEY,
    Employee,
    FlagStatus,
    MinimumWage,
    MinimumWageFlag,
    Publication,
    PublicationBasis,
    PublicationStatus,
    SurveyEnterprise,
    SurveyStatus,
    ThematicReport,
)

# The survey of one enterprise: the county checks what the enterprise submitted, the prefecture accepts it;
# either may return it with a reason, and a new import submits it again.
SURVEY_TRANSITIONS = {
    SurveyStatus.NOT_STARTED: {},
    SurveyStatus.SUBMITTED: {"check": SurveyStatus.CHECKED, "return": SurveyStatus.RETURNED},
    SurveyStatus.CHECKED: {"accept": SurveyStatus.ACCEPTED, "return": SurveyStatus.RETURNED},
    # An accepted survey is reopened only by the prefecture returning it (a correction after acceptance).
    SurveyStatus.ACCEPTED: {"return": SurveyStatus.RETURNED},
    SurveyStatus.RETURNED: {},
}
SURVEY_ACTION_LABELS = {"check": "审核通过", "accept": "验收", "return": "退回"}

# A publication is drafted by the unit (or the prefecture office), approved by the prefecture ("稳慎"), then
# issued; an approved draft may be returned. An issued publication never changes: a correction is a new version.
PUBLICATION_TRANSITIONS = {
    PublicationStatus.DRAFT: {"approve": PublicationStatus.APPROVED},
    PublicationStatus.APPROVED: {"issue": PublicationStatus.ISSUED, "return": PublicationStatus.DRAFT},
    PublicationStatus.ISSUED: {},
}

REPORT_TRANSITIONS = {
    ThematicReport.Status.DRAFT: {"submit": ThematicReport.Status.SUBMITTED},
    ThematicReport.Status.SUBMITTED: {
        "accept": ThematicReport.Status.ACCEPTED,
        "return": ThematicReport.Status.RETURNED,
    },
    ThematicReport.Status.RETURNED: {"submit": ThematicReport.Status.SUBMITTED},
    ThematicReport.Status.ACCEPTED: {},
}


class SurveyChanged(ActionRefused):
    """The registry or the sample changed while a survey file was being written; nothing was written."""


def _next(transitions, current, action, label):
    target = transitions.get(current, {}).get(action)
    if target is None:
        raise ActionRefused(f"该{label}当前状态不允许此操作。请刷新页面查看最新状态。")
    return target


def _lock(model, obj, expected_version):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(STALE_MESSAGE)
    return locked


def import_survey(plan, *, actor):
    """Write a clean ``SurveyPlan``: add the new enterprises to the registry, put every enterprise of the file in
    the unit's sample, and replace each one's employee rows (employee sheet) or enterprise sheet; the surveys
    become 已填报. All or nothing.

    Raises ``ActionRefused`` for a plan with bad rows and ``SurveyChanged`` when another change collided.
    """
    if not plan.is_clean:
        raise ActionRefused("文件中有错误行，不能导入。请改正后重新上传。")
    try:
        with transaction.atomic(), acting_as(actor):
            new = list(plan.new_enterprises.values())
            Enterprise.objects.bulk_create(new, batch_size=1000)
            record_bulk(new, action=LogEntry.Action.CREATE, actor=actor, note="薪酬调查导入")
            by_code = {**plan.existing, **{e.credit_code: e for e in new}}
            surveys = {
                survey.enterprise.credit_code: survey
                for survey in SurveyEnterprise.objects.select_for_update()
                .filter(year=plan.year, enterprise__credit_code__in=plan.codes)
                .select_related("enterprise")
            }
            for survey in surveys.values():
                if survey.unit_id != plan.unit.pk or survey.status == SurveyStatus.ACCEPTED:
                    raise SurveyChanged("导入期间调查样本被他人修改。本次导入没有写入任何数据，请重新上传预览。")
            created = [
                SurveyEnterprise(unit=plan.unit, enterprise=by_code[code], year=plan.year)
                for code in plan.codes
                if code not in surveys
            ]
            SurveyEnterprise.objects.bulk_create(created, batch_size=1000)
            for survey in created:
                surveys[survey.enterprise.credit_code] = survey
            changed = [surveys[code] for code in plan.codes]
            if plan.kind == "employees":
                fields = ["employee_count"]
            else:
                fields = list(next(iter(plan.sheets.values())).keys())
            tracked = ["status", "return_reason", *fields]
            before = {survey.pk: {name: getattr(survey, name) for name in tracked} for survey in changed}
            now = timezone.now()
            for code, survey in ((code, surveys[code]) for code in plan.codes):
                survey.status, survey.return_reason = SurveyStatus.SUBMITTED, ""
                survey.version += 1
                survey.updated_at = now
                if plan.kind == "employees":
                    survey.employee_count = plan.employee_counts[code]
                else:
                    for name, value in plan.sheets[code].items():
                        setattr(survey, name, value)
            if plan.kind == "employees":
                Employee.objects.filter(survey__in=[s.pk for s in changed]).delete()
                _insert_employees(plan, surveys)
                flags = flag_low_pay(changed, plan.year)
                record_bulk(flags, action=LogEntry.Action.CREATE, actor=actor, note=f"导入{plan.kind_label}")
            # What every survey of the file gets alike is one UPDATE; only the per-enterprise figures vary.
            SurveyEnterprise.objects.filter(pk__in=[survey.pk for survey in changed]).update(
                status=SurveyStatus.SUBMITTED, return_reason="", updated_at=now, version=F("version") + 1
            )
            SurveyEnterprise.objects.bulk_update(changed, fields, batch_size=1000)
            # A survey new to the sample is recorded as created with what the file gave it; one already in the
            # sample as updated, with exactly the fields the file changed.
            new_ids = {survey.pk for survey in created}
            record_bulk(created, action=LogEntry.Action.CREATE, actor=actor, note=f"导入{plan.kind_label}")
            updated = [survey for survey in changed if survey.pk not in new_ids]
            record_bulk(
                updated,
                action=LogEntry.Action.UPDATE,
                actor=actor,
                note=f"导入{plan.kind_label}",
                changes=[
                    {
                        name: (before[survey.pk][name], getattr(survey, name))
                        for name in tracked
                        if before[survey.pk][name] != getattr(survey, name)
                    }
                    for survey in updated
                ],
            )
    except IntegrityError as error:
        raise SurveyChanged("导入期间企业库或调查样本被他人修改。本次导入没有写入任何数据，请重新上传预览。") from error
    except SpreadsheetError as problem:
        raise SurveyChanged(str(problem)) from None
    return {
        "rows": plan.row_count,
        "enterprises": len(plan.codes),
        "new_enterprises": len(plan.new_enterprises),
        "flags": plan.flag_count,
    }


def flag_low_pay(surveys, year):
    """Flag every employee row of ``surveys`` paid below its county's minimum wage (``minimum_wage.check``) and
    return the flags created. Only the rows below the highest tier are read."""
    monthly = MinimumWage.objects.monthly(year)
    ceiling = max((value for tiers in monthly.values() for value in tiers if value), default=None)
    if ceiling is None:
        return []
    normal = ExpressionWrapper(
        F("basic_yuan") + F("bonus_yuan") + F("allowance_yuan"), output_field=DecimalField(**MONEY)
    )
    rows = (
        Employee.objects.filter(survey__in=[survey.pk for survey in surveys])
        .annotate(normal=normal)
        .filter(normal__lt=F("months_worked") * ceiling)
        .select_related("survey__enterprise__region")
    )
    flags = []
    for row in rows:
        region = row.survey.enterprise.region
        finding = minimum_wage.check(
            monthly.get(region.pk, []),
            row.months_worked,
            row.basic_yuan,
            row.bonus_yuan,
            row.allowance_yuan,
            row.special_yuan,
            place=str(region),
        )
        if finding is not None:
            flags.append(
                MinimumWageFlag(
                    survey=row.survey,
                    unit_id=row.unit_id,
                    employee=row,
                    normal_yuan=finding.normal_yuan,
                    floor_yuan=finding.floor_yuan,
                    message=finding.message,
                )
            )
    MinimumWageFlag.objects.bulk_create(flags)
    return flags


def _open_flag(flag, expected_version):
    flag = _lock(MinimumWageFlag, flag, expected_version)
    if flag.status != FlagStatus.OPEN:
        raise ActionRefused("该提示已经处理过。请刷新页面查看最新状态。")
    if flag.survey.status not in (SurveyStatus.SUBMITTED, SurveyStatus.RETURNED):
        raise ActionRefused("该企业的调查数据已审核或验收，不能再处理提示；如需更正，请先由州三方办退回。")
    return flag


def confirm_flag(flag, *, actor, reason, expected_version=None):
    """Confirm that a flagged low wage is true, with the reason (a finding of the survey, not bad data)."""
    if not reason.strip():
        raise ActionRefused("请填写核实说明：该职工工资低于最低工资标准的原因（例如学徒期、病假、缺勤）。")
    with transaction.atomic(), acting_as(actor):
        flag = _open_flag(flag, expected_version)
        flag.status, flag.reason = FlagStatus.CONFIRMED, reason.strip()
        flag.resolved_by, flag.resolved_at = actor, timezone.now()
        flag.version += 1
        flag.save()
        return flag


CORRECTABLE = ("months_worked", "basic_yuan", "bonus_yuan", "allowance_yuan", "overtime_yuan", "special_yuan")


def correct_flag(flag, *, actor, values, expected_version=None):
    """Correct a flagged employee row (months worked and the five pay parts); refused, with nothing written, when
    the corrected row is still below the minimum wage (confirm it instead, with the reason)."""
    with transaction.atomic(), acting_as(actor):
        flag = _open_flag(flag, expected_version)
        employee = flag.employee
        region = flag.survey.enterprise.region
        monthly = MinimumWage.objects.monthly(flag.survey.year).get(region.pk, [])
        parts = [values[name] for name in ("basic_yuan", "bonus_yuan", "allowance_yuan", "special_yuan")]
        finding = minimum_wage.check(monthly, values["months_worked"], *parts, place=str(region))
        if finding is not None:
            raise ActionRefused(f"更正后{finding.message}如工资属实，请用“确认属实”并说明原因。")
        changes = [
            f"{Employee._meta.get_field(name).verbose_name} {getattr(employee, name)}→{values[name]}"
            for name in CORRECTABLE
            if getattr(employee, name) != values[name]
        ]
        if not changes:
            raise ActionRefused("没有改动任何数字。请改正有误的工作月数或工资，或用“确认属实”说明原因。")
        for name in CORRECTABLE:
            setattr(employee, name, values[name])
        employee.annual_pay_yuan = sum((values[name] for name in CORRECTABLE[1:]), Decimal(0))
        employee.save()
        flag.status, flag.correction = FlagStatus.CORRECTED, "；".join(changes)
        flag.resolved_by, flag.resolved_at = actor, timezone.now()
        flag.version += 1
        flag.save()
        return flag


EMPLOYEE_FIELDS = (
    "staff_number",
    "occupation_code",
    "management_grade",
    "title",
    "skill_grade",
    "education",
    "months_worked",
    "basic_yuan",
    "bonus_yuan",
    "allowance_yuan",
    "overtime_yuan",
    "special_yuan",
    "annual_pay_yuan",
)


def _insert_employees(plan, surveys):
    """Insert the plan's employee rows, read again from its file as they are written: PostgreSQL's COPY (a survey
    brings hundreds of thousands of rows), or batched INSERTs elsewhere."""
    if connection.vendor == "postgresql":
        prefixes = {
            code: f"{survey.pk}\t{plan.year}\t{plan.unit.pk}\t{survey.enterprise.industry}\t"
            for code, survey in surveys.items()
        }
        lines = (_copy_line(prefixes[code], row) for code, row in plan.employee_rows())
        columns = ", ".join(("survey_id", "year", "unit_id", "industry", *EMPLOYEE_FIELDS))
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {Employee._meta.db_table} ({columns}) FROM STDIN", LineStream(lines))
        generation.note_write(Employee._meta.db_table)  # COPY goes past the execute wrappers
        return
    batch = []
    for code, row in plan.employee_rows():
        survey = surveys[code]
        batch.append(
            Employee(
                survey=survey,
                year=plan.year,
                unit=plan.unit,
                industry=survey.enterprise.industry,
                **{name: row[name] for name in EMPLOYEE_FIELDS},
            )
        )
        if len(batch) >= 5000:
            Employee.objects.bulk_create(batch)
            batch = []
    Employee.objects.bulk_create(batch)


TEXT_FIELDS = ("staff_number", "occupation_code", "management_grade", "title", "skill_grade", "education")


def _copy_line(prefix, row):
    texts = [escaped(row[name]) for name in TEXT_FIELDS]  # as the ORM would store them
    numbers = [str(row[name]) for name in EMPLOYEE_FIELDS[len(TEXT_FIELDS) :]]
    return prefix + "\t".join(texts + numbers) + "\n"


def act_on_survey(survey, action, *, actor, expected_version=None, reason=""):
    """Check, accept or return ``survey`` as ``SURVEY_TRANSITIONS`` allows; a return needs a reason."""
    if action == "return" and not reason.strip():
        raise ActionRefused("退回时请填写退回原因，告诉企业或县（市）需要改正什么。")
    with transaction.atomic(), acting_as(actor):
        survey = _lock(SurveyEnterprise, survey, expected_version)
        was_accepted = survey.status == SurveyStatus.ACCEPTED
        survey.status = _next(SURVEY_TRANSITIONS, survey.status, action, "调查")
        open_flags = survey.flags.open().count()
        if action in ("check", "accept") and open_flags:
            raise ActionRefused(
                f"该企业还有{open_flags}条职工工资低于最低工资标准的核实提示未处理，不能{SURVEY_ACTION_LABELS[action]}："
                "请县（市）逐条核实，属实的说明原因并确认，有误的更正。"
            )
        survey.return_reason = reason.strip() if action == "return" else ""
        survey.version += 1
        survey.save()
        if was_accepted or survey.status == SurveyStatus.ACCEPTED:  # the rows of the year's wage table changed
            kept_tables.warm_after_commit(survey.year)
        return survey


def act_on_surveys(surveys, action, *, actor):
    """Check or accept many ``surveys`` at once, all or none: when any one is refused (no right, its state, an
    open minimum-wage flag), none is changed and the refusal names every enterprise refused and why. Return how
    many were changed."""
    label = SURVEY_ACTION_LABELS.get(action)
    if action not in ("check", "accept"):
        raise ActionRefused("批量操作只能是“审核通过”或“验收”；退回请逐户填写原因。")
    if not surveys:
        raise ActionRefused(f"请先勾选要{label}的企业。")
    refusals = []
    with transaction.atomic():
        for survey in surveys:
            if not permissions.can_act_on_survey(actor, survey, action):
                refusals.append(f"{survey.enterprise}（{survey.get_status_display()}）：您无权{label}")
                continue
            try:
                with transaction.atomic():
                    act_on_survey(survey, action, actor=actor)
            except ActionRefused as error:
                refusals.append(f"{survey.enterprise}（{survey.get_status_display()}）：{error}")
        if refusals:
            raise ActionRefused(f"有{len(refusals)}户企业不能{label}，本次没有处理任何企业：" + "；".join(refusals))
    return len(surveys)


def add_to_sample(unit, enterprise, year, *, actor):
    """Put ``enterprise`` in ``unit``'s survey sample of data year ``year``."""
    if SurveyEnterprise.objects.filter(enterprise=enterprise, year=year).exists():
        raise ActionRefused(f"{enterprise}已在{year}年度的调查样本中。")
    with transaction.atomic(), acting_as(actor):
        return SurveyEnterprise.objects.create(unit=unit, enterprise=enterprise, year=year)


def _apply_plan(publication, plan):
    """Store a plan's tables on ``publication`` (saved by the caller) and its basis beside it."""
    publication.cells, publication.cost_figures = plan.cells, plan.cost_figures
    publication.method = plan.method.as_json()
    publication.has_disclosure_control = True
    publication.computed_at = timezone.now()


def _keep_basis(publication, plan):
    PublicationBasis.objects.update_or_create(
        publication=publication, defaults={"withheld": plan.withheld, "contributions": plan.contributions}
    )


def draft_publication(unit, year, *, actor, note=""):
    """Draft ``unit``'s publication of data year ``year`` from the accepted survey data (a new version when
    one was issued before; refused while another version is still a draft or approved)."""
    with transaction.atomic(), acting_as(actor):
        versions = list(Publication.objects.select_for_update().filter(unit=unit, year=year))
        if any(p.status != PublicationStatus.ISSUED for p in versions):
            raise ActionRefused(f"{unit}{year}年度已有未发布的稿件，请在该稿件上修改或刷新数据。")
        # Every issued publication of the year, of every unit, constrains this one (public_tables).
        plan = public_tables.plan_publication(year, unit)
        if not plan.cells:
            raise ActionRefused(f"{unit}{year}年度还没有州级验收的调查数据，无法起草发布稿。")
        scope = "楚雄州" if not unit.is_county else unit.short_name
        publication = Publication(
            unit=unit,
            year=year,
            number=max((p.number for p in versions), default=0) + 1,
            title=f"{scope}{year}年度人力资源市场工资价位和人工成本信息",
            note=note,
            correction_reason="" if not versions else "更正版",
            drafted_by=actor,
        )
        _apply_plan(publication, plan)
        publication.save()
        _keep_basis(publication, plan)
        return publication


def refresh_publication(publication, *, actor, expected_version=None):
    """Recompute a draft's tables from the survey data as it stands now; refused once approved or issued."""
    with transaction.atomic(), acting_as(actor):
        publication = _lock(Publication, publication, expected_version)
        if publication.status != PublicationStatus.DRAFT:
            raise ActionRefused("只有草稿可以刷新数据；已审核或已发布的稿件不再变化。如需更正，请发布新版本。")
        plan = public_tables.plan_publication(publication.year, publication.unit)
        _apply_plan(publication, plan)
        publication.version += 1
        publication.save()
        _keep_basis(publication, plan)
        return publication


def act_on_publication(publication, action, *, actor, expected_version=None, reason=""):
    """Approve, return or issue ``publication`` as ``PUBLICATION_TRANSITIONS`` allows."""
    if action == "return" and not reason.strip():
        raise ActionRefused("退回时请填写退回原因。")
    with transaction.atomic(), acting_as(actor):
        publication = _lock(Publication, publication, expected_version)
        publication.status = _next(PUBLICATION_TRANSITIONS, publication.status, action, "发布稿")
        now = timezone.now()
        if action == "approve":
            publication.approved_by, publication.approved_at = actor, now
        elif action == "issue":
            _check_still_safe(publication)
            publication.issued_by, publication.issued_at = actor, now
        publication.return_reason = reason.strip() if action == "return" else ""
        publication.version += 1
        publication.save()
        return publication


def _check_still_safe(publication):
    """Refuse to issue tables that disclosure control would now draw differently: the data changed, or another
    publication of the year was issued since the draft was computed (a pattern is checked against every issued
    one before it is frozen)."""
    plan = public_tables.plan_publication(publication.year, publication.unit)
    if plan.method.as_json() != publication.method:
        raise ActionRefused(
            "起草后隐藏规则或全年口径的设置有变化，本稿须按现行设置重新计算：请退回修改，刷新数据后再审核发布。"
        )
    if (plan.cells, plan.cost_figures) != (publication.cells, publication.cost_figures):
        raise ActionRefused(
            "数据或本年度其他已发布的稿件在起草后有变化，本稿的隐藏分组需要重新计算：请退回修改，刷新数据后再审核发布。"
        )


def act_on_report(report, action, *, actor, expected_version=None, reason=""):
    """Submit, accept or return a quarterly thematic report as ``REPORT_TRANSITIONS`` allows."""
    if action == "return" and not reason.strip():
        raise ActionRefused("退回时请填写退回原因。")
    with transaction.atomic(), acting_as(actor):
        report = _lock(ThematicReport, report, expected_version)
        if action == "submit" and not report.content.strip():
            raise ActionRefused("请先填写指导情况再报送。")
        report.status = _next(REPORT_TRANSITIONS, report.status, action, "专题报告")
        if action == "submit":
            report.submitted_at = timezone.now()
            report.first_submitted_at = report.first_submitted_at or report.submitted_at
        report.return_reason = reason.strip() if action == "return" else ""
        report.version += 1
        report.save()
        return report
