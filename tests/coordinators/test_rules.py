"""Annex 1's own rules: years in the occupation, slate size, duplicates, awards and the indicator."""

from datetime import date

import pytest
from django.urls import reverse

from chuxiong_labor import indicators
from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.services import act_on_nominations
from chuxiong_labor.nominations.workflow import Action, Status, TransitionRefused
from coordinators import services
from coordinators.models import minimum_slate, slate_minimum
from coordinators.selection import SELECTION
from tests.factories import make_enterprise, unit

from .factories import make_coordinator, make_nomination, make_round, make_slate

pytestmark = pytest.mark.django_db
IN_TIME = date(2022, 6, 20)


def test_years_in_the_occupation_are_whole_years_since_the_start_date():
    coordinator = make_coordinator(occupation_since=date(2017, 6, 21))
    assert coordinator.years_in_occupation(date(2022, 6, 20)) == 4


def test_years_in_the_occupation_count_the_anniversary_day():
    coordinator = make_coordinator(occupation_since=date(2017, 6, 20))
    assert coordinator.years_in_occupation(date(2022, 6, 20)) == 5


@pytest.mark.parametrize(("quota", "minimum"), [(1, 2), (2, 3), (3, 5), (4, 6), (None, 0)])
def test_the_slate_minimum_is_the_ceiling_of_one_and_a_half_times_the_quota(quota, minimum):
    from decimal import Decimal

    assert minimum_slate(None if quota is None else Decimal(quota)) == minimum


def test_the_slate_minimum_reads_the_quota_table_of_the_seed():
    assert slate_minimum(unit("楚雄市"), 2022) == (4, 6)


def test_a_candidate_with_less_than_five_years_cannot_be_submitted(county_user):
    nomination = make_nomination(coordinator=make_coordinator(occupation_since=date(2018, 1, 1)))
    with pytest.raises(TransitionRefused, match="不满5年"):
        nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=IN_TIME)


def test_a_slate_below_one_and_a_half_times_the_quota_is_refused(county_user):
    make_slate(count=5)
    with pytest.raises(TransitionRefused, match="不得少于名额的1.5倍即6名；目前只有5名"):
        services.submit_slate(make_round(), unit("楚雄市"), actor=county_user, opinion="同意。", today=IN_TIME)


def test_a_full_slate_is_submitted_with_the_countys_opinion(county_user):
    slate = make_slate(count=6)
    services.submit_slate(make_round(), unit("楚雄市"), actor=county_user, opinion="同意推荐。", today=IN_TIME)
    assert {nomination_services.opinion_of(n, "unit").opinion for n in slate} == {"同意推荐。"}


def test_a_slate_submitted_late_is_refused_whole(county_user):
    slate = make_slate(count=6)
    with pytest.raises(TransitionRefused, match="已经过期"):
        services.submit_slate(make_round(), unit("楚雄市"), actor=county_user, opinion="同意。", today=date(2022, 7, 1))
    assert {n.status for n in type(slate[0]).objects.filter(pk__in=[n.pk for n in slate])} == {Status.DRAFT}


def test_a_slate_with_one_ineligible_candidate_is_refused_whole(county_user):
    slate = make_slate(count=5)
    slate.append(make_nomination(coordinator=make_coordinator(occupation_since=date(2019, 1, 1))))
    with pytest.raises(TransitionRefused):
        services.submit_slate(make_round(), unit("楚雄市"), actor=county_user, opinion="同意。", today=IN_TIME)
    assert {n.status for n in type(slate[0]).objects.filter(pk__in=[n.pk for n in slate])} == {Status.DRAFT}


def test_the_same_resident_id_in_two_units_is_a_duplicate():
    number = "532301198001010011"
    first = make_nomination("楚雄市", coordinator=make_coordinator("楚雄市", resident_id=number))
    second = make_nomination("禄丰市", coordinator=make_coordinator("禄丰市", resident_id=number))
    assert list(second.duplicates()) == [first]


def test_the_same_name_birth_and_employer_is_a_duplicate():
    enterprise = make_enterprise()
    first = make_nomination(coordinator=make_coordinator(name="李明", born_on=date(1980, 1, 1), employer=enterprise))
    second = make_nomination(
        "禄丰市", coordinator=make_coordinator("禄丰市", name="李明", born_on=date(1980, 1, 1), employer=enterprise)
    )
    assert list(second.duplicates()) == [first]


