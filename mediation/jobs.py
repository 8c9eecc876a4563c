"""Annex 3's jobs: the full case-ledger export and large imports run off the request path (``lib/jobs``)."""

from django.utils import timezone

from chuxiong_labor.lib import uploads
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.jobs import job
from chuxiong_labor.lib.spreadsheets import SpreadsheetError

from . import permissions, resources, services
from .views import CASE_EXPORT_JOB, IMPORT_JOB, UPLOAD_PURPOSE, filtered_cases


@job(CASE_EXPORT_JOB)
def case_export(run, **params):
    """Export the cases the owner sees, filtered as the ledger was."""
    cases, _filters = filtered_cases(run.owner, params)
    run.progress(0, cases.count())
    content = resources.export_cases(cases.order_by("org__unit__sort_order", "received_on", "id").iterator(2000))
    run.progress(run.total)
    return f"调解台账-{timezone.localdate():%Y%m%d}.xlsx", content


@job(IMPORT_JOB)
def case_import(run, *, token):
    """Write a large previewed case import, all rows or none, when every row is still valid; return a receipt."""
    if not permissions.can_import_cases(run.owner):
        raise ActionRefused("您无权导入调解台账。")
    try:
        stored, _data = uploads.held(token, user=run.owner, purpose=UPLOAD_PURPOSE)
        with stored.open() as handle:
            rows = resources.read_upload(handle)
    except (uploads.UploadExpired, SpreadsheetError) as problem:
        raise ActionRefused(str(problem)) from None
    run.progress(0, len(rows))
    cases, errors = resources.parse_rows(rows, user=run.owner)
    if errors:
        raise ActionRefused("预览之后台账已有变化，文件中的部分行不再有效，未导入任何案件。请重新上传查看预览。")
    created = services.import_cases(cases, actor=run.owner)
    uploads.release(stored)
    run.progress(len(rows))
    return "调解台账导入结果.txt", f"已导入{len(created)}条调解案件。\n".encode()
