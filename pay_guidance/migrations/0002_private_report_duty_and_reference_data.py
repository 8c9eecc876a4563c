"""Annex 6's missing yearly duty and the reference data the survey checks read.

- The duty: private demonstration enterprises' experience is reported yearly ("分年度将企业经验做法报送州级协调劳动
  关系三方联席会议办公室", 附件6 三（三）); the kernel's duty list (migration 0004) had only the one-off choice by
  2023-09-30. Added to every plan cycle that has that choice, due 31 December from the year of the choice.
- The minimum-wage tiers of the ten counties (monthly, from the dates of Yunnan's notices). Which tier each
  county is in is not stated in the seed: the values are entered unconfirmed (``is_confirmed`` false, shown so
  in the portal) for the office to confirm in the admin.
"""

import datetime

from django.db import migrations

D = datetime.date
SOURCE_2018 = "云南省人民政府关于调整最低工资标准的通知（2018年5月1日起执行）——县（市）档次待核实"
SOURCE_2023 = "云南省人民政府关于调整全省最低工资标准的通知（2023年10月1日起执行）——县（市）档次待核实"
TIERS_2018 = {1: "1670.00", 2: "1500.00", 3: "1350.00"}
TIERS_2023 = {1: "1990.00", 2: "1840.00", 3: "1690.00"}
SECOND_TIER = {"532301", "532302"}  # 楚雄市, 禄丰市; every other county in the third tier (unconfirmed)


def load(apps, schema_editor):
    Duty = apps.get_model("chuxiong_labor", "Duty")
    for choice in Duty.objects.filter(code="pay_private_demo"):
        Duty.objects.get_or_create(
            cycle=choice.cycle,
            code="pay_private_report",
            defaults={
                "annex": 6,
                "title": "报送民营企业薪酬分配示范的经验做法（分年度）",
                "scope": "counties",
                "recurrence": "yearly",
                "month": 12,
                "day": 31,
                "starts_on": D(choice.due_on.year, 1, 1) if choice.due_on else choice.starts_on,
                "ends_on": choice.ends_on,
                "source": "附件6 三（三）：2023年9月底前选择3至5家企业薪酬分配示范民营企业……并分年度将企业经验做法报送",
            },
        )
    Region = apps.get_model("chuxiong_labor", "Region")
    MinimumWage = apps.get_model("pay_guidance", "MinimumWage")
    for region in Region.objects.filter(level="county"):
        tier = 2 if region.code in SECOND_TIER else 3
        for start, tiers, source in ((D(2018, 5, 1), TIERS_2018, SOURCE_2018), (D(2023, 10, 1), TIERS_2023, SOURCE_2023)):
            MinimumWage.objects.get_or_create(
                region=region,
                effective_from=start,
                defaults={"tier": tier, "monthly_yuan": tiers[tier], "source": source, "is_confirmed": False},
            )


def unload(apps, schema_editor):
    apps.get_model("chuxiong_labor", "Duty").objects.filter(code="pay_private_report").delete()
    apps.get_model("pay_guidance", "MinimumWage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pay_guidance", "0001_initial"), ("chuxiong_labor", "0009_duty_corrections")]
    operations = [migrations.RunPython(load, unload)]
