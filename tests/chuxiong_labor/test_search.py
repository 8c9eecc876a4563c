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


def make_lead(unit_name, summary):
    import datetime

    from key_enterprises.models import Lead
    from tests.key_enterprises.factories import make_monitored

    monitored = make_monitored(unit_name)
    return Lead.objects.create(
        unit=monitored.unit, monitored=monitored, level="orange", summary=summary,
        opened_on=datetime.date(2026, 3, 1), due_on=datetime.date(2026, 3, 31),
    )  # fmt: skip


def test_a_county_user_finds_only_its_own_surveyed_enterprises(client, county_user):
    from tests.pay_guidance.factories import make_survey

    make_survey("楚雄市", enterprise=make_enterprise("楚雄市", name="本县调查企业"))
    make_survey("禄丰市", enterprise=make_enterprise("禄丰市", name="外县调查企业"))
    assert [text.split("（")[0] for text in search(client, county_user, "pay_guidance:survey_choices", "调查企业")] == [
        "本县调查企业"
    ]


def test_the_service_form_renders_only_the_chosen_survey(client, county_user):
    from tests.pay_guidance.factories import make_survey

    chosen = make_survey(enterprise=make_enterprise(name="已选调查企业"))
    other = make_survey(enterprise=make_enterprise(name="未选调查企业"))
    client.force_login(county_user)
    page = client.get(reverse("pay_guidance:service_create"), {"survey": chosen.pk}).content.decode()
    assert (
        chosen.enterprise.name in page,
        other.enterprise.name in page,
        reverse("pay_guidance:survey_choices") in page,
    ) == (
        True,
        False,
        True,
    )


def test_a_county_user_finds_only_its_own_leads(client, county_user, reviewer):
    make_lead("楚雄市", "本县拖欠工资")
    make_lead("禄丰市", "外县拖欠工资")
    assert (
        len(search(client, county_user, "key_enterprises:lead_choices", "拖欠工资")),
        len(search(client, reviewer, "key_enterprises:lead_choices", "拖欠工资")),
    ) == (1, 2)


def test_the_meeting_form_renders_only_the_leads_it_discussed(client, county_user):
    from key_enterprises.models import RiskMeeting

    chosen = make_lead("楚雄市", "已研判的线索")
    make_lead("楚雄市", "未研判的线索")
    meeting = RiskMeeting.objects.create(
        unit=chosen.unit, held_on=chosen.opened_on, attendees="人社、工会、企联", measures="约谈企业"
    )
    meeting.leads.add(chosen)
    client.force_login(county_user)
    response = client.get(reverse("key_enterprises:meeting_edit", args=[meeting.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert ("已研判的线索" in page, "未研判的线索" in page, reverse("key_enterprises:lead_choices") in page) == (
        True,
        False,
        True,
    )
