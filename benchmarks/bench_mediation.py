"""Mediation ledger: checking and importing a 2,000-case workbook (all-or-nothing, with the 15-day limits of
every row), the ledger figures of a year, and the limit computation itself."""

import datetime
import io
import random
import time

ROWS = 2_000


def _setup():
    from chuxiong_labor.accounts import User
    from chuxiong_labor.roles import Role
    from chuxiong_labor.units import Unit
    from mediation.models import MediationOrg

    unit = Unit.objects.get(short_name="楚雄市")
    user, _ = User.objects.get_or_create(username="bench-mediation", defaults={"role": Role.REVIEWER})
    org, _ = MediationOrg.objects.get_or_create(unit=unit, name="基准测试调解中心", defaults={"kind": "township"})
    return user, org


def _workbook(org, rows=ROWS, seed=6):
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(
        [
            "调解组织",
            "案号",
            "收到申请日期",
            "劳动者一方",
            "涉及劳动者人数",
            "用人单位一方",
            "争议类型",
            "请求事项",
            "调解结果",
            "结案日期",
            "协议签订日期",
            "协议金额（元）",
        ]
    )
    for number in range(rows):
        received = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(330))
        closed = received + datetime.timedelta(days=rng.randrange(1, 15))
        agreed = rng.random() < 0.7
        sheet.append(
            [
                org.name,
                f"B-{number}",
                received.isoformat(),
                f"劳动者{number}",
                rng.choice([1, 1, 2, 12]),
                "某公司",
                "劳动报酬",
                "请求支付工资",
                "达成调解协议" if agreed else "调解不成",
                closed.isoformat(),
                closed.isoformat() if agreed else "",
                str(rng.randrange(1000, 50000)) if agreed else "",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.size = len(buffer.getvalue())
    return buffer


def run():
    from mediation import figures, resources, services
    from mediation.models import Case
    from mediation.workdays import WorkCalendar, mediation_limit

    user, org = _setup()
    upload = _workbook(org)
    started = time.perf_counter()
    rows = resources.read_upload(upload)
    cases, errors = resources.parse_rows(rows, user=user)
    checked = time.perf_counter() - started
    assert not errors, errors[:3]
    started = time.perf_counter()
    services.import_cases(cases, actor=user)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    figures.ledger_figures(Case.objects.all(), 2024, by="org__unit")
    figured = time.perf_counter() - started
    calendar = WorkCalendar.for_years([2024, 2025], corrections=[])
    started = time.perf_counter()
    for offset in range(10_000):
        mediation_limit(datetime.date(2024, 1, 1) + datetime.timedelta(days=offset % 365), calendar=calendar)
    limits = (time.perf_counter() - started) / 10_000 * 1e6
    Case.objects.filter(org=org).delete()
    return [
        (f"check {ROWS} ledger rows (preview)", checked, "s"),
        (f"import {ROWS} checked rows (one transaction)", imported, "s"),
        ("ledger figures of a year by county", figured * 1000, "ms"),
        ("one 15-day limit with a built calendar", limits, "µs"),
    ]
