"""Search-as-you-type: the JSON endpoints answer through ``visible_to``, and forms render only the chosen option."""

import pytest
from django.urls import reverse

from tests.coordinators.factories import make_coordinator
from tests.factories import make_enterprise
from tests.mediation.factories import make_org

pytestmark = pytest.mark.django_db


def search(client, user, url_name, typed):
    client.force_login(user)
    return [row["text"] for row in client.get(reverse(url_name), {"q": typed}).json()["results"]]


def test_an_enterprise_is_found_by_part_of_its_name(client, county_user):
    make_enterprise(name="楚雄彝绣服饰有限公司")
    assert search(client, county_user, "enterprise_choices", "彝绣")[0].startswith("楚雄彝绣服饰有限公司（")


def test_an_enterprise_is_found_by_part_of_its_credit_code(client, county_user):
    enterprise = make_enterprise()
    assert search(client, county_user, "enterprise_choices", enterprise.credit_code[-6:]) == [
        f"{enterprise.name}（{enterprise.credit_code}）"
    ]


def test_an_empty_query_answers_nothing(client, county_user):
    make_enterprise()
    assert search(client, county_user, "enterprise_choices", " ") == []


def test_a_county_user_does_not_find_another_countys_coordinator(client, county_user):
    make_coordinator("禄丰市", name="外县协调员")
    assert search(client, county_user, "coordinators:coordinator_choices", "外县") == []


def test_the_reviewer_finds_every_countys_mediation_organisation(client, reviewer):
    make_org("楚雄市", name="甲镇调解中心")
    make_org("禄丰市", name="乙镇调解中心")
    assert len(search(client, reviewer, "mediation:org_choices", "镇调解中心")) == 2


def test_the_case_form_renders_only_the_chosen_enterprise(client, county_user):
    from tests.mediation.factories import make_case

    chosen, other = make_enterprise(name="已选企业有限公司"), make_enterprise(name="未选企业有限公司")
    case = make_case(make_org("楚雄市"), enterprise=chosen)
    client.force_login(county_user)
    page = client.get(reverse("mediation:case_edit", args=[case.pk])).content.decode()
    assert (chosen.name in page, other.name in page, 'data-search-url="/enterprises/choices/"' in page) == (
        True,
        False,
        True,
    )
