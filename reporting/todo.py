"""The 待办 of the monthly reports: returned to a unit (a source: the reason is in the transition log), and waiting for
the prefecture's acceptance (a declared state)."""

from chuxiong_labor import todo

from .models import Circular, MonthlyReport, ReportTransition

KIND = "工作月报"


@todo.returned
def returned_reports(unit):
    """Return the unit's monthly reports sent back, with the reason of the latest return."""
    reports = {r.pk: r for r in MonthlyReport.objects.filter(unit=unit, status=MonthlyReport.Status.RETURNED)}
    if not reports:
        return []
    steps = ReportTransition.objects.filter(report__in=reports, to_status=MonthlyReport.Status.RETURNED)
    latest = {step.report_id: step for step in steps.order_by("report_id", "at", "pk")}
    return [
        todo.Item(
            KIND,
            f"{r.year}年{r.month}月",
            r.get_absolute_url(),
            getattr(latest.get(pk), "at", None),
            getattr(latest.get(pk), "reason", ""),
        )
        for pk, r in reports.items()
    ]


REPORT = MonthlyReport.Status
todo.wait(MonthlyReport, REPORT.RETURNED, on=todo.UNIT, kind=KIND, listed_by_source=True)
# Waiting on the office: read as every declared state is, the first few and the count in one query (a source
# listing every one cost ×100's reviewer 90 ms a page).
todo.wait(MonthlyReport, REPORT.SUBMITTED, on=todo.OFFICE, kind=KIND, since="submitted_at")
todo.settled(MonthlyReport, REPORT.DRAFT, REPORT.ACCEPTED)
# A circular is the office's own writing until issued; no one else waits on it.
todo.settled(Circular, Circular.Status.DRAFT, Circular.Status.ISSUED)
