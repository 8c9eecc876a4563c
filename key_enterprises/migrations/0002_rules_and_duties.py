"""Annex 5's defaults as data: the early-warning rules (see ``key_enterprises/alerts.py``) and every dated duty of
the annex for every level it names. The kernel loaded four of the duties (0004); here they get the scope the text
gives them, and the duties it left out are added."""

import datetime

from django.db import migrations

D = datetime.date

RULES = [
    # code, metric, threshold, level, text, days to close
    ("headcount-drop", "headcount_drop", "10", "orange", "职工人数较上年底下降10%以上", 15),
    ("art41-layoff", "art41_layoff", "20", "red", "本期裁员20人以上或占职工总数10%以上（劳动合同法第四十一条）", 7),
    ("wages-owed", "wages_owed", "1", "red", "拖欠职工工资1个月以上", 7),
    ("insurance-owed", "insurance_owed", "3", "yellow", "欠缴社会保险费3个月以上", 30),
    ("collective-dispute", "collective_dispute", "10", "red", "发生10人以上集体劳动争议", 7),
    ("stoppage", "stoppage", "1", "orange", "出现停工停产", 15),
    ("separation-rate", "separation_rate", "15", "yellow", "岗位流失率达到15%", 30),
]

# code: (scope before, scope now, title now) for the kernel's rows
RESCOPED = {
    "key_enterprise_ledger": ("counties", "counties", "建立重点企业用工监测和指导服务台账及用工动态监测信息台账"),
    "key_enterprise_bargaining": ("counties", "all", "健全集体协商制度（建制率80%以上，规上90%以上）"),
    "key_enterprise_mechanism": ("prefecture", "all", "完善重点企业用工监测机制，定期开展三方会商研判"),
}

# code, title, scope, recurrence, due_on | (month, day), source
ADDED = [
    (
        "key_enterprise_risk_mechanism",
        "建立劳动关系风险监测机制，将重点企业纳入监测",
        "counties",
        "once",
        D(2021, 12, 31),
        "附件5 三（一）：2021年起，各县市要建立劳动关系风险监测机制（未规定具体日期，平台取2021年底）",
    ),
    (
        "key_enterprise_list_adjustment",
        "调整更新重点监测企业清单",
        "all",
        "yearly",
        (3, 31),
        "附件5 三（一）：各县（市）结合实际每年对监测企业进行调整更新（未规定具体日期，平台取每年一季度末）",
    ),
    (
        "key_enterprise_mechanism_prefecture",
        "完善全州重点企业用工监测机制，形成制度化工作措施",
        "prefecture",
        "once",
        D(2022, 12, 31),
        "附件5 三（四）：2022年底前",
    ),
    (
        "key_enterprise_promotion",
        "选择一批可复制、可借鉴的经验做法在全州推广",
        "prefecture",
        "once",
        D(2023, 10, 31),
        "附件5 三（五）：2023年10月底前",
    ),
]


def load(apps, schema_editor):
    WarningRule = apps.get_model("key_enterprises", "WarningRule")
    MonitoringConfig = apps.get_model("key_enterprises", "MonitoringConfig")
    for code, metric, threshold, level, text, days in RULES:
        WarningRule.objects.create(
            code=code, metric=metric, threshold=threshold, level=level, text=text, days_to_close=days
        )
    MonitoringConfig.objects.get_or_create(pk=1)
    PlanCycle = apps.get_model("chuxiong_labor", "PlanCycle")
    Duty = apps.get_model("chuxiong_labor", "Duty")
    cycle = PlanCycle.objects.filter(name="2021—2023年").first()
    if cycle is None:
        return
    for code, (_before, scope, title) in RESCOPED.items():
        Duty.objects.filter(cycle=cycle, code=code).update(scope=scope, title=title)
    for code, title, scope, recurrence, when, source in ADDED:
        fields = {"due_on": when} if recurrence == "once" else {"month": when[0], "day": when[1]}
        Duty.objects.get_or_create(
            cycle=cycle,
            code=code,
            defaults={
                "annex": 5,
                "title": title,
                "scope": scope,
                "recurrence": recurrence,
                "source": source,
                "starts_on": D(2021, 5, 28),
                "ends_on": D(2023, 12, 31),
                **fields,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("key_enterprises", "WarningRule").objects.all().delete()
    Duty = apps.get_model("chuxiong_labor", "Duty")
    Duty.objects.filter(code__in=[row[0] for row in ADDED]).delete()
    for code, (before, _scope, _title) in RESCOPED.items():
        Duty.objects.filter(code=code).update(scope=before)


class Migration(migrations.Migration):
    dependencies = [
        ("key_enterprises", "0001_initial"),
        ("chuxiong_labor", "0010_enterprise_monitoring_fields"),
    ]

    operations = [migrations.RunPython(load, unload)]
