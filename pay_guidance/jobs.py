"""Annex 6's jobs (``lib/jobs``): a county's batch of feedback reports, and confirming a large survey import,
both off the request path."""

from chuxiong_labor import roles
from chuxiong_labor.lib import uploads
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.jobs import job
from chuxiong_labor.lib.spreadsheets import SpreadsheetError
from chuxiong_labor.units import Unit

from . import documents, permissions, services
from .models import SurveyEnterprise
from .survey_import import read_survey
from .views import FEEDBACK_BATCH_JOB, IMPORT_JOB, UPLOAD_PURPOSE


@job(FEEDBACK_BATCH_JOB)
def feedback_batch(run, *, unit, year):
    """One PDF of the feedback reports of every surveyed enterprise of ``unit`` in data year ``year``; with
    ``unit`` None (the print centre's 全部), of every unit the owner sees."""
    surveys = SurveyEnterprise.objects.visible_to(run.owner).in_year(year).accepted()
    name = f"{year}年度薪酬数据反馈报告.pdf"
    if unit is not None:
        unit = Unit.objects.get(pk=unit)
        if roles.is_unit_scoped(run.owner) and run.owner.unit_id != unit.pk:
            raise ActionRefused("只能下载本单位被调查企业的反馈报告。")
        surveys, name = surveys.for_unit(unit), f"{unit.short_name}{name}"
    run.progress(0, surveys.count())
    if not run.total:
        raise ActionRefused(f"{year}年度没有州级验收的被调查企业，没有反馈报告。")
    content = documents.render_feedbacks(surveys, year)
    run.progress(run.total)
    return name, content


@job(IMPORT_JOB)
def survey_import(run, *, token):
    """Write a large previewed survey import, all rows or none, when the file still reads as it did at the
    preview; return a receipt."""
    try:
        stored, data = uploads.held(token, user=run.owner, purpose=UPLOAD_PURPOSE)
        unit = Unit.objects.get(pk=data["unit"])
        if not (permissions.can_import_survey(run.owner) and roles.can_write_for_unit(run.owner, unit)):
            raise ActionRefused("您无权为该单位导入调查数据。")
        run.progress(0, data["counts"][0])
        handle = stored.open()
        plan = read_survey(handle, unit=unit, year=data["year"])
    except (uploads.UploadExpired, SpreadsheetError) as problem:
        raise ActionRefused(str(problem)) from None
    with handle:  # open until the rows are written: the plan reads them again
        if plan.counts() != data["counts"] or not plan.is_clean:
            uploads.release(stored)
            raise ActionRefused("预览之后企业库或调查样本发生了变化，本次没有导入。请重新上传文件查看预览。")
        result = services.import_survey(plan, actor=run.owner)
    uploads.release(stored)
    run.progress(run.total)
    receipt = (
        f"已导入{plan.kind_label}：{result['rows']}行，企业{result['enterprises']}户"
        f"（其中新登记{result['new_enterprises']}户）。\n"
    )
    if result["flags"]:
        receipt += f"其中{result['flags']}行低于最低工资标准，已标记为待核实，请县（市）逐条确认或更正。\n"
    return "薪酬调查导入结果.txt", receipt.encode()
