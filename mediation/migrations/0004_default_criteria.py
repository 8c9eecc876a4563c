"""The four dimensions gold mediation organisations are assessed on (domain-rules §4 [S]); the provincial
standard (《云南省金牌劳动人事争议调解组织评价标准》) is not in the seed, so the prefecture may edit them."""

from django.db import migrations

SOURCE = "附件3 二；省评价标准未载入，可修改"
ITEMS = [
    ("制度机制", "名称标识统一、“六规范、五上墙”、各项工作制度和重大集体争议应急调处机制。"),
    ("专业程度", "专兼职调解员配备、法律专业力量、培训和行为规范。"),
    ("服务能力", "使用全国调解管理平台、标准化流程、调裁审衔接、年度调解成功率。"),
    ("基础保障", "工作经费、接待场所和调解室、办案设施设备、以案定补、电子台账。"),
]


def load(apps, schema_editor):
    Criterion = apps.get_model("mediation", "Criterion")
    for order, (name, description) in enumerate(ITEMS, start=1):
        Criterion.objects.get_or_create(
            name=name, defaults={"description": description, "max_points": 25, "source": SOURCE, "sort_order": order}
        )


def unload(apps, schema_editor):
    apps.get_model("mediation", "Criterion").objects.filter(name__in=[item[0] for item in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("mediation", "0003_selection")]

    operations = [migrations.RunPython(load, unload)]
