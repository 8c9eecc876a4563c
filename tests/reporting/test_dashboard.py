"""The dashboard: every unit's targets, achievements and gaps, and its queries do not grow with the data."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import unit

from .factories import make_report, shanghai

pytestmark = pytest.mark.django_db


def test_the_prefecture_dashboard_lists_every_unit(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reporting:dashboard"), {"year": 2022})
    names = [row[0].label for row in response.context["table"]]
    assert "楚雄市" in names and "州人社局" in names


def test_the_prefecture_dashboard_shows_the_prefecture_levels_own_targets(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reporting:dashboard"), {"year": 2022})
    row = next(row for row in response.context["table"] if row[0].label == "州本级")
    assert "州本级" in response.content.decode()
    assert row[0].kind == "prefecture"


def test_a_units_dashboard_shows_only_itself(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("reporting:dashboard"), {"year": 2022})
    assert [row[0] for row in response.context["table"]] == [unit("楚雄市")]


def test_the_dashboard_draws_a_heat_map_cell_per_unit_and_month(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reporting:dashboard"), {"year": 2022})
    assert len(response.context["heat"]["cells"]) == 10 * 12


def test_the_dashboard_queries_do_not_grow_with_the_reports(client, reviewer, django_assert_num_queries):
    client.force_login(reviewer)
    url = reverse("reporting:dashboard")
    with time_machine.travel(shanghai(2022, 12, 1), tick=False):
        client.get(url, {"year": 2022})
        make_report("楚雄市", 2022, 1, submitted_at=shanghai(2022, 1, 20))
        # The annex apps' registered figures add their own fixed queries, so the small size is measured, not typed.
        with CaptureQueriesContext(connection) as small:
            client.get(url, {"year": 2022})
        for name in ["禄丰市", "大姚县", "武定县"]:
            for month in range(1, 12):
                make_report(name, 2022, month, submitted_at=shanghai(2022, month, 20))
        with django_assert_num_queries(len(small.captured_queries)):
            client.get(url, {"year": 2022})


def test_the_timeliness_page_queries_do_not_grow_with_the_reports(client, reviewer, django_assert_num_queries):
    client.force_login(reviewer)
    url = reverse("reporting:timeliness")
    make_report("楚雄市", 2022, 1, submitted_at=shanghai(2022, 1, 20))
    client.get(url, {"year": 2022})
    with django_assert_num_queries(7) as small:
        client.get(url, {"year": 2022})
    for month in range(2, 12):
        make_report("禄丰市", 2022, month, submitted_at=shanghai(2022, month, 20))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url, {"year": 2022})


def test_the_dashboard_is_printable_without_scripts(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("reporting:dashboard"), {"year": 2022}).content.decode()
    assert "<svg" in html and "<script>" not in html
