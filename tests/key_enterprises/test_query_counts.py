"""List pages of annex 5 answer in the same number of queries for 2 rows or 20."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from key_enterprises.models import GuidanceVisit, MonthlyBatch

from .factories import make_batch, make_figures, make_monitored

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def _rows(count, batch):
    for _ in range(count):
        entry = make_monitored(year=YEAR)
        make_figures(batch, entry, wages_owed_months=2)
        GuidanceVisit.objects.create(
            monitored=entry, visited_on=datetime.date(YEAR, 1, 2), visitors="张三", content="走访"
        )


def _count(client, name, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name), params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["key_enterprises:monitored_list", "key_enterprises:ledger", "key_enterprises:risk_overview"]
)
def test_a_list_page_needs_the_same_queries_for_2_rows_or_20(client, county_user, name):
    from key_enterprises import services
    from key_enterprises.models import MonthlyFigures

    batch = make_batch(year=YEAR, month=1, status=MonthlyBatch.Status.SUBMITTED)
    client.force_login(county_user)
    _rows(2, batch)
    services.raise_alerts(MonthlyFigures.objects.all(), today=datetime.date(YEAR, 1, 5))
    few = _count(client, name, year=YEAR)
    _rows(18, batch)
    services.raise_alerts(MonthlyFigures.objects.all(), today=datetime.date(YEAR, 1, 5))
    assert _count(client, name, year=YEAR) == few
