"""Who writes what in annex 6: the quarterly thematic reports are the counties'; a county's records concern its
own county's enterprises, whoever enters them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor.lib.security import SecurityEvent
from pay_guidance import permissions
from pay_guidance.models import Demonstration, ThematicReport
from tests.factories import make_enterprise, unit

pytestmark = pytest.mark.django_db


def create_report(client, year=None, quarter="1"):
    year = timezone.localdate().year if year is None else year
    return client.post(reverse("pay_guidance:report_create"), {"year": str(year), "quarter": quarter})


def test_only_county_staff_write_thematic_reports(county_user, member_user, reviewer, leader):
    assert permissions.can_write_thematic_report(county_user)
    assert not any(permissions.can_write_thematic_report(user) for user in (member_user, reviewer, leader))


def test_a_county_opens_its_quarters_thematic_report(client, county_user):
    client.force_login(county_user)
    assert create_report(client).status_code == 302
    assert ThematicReport.objects.get().unit == unit("楚雄市")


def test_a_member_unit_cannot_create_a_thematic_report(client, member_user):
    client.force_login(member_user)
    assert create_report(client).status_code == 403
    assert not ThematicReport.objects.exists()


def test_the_grid_offers_no_report_to_a_member_unit(client, member_user):
    client.force_login(member_user)
    response = client.get(reverse("pay_guidance:report_grid"))
    assert reverse("pay_guidance:report_create") not in response.content.decode()


def test_a_forged_year_is_refused_without_an_error_and_logged_once(client, county_user):
    client.force_login(county_user)
    response = create_report(client, year="99999999999")
    assert response.status_code == 403
    assert "年度或季度无效" in response.content.decode()
    assert not ThematicReport.objects.exists()
    assert SecurityEvent.objects.filter(kind="access_denied", user=county_user).count() == 1


def test_the_office_cannot_register_another_countys_enterprise_as_a_countys_demonstration(client, reviewer):
    client.force_login(reviewer)
    data = {
        "unit": unit("楚雄市").pk,
        "enterprise_code": make_enterprise("禄丰市").credit_code,
        "kind": "state_owned",
        "selected_on": "2026-03-01",
        "practice": "市场化薪酬分配。",
    }
    response = client.post(reverse("pay_guidance:demonstration_create"), data)
    assert response.status_code == 200
    assert "不在楚雄市辖区内" in str(response.context["form"].errors["enterprise_code"])
    assert not Demonstration.objects.exists()
