"""Default items of the work-rule checklist. 「六规范、五上墙」 has no published list (domain-rules §4 [U]): these
are a reading of 附件3 二（一） and the national work norm (人社厅发〔2014〕30号), which the prefecture edits."""

from django.db import migrations

SEED = "附件3 二（一）"
NORM = "人社厅发〔2014〕30号（推定，可修改）"
LOCAL = "本地提法，无公开清单（推定，可修改）"

ITEMS = [
    ("six_norms", "规范调解组织名称", "统一规范调解组织名称", SEED),
    ("six_norms", "规范调解组织标识", "统一规范调解组织标识", SEED),
    ("six_norms", "规范调解工作程序", "制定并执行统一的调解工作程序", SEED),
    ("six_norms", "规范调解组织工作职责", "明确调解组织工作职责", SEED),
    ("six_norms", "规范调解员行为", "执行《劳动人事争议调解员行为规范（试行）》", SEED),
    ("six_norms", "规范调解文书和业务术语", "使用规范业务术语和统一调解文书（附件3 二（三））", LOCAL),
    ("five_on_wall", "调解工作程序上墙", "在调解场所显著位置悬挂公布", NORM),
    ("five_on_wall", "调解组织工作职责上墙", "在调解场所显著位置悬挂公布", NORM),
    ("five_on_wall", "调解员行为规范上墙", "在调解场所显著位置悬挂公布", NORM),
    ("five_on_wall", "调解组织名称和标识上墙", "在调解场所显著位置悬挂公布", LOCAL),
    ("five_on_wall", "调解员名单和投诉监督方式上墙", "公开调解员和投诉举报渠道，接受社会监督", LOCAL),
    ("work_system", "告知引导制度", "", SEED),
    ("work_system", "调解登记制度", "", SEED),
    ("work_system", "调解处理制度", "", SEED),
    ("work_system", "督促履行制度", "", SEED),
    ("work_system", "回访反馈制度", "", SEED),
    ("work_system", "档案管理制度", "", SEED),
    ("work_system", "统计报告制度", "", SEED),
    ("work_system", "工作考评制度", "", SEED),
    ("work_system", "调解员管理制度", "", SEED),
    ("work_system", "业务学习制度", "", SEED),
    ("mechanism", "重大集体劳动人事争议应急调处机制", "", SEED),
    ("mechanism", "调裁审衔接制度", "调解建议书、委托调解、仲裁审查确认、司法确认", "附件3 二（三）"),
]


def load(apps, schema_editor):
    WorkRuleItem = apps.get_model("mediation", "WorkRuleItem")
    for order, (group, name, description, source) in enumerate(ITEMS, start=1):
        WorkRuleItem.objects.get_or_create(
            group=group, name=name, defaults={"description": description, "source": source, "sort_order": order}
        )


def unload(apps, schema_editor):
    apps.get_model("mediation", "WorkRuleItem").objects.filter(name__in=[item[1] for item in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
