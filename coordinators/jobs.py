"""Annex 1's jobs: the full coordinator export and large imports run off the request path (``lib/jobs``)."""

from io import BytesIO

from chuxiong_labor.lib import uploads
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.jobs import job
from chuxiong_labor.lib.spreadsheets import SpreadsheetError, simple_workbook

from . import permissions, resources, services
from .models import Coordinator
from .views import EXPORT_JOB, IMPORT_JOB, UPLOAD_PURPOSE


@job(EXPORT_JOB)
def coordinator_export(run):
    """Export the coordinators the owner sees (resident IDs only for those who may export them)."""
    coordinators = Coordinator.objects.visible_to(run.owner).select_related("unit", "employer")
    run.progress(0, coordinators.count())
    headers, rows = resources.export_rows(
        coordinators.iterator(2000), show_resident_ids=permissions.can_export_resident_ids(run.owner)
    )
    workbook = simple_workbook("劳动关系协调员", headers, rows)
    run.progress(run.total)
    buffer = BytesIO()
    workbook.save(buffer)
    return "劳动关系协调员.xlsx", buffer.getvalue()


@job(IMPORT_JOB)
def coordinator_import(run, *, token):
    """Write a large previewed coordinator import, all rows or none; return a receipt."""
    try:
        stored, data = uploads.held(token, user=run.owner, purpose=UPLOAD_PURPOSE)
        run.progress(0, data.get("rows", 0))
        with stored.open("rb") as handle:
            plan = resources.read_coordinators(handle, user=run.owner)
        counts = services.import_coordinators(plan, actor=run.owner)
    except (uploads.UploadExpired, SpreadsheetError) as problem:
        raise ActionRefused(str(problem)) from None
    uploads.release(stored)
    run.progress(run.total)
    receipt = f"已导入：新增{counts['new']}名，更新{counts['updated']}名，无变化{counts['unchanged']}名协调员。\n"
    return "协调员导入结果.txt", receipt.encode()
