"""Roster import: a generated 10,000-row roster validated and committed by the portal's importer, and the same
file through a plain django-import-export ``ModelResource`` with default options, on the same database.

At ×100 (issue 21: ≤ 2 s and ≤ 7× a COPY of the same rows), with BENCH_X100_DATABASE_URL: ``roster_probe.py``
runs in a process of its own, with production settings, on a copy of that database made for it (``CREATE
DATABASE … TEMPLATE``, which waits until no one else is connected to the ×100 database; dropped afterwards) or
on BENCH_ROSTER_DATABASE_URL, a copy made beforehand (the probe removes what it wrote). It times a plain COPY of
the roster's rows, the import and the import again (all unchanged), BENCH_ROSTER_RUNS (3) rounds side by side.

Both write the same thing: the enterprises into the registry (no plan inclusions), with their history. The
resource only declares which column holds which field (the file's headers are Chinese) and that rows are
matched by credit code, as the portal does; everything else is django-import-export's default.
"""

import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
ROWS = 10_000
BENCH_NAMES = "基准测试第"  # every enterprise of the roster has it in its name


HEADERS = ["企业名称", "统一社会信用代码", "注册时间", "住所", "联系电话", "邮政编码", "法定代表人姓名", "所在县（市）"]


def roster_rows(rows=ROWS, seed=4):
    """The generated roster's rows (``HEADERS``' values), each a new enterprise with a valid credit code."""
    from chuxiong_labor import credit_code
    from chuxiong_labor.regions import Region

    rng = random.Random(seed)
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("code"))
    seen, generated = set(), []
    while len(seen) < rows:
        county = rng.choice(counties)
        body = "91" + county.code + "".join(rng.choice(credit_code.ALPHABET) for _ in range(9))
        code = body + credit_code.check_character(body)
        if code in seen:
            continue
        seen.add(code)
        number = len(seen)
        generated.append(
            [
                f"{county.name}{BENCH_NAMES}{number}有限公司",
                code,
                f"2022-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}",
                f"云南省楚雄彝族自治州{county.name}{number}号",
                f"0878-{rng.randrange(3000000, 3999999)}",
                "675000",
                "张三",
                county.name,
            ]
        )
    return generated


def roster_bytes(rows=ROWS, seed=4):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for row in roster_rows(rows, seed):
        sheet.append(row)
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
        *_at_x100(),
    ]


def _at_x100():
    url = os.environ.get("BENCH_ROSTER_DATABASE_URL")
    if url:
        return _figures(_probe(url))
    source = os.environ.get("BENCH_X100_DATABASE_URL")
    if not source:
        print("  (roster import ×100: set BENCH_X100_DATABASE_URL to a database filled by seed_scale to measure it)")
        return []
    settings = dj_database_url.parse(source)
    copy = settings["NAME"] + "_roster_bench"
    server = psycopg2.connect(
        dbname="postgres", user=settings["USER"], password=settings["PASSWORD"], host=settings["HOST"],
        port=settings["PORT"] or 5432,
    )  # fmt: skip
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            for attempt in range(60):  # CREATE DATABASE … TEMPLATE needs the ×100 database to itself
                try:
                    cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{settings["NAME"]}"')
                    break
                except psycopg2.errors.ObjectInUse:
                    if attempt == 59:
                        print(f"  (roster import ×100: {settings['NAME']} stayed in use; not measured)")
                        return []
                    time.sleep(5)
        try:
            return _figures(_probe(source.rsplit("/", 1)[0] + "/" + copy))
        finally:
            with server.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
    finally:
        server.close()


def _probe(url):
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50}
    env.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false")
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "benchmarks" / "roster_probe.py")], env=env, capture_output=True, text=True
    )
    if output.returncode:
        raise RuntimeError(output.stderr[-2000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def _figures(result):
    spreads = result["spreads"]

    def spread(name):
        low, _median, high = spreads[name]
        return f"(min {low:.3f}, max {high:.3f} s)"

    ratios = sorted(result["ratios"])
    return [
        (f"×100 COPY of the same {ROWS} rows, committed {spread('copy')}", spreads["copy"][1], "s"),
        (f"×100 roster import, {ROWS} new rows (goal ≤ 2 s) {spread('import')}", spreads["import"][1], "s"),
        (f"×100 roster import, same rows again (unchanged) {spread('again')}", spreads["again"][1], "s"),
        (
            f"×100 import / COPY, median of medians (goal ≤ 7; per round {ratios[0]:.1f}–{ratios[-1]:.1f})",
            spreads["import"][1] / spreads["copy"][1],
            "×",
        ),
        (
            f"×100 1-minute load at the probe's end ({result['counts']['enterprises']} enterprises, the roster's in)",
            result["load"],
            "",
        ),
    ]
