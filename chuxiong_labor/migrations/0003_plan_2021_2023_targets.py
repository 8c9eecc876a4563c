"""Load every table of the six annexes of 楚人社通〔2021〕32号 exactly as printed, and the figures their texts state.

Nothing here is corrected: where a table's sums and the text disagree (annex 4's stages, annex 5's 160 against
the table's 162), both numbers are kept and the targets page shows the difference.
"""

from django.db import migrations

CYCLE = {"name": "2021—2023年", "document": "楚人社通〔2021〕32号", "start_year": 2021, "end_year": 2023}
WHOLE = "2021—2023年"
EACH_YEAR = "每年"
STAGE_12 = "第一、二阶段(2021、2022年)"
STAGE_3 = "第二阶段(2023年)"  # printed so in the table; the table's own note calls it 第三阶段

# period label → (year_from, year_to, per_year)
SPANS = {
    "合计": (2021, 2023, False),
    "2021": (2021, 2021, True),
    "2022": (2022, 2022, True),
    "2023": (2023, 2023, True),
    WHOLE: (2021, 2023, False),
    EACH_YEAR: (2021, 2023, True),
    "每轮": (2021, 2023, True),
    STAGE_12: (2021, 2022, True),
    STAGE_3: (2023, 2023, True),
}

# Each programme: code, annex, title, kind, measure, note, periods, rows.
# A row: (label as printed, {period: value}); a value is a number, ("min", n) for 不少于 n, or ("range", a, b).
PROGRAMMES = [
    {
        "code": "coordinator_quota",
        "annex": 1,
        "kind": "table",
        "measure": "人",
        "title": "楚雄州金牌劳动关系协调员推荐名额分配表",
        "note": "州级协调劳动关系三方成员单位及各县（市）推荐候选人数不低于分解任务的1.5倍。",
        "periods": ["合计", "2021", "2022", "2023"],
        "rows": [
            ("州人社局", [3, 1, 1, 1]),
            ("州总工会", [3, 1, 1, 1]),
            ("州工信局", [2, 1, 1, None]),
            ("州工商联", [2, 1, 1, None]),
            ("楚雄市", [10, 2, 4, 4]),
            ("禄丰市", [10, 2, 4, 4]),
            ("大姚县", [10, 2, 4, 4]),
            ("元谋县", [10, 2, 4, 4]),
            ("武定县", [10, 2, 4, 4]),
            ("永仁县", [8, 2, 3, 3]),
            ("姚安县", [8, 2, 3, 3]),
            ("牟定县", [8, 2, 3, 3]),
            ("南华县", [8, 2, 3, 3]),
            ("双柏县", [8, 2, 3, 3]),
        ],
    },
    {
        "code": "coordinator_selection",
        "annex": 1,
        "kind": "stated",
        "measure": "人",
        "title": "每年选树金牌劳动关系协调员（正文）",
        "note": "每年在全州范围内选树金牌劳动关系协调员15名，其中州本级、楚雄市、禄丰市、大姚县每年各2名，"
        "其余县市每年不少于1名。",
        "periods": [EACH_YEAR],
        "rows": [
            ("州本级", [2]),
            ("楚雄市", [2]),
            ("禄丰市", [2]),
            ("大姚县", [2]),
            ("元谋县", [("min", 1)]),
            ("武定县", [("min", 1)]),
            ("永仁县", [("min", 1)]),
            ("姚安县", [("min", 1)]),
            ("牟定县", [("min", 1)]),
            ("南华县", [("min", 1)]),
            ("双柏县", [("min", 1)]),
            ("合计", [15]),
        ],
    },
    {
        "code": "coordinator_totals",
        "annex": 1,
        "kind": "stated",
        "measure": "人",
        "title": "打造金牌劳动关系协调员的总数（标题与正文）",
        "note": "方案标题为“打造百名金牌劳动关系协调员”，名额分配表合计100名；正文为每年选树15名报省。",
        "periods": ["2021", "2022", "2023", WHOLE],
        "rows": [
            ("每年选树金牌劳动关系协调员（正文）", [15, 15, 15, None]),
            ("三年选树合计（每年15名）", [None, None, None, 45]),
            ("三年打造金牌劳动关系协调员（标题“百名”）", [None, None, None, 100]),
        ],
        "checks": {"2021": "2021", "2022": "2022", "2023": "2023", WHOLE: ""},
        "checks_programme": "coordinator_quota",
    },
    {
        "code": "coordinator_other",
        "annex": 1,
        "kind": "stated",
        "measure": "",
        "title": "打造金牌劳动关系协调员的其他目标（正文）",
        "note": "",
        "periods": [EACH_YEAR],
        "rows": [
            ("推荐候选人数不低于分解任务的倍数", [1.5]),
            ("各单位每年开展培训认定（批次）", [("min", 1)]),
            ("每年开展分析研判（次）", [("min", 1)]),
            ("大中型企业配备劳动关系协调员（名/户）", [("min", 1)]),
        ],
    },
    {
        "code": "social_org_quota",
        "annex": 2,
        "kind": "table",
        "measure": "家",
        "title": "楚雄州金牌协调劳动关系社会组织推荐名额分配表",
        "note": "备注：各县（市）可根据本地区实际情况增加推荐数量。",
        "periods": ["合计", "2021", "2022", "2023"],
        "rows": [
            ("楚雄", [3, 1, 1, 1]),
            ("牟定", [3, 1, 1, 1]),
            ("南华", [3, 1, 1, 1]),
            ("姚安", [3, 1, 1, 1]),
            ("大姚", [3, 1, 1, 1]),
            ("永仁", [3, 1, 1, 1]),
            ("元谋", [3, 1, 1, 1]),
            ("武定", [3, 1, 1, 1]),
            ("禄丰", [3, 1, 1, 1]),
            ("双柏", [3, 1, 1, 1]),
            ("合计", [30, 10, 10, 10]),
        ],
    },
    {
        "code": "social_org_gold",
        "annex": 2,
        "kind": "stated",
        "measure": "家",
        "title": "打造金牌协调劳动关系社会组织（正文）",
        "note": "2021年至2023年，三年全州打造10家；每年从候选名单中选树3—4家，经公示无异议后授牌，"
        "并向省推荐2家候选对象。",
        "periods": [WHOLE, EACH_YEAR],
        "rows": [
            ("全州打造金牌社会组织", [10, None]),
            ("每年选树州级金牌社会组织", [None, ("range", 3, 4)]),
            ("每年向省推荐候选对象", [None, 2]),
        ],
    },
    {
        "code": "mediation_gold",
        "annex": 3,
        "kind": "stated",
        "measure": "",
        "title": "打造金牌劳动人事争议调解组织（正文）",
        "note": "2021年—2023年在全州打造30家（每年10家）；各县（市）每轮推荐1-2个候选对象；"
        "择优推荐3类2-3家上报省三方联席会议办公室；年度调解成功率达到65%以上；每个基层调解组织至少配备1名调解员。",
        "periods": [WHOLE, EACH_YEAR, "每轮"],
        "rows": [
            ("全州打造金牌调解组织（家）", [30, 10, None]),
            ("各县（市）推荐候选对象（个）", [None, None, ("range", 1, 2)]),
            ("向省推荐（家）", [None, ("range", 2, 3), None]),
            ("年度劳动人事争议调解成功率（%）", [None, ("min", 65), None]),
            ("每个基层调解组织配备调解员（名）", [None, ("min", 1), None]),
        ],
    },
    {
        "code": "new_enterprise_service",
        "annex": 4,
        "kind": "table",
        "measure": "户",
        "title": "楚雄州“服务万户新企用工计划”任务分解表",
        "note": "负责部门：州级及县(市)协调劳动关系三方联席会议办公室。备注：第一、二阶段各200户(其中:州本级分别由人社、"
        "工会、工信、工商联各建立示范点10户)；第三阶段共300户(其中:州本级分别由人社、工会、工信、工商联各建立示范点10户)。"
        "表中第二栏印作“第二阶段(2023年)”，其备注称“第三阶段”。",
        "periods": [STAGE_12, STAGE_3, "合计"],
        "rows": [
            ("州本级", [40, 40, None]),
            ("楚雄市", [40, 50, None]),
            ("禄丰市", [40, 50, None]),
            ("大姚县", [20, 20, None]),
            ("元谋县", [10, 20, None]),
            ("武定县", [20, 20, None]),
            ("永仁县", [10, 20, None]),
            ("姚安县", [5, 20, None]),
            ("牟定县", [10, 20, None]),
            ("南华县", [10, 20, None]),
            ("双柏县", [5, 20, None]),
            ("合计", [None, None, 700]),
        ],
    },
    {
        "code": "new_enterprise_stated",
        "annex": 4,
        "kind": "stated",
        "measure": "户",
        "title": "重点服务新注册企业（正文）",
        "note": "2021年至2023年，全州3年重点服务新注册企业700户。其中：2021年和2022年，分别为200户，2023年为300户。",
        "periods": ["2021", "2022", "2023", WHOLE],
        "rows": [("全州", [200, 200, 300, 700])],
        "checks": {"2021": STAGE_12, "2022": STAGE_12, "2023": STAGE_3, WHOLE: ""},
        "checks_programme": "new_enterprise_service",
    },
    {
        "code": "new_enterprise_demo_points",
        "annex": 4,
        "kind": "stated",
        "measure": "户",
        "title": "州级成员单位联系点（示范点）（正文）",
        "note": "每个州级成员单位每年至少建立10户，主动开展服务，并积极打造一批示范点。",
        "periods": [EACH_YEAR],
        "rows": [
            ("州人社局", [("min", 10)]),
            ("州总工会", [("min", 10)]),
            ("州工信局", [("min", 10)]),
            ("州工商联", [("min", 10)]),
        ],
    },
    {
        "code": "key_enterprise_monitoring",
        "annex": 5,
        "kind": "table",
        "measure": "户",
        "title": "楚雄州重点企业劳动关系风险动态监测任务分解表",
        "note": "表头：监测企业任务数（每年不少于户 162 户）。",
        "periods": [EACH_YEAR],
        "rows": [
            ("州本级", [20]),
            ("楚雄市", [20]),
            ("禄丰市", [20]),
            ("大姚县", [15]),
            ("元谋县", [15]),
            ("武定县", [15]),
            ("永仁县", [10]),
            ("姚安县", [12]),
            ("牟定县", [10]),
            ("南华县", [15]),
            ("双柏县", [10]),
        ],
    },
    {
        "code": "key_enterprise_stated",
        "annex": 5,
        "kind": "stated",
        "measure": "",
        "title": "重点企业用工指导的其他目标（正文）",
        "note": "每年全州监测服务企业不少于160户；已建工会的企业集体协商建制率动态保持在80%以上，其中规模（限额）以上"
        "已建工会的企业开展年度集体协商、签订工资专项集体合同保持在90%以上。",
        "periods": [EACH_YEAR],
        "rows": [
            ("全州监测企业（户，分解表表头）", [("min", 162)]),
            ("全州监测企业（户，正文）", [("min", 160)]),
            ("已建工会企业集体协商建制率（%）", [("min", 80)]),
            ("规上已建工会企业开展年度集体协商、签订工资专项集体合同（%）", [("min", 90)]),
        ],
        "checks": {EACH_YEAR: EACH_YEAR},
        "checks_rows": ["全州监测企业（户，分解表表头）", "全州监测企业（户，正文）"],
        "checks_programme": "key_enterprise_monitoring",
    },
    {
        "code": "pay_guidance_stated",
        "annex": 6,
        "kind": "stated",
        "measure": "",
        "title": "企业薪酬指引的目标（正文）",
        "note": "各县市每年第二季度发布上一年度人力资源市场价位和人工成本信息，向不少于10%的被调查企业提供针对性、个性化服务；"
        "对不少于10家企业开展技能人才薪酬分配指导服务；2021年10月底前各县市选择3至5家国有企业示范推广；"
        "2023年9月底前选择3至5家民营企业示范推广。",
        "periods": [EACH_YEAR, WHOLE, "2021", "2023"],
        "rows": [
            ("向被调查企业提供针对性服务的比例（%）", [("min", 10), None, None, None]),
            ("开展技能人才薪酬分配指导服务的企业（家）", [None, ("min", 10), None, None]),
            ("各县市国有企业市场化薪酬分配示范（家）", [None, None, ("range", 3, 5), None]),
            ("各县市民营企业薪酬分配示范（家）", [None, None, None, ("range", 3, 5)]),
        ],
    },
]


