"""The case form's mediator is chosen among the chosen organisation's mediators: the search endpoint narrows to
that organisation (still within what the user may see), and the server refuses a mediator of another one."""

import pytest
from django.urls import reverse

from mediation.models import Case

from .factories import make_mediator, make_org

pytestmark = pytest.mark.django_db


def mediator_search(client, user, **params):
    client.force_login(user)
    return [row["text"] for row in client.get(reverse("mediation:mediator_choices"), params).json()["results"]]


def case_data(org, mediator):
    return {
        "org": org.pk,
        "received_on": "2024-09-16",
        "form": "oral",
        "is_accepted": "on",
        "applicant_side": "employee",
        "employee_party": "张三",
        "worker_count": "1",
        "employer_party": "某公司",
        "claim_kind": "pay",
        "claim": "请求支付工资",
        "outcome": "pending",
        "performance": "not_due",
        "mediator": mediator.pk,
    }


def test_the_mediator_search_lists_only_the_chosen_organisations_mediators(client, county_user):
    chosen, other = make_org("楚雄市", name="鹿城镇调解中心"), make_org("楚雄市", name="东瓜镇调解中心")
    make_mediator(chosen, name="王调解")
    make_mediator(other, name="王其他")
    assert mediator_search(client, county_user, q="王", org=chosen.pk) == ["王调解（鹿城镇调解中心）"]


def test_the_mediator_search_lists_the_organisations_mediators_before_anything_is_typed(client, county_user):
    chosen = make_org("楚雄市", name="鹿城镇调解中心")
    make_mediator(chosen, name="王调解")
    make_mediator(chosen, name="李调解")
    assert sorted(mediator_search(client, county_user, q="", org=chosen.pk)) == [
        "李调解（鹿城镇调解中心）",
        "王调解（鹿城镇调解中心）",
    ]


def test_the_mediator_search_finds_nothing_in_another_countys_organisation(client, county_user):
    foreign = make_org("禄丰市", name="金山镇调解中心")
    make_mediator(foreign, name="王外县")
    assert mediator_search(client, county_user, q="", org=foreign.pk) == []


def test_the_mediator_search_finds_nothing_for_an_organisation_key_that_is_not_a_number(client, county_user):
    make_mediator(make_org("楚雄市"), name="王调解")
    assert mediator_search(client, county_user, q="王", org="1 OR 1=1") == []


def test_the_case_form_makes_the_mediator_depend_on_the_organisation(client, county_user):
    client.force_login(county_user)
    page = client.get(reverse("mediation:case_create")).content.decode()
    assert 'data-depends-on="org"' in page


def test_a_mediator_of_another_organisation_is_refused_with_a_sentence_naming_both(client, county_user):
    chosen, other = make_org("楚雄市", name="鹿城镇调解中心"), make_org("楚雄市", name="东瓜镇调解中心")
    stranger = make_mediator(other, name="王其他")
    client.force_login(county_user)
    response = client.post(reverse("mediation:case_create"), case_data(chosen, stranger))
    assert response.context["form"].errors["mediator"] == [
        "调解员“王其他”属于“东瓜镇调解中心”，不是“鹿城镇调解中心”的调解员。请从所选调解组织的调解员中选择，或先改选调解组织。"
    ]
    assert not Case.objects.exists()


def test_a_mediator_of_the_chosen_organisation_is_accepted(client, county_user):
    chosen = make_org("楚雄市", name="鹿城镇调解中心")
    mediator = make_mediator(chosen, name="王调解")
    client.force_login(county_user)
    client.post(reverse("mediation:case_create"), case_data(chosen, mediator))
    assert Case.objects.get().mediator == mediator
