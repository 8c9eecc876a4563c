"""Duties the document states that were missing, and one that was loaded twice (issue 14, item 9).

- 附件1 三（三）「每年7月开展全州金牌劳动关系协调员选树工作」: the prefecture office's yearly selection in July.
- ``plan_final_review`` (附件2、附件3: 2023年8月底前总结验收) repeated ``social_org_final_review`` and
  ``mediation_summary``, which carry the same sentence for each annex: it goes.
Applied to every plan cycle that already exists (a copied cycle carries the 2021—2023 duties).
"""

import datetime

from django.db import migrations

JULY_SELECTION = {
    "code": "coordinator_july_selection",
    "annex": 1,
    "title": "开展全州金牌劳动关系协调员选树工作",
    "scope": "prefecture",
    "recurrence": "yearly",
    "month": 7,
    "day": 31,
    "source": "附件1 三（三）：每年7月开展全州金牌劳动关系协调员选树工作",
}


def apply(apps, schema_editor):
    PlanCycle = apps.get_model("chuxiong_labor", "PlanCycle")
    Duty = apps.get_model("chuxiong_labor", "Duty")
    Duty.objects.filter(code="plan_final_review").delete()
    for cycle in PlanCycle.objects.all():
        if not Duty.objects.filter(cycle=cycle).exists():
            continue
        Duty.objects.get_or_create(
            cycle=cycle,
            code=JULY_SELECTION["code"],
            defaults={
                **JULY_SELECTION,
                "starts_on": datetime.date(cycle.start_year, 1, 1),
                "ends_on": datetime.date(cycle.end_year, 12, 31),
            },
        )


def revert(apps, schema_editor):
    apps.get_model("chuxiong_labor", "Duty").objects.filter(code=JULY_SELECTION["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("chuxiong_labor", "0008_duty_date_change")]
    operations = [migrations.RunPython(apply, revert)]
