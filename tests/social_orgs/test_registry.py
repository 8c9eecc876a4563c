"""The registry of social organisations and its base count per county."""

import pytest
from django.urls import reverse

from social_orgs.models import SocialOrg
from tests.factories import make_credit_code, unit

from .factories import make_social_org

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "unit": unit("楚雄市").pk,
        "name": "楚雄市劳动关系服务中心",
        "credit_code": make_credit_code("532301", kind="52"),
        "kind": "non_enterprise",
        "registration_authority": "楚雄市民政局",
        "services": ["legal", "counselling"],
        "staff_count": "6",
        "full_time_staff": "2",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_a_county_user_registers_a_social_organisation(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("social_orgs:org_create"), form_data())
    org = SocialOrg.objects.get()
    assert response.status_code == 302
    assert org.services == ["legal", "counselling"]


def test_a_credit_code_already_registered_is_refused_naming_its_holder(client, county_user):
    holder = make_social_org("楚雄市", name="楚雄市和谐劳动关系促进会")
    client.force_login(county_user)
    response = client.post(reverse("social_orgs:org_create"), form_data(credit_code=holder.credit_code))
    assert response.context["form"].errors["credit_code"] == ["该统一社会信用代码已登记（楚雄市和谐劳动关系促进会）。"]


def test_a_market_regulation_code_is_refused(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("social_orgs:org_create"), form_data(credit_code=make_credit_code("532301")))
    assert "应以“5”开头" in response.content.decode()
    assert not SocialOrg.objects.exists()


def test_a_code_with_a_wrong_check_character_is_refused(client, county_user):
    code = make_credit_code("532301", kind="52")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    client.force_login(county_user)
    response = client.post(reverse("social_orgs:org_create"), form_data(credit_code=wrong))
    assert "校验位错误" in response.content.decode()


def test_a_kind_contradicting_the_code_is_refused(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("social_orgs:org_create"), form_data(kind="foundation"))
    assert "与所选类型不一致" in response.content.decode()


def test_a_county_user_cannot_register_for_another_county(client, county_user):
    client.force_login(county_user)
    client.post(reverse("social_orgs:org_create"), form_data(unit=unit("禄丰市").pk))
    assert not SocialOrg.objects.exists()


def test_another_countys_organisation_is_404(client, county_user):
    org = make_social_org("禄丰市")
    client.force_login(county_user)
    assert client.get(org.get_absolute_url()).status_code == 404


def test_a_leader_may_not_edit(client, leader):
    org = make_social_org("楚雄市")
    client.force_login(leader)
    assert client.get(reverse("social_orgs:org_edit", args=[org.pk])).status_code == 403


def test_the_base_count_counts_active_organisations_per_county(client, reviewer):
    make_social_org("楚雄市")
    make_social_org("楚雄市", kind=SocialOrg.Kind.SOCIAL_GROUP, credit_code=make_credit_code("532301", kind="51"))
    make_social_org("楚雄市", is_active=False)
    make_social_org("禄丰市")
    client.force_login(reviewer)
    table = dict(client.get(reverse("social_orgs:org_summary")).context["table"])
    assert table[unit("楚雄市")]["total"] == 2
    assert table[unit("楚雄市")]["group"] == 1
    assert table[unit("禄丰市")]["total"] == 1
    assert table[unit("双柏县")] is None


def test_the_list_filters_by_service(client, reviewer):
    make_social_org("楚雄市", name="有心理疏导", services=["counselling"])
    make_social_org("楚雄市", name="无心理疏导", services=["legal"])
    client.force_login(reviewer)
    body = client.get(reverse("social_orgs:org_list") + "?service=counselling").content.decode()
    assert "有心理疏导" in body and "无心理疏导" not in body


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_takes_a_fixed_number_of_queries(client, reviewer, django_assert_num_queries, size):
    for index in range(size):
        make_social_org("楚雄市" if index % 2 else "禄丰市")
    client.force_login(reviewer)
    with django_assert_num_queries(5):
        client.get(reverse("social_orgs:org_list"))
