"""The 待办 of annex 5: monitoring months returned or waiting for acceptance, and leads with whoever must act."""

from chuxiong_labor import todo

from .models import Lead, MonthlyBatch

BATCH = MonthlyBatch.Status
todo.wait(MonthlyBatch, BATCH.SUBMITTED, on=todo.OFFICE, kind="重点企业监测数据（待审核）", since="submitted_at")
todo.wait(
    MonthlyBatch, BATCH.RETURNED, on=todo.UNIT, kind="重点企业监测数据（已退回）", since="reviewed_at",
    reason="return_reason",
)  # fmt: skip
todo.settled(MonthlyBatch, BATCH.DRAFT, BATCH.ACCEPTED)

# A lead is the unit's to follow until it escalates it (or a red warning sends it) to the prefecture office.
todo.wait(Lead, Lead.Status.OPEN, on=todo.UNIT, kind="风险线索（待处置）")
todo.wait(Lead, Lead.Status.HANDLING, on=todo.UNIT, kind="风险线索（处置中）")
todo.wait(Lead, Lead.Status.ESCALATED, on=todo.OFFICE, kind="风险线索（已提交州三方办）", since="escalated_at")
todo.settled(Lead, Lead.Status.CLOSED)