def test_the_same_name_at_another_employer_is_not_a_duplicate():
    make_nomination(coordinator=make_coordinator(name="李明", born_on=date(1980, 1, 1), employer_name="甲单位"))
    second = make_nomination(
        coordinator=make_coordinator(name="李明", born_on=date(1980, 1, 1), employer_name="乙单位")
    )
    assert not second.duplicates().exists()


def test_a_slate_holding_a_duplicate_person_is_refused(county_user):
    number = "532301198001010011"
    make_nomination("禄丰市", coordinator=make_coordinator("禄丰市", resident_id=number))
    make_slate(count=5)
    make_nomination(coordinator=make_coordinator(resident_id=number))
    with pytest.raises(TransitionRefused, match="同一人同一年度只能被推荐一次"):
        services.submit_slate(make_round(), unit("楚雄市"), actor=county_user, opinion="同意。", today=IN_TIME)


def test_a_person_awarded_in_an_earlier_year_is_flagged():
    number = "532301198001010011"
    earlier = make_nomination(
        round=make_round(2021), coordinator=make_coordinator(resident_id=number), status=Status.AWARDED
    )
    later = make_nomination(coordinator=make_coordinator(resident_id=number))
    assert list(later.earlier_awards()) == [earlier]


def test_recording_an_award_needs_the_certificate_number(reviewer):
    nomination = make_nomination(status=Status.RECOMMENDED)
    with pytest.raises(TransitionRefused, match="证书编号"):
        nomination_services.transition(nomination, Action.AWARD, actor=reviewer)


def test_bulk_actions_change_none_when_one_candidate_cannot_take_the_step(reviewer):
    ready = make_nomination(status=Status.SUBMITTED)
    draft = make_nomination()
    with pytest.raises(TransitionRefused, match="全部未生效"):
        act_on_nominations(SELECTION, [ready, draft], Action.APPROVE, actor=reviewer)
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED


def test_bulk_actions_move_every_candidate(reviewer):
    nominations = [make_nomination(status=Status.SUBMITTED) for _ in range(3)]
    act_on_nominations(SELECTION, nominations, Action.APPROVE, actor=reviewer, opinion="符合条件。")
    assert {type(n).objects.get(pk=n.pk).status for n in nominations} == {Status.APPROVED}


def test_the_indicator_counts_approved_and_later_candidates_per_unit_and_year():
    make_slate("楚雄市", count=2, status=Status.APPROVED)
    make_nomination("楚雄市", status=Status.AWARDED)
    make_slate("禄丰市", count=2, status=Status.SELECTED)
    make_nomination("禄丰市", status=Status.DRAFT)
    make_nomination("楚雄市", round=make_round(2021), status=Status.APPROVED)
    figures = indicators.achieved("coordinator_quota", [unit("楚雄市"), unit("禄丰市")], 2022)
    assert figures == {unit("楚雄市").pk: 3, unit("禄丰市").pk: 2}


def test_a_submitted_slate_is_not_progress_until_the_prefecture_approves_it():
    make_slate("楚雄市", count=6, status=Status.SUBMITTED)
    assert indicators.achieved("coordinator_quota", [unit("楚雄市")], 2022) == {unit("楚雄市").pk: 0}


def test_a_candidate_the_joint_meeting_did_not_select_no_longer_counts():
    make_nomination("楚雄市", status=Status.NOT_SELECTED)
    assert indicators.achieved("coordinator_quota", [unit("楚雄市")], 2022) == {unit("楚雄市").pk: 0}


def test_a_sixteenth_selection_in_a_year_is_refused(reviewer):
    for name in ["楚雄市"] * 8 + ["禄丰市"] * 7:
        make_nomination(name, status=Status.SELECTED)
    sixteenth = make_nomination("大姚县", status=Status.IN_NOTICE)
    with pytest.raises(TransitionRefused, match="最多确定入选15"):
        nomination_services.transition(sixteenth, Action.SELECT, actor=reviewer, today=date(2022, 8, 1))


def test_the_year_page_warns_a_unit_below_its_share_of_the_fifteen(client, reviewer):
    make_nomination("楚雄市", status=Status.SELECTED)
    client.force_login(reviewer)
    response = client.get(reverse("coordinators:selection_year", kwargs={"year": 2022}))
    rows = {share.label: share for share in response.context["shares"]}
    assert rows["楚雄市"].selected == 1 and rows["楚雄市"].short
    assert rows["州本级"].target == 2 and rows["元谋县"].at_least
