"""Annex 6 on production-sized data (goals for PostgreSQL, as production runs):

- a 200,000-row employee CSV (a county's survey: 500 enterprises of 400 employees, all new to the registry)
  read, checked and written by the portal's importer: ≤ 15 s;
- the whole wage table (every occupation, grade, title, skill grade, education and industry cell, with the
  suppression counts) from 1,000,000 stored employee rows: ≤ 5 s, in a number of queries that does not grow with
  the number of cells (printed);
- the whole public table of a year from the same rows — every scope's cells and the enterprises behind them, the
  labour-cost table, secondary suppression over the prefecture and its ten counties
  (``public_tables.plan_publication``): ≤ 5 s, median of three runs.

The rows are counted in the database, and the code before the rows were read once (git ``BASELINE_REVISION``)
is timed in the same run on the same rows (``benchmarks/baseline.py``) and its figures compared with today's.
Against a database that holds the rows already: ``table_figures(year)``, and ``page_figures(year)`` for the
reviewer's wage table page (``pay_guidance:wage_table``) as users meet it — the table kept (``kept_tables``) —
and computed afresh, side by side in the same run, CPU and wall time, median of three, with the warming's cost
(``python benchmarks/bench_pay_guidance.py page [year]``; DATABASE_URL names a scaled copy).
"""

import csv
import io
import random
import time

IMPORT_ROWS = 200_000
PER_ENTERPRISE = 400
TABLE_ROWS = 1_000_000
BASELINE_REVISION = "ef825a6"  # main before the rows were read once (issue 21 item 5)