def _unit_for(label, units):
    for unit in units:
        names = {unit.short_name, unit.seed_name, unit.name, *[a for a in unit.aliases.split(",") if a]}
        if label in names:
            return unit
    return None


def load(apps, schema_editor):
    PlanCycle = apps.get_model("chuxiong_labor", "PlanCycle")
    Programme = apps.get_model("chuxiong_labor", "Programme")
    Target = apps.get_model("chuxiong_labor", "Target")
    Unit = apps.get_model("chuxiong_labor", "Unit")
    units = list(Unit.objects.all())
    cycle = PlanCycle.objects.create(**CYCLE)
    created = {}
    for order, spec in enumerate(PROGRAMMES):
        programme = Programme.objects.create(
            cycle=cycle,
            code=spec["code"],
            annex=spec["annex"],
            title=spec["title"],
            kind=spec["kind"],
            measure=spec["measure"],
            note=spec["note"],
            sort_order=order,
        )
        created[spec["code"]] = programme
        checked = created.get(spec.get("checks_programme"))
        for row, (label, values) in enumerate(spec["rows"]):
            for column, (period, value) in enumerate(zip(spec["periods"], values, strict=True)):
                if value is None:
                    continue
                comparator, low, high = "eq", value, None
                if isinstance(value, tuple):
                    comparator, low, high = value[0], value[1], value[2] if len(value) > 2 else None
                year_from, year_to, per_year = SPANS[period]
                checks = checked is not None and label in spec.get("checks_rows", [label]) and period in spec["checks"]
                Target.objects.create(
                    programme=programme,
                    unit=_unit_for(label, units),
                    unit_label=label,
                    period=period,
                    year_from=year_from,
                    year_to=year_to,
                    per_year=per_year,
                    value=low,
                    value_max=high,
                    comparator=comparator,
                    row=row,
                    column=column,
                    checks_programme=checked if checks else None,
                    checks_period=spec["checks"][period] if checks else "",
                    note="表中印作“第二阶段”，其备注称“第三阶段”" if period == STAGE_3 and row == 0 else "",
                )


def unload(apps, schema_editor):
    apps.get_model("chuxiong_labor", "PlanCycle").objects.filter(name=CYCLE["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [("chuxiong_labor", "0002_regions_and_units")]
    operations = [migrations.RunPython(load, unload)]
