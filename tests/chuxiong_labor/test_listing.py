"""List pages filter through django-filter: a value that does not validate is named in Chinese and left out."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import unit
from tests.mediation.factories import make_org

JUNK = {
    "q": "x" * 300,
    "unit": "abc",
    "region": "-1",
    "org": "1e9",
    "model": "模型",
    "year": "99999",
    "month": "13",
    "status": "<script>",
    "kind": "none",
    "service": "'; drop table",
    "state": "sleeping",
    "flag": "\u202e",
    "actor": "\x00",
    "page": "last",
    "cycle": "abc",
}
LIST_PAGES = [
    ("enterprise_list", []),
    ("history_list", []),
    ("security_list", []),
    ("coordinators:coordinator_list", []),
    ("coordinators:selection_year", [2024]),
    ("social_orgs:org_list", []),
    ("new_enterprises:inclusion_list", []),
    ("new_enterprises:expert_list", []),
    ("mediation:org_list", []),
    ("mediation:case_list", []),
    ("mediation:inspection_list", []),
    ("reporting:report_list", []),
    # Pages with a year or month picker, and the targets' cycle picker.
    ("targets", []),
    ("mediation:figures", []),
    ("mediation:holiday_list", []),
    ("new_enterprises:roster_status", []),
    ("new_enterprises:progress", []),
    ("new_enterprises:summary_list", []),
    ("reporting:timeliness", []),
    ("reporting:calendar", []),
    ("reporting:dashboard", []),
]


@pytest.mark.parametrize(("name", "args"), LIST_PAGES, ids=[name for name, _ in LIST_PAGES])
def test_hostile_filter_values_give_the_list_and_never_an_error_page(client, admin_user, name, args):
    client.force_login(admin_user)
    response = client.get(reverse(name, args=args), JUNK)
    assert response.status_code == 200


def test_an_invalid_filter_value_is_named_in_a_chinese_message(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("reporting:report_list"), {"month": "13"})
    messages = [str(message) for message in response.context["messages"]]
    assert any("“月份”的筛选值无效" in message for message in messages)


def test_an_invalid_year_falls_back_to_this_year_with_a_message(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("reporting:timeliness"), {"year": "1900"})
    messages = [str(message) for message in response.context["messages"]]
    assert response.context["year"] == timezone.localdate().year
    assert any("“年度”的筛选值无效" in message for message in messages)


def test_a_valid_filter_narrows_the_list(client, reviewer):
    make_org("楚雄市", name="甲调解中心")
    make_org("禄丰市", name="乙调解中心")
    client.force_login(reviewer)
    response = client.get(reverse("mediation:org_list"), {"unit": unit("楚雄市").pk})
    assert "甲调解中心" in response.content.decode() and "乙调解中心" not in response.content.decode()


UNIT_FILTERED_LISTS = [
    "coordinators:coordinator_list",
    "social_orgs:org_list",
    "new_enterprises:inclusion_list",
    "mediation:org_list",
    "mediation:case_list",
    "reporting:report_list",
]


@pytest.mark.parametrize("name", UNIT_FILTERED_LISTS)
def test_a_county_user_filtering_by_another_units_key_is_told_the_value_is_refused(client, county_user, name):
    client.force_login(county_user)
    response = client.get(reverse(name), {"unit": unit("禄丰市").pk})
    assert "的筛选值无效，已忽略该条件" in response.content.decode()


@pytest.mark.parametrize(
    "name", [*UNIT_FILTERED_LISTS, "key_enterprises:monitored_list", "key_enterprises:risk_overview"]
)
def test_the_prefecture_filters_a_list_by_any_unit(client, reviewer, name):
    client.force_login(reviewer)
    response = client.get(reverse(name), {"unit": unit("禄丰市").pk})
    assert response.status_code == 200 and "的筛选值无效" not in response.content.decode()
