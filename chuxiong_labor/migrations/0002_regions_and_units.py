"""Load the region tree (domain-rules §1) and the units of the seed, with the cover letter's contacts."""

from django.db import migrations

COUNTIES = [
    # code, name, order in the seed's tables
    ("532301", "楚雄市", 1),
    ("532302", "禄丰市", 2),
    ("532326", "大姚县", 3),
    ("532328", "元谋县", 4),
    ("532329", "武定县", 5),
    ("532327", "永仁县", 6),
    ("532325", "姚安县", 7),
    ("532323", "牟定县", 8),
    ("532324", "南华县", 9),
    ("532322", "双柏县", 10),
]

MEMBER_UNITS = [
    # full name, short name, other spellings, contact, phone
    ("楚雄州人力资源和社会保障局", "州人社局", "人社,州人力资源和社会保障局", "柏玉美", "0878-3369252"),
    ("楚雄州总工会", "州总工会", "工会", "陈家喜", "0878-3389495"),
    ("楚雄州工业和信息化局", "州工信局", "工信,州工业和信息化局", "谭俊杰", "0878-3139286"),
    ("楚雄州工商业联合会", "州工商联", "工商联,州工商业联合会", "王吉永", "0878-3010772"),
]


def load(apps, schema_editor):
    Region = apps.get_model("chuxiong_labor", "Region")
    RegionAlias = apps.get_model("chuxiong_labor", "RegionAlias")
    Unit = apps.get_model("chuxiong_labor", "Unit")

    def region(code, name, level, parent, order):
        path = (parent.path if parent else "") + f"{code}/"
        return Region.objects.create(code=code, name=name, level=level, parent=parent, path=path, sort_order=order)

    yunnan = region("530000", "云南省", "province", None, 0)
    chuxiong = region("532300", "楚雄彝族自治州", "prefecture", yunnan, 0)
    county_regions = {code: region(code, name, "county", chuxiong, int(code[-2:])) for code, name, _ in COUNTIES}
    RegionAlias.objects.create(region=county_regions["532302"], code="532331", name="禄丰县")

    Unit.objects.create(
        name="楚雄州协调劳动关系三方联席会议办公室",
        short_name="州三方办",
        seed_name="州本级",
        aliases="州级,州协调劳动关系三方联席会议办公室",
        kind="prefecture",
        region=chuxiong,
        sort_order=0,
    )
    for order, (name, short, aliases, person, phone) in enumerate(MEMBER_UNITS, start=1):
        Unit.objects.create(
            name=name,
            short_name=short,
            seed_name=short,
            aliases=aliases,
            kind="member",
            region=chuxiong,
            contact_person=person,
            contact_phone=phone,
            sort_order=order,
        )
    for code, name, order in COUNTIES:
        stem = name[:-1]
        aliases = f"{stem},{name}三方办" + (",禄丰县" if code == "532302" else "")
        Unit.objects.create(
            name=f"{name}协调劳动关系三方联席会议办公室",
            short_name=name,
            seed_name=name,
            aliases=aliases,
            kind="county",
            region=county_regions[code],
            sort_order=10 + order,
        )


def unload(apps, schema_editor):
    apps.get_model("chuxiong_labor", "Unit").objects.all().delete()
    apps.get_model("chuxiong_labor", "RegionAlias").objects.all().delete()
    Region = apps.get_model("chuxiong_labor", "Region")
    for level in ("county", "prefecture", "province"):
        Region.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("chuxiong_labor", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
