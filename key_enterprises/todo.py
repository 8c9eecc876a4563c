"""The 待办 of annex 5: monitoring months returned or waiting for acceptance, leads with whoever must act, and
the rehire reminder of a layoff (Art. 41 ¶3)."""

import datetime

from django.utils import timezone

from chuxiong_labor import todo

from .figures import unanswered_rehires
from .models import LayoffPlan, Lead, MonthlyBatch

# six months after the layoff, counted generously in days (the months after it are checked exactly by ``rehires``)
REHIRE_WINDOW = datetime.timedelta(days=31 * LayoffPlan.REHIRE_MONTHS)

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


@todo.returned
def rehire_reminders(unit):
    """Layoffs of the last six months at whose enterprise someone was hired since: the unit reminds the employer to
    notify the people laid off and prefer them on equal terms (劳动合同法 Art. 41 ¶3), until it records on the
    plan's page that they were notified or that no rehire applies (``services.record_rehire_notice``)."""
    today = timezone.localdate()
    plans = LayoffPlan.objects.filter(
        monitored__unit=unit, actual_cut__gt=0, planned_on__lte=today, planned_on__gte=today - REHIRE_WINDOW
    ).select_related("monitored__enterprise")
    found = unanswered_rehires(plans)
    items = []
    for plan in plans:
        for row in found.get(plan.pk, []):
            items.append(
                todo.Item(
                    "裁员后六个月内新招用（第四十一条第三款）",
                    f"{plan.monitored.enterprise.name}：{plan.planned_on:%Y-%m-%d}裁减{plan.actual_cut}人，"
                    f"{row.batch.year}年{row.batch.month}月新招用{row.hires}人，应通知被裁减人员并在同等条件下优先招用",
                    f"{plan.get_absolute_url()}#rehire",
                    row.batch.submitted_at,
                )
            )
    return items
