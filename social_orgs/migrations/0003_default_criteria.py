"""Default scoring items. The provincial standard (《云南省金牌协调劳动关系社会组织评选标准》) is not in the seed:
these items follow what 附件2 asks of the organisations and are for the prefecture to replace."""

from django.db import migrations

SOURCE = "附件2 二（三）；省评选标准未载入，可修改"
ITEMS = [
    ("依法设立、规范运行", "依法登记，章程、内部管理和财务制度健全，年检（年报）合格。"),
    ("劳动关系公共服务", "为企业特别是小微企业和劳动者提供法律政策咨询、劳动用工、薪酬分配指导等服务的数量和成效。"),
    ("参与劳动纠纷化解", "参与劳动纠纷调解、心理疏导，化解矛盾的成效。"),
    ("队伍和设施保障", "专兼职人员配备、服务场所和设施、工作经费。"),
    ("示范带动和社会评价", "典型经验、媒体报道、职工和企业满意度。"),
]


def load(apps, schema_editor):
    Criterion = apps.get_model("social_orgs", "Criterion")
    for order, (name, description) in enumerate(ITEMS, start=1):
        Criterion.objects.get_or_create(
            name=name, defaults={"description": description, "max_points": 20, "source": SOURCE, "sort_order": order}
        )


def unload(apps, schema_editor):
    apps.get_model("social_orgs", "Criterion").objects.filter(name__in=[item[0] for item in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("social_orgs", "0002_selection")]

    operations = [migrations.RunPython(load, unload)]
