"""Load every dated duty of 楚人社通〔2021〕32号 and its six annexes as data."""

import datetime

from django.db import migrations

D = datetime.date
START = D(2021, 5, 28)  # the day the notice was issued
END = D(2023, 12, 31)

# code, annex, title, scope, recurrence, due_on | (month, day), source
DUTIES = [
    (
        "monthly_report",
        0,
        "报送本县市工作进展情况、存在问题、好的经验做法",
        "counties",
        "monthly",
        (None, 25),
        "通知第四条：于每月25日前报州级协调劳动关系三方联席会议办公室",
    ),
    (
        "coordinator_slate",
        1,
        "报送本县市选树的金牌劳动关系协调员人选",
        "all",
        "yearly",
        (6, 30),
        "附件1 三（三）：于每年6月30日前报州协调劳动关系三方联席会议办公室",
    ),
    (
        "coordinator_to_province",
        1,
        "将选树的金牌劳动关系协调员人选报省三方联席会议办公室",
        "prefecture",
        "yearly",
        (8, 31),
        "附件1 三（三）：每年8月底前",
    ),
    (
        "coordinator_progress",
        1,
        "报送打造金牌劳动关系协调员工作推进情况",
        "counties",
        "yearly",
        (8, 31),
        "附件1 三（四）：每年8月底",
    ),
    (
        "coordinator_training",
        1,
        "开展劳动关系协调员培训认定（每年不少于1批次）",
        "all",
        "yearly",
        (12, 31),
        "附件1 三（二）",
    ),
    (
        "coordinator_analysis",
        1,
        "开展打造金牌劳动关系协调员工作分析研判（每年不少于1次）",
        "all",
        "yearly",
        (12, 31),
        "附件1 三（四）",
    ),
    (
        "social_org_plan_issued",
        2,
        "印发《楚雄州打造金牌协调劳动关系社会组织实施方案》",
        "prefecture",
        "once",
        D(2021, 5, 30),
        "附件2 三（一）：2021年5月30日前",
    ),
    (
        "social_org_county_plan",
        2,
        "制定本县市打造金牌协调劳动关系社会组织实施方案",
        "counties",
        "once",
        D(2021, 6, 10),
        "附件2 三（二）：2021年6月10日前",
    ),
    (
        "social_org_candidates",
        2,
        "推荐“楚雄州金牌协调劳动关系社会组织”候选名单",
        "counties",
        "yearly",
        (7, 10),
        "附件2 三（三）：每年7月10日前",
    ),
    (
        "social_org_final_review",
        2,
        "打造金牌协调劳动关系社会组织计划全面总结验收",
        "prefecture",
        "once",
        D(2023, 8, 31),
        "附件2 三（五）：2023年8月底前",
    ),
    (
        "mediation_county_plan",
        3,
        "制定《打造金牌劳动人事争议调解组织实施方案》报州局信访调解与劳动关系科",
        "counties",
        "once",
        D(2021, 7, 10),
        "附件3 三（一）：2021年7月10前",
    ),
    (
        "mediation_inspection",
        3,
        "对辖区内劳动人事争议调解组织按季进行监督检查",
        "counties",
        "quarterly",
        (None, 31),
        "附件3 三（二）：2021年6月至2023年6月，按季进行监督检查",
    ),
    (
        "mediation_training",
        3,
        "召开经验交流现场会、举办培训班、编写培训教材",
        "members",
        "once",
        D(2021, 9, 30),
        "附件3 三（三）：2021年9月底前",
    ),
    (
        "mediation_candidates_2021",
        3,
        "推荐1-2个“云南省金牌劳动人事争议调解组织”候选对象（2021年）",
        "counties",
        "once",
        D(2021, 8, 31),
        "附件3 三（四）：2021年8月",
    ),
    (
        "mediation_candidates_2022",
        3,
        "推荐1-2个“云南省金牌劳动人事争议调解组织”候选对象（2022年）",
        "counties",
        "once",
        D(2022, 6, 30),
        "附件3 三（四）：2022年6月",
    ),
    (
        "mediation_candidates_2023",
        3,
        "推荐1-2个“云南省金牌劳动人事争议调解组织”候选对象（2023年）",
        "counties",
        "once",
        D(2023, 4, 20),
        "附件3 三（四）：2023年4月20日前",
    ),
    (
        "mediation_summary",
        3,
        "分析总结各县市打造金牌调解组织的经验和做法",
        "prefecture",
        "once",
        D(2023, 8, 31),
        "附件3 三（五）：2023年8月底前",
    ),
    (
        "new_enterprise_plan_issued",
        4,
        "研究制定《楚雄州服务万户新企用工计划实施方案》",
        "prefecture",
        "once",
        D(2021, 5, 30),
        "附件4 三（一）：2021年5月30日前",
    ),
    (
        "new_enterprise_county_plan",
        4,
        "制定服务新企用工计划具体实施方案",
        "all",
        "once",
        D(2021, 6, 30),
        "附件4 三（二）：2021年6月底前",
    ),
    ("new_enterprise_directory", 4, "确定服务新注册企业名录", "all", "yearly", (3, 31), "附件4 二（二）：每年一季度末"),
    (
        "new_enterprise_quarterly_pull",
        4,
        "向市场监督管理部门调取新注册企业信息",
        "all",
        "quarterly",
        (None, 31),
        "附件4 三（三）：按季调取新注册企业信息",
    ),
    (
        "new_enterprise_roster",
        4,
        "将服务企业名册报送州三方办",
        "all",
        "yearly",
        (5, 31),
        "附件4 三（三）：于每年6月前将名册报送",
    ),
    (
        "new_enterprise_summary",
        4,
        "报送服务新企用工计划年度工作总结",
        "counties",
        "yearly",
        (8, 31),
        "附件4 三（三）：每年8月底前",
    ),
    (
        "key_enterprise_ledger",
        5,
        "建立重点企业用工监测和指导服务台账",
        "counties",
        "once",
        D(2021, 6, 30),
        "附件5 三（二）：2021年6月底前",
    ),
    (
        "key_enterprise_bargaining",
        5,
        "健全集体协商制度（建制率80%以上，规上90%以上）",
        "counties",
        "once",
        D(2021, 12, 31),
        "附件5 三（三）：2021年底前",
    ),
    (
        "key_enterprise_mechanism",
        5,
        "完善重点企业用工监测机制",
        "prefecture",
        "once",
        D(2022, 12, 31),
        "附件5 三（四）：2022年底前",
    ),
    (
        "key_enterprise_summary",
        5,
        "总结企业用工监测机制、集体协商机制等经验做法",
        "all",
        "once",
        D(2023, 10, 31),
        "附件5 三（五）：2023年10月底前",
    ),
    (
        "pay_publication",
        6,
        "向社会发布上一年度人力资源市场价位和人工成本信息",
        "counties",
        "yearly",
        (6, 30),
        "附件6 三（一）：每年第二季度",
    ),
    (
        "pay_skill_guidance_report",
        6,
        "专题报送技能人才等重点群体薪酬分配指导情况",
        "counties",
        "quarterly",
        (None, 25),
        "附件6 三（二）：从2021年二季度起，于季末25日前报州级协调劳动关系三方办公室",
    ),
    (
        "pay_state_owned_demo",
        6,
        "选择3至5家实施市场化薪酬分配机制的国有企业示范推广",
        "counties",
        "once",
        D(2021, 10, 31),
        "附件6 三（三）：2021年10月底前",
    ),
    (
        "pay_state_owned_report",
        6,
        "报送国有企业薪酬分配做法和经验",
        "counties",
        "yearly",
        (12, 31),
        "附件6 三（三）：2021年和2022年分批报送",
    ),
    (
        "pay_private_demo",
        6,
        "选择3至5家企业薪酬分配示范民营企业推广",
        "counties",
        "once",
        D(2023, 9, 30),
        "附件6 三（三）：2023年9月底前",
    ),
    (
        "plan_final_review",
        0,
        "三年行动计划总结验收",
        "prefecture",
        "once",
        D(2023, 8, 31),
        "附件2、附件3：2023年8月底前总结验收",
    ),
]

WINDOWS = {
    "mediation_inspection": (D(2021, 6, 1), D(2023, 6, 30)),
    "pay_skill_guidance_report": (D(2021, 4, 1), END),
    "pay_state_owned_report": (START, D(2022, 12, 31)),
}


def load(apps, schema_editor):
    PlanCycle = apps.get_model("chuxiong_labor", "PlanCycle")
    Duty = apps.get_model("chuxiong_labor", "Duty")
    cycle = PlanCycle.objects.get(name="2021—2023年")
    for code, annex, title, scope, recurrence, when, source in DUTIES:
        starts_on, ends_on = WINDOWS.get(code, (START, END))
        fields = {"due_on": when} if recurrence == "once" else {"month": when[0], "day": when[1]}
        Duty.objects.create(
            cycle=cycle,
            code=code,
            annex=annex,
            title=title,
            scope=scope,
            recurrence=recurrence,
            source=source,
            starts_on=starts_on,
            ends_on=ends_on,
            **fields,
        )


def unload(apps, schema_editor):
    apps.get_model("chuxiong_labor", "Duty").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("chuxiong_labor", "0003_plan_2021_2023_targets")]
    operations = [migrations.RunPython(load, unload)]
