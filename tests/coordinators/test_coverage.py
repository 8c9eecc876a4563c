"""Coverage of enterprises by coordinators: 「大中型企业配备劳动关系协调员至少1名」, per county and size class."""

import pytest
from django.urls import reverse

from coordinators.models import Service
from tests.factories import make_enterprise

from .factories import make_coordinator

pytestmark = pytest.mark.django_db


def coverage(client, user):
    client.force_login(user)
    return client.get(reverse("coordinators:coverage")).context


def cell(context, unit_name, size_index):
    row = next(row for row in context["rows"] if str(row["unit"]) == unit_name)
    return row["cells"][size_index]


def test_an_enterprise_that_employs_a_coordinator_is_covered(client, reviewer):
    factory = make_enterprise(size_class="large")
    make_coordinator(employer=factory)
    assert cell(coverage(client, reviewer), "楚雄市", 0).covered == 1


def test_an_enterprise_a_coordinator_serves_is_covered(client, reviewer):
    factory = make_enterprise(size_class="medium")
    Service.objects.create(coordinator=make_coordinator(), enterprise=factory)
    assert cell(coverage(client, reviewer), "楚雄市", 1).covered == 1


def test_a_coordinator_who_left_covers_nothing(client, reviewer):
    make_coordinator(employer=make_enterprise(size_class="large"), status="left")
    assert cell(coverage(client, reviewer), "楚雄市", 0).covered == 0


def test_an_enterprise_both_employing_and_served_counts_once(client, reviewer):
    factory = make_enterprise(size_class="large")
    Service.objects.create(coordinator=make_coordinator(employer=factory), enterprise=factory)
    assert (
        cell(coverage(client, reviewer), "楚雄市", 0).total,
        cell(coverage(client, reviewer), "楚雄市", 0).covered,
    ) == (1, 1)


def test_the_rate_is_rounded_half_up_to_one_decimal(client, reviewer):
    covered = make_enterprise(size_class="small")
    make_coordinator(employer=covered)
    for _ in range(7):
        make_enterprise(size_class="small")
    assert str(cell(coverage(client, reviewer), "楚雄市", 2).percent) == "12.5"


def test_the_large_and_medium_enterprises_without_a_coordinator_are_listed(client, reviewer):
    bare = make_enterprise(size_class="large", name="无协调员的大型企业有限公司")
    make_coordinator(employer=make_enterprise(size_class="medium"))
    make_enterprise(size_class="micro")
    listed = list(coverage(client, reviewer)["uncovered"])
    assert listed == [bare]


def test_a_county_sees_only_its_own_enterprises_without_a_coordinator(client, county_user):
    make_enterprise("禄丰市", size_class="large")
    context = coverage(client, county_user)
    assert list(context["uncovered"]) == [] and [str(row["unit"]) for row in context["rows"]] == ["楚雄市"]
