"""The 待办 of annex 6: surveys to check or accept, minimum-wage flags to verify, returned surveys and reports,
publications to approve (the office) and to issue (the publishing unit)."""

from chuxiong_labor import todo

from .models import (
    FlagStatus,
    MinimumWageFlag,
    Publication,
    PublicationStatus,
    SurveyEnterprise,
    SurveyStatus,
    ThematicReport,
)

# A filled-in survey is checked by its county first (县（市）审核), then accepted by the prefecture (州级验收).
todo.wait(SurveyEnterprise, SurveyStatus.SUBMITTED, on=todo.UNIT, kind="薪酬调查（待县市审核）")
todo.wait(SurveyEnterprise, SurveyStatus.CHECKED, on=todo.OFFICE, kind="薪酬调查（待州级验收）")
todo.wait(SurveyEnterprise, SurveyStatus.RETURNED, on=todo.UNIT, kind="薪酬调查（已退回）", reason="return_reason")
todo.settled(SurveyEnterprise, SurveyStatus.NOT_STARTED, SurveyStatus.ACCEPTED)
# A row paid below the minimum wage waits on its county to confirm it (with a reason) or correct it.
todo.wait(MinimumWageFlag, FlagStatus.OPEN, on=todo.UNIT, kind="最低工资核实提示（待县市核实）", since="created_at")
todo.settled(MinimumWageFlag, FlagStatus.CONFIRMED, FlagStatus.CORRECTED)

ISSUE_KIND = "工资价位发布稿（待发布）"


@todo.awaiting
def prefecture_publications_to_issue():
    """Return the prefecture-wide publications approved and waiting for the office to issue them (a county's
    approved publication waits on the county, declared below)."""
    approved = Publication.objects.filter(status=PublicationStatus.APPROVED).covering_prefecture()
    return [
        todo.Item(ISSUE_KIND, str(p), p.get_absolute_url(), p.approved_at)
        for p in approved.select_related("unit").defer(*todo.bulky(Publication))
    ]


# The prefecture office approves a drafted publication (the portal's rule); the publishing unit then issues it
# itself: a county its own, the office the prefecture's (listed above).
todo.wait(Publication, PublicationStatus.DRAFT, on=todo.OFFICE, kind="工资价位发布稿（待审核）")
todo.wait(Publication, PublicationStatus.APPROVED, on=todo.UNIT, kind=ISSUE_KIND)
todo.settled(Publication, PublicationStatus.ISSUED)

REPORT = ThematicReport.Status
todo.wait(ThematicReport, REPORT.SUBMITTED, on=todo.OFFICE, kind="季度专题报告（待采用）", since="submitted_at")
todo.wait(ThematicReport, REPORT.RETURNED, on=todo.UNIT, kind="季度专题报告（已退回）", reason="return_reason")
todo.settled(ThematicReport, REPORT.DRAFT, REPORT.ACCEPTED)
