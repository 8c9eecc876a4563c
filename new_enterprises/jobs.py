"""Annex 4's jobs: the full 信息库 export runs off the request path with its progress (``lib/jobs``)."""

from django.db.models import Prefetch

from chuxiong_labor.lib import uploads
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.jobs import job
from chuxiong_labor.lib.spreadsheets import SpreadsheetError
from chuxiong_labor.units import Unit

from . import permissions, services
from .exports import ledger_workbook
from .models import ServiceRecord
from .roster import read_roster
from .views import LEDGER_JOB, ROSTER_JOB, UPLOAD_PURPOSE, filtered_inclusions, stage_labels


@job(LEDGER_JOB)
def ledger(run, *, year="", unit="", q="", state=""):
    """Write the 信息库 of the inclusions the owner sees, filtered as the list was."""
    inclusions, year, unit, _query = filtered_inclusions(
        run.owner, {"year": year, "unit": unit, "q": q, "state": state}
    )
    run.progress(0, inclusions.count())
    inclusions = (
        inclusions.select_related("unit", "enterprise", "enterprise__region")
        .prefetch_related(Prefetch("services", queryset=ServiceRecord.objects.order_by("served_on", "pk")))
        .order_by("year", "unit__sort_order", "enterprise__name", "pk")
    )
    subtitle = "，".join(filter(None, [str(unit) if unit else "", f"{year}年" if year else ""]))
    # Read 500 inclusions at a time, each chunk with its services: the whole ×100 信息库 held at once (the
    # inclusions, their enterprises and services) took the worker past 350 MB.
    rows = inclusions.iterator(chunk_size=500)
    content = ledger_workbook(rows, stage_labels(), subtitle=subtitle, progress=run.progress)
    return f"新注册企业信息库{('-' + subtitle) if subtitle else ''}.xlsx", content


@job(ROSTER_JOB)
def roster_import(run, *, token):
    """Write a large previewed roster, all rows or none, when the preview still holds; return a receipt."""
    try:
        stored, data = uploads.held(token, user=run.owner, purpose=UPLOAD_PURPOSE)
    except uploads.UploadExpired as problem:
        raise ActionRefused(str(problem)) from None
    unit = Unit.objects.get(pk=data["unit"])
    if not permissions.can_include(run.owner, unit):
        raise ActionRefused("您无权为该单位导入名册。")
    with stored.open() as handle:
        plan = read_roster(handle, unit=unit, user=run.owner, year=data["year"])
    if plan.counts() != data["counts"] or not plan.is_clean:
        raise ActionRefused("预览之后企业库已有变化，导入结果与预览不同，未写入任何数据。请重新上传名册查看新的预览。")
    run.progress(0, plan.row_count)
    try:
        result = services.import_roster(plan, actor=run.owner)
    except (SpreadsheetError, services.RosterChanged) as problem:
        raise ActionRefused(str(problem)) from None
    uploads.release(stored)
    run.progress(plan.row_count)
    receipt = (
        f"{unit}名册已导入：新增企业{result['new']}户，更新{result['updated']}户，无变化{result['unchanged']}户"
        + (f"；纳入{data['year']}年计划{result['included']}户" if data["year"] else "")
        + "。\n"
    )
    return "名册导入结果.txt", receipt.encode()
