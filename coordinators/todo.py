"""The 待办 sources of annex 1's yearly progress reports."""

from chuxiong_labor import todo

from .models import ProgressReport

KIND = "协调员工作推进情况"


@todo.returned
def returned_progress_reports(unit):
    """Return ``unit``'s progress reports sent back, with the reason."""
    reports = ProgressReport.objects.filter(unit=unit, status=ProgressReport.Status.RETURNED)
    return [todo.Item(KIND, f"{r.year}年", r.get_absolute_url(), r.reviewed_at, r.return_reason) for r in reports]


@todo.awaiting
def submitted_progress_reports():
    """Return the progress reports waiting for the prefecture office."""
    waiting = ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED).select_related("unit")
    return [todo.Item(KIND, f"{r.unit} {r.year}年", r.get_absolute_url(), r.submitted_at) for r in waiting]