def survey_csv(rng, rows=IMPORT_ROWS):
    from chuxiong_labor import credit_code
    from pay_guidance.occupations import KNOWN

    codes = list(KNOWN)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(
        ["统一社会信用代码", "企业名称", "职业编码", "管理岗位层级", "职称", "技能等级", "学历", "工作月数"]
        + ["基本工资", "奖金", "津贴补贴", "加班工资", "特殊情况工资"]
    )
    seen = set()
    enterprise = None
    for index in range(rows):
        if index % PER_ENTERPRISE == 0:
            while True:
                body = "91532301" + "".join(rng.choice(credit_code.ALPHABET) for _ in range(9))
                code = body + credit_code.check_character(body)
                if code not in seen:
                    seen.add(code)
                    break
            enterprise = (code, f"基准测试薪酬企业{len(seen)}有限公司")
        basic = rng.randrange(24000, 90000)
        writer.writerow(
            [
                *enterprise,
                rng.choice(codes),
                rng.choice(["", "", "", "基层管理岗", "中层管理岗"]),
                rng.choice(["", "", "中级职称", "初级职称"]),
                rng.choice(["", "", "中级技能", "高级技能", "技师"]),
                rng.choice(["大学本科", "大学专科", "高中及中专"]),
                12,
                f"{basic}.00",
                f"{rng.randrange(0, 20000)}.50",
                rng.randrange(0, 8000),
                rng.randrange(0, 3000),
                0,
            ]
        )
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def fill_employees(rows=TABLE_ROWS, enterprises=2_500):
    """Store ``rows`` employee rows of accepted surveys spread over every county (in the database itself), each
    paid differently, one in twenty for part of the year."""
    from django.db import connection

    from chuxiong_labor import credit_code
    from chuxiong_labor.enterprises import Enterprise
    from chuxiong_labor.units import Unit
    from pay_guidance.models import Employee, SurveyEnterprise
    from pay_guidance.occupations import KNOWN

    rng = random.Random(6)
    counties = list(Unit.objects.counties().select_related("region"))
    registry, seen = [], set()
    while len(registry) < enterprises:
        unit = counties[len(registry) % len(counties)]
        body = "91" + unit.region.code + "".join(rng.choice(credit_code.ALPHABET) for _ in range(9))
        code = body + credit_code.check_character(body)
        if code in seen:
            continue
        seen.add(code)
        registry.append(
            Enterprise(
                name=f"价位基准企业{len(registry)}",
                credit_code=code,
                region=unit.region,
                industry=rng.choice("ACEFGHI"),
            )
        )
    Enterprise.objects.bulk_create(registry, batch_size=2000)
    by_region = {unit.region_id: unit for unit in counties}
    surveys = [
        SurveyEnterprise(unit=by_region[e.region_id], enterprise=e, year=2024, status="accepted") for e in registry
    ]
    SurveyEnterprise.objects.bulk_create(surveys, batch_size=2000)
    codes = "ARRAY[" + ",".join(f"'{code}'" for code in KNOWN) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Employee._meta.db_table} (survey_id, year, unit_id, industry, staff_number, occupation_code,
                management_grade, title, skill_grade, education, months_worked, basic_yuan, bonus_yuan, allowance_yuan,
                overtime_yuan, special_yuan, annual_pay_yuan)
            SELECT s.id, 2024, s.unit_id, e.industry, '', ({codes})[1 + mod(g::bigint * 7919, {len(KNOWN)})],
                (ARRAY['', '', '基层管理岗', '中层管理岗'])[1 + mod(g, 4)], (ARRAY['', '中级职称', '初级职称'])[1 + mod(g, 3)],
                (ARRAY['', '中级技能', '高级技能', '技师'])[1 + mod(g / 5, 4)], (ARRAY['大学本科', '大学专科', '高中及中专'])[1 + mod(g / 7, 3)],
                CASE WHEN mod(g, 20) = 0 THEN 1 + mod(g / 20, 11) ELSE 12 END, p.pay, 0, 0, 0, 0, p.pay
            FROM generate_series(0, %s - 1) AS g
            JOIN {SurveyEnterprise._meta.db_table} s ON s.id = (%s::bigint[])[1 + mod(g, %s)]
            JOIN chuxiong_labor_enterprise e ON e.id = s.enterprise_id
            -- g in the subquery makes it run per row: each employee paid differently (not one draw for all)
            CROSS JOIN LATERAL (SELECT round((24000 + g * 0 + random() * 150000)::numeric, 2) AS pay) p
            """,  # noqa: S608  benchmark data, fixed SQL
            # the surveys just made (not the first ids in the table: the import before made 500 of its own)
            [rows, [survey.pk for survey in surveys], enterprises],
        )
        for model in (Employee, SurveyEnterprise, Enterprise):  # as autovacuum would after a bulk load
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def run():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from chuxiong_labor.units import Unit
    from pay_guidance.services import import_survey
    from pay_guidance.survey_import import read_survey

    figures = []
    content = survey_csv(random.Random(5))
    unit = Unit.objects.get(short_name="楚雄市")
    started = time.perf_counter()
    plan = read_survey(SimpleUploadedFile("survey.csv", content), unit=unit, year=2025)
    assert plan.is_clean, plan.errors[:3]
    read = time.perf_counter() - started
    import_survey(plan, actor=None)
    figures.append((f"import a {IMPORT_ROWS:,}-row employee CSV (goal ≤ 15 s)", time.perf_counter() - started, "s"))
    figures.append(("  of which reading and checking", read, "s"))
    if connection.vendor != "postgresql":
        figures.append(("wage table from 1,000,000 rows: PostgreSQL only (skipped)", 0, "s"))
        return figures
    fill_employees()
    return figures + table_figures() + page_figures()


def _timed(function, runs):
    """Return ``(result, sorted seconds of each run, queries of the last run)``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(runs):
        connection.queries_log.clear()  # a full log (earlier benchmarks) would make the capture count nothing
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = function()
        timings.append(time.perf_counter() - started)
    return result, sorted(timings), len(queries)


