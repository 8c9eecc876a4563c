"""Reporting: the prefecture dashboard and the timeliness grid over a realistic three-year data set.

Three years (2024—2026) of monthly reports for the ten counties and four member units, with frozen figures,
transitions and done-marks, as the portal holds them at the end of a plan cycle. Goal: the dashboard answers in
under 300 ms.
"""

import datetime
import random
import statistics
import time
from zoneinfo import ZoneInfo

from django.test import Client

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPEAT = 15


def build():
    from chuxiong_labor import demo
    from chuxiong_labor.accounts import User
    from chuxiong_labor.units import Unit
    from reporting.figures import collect_figures
    from reporting.models import MonthlyReport, ReportingConfig, ReportTransition
    from reporting.schedule import due_date_or_default

    rng = random.Random(5)
    demo.users()
    demo.cycle()
    config = ReportingConfig.get()
    config.include_member_units = True
    config.save()
    reviewer = User.objects.get(username="reviewer")
    units = list(Unit.objects.owning_records())
    figures = {unit.pk: collect_figures(unit, 2026, 11) for unit in units}
    reports = []
    for year in (2024, 2025, 2026):
        for month in range(1, 13 if year < 2026 else 12):
            due = due_date_or_default(year, month)
            for unit in units:
                if rng.random() < 0.05:
                    continue
                arrived = due + datetime.timedelta(days=rng.randint(-8, 4))
                at = datetime.datetime(arrived.year, arrived.month, arrived.day, 15, tzinfo=SHANGHAI)
                reports.append(
                    MonthlyReport(
                        unit=unit,
                        year=year,
                        month=month,
                        due_on=due,
                        status=MonthlyReport.Status.ACCEPTED,
                        progress="本月走访重点企业若干家，开展政策宣传。" * 5,
                        problems="基层力量不足。",
                        practices="推行园区三方联动服务。",
                        figures=figures[unit.pk],
                        first_submitted_at=at,
                        submitted_at=at,
                        reviewed_at=at,
                        reviewed_by=reviewer,
                    )
                )
    MonthlyReport.objects.bulk_create(reports, batch_size=500)
    ReportTransition.objects.bulk_create(
        [
            ReportTransition(report=report, from_status="draft", to_status="submitted", at=report.first_submitted_at)
            for report in MonthlyReport.objects.all()
        ],
        batch_size=500,
    )
    return reviewer, len(reports)


def timed(client, url):
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(samples)


def run():
    reviewer, count = build()
    client = Client()
    client.force_login(reviewer)
    client.get("/reporting/dashboard/?year=2026")  # warm the template cache
    return [
        ("monthly reports in the data set", float(count), "reports"),
        ("prefecture dashboard, 2026 (median; goal < 300)", timed(client, "/reporting/dashboard/?year=2026"), "ms"),
        ("timeliness grid, 2025 (median)", timed(client, "/reporting/timeliness/?year=2025"), "ms"),
        ("report list, first page (median)", timed(client, "/reporting/reports/"), "ms"),
    ]
