"""Roster import: a generated 10,000-row roster validated and committed by the portal's importer, and the same
file through a plain django-import-export ``ModelResource`` with default options, on the same database.

Both write the same thing: the enterprises into the registry (no plan inclusions), with their history. The
resource only declares which column holds which field (the file's headers are Chinese) and that rows are
matched by credit code, as the portal does; everything else is django-import-export's default.
"""

import io
import random
import time

ROWS = 10_000


def roster_bytes(rows=ROWS, seed=4):
    from openpyxl import Workbook

    from chuxiong_labor import credit_code
    from chuxiong_labor.regions import Region

    rng = random.Random(seed)
    counties = list(Region.objects.filter(level=Region.Level.COUNTY))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(
        ["企业名称", "统一社会信用代码", "注册时间", "住所", "联系电话", "邮政编码", "法定代表人姓名", "所在县（市）"]
    )
    seen = set()
    while len(seen) < rows:
        county = rng.choice(counties)
        body = "91" + county.code + "".join(rng.choice(credit_code.ALPHABET) for _ in range(9))
        code = body + credit_code.check_character(body)
        if code in seen:
            continue
        seen.add(code)
        number = len(seen)
        sheet.append(
            [
                f"{county.name}基准测试第{number}有限公司",
                code,
                f"2022-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}",
                f"云南省楚雄彝族自治州{county.name}{number}号",
                f"0878-{rng.randrange(3000000, 3999999)}",
                "675000",
                "张三",
                county.name,
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def enterprise_resource():
    from import_export import fields, resources, widgets

    from chuxiong_labor.enterprises import Enterprise
    from chuxiong_labor.regions import Region

    class EnterpriseResource(resources.ModelResource):
        name = fields.Field("name", column_name="企业名称")
        credit_code = fields.Field("credit_code", column_name="统一社会信用代码")
        registered_on = fields.Field("registered_on", column_name="注册时间", widget=widgets.DateWidget("%Y-%m-%d"))
        address = fields.Field("address", column_name="住所")
        phone = fields.Field("phone", column_name="联系电话")
        postcode = fields.Field("postcode", column_name="邮政编码")
        legal_rep_name = fields.Field("legal_rep_name", column_name="法定代表人姓名")
        region = fields.Field("region", column_name="所在县（市）", widget=widgets.ForeignKeyWidget(Region, "name"))

        class Meta:
            model = Enterprise
            import_id_fields = ["credit_code"]
            fields = [
                "name",
                "credit_code",
                "registered_on",
                "address",
                "phone",
                "postcode",
                "legal_rep_name",
                "region",
            ]

    return EnterpriseResource()


BENCH_NAMES = "基准测试第"  # every enterprise of the roster has it in its name


def _clean():
    """Remove what this benchmark wrote (earlier benchmarks in the same database keep their own enterprises)."""
    from auditlog.models import LogEntry

    from new_enterprises.models import Inclusion

    Inclusion.objects.filter(enterprise__name__contains=BENCH_NAMES).delete()
    _roster_enterprises().delete()
    LogEntry.objects.all().delete()


def _roster_enterprises():
    from chuxiong_labor.enterprises import Enterprise

    return Enterprise.objects.filter(name__contains=BENCH_NAMES)


def run():
    import tablib

    from chuxiong_labor.accounts import User
    from chuxiong_labor.units import Unit
    from new_enterprises.roster import read_roster
    from new_enterprises.services import import_roster

    content = roster_bytes()
    unit = Unit.objects.get(short_name="州人社局")
    actor, _ = User.objects.get_or_create(
        username="bench-new-enterprises", defaults={"role": "member_staff", "unit": unit}
    )
    _clean()

    started = time.perf_counter()
    plan = read_roster(io.BytesIO(content), unit=unit, user=actor)
    assert plan.is_clean, plan.bad_rows[:3]
    import_roster(plan, actor=actor)
    portal = time.perf_counter() - started
    assert _roster_enterprises().count() == ROWS

    started = time.perf_counter()
    plan = read_roster(io.BytesIO(content), unit=unit, user=actor)
    import_roster(plan, actor=actor)
    portal_again = time.perf_counter() - started
    _clean()

    started = time.perf_counter()
    dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    result = enterprise_resource().import_data(dataset, dry_run=False)
    plain = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors()
    assert _roster_enterprises().count() == ROWS
    _clean()
    return [
        (f"portal roster import, {ROWS} new rows, validated + committed", portal, "s"),
        (f"portal roster import, same {ROWS} rows again (all unchanged)", portal_again, "s"),
        (f"django-import-export ModelResource (defaults), {ROWS} rows", plain, "s"),
        ("ModelResource time / portal time", plain / portal, "x"),
    ]
