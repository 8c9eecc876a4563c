"""The year pages of the three selections filter their candidates alike: by name, by nominating unit and by
status, with the unit's choices limited to the units whose candidates the user sees."""

import pytest
from django.urls import reverse

import coordinators.models
import mediation.models
import social_orgs.models
from chuxiong_labor.nominations.workflow import Status
from coordinators.services import open_round as coordinator_round
from mediation.services import open_round as mediation_round
from social_orgs.services import open_round as social_org_round
from tests.coordinators.factories import make_coordinator
from tests.factories import unit
from tests.mediation.factories import make_org
from tests.social_orgs.factories import make_social_org

pytestmark = pytest.mark.django_db
YEAR = 2024
APPS = ["coordinators", "social_orgs", "mediation"]


def make_candidate(app, unit_name, name, status=Status.DRAFT):
    """Create a candidate called ``name`` of ``unit_name`` in ``app``'s round of ``YEAR``."""
    if app == "coordinators":
        return coordinators.models.Nomination.objects.create(
            round=coordinator_round(YEAR),
            unit=unit(unit_name),
            coordinator=make_coordinator(unit_name, name=name),
            achievements="调处劳动争议50件。",
            status=status,
        )
    if app == "social_orgs":
        org = make_social_org(unit_name, name=name)
        model, round = social_orgs.models.Nomination, social_org_round(YEAR)
    else:
        org = make_org(unit_name, name=name)
        model, round = mediation.models.Nomination, mediation_round(YEAR)
    return model.objects.create(round=round, unit=org.unit, org=org, achievements="成效明显。", status=status)


def candidate_rows(client, app, query=""):
    page = client.get(reverse(f"{app}:selection_year", args=[YEAR]) + query).content.decode()
    return page.split('data-testid="candidates"')[1].split("</table>")[0]


@pytest.mark.parametrize("app", APPS)
def test_the_name_search_keeps_the_candidates_whose_name_contains_the_words(client, reviewer, app):
    make_candidate(app, "楚雄市", "鹿城镇甲")
    make_candidate(app, "禄丰市", "金山镇乙")
    client.force_login(reviewer)
    rows = candidate_rows(client, app, "?q=鹿城")
    assert "鹿城镇甲" in rows and "金山镇乙" not in rows


@pytest.mark.parametrize("app", APPS)
def test_the_unit_filter_keeps_that_units_candidates(client, reviewer, app):
    make_candidate(app, "楚雄市", "鹿城镇甲")
    make_candidate(app, "禄丰市", "金山镇乙")
    client.force_login(reviewer)
    rows = candidate_rows(client, app, f"?unit={unit('禄丰市').pk}")
    assert "金山镇乙" in rows and "鹿城镇甲" not in rows


@pytest.mark.parametrize("app", APPS)
def test_the_status_filter_keeps_the_candidates_in_that_status(client, reviewer, app):
    make_candidate(app, "楚雄市", "鹿城镇甲", Status.SUBMITTED)
    make_candidate(app, "楚雄市", "东瓜镇丙", Status.APPROVED)
    client.force_login(reviewer)
    rows = candidate_rows(client, app, f"?status={Status.APPROVED}")
    assert "东瓜镇丙" in rows and "鹿城镇甲" not in rows


@pytest.mark.parametrize("app", APPS)
def test_the_prefecture_is_offered_every_unit_with_candidates(client, reviewer, app):
    make_candidate(app, "楚雄市", "鹿城镇甲")
    make_candidate(app, "禄丰市", "金山镇乙")
    client.force_login(reviewer)
    response = client.get(reverse(f"{app}:selection_year", args=[YEAR]))
    assert [str(u) for u in response.context["unit_choices"]] == ["楚雄市", "禄丰市"]


@pytest.mark.parametrize("app", APPS)
def test_a_county_user_is_offered_no_unit_but_their_own(client, county_user, app):
    make_candidate(app, "楚雄市", "鹿城镇甲")
    make_candidate(app, "禄丰市", "金山镇乙", Status.SUBMITTED)
    client.force_login(county_user)
    response = client.get(reverse(f"{app}:selection_year", args=[YEAR]))
    assert [str(u) for u in response.context["unit_choices"]] == ["楚雄市"]


@pytest.mark.parametrize("app", APPS)
def test_a_county_user_asking_for_another_countys_candidates_sees_their_own_and_a_chinese_warning(
    client, county_user, app
):
    make_candidate(app, "楚雄市", "鹿城镇甲")
    make_candidate(app, "禄丰市", "金山镇乙", Status.SUBMITTED)
    client.force_login(county_user)
    response = client.get(reverse(f"{app}:selection_year", args=[YEAR]), {"unit": unit("禄丰市").pk})
    rows = response.content.decode().split('data-testid="candidates"')[1].split("</table>")[0]
    assert "金山镇乙" not in rows and "鹿城镇甲" in rows
    assert "“推荐单位”的筛选值无效" in " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize("app", APPS)
def test_a_county_users_search_never_finds_another_countys_candidate(client, county_user, app):
    make_candidate(app, "禄丰市", "金山镇乙", Status.SUBMITTED)
    client.force_login(county_user)
    assert "金山镇乙" not in candidate_rows(client, app, "?q=金山")


def test_a_member_unit_on_the_panel_is_offered_the_units_whose_candidates_it_scores(client, member_user):
    make_candidate("social_orgs", "禄丰市", "金山镇乙", Status.SUBMITTED)
    make_candidate("social_orgs", "大姚县", "石羊镇丁", Status.DRAFT)
    client.force_login(member_user)
    response = client.get(reverse("social_orgs:selection_year", args=[YEAR]))
    assert [str(u) for u in response.context["unit_choices"]] == ["禄丰市"]


def test_the_batch_of_forms_accepts_the_unit_filter_of_a_unit_with_candidates(client, reviewer):
    make_candidate("mediation", "禄丰市", "金山镇乙", Status.SUBMITTED)
    client.force_login(reviewer)
    response = client.post(reverse("mediation:batch_pdf", args=[YEAR]) + f"?unit={unit('禄丰市').pk}")
    assert not [m for m in response.wsgi_request._messages if "无效" in str(m)]
