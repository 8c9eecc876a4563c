"""Factories for annex 5's tests."""

import datetime

from key_enterprises.models import MonitoredEnterprise, MonthlyBatch, MonthlyFigures
from tests.factories import make_enterprise, unit


def make_monitored(unit_name="楚雄市", *, enterprise=None, year=2026, **overrides):
    """Put an enterprise (a new one in the unit's county by default) on ``unit_name``'s list of ``year``."""
    owner = unit(unit_name)
    if enterprise is None:
        enterprise = make_enterprise(unit_name if owner.is_county else "楚雄市")
    fields = {
        "unit": owner,
        "enterprise": enterprise,
        "year": year,
        "reasons": ["large_workforce"],
        "added_on": datetime.date(year, 1, 10),
        "headcount_last_year_end": 100,
    }
    fields.update(overrides)
    return MonitoredEnterprise.objects.create(**fields)


def make_batch(unit_name="楚雄市", *, year=2026, month=3, **overrides):
    fields = {"unit": unit(unit_name), "year": year, "month": month}
    fields.update(overrides)
    return MonthlyBatch.objects.create(**fields)


def make_figures(batch, monitored, **overrides):
    """Record ordinary figures (100 people, nothing owed) unless ``overrides`` say otherwise."""
    fields = {"batch": batch, "monitored": monitored, "headcount": 100, "headcount_last_year_end": 100}
    fields.update(overrides)
    return MonthlyFigures.objects.create(**fields)