def _page_runs(client, url, runs=3):
    """Return ``(last response, sorted wall seconds, sorted CPU seconds, queries of the last run)`` of ``runs``
    requests of ``url`` after one that warms the process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    walls, cpus = [], []
    for _ in range(runs):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
    return response, sorted(walls), sorted(cpus), len(queries)


def page_figures(year=2024, username=None):
    """Return the wage table page's figures for a prefecture reviewer (``username``, or a new one): computed afresh
    on every request (``PAY_WAGE_TABLES_KEPT`` off) and kept, in the same run, with what warming costs."""
    import os

    from django.core.cache import cache
    from django.test import Client, override_settings
    from django.urls import reverse

    from chuxiong_labor.accounts import User
    from chuxiong_labor.roles import Role
    from pay_guidance import kept_tables
    from tests.factories import make_user

    user = User.objects.get(username=username) if username else make_user(Role.REVIEWER)
    client = Client()
    client.force_login(user)
    url = f"{reverse('pay_guidance:wage_table')}?year={year}"
    figures = [("1-minute load when the page runs start (2 cores)", os.getloadavg()[0], "load")]
    with override_settings(PAY_WAGE_TABLES_KEPT=False):
        fresh, walls, cpus, queries = _page_runs(client, url)
    figures.append((f"wage table page afresh, wall median ({_spread(walls)})", walls[1], "s"))
    figures.append((f"  CPU median ({_spread(cpus)}); {queries} queries", cpus[1], "s"))
    with override_settings(PAY_WAGE_TABLES_KEPT=True):
        cache.clear()
        started, cpu = time.perf_counter(), time.process_time()
        kept_tables.warm(year)
        figures.append(
            ("  warming every scope's table of the year (the worker's cost), wall", time.perf_counter() - started, "s")
        )
        figures.append(("  warming, CPU", time.process_time() - cpu, "s"))
        kept, walls, cpus, queries = _page_runs(client, url)
    figures.append((f"wage table page kept (goal ≤ 0.3 s), wall median ({_spread(walls)})", walls[1], "s"))
    figures.append((f"  CPU median ({_spread(cpus)}); {queries} queries", cpus[1], "s"))
    same = [c.as_snapshot() for c in kept.context["cells"]] == [c.as_snapshot() for c in fresh.context["cells"]]
    figures.append(("  kept cells identical to the cells computed afresh (1 = yes)", int(same), "bool"))
    return figures


def _spread(timings):
    return f"min {timings[0]:.2f} s, max {timings[-1]:.2f} s of {len(timings)}"


def table_figures(year=2024):
    """Return the wage table's and the public table's figures over the employee rows stored for ``year`` (counted),
    today's code against ``BASELINE_REVISION``'s in the same run (``BENCH_PAY_BASELINE_RUNS`` runs each, default 1;
    0 to skip), with the machine's load."""
    import os

    from benchmarks.baseline import revision_modules
    from pay_guidance import public_tables, wage_levels
    from pay_guidance.models import Employee

    rows = Employee.objects.filter(year=year, survey__in=wage_levels.scope_surveys(year)).count()
    figures = [
        (f"employee rows counted in the accepted surveys of {year}", rows, "rows"),
        ("1-minute load when the runs start (2 cores)", os.getloadavg()[0], "load"),
    ]
    cells, timings, queries = _timed(lambda: wage_levels.wage_table(year), 3)
    figures.append((f"wage table from {rows:,} rows, median ({_spread(timings)}; goal ≤ 5 s)", timings[1], "s"))
    figures.append((f"  queries for {len(cells)} cells", queries, "queries"))
    plan, timings, queries = _timed(lambda: public_tables.plan_publication(year, None), 3)
    withheld = sum(1 for cell in plan.cells if cell["suppressed"])
    figures.append((f"public table from {rows:,} rows, median ({_spread(timings)}; goal ≤ 5 s)", timings[1], "s"))
    figures.append((f"  queries; {withheld} of {len(plan.cells)} prefecture cells withheld", queries, "queries"))
    runs = int(os.environ.get("BENCH_PAY_BASELINE_RUNS", "1"))
    old = revision_modules(BASELINE_REVISION, ["pay_guidance.wage_levels", "pay_guidance.public_tables"])
    if not runs or old is None:
        return figures
    figures.append(("1-minute load when the baseline starts", os.getloadavg()[0], "load"))
    old_cells, timings, queries = _timed(lambda: old["pay_guidance.wage_levels"].wage_table(year), runs)
    figures.append(
        (f"  baseline {BASELINE_REVISION}: wage table, median ({_spread(timings)})", timings[len(timings) // 2], "s")
    )
    same = [c.as_snapshot() for c in cells] == [c.as_snapshot() for c in old_cells]
    old_plan, timings, queries = _timed(lambda: old["pay_guidance.public_tables"].plan_publication(year, None), runs)
    figures.append(
        (f"  baseline {BASELINE_REVISION}: public table, median ({_spread(timings)})", timings[len(timings) // 2], "s")
    )
    same = same and (plan.cells, plan.withheld, plan.contributions) == (
        old_plan.cells,
        old_plan.withheld,
        old_plan.contributions,
    )
    figures.append(("  the same figures, cells and pattern as the baseline (1 = yes)", int(same), "bool"))
    return figures


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the responses keep their context, for the comparison of the cells
    if sys.argv[1:2] != ["page"]:
        sys.exit("usage: bench_pay_guidance.py page [year] [username]")
    chosen = int(sys.argv[2]) if len(sys.argv) > 2 else 2025
    for label, value, unit in page_figures(chosen, sys.argv[3] if len(sys.argv) > 3 else "reviewer"):
        print(f"  {label:<80} {value:>10.3f} {unit}", flush=True)
