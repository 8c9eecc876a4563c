"""Factories for the reporting app's tests."""

import datetime
from zoneinfo import ZoneInfo

from reporting.models import MonthlyReport
from reporting.schedule import due_date_or_default
from tests.factories import unit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(year, month, day, hour=0, minute=0, second=0):
    """Return an aware datetime in Asia/Shanghai."""
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def make_report(unit_name="楚雄市", year=2026, month=3, *, submitted_at=None, **overrides):
    """Create a monthly report; ``submitted_at`` makes it a submitted one that first arrived then."""
    fields = {
        "unit": unit(unit_name),
        "year": year,
        "month": month,
        "due_on": due_date_or_default(year, month),
        "progress": "本月走访重点企业8家。",
        "problems": "基层力量不足。",
        "practices": "推行园区三方联动服务。",
    }
    if submitted_at is not None:
        fields.update(status=MonthlyReport.Status.SUBMITTED, first_submitted_at=submitted_at, submitted_at=submitted_at)
    fields.update(overrides)
    return MonthlyReport.objects.create(**fields)
