"""The 待办 of annex 1's yearly progress reports (工作推进情况)."""

from chuxiong_labor import todo

from .models import ProgressReport

KIND = "协调员工作推进情况"
STATUS = ProgressReport.Status
todo.wait(ProgressReport, STATUS.RETURNED, on=todo.UNIT, kind=KIND, since="reviewed_at", reason="return_reason")
todo.wait(ProgressReport, STATUS.SUBMITTED, on=todo.OFFICE, kind=KIND, since="submitted_at")
todo.settled(ProgressReport, STATUS.DRAFT, STATUS.ACCEPTED)
