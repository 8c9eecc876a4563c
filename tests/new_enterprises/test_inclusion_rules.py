"""An enterprise counts once across the plan's stages, and an inclusion says when it is not newly registered."""

import datetime

import pytest
from django.urls import reverse

from new_enterprises.models import Inclusion
from tests.factories import make_enterprise, unit

pytestmark = pytest.mark.django_db


def include(client, enterprise, year):
    return client.post(
        reverse("new_enterprises:inclusion_create"),
        {"enterprise_code": enterprise.credit_code, "year": year, "department": "楚雄市人社局"},
    )


def test_an_enterprise_included_in_2021_cannot_be_included_again_in_2022(client, county_user):
    enterprise = make_enterprise(registered_on=datetime.date(2021, 3, 1))
    Inclusion.objects.create(unit=unit("楚雄市"), enterprise=enterprise, year=2021, department="楚雄市人社局")
    client.force_login(county_user)
    response = include(client, enterprise, 2022)
    assert response.status_code == 200 and "只计一次" in response.content.decode()
    assert Inclusion.objects.filter(enterprise=enterprise).count() == 1


def test_an_enterprise_of_an_earlier_cycle_may_be_included_in_a_later_cycle(client, county_user):
    from chuxiong_labor.quotas import PlanCycle

    PlanCycle.objects.create(name="2024—2026年", start_year=2024, end_year=2026)
    enterprise = make_enterprise(registered_on=datetime.date(2023, 3, 1))
    Inclusion.objects.create(unit=unit("楚雄市"), enterprise=enterprise, year=2023, department="楚雄市人社局")
    client.force_login(county_user)
    assert include(client, enterprise, 2024).status_code == 302


def test_an_enterprise_registered_long_before_the_plan_is_flagged_as_not_new(client, county_user):
    enterprise = make_enterprise(registered_on=datetime.date(2015, 3, 1))
    client.force_login(county_user)
    response = include(client, enterprise, 2022)
    page = client.get(response["Location"]).content.decode()
    assert "注册于2015-03-01" in page and "不属于本轮计划的新注册企业" in page


def test_an_enterprise_registered_the_year_before_the_cycle_counts_as_new(client, county_user):
    enterprise = make_enterprise(registered_on=datetime.date(2020, 6, 1))
    client.force_login(county_user)
    response = include(client, enterprise, 2021)
    assert 'data-testid="registration-warning"' not in client.get(response["Location"]).content.decode()


def test_a_roster_does_not_include_again_an_enterprise_included_earlier_in_the_cycle():
    from new_enterprises.models import plan_years

    assert plan_years(2022) == [2021, 2022, 2023]
