"""The yearly selection of gold social organisations on the shared nomination workflow."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations import workflow
from chuxiong_labor.nominations.review_panels import panel_result
from chuxiong_labor.nominations.services import act_on_nomination
from chuxiong_labor.nominations.workflow import Action, Level, Status
from social_orgs import selection
from social_orgs.models import Conflict, Criterion, Nomination, PanelScore
from social_orgs.selection import SELECTION
from social_orgs.services import open_round
from tests.factories import make_user, seat_panel, unit

from .factories import make_social_org

pytestmark = pytest.mark.django_db
YEAR = 2024


def make_nomination(unit_name="楚雄市", status=None, **overrides):
    org = make_social_org(unit_name)
    fields = {"round": open_round(YEAR), "unit": org.unit, "org": org, "achievements": "提供法律咨询200人次。"}
    fields.update(overrides)
    nomination = Nomination.objects.create(**fields)
    if status:
        Nomination.objects.filter(pk=nomination.pk).update(status=status)
        nomination.refresh_from_db()
    return nomination


def score(nomination, member, points):
    for criterion, value in zip(Criterion.objects.filter(is_active=True), points, strict=False):
        PanelScore.objects.create(nomination=nomination, member=member, criterion=criterion, points=value)


def test_the_round_opens_with_the_seeds_10_july_deadline(db):
    assert open_round(YEAR).unit_due_on == datetime.date(YEAR, 7, 10)


def test_a_county_recommends_an_organisation_of_its_registry(client, county_user):
    org = make_social_org("楚雄市")
    client.force_login(county_user)
    client.post(reverse("social_orgs:nomination_create", args=[YEAR]), {"org": org.pk, "achievements": "业绩"})
    assert Nomination.objects.get().org == org


def test_a_county_cannot_recommend_another_countys_organisation(client, county_user):
    org = make_social_org("禄丰市")
    client.force_login(county_user)
    client.post(reverse("social_orgs:nomination_create", args=[YEAR]), {"org": org.pk, "achievements": "业绩"})
    assert not Nomination.objects.exists()


def test_the_mean_and_median_leave_out_a_conflicted_member(db):
    nomination = make_nomination(status=Status.SUBMITTED)
    a, b, c, d = (make_user("reviewer") for _ in range(4))
    score(nomination, a, [20, 20, 20, 20, 20])  # 100
    score(nomination, b, [10, 10, 10, 10, 10])  # 50
    score(nomination, c, [15, 15, 15, 15, 16])  # 76
    score(nomination, d, [1, 1, 1, 1, 1])  # 5, but d declared a conflict
    Conflict.objects.create(nomination=nomination, member=d, reason="亲属任职")
    result = panel_result(nomination.scores.all(), nomination.conflicts.all())
    assert (result.count, result.mean, result.median) == (3, Decimal("75.3"), Decimal("76.0"))


def test_a_panel_member_scores_on_their_own_sheet(client, member_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    seat_panel(nomination.round, member_user)
    criteria = list(Criterion.objects.filter(is_active=True))
    client.force_login(member_user)
    client.post(
        reverse("social_orgs:nomination_score", args=[nomination.pk]), {f"points_{c.pk}": "18" for c in criteria}
    )
    assert PanelScore.objects.filter(member=member_user).count() == len(criteria)


def test_a_score_above_the_criterions_maximum_is_refused(client, member_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    seat_panel(nomination.round, member_user)
    criteria = list(Criterion.objects.filter(is_active=True))
    client.force_login(member_user)
    client.post(
        reverse("social_orgs:nomination_score", args=[nomination.pk]), {f"points_{c.pk}": "99" for c in criteria}
    )
    assert not PanelScore.objects.exists()


def test_declaring_a_conflict_withdraws_the_members_points(client, member_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    seat_panel(nomination.round, member_user)
    score(nomination, member_user, [10, 10, 10, 10, 10])
    client.force_login(member_user)
    client.post(
        reverse("social_orgs:nomination_score", args=[nomination.pk]),
        {"has_conflict": "on", "conflict_reason": "本人担任该组织理事"},
    )
    assert not PanelScore.objects.exists() and Conflict.objects.get().reason == "本人担任该组织理事"


def test_a_county_user_may_not_score(client, county_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    client.force_login(county_user)
    assert client.get(reverse("social_orgs:nomination_score", args=[nomination.pk])).status_code == 403


def test_member_unit_staff_see_submitted_candidates_but_not_drafts(member_user):
    submitted = make_nomination(status=Status.SUBMITTED)
    make_nomination("禄丰市")
    assert list(Nomination.objects.visible_to(member_user)) == [submitted]


def test_approval_records_the_panels_mean(reviewer):
    nomination = make_nomination(status=Status.SUBMITTED)
    seat_panel(nomination.round, reviewer, quorum=1)
    score(nomination, reviewer, [20, 20, 20, 20, 10])
    step = act_on_nomination(SELECTION, nomination, Action.APPROVE, actor=reviewer, opinion="同意")
    assert step.score == Decimal("90.0")


def test_the_notice_counts_organisations_with_ge(reviewer):
    nomination = make_nomination(status=Status.APPROVED)
    today = datetime.date.today()
    notice = nomination_services.publish_notice(
        nomination.round,
        [nomination],
        level=Level.PREFECTURE,
        unit=None,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
        actor=reviewer,
    )
    assert "拟将以下1个对象确定为" in notice.text


def test_selection_waits_for_the_end_of_the_public_notice(reviewer):
    nomination = make_nomination(status=Status.APPROVED)
    today = datetime.date.today()
    nomination_services.publish_notice(
        nomination.round,
        [nomination],
        level=Level.PREFECTURE,
        unit=None,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
        actor=reviewer,
    )
    with pytest.raises(workflow.TransitionRefused):
        act_on_nomination(SELECTION, nomination, Action.SELECT, actor=reviewer)


def test_the_plaque_is_recorded_for_a_selected_organisation(client, reviewer):
    nomination = make_nomination(status=Status.SELECTED)
    client.force_login(reviewer)
    client.post(
        reverse("social_orgs:nomination_plaque", args=[nomination.pk]),
        {"plaque_number": "楚金社〔2024〕1号", "plaque_on": "2024-09-10"},
    )
    nomination.refresh_from_db()
    assert nomination.has_plaque


def test_a_plaque_cannot_be_given_before_selection(client, reviewer):
    nomination = make_nomination(status=Status.APPROVED)
    client.force_login(reviewer)
    response = client.post(
        reverse("social_orgs:nomination_plaque", args=[nomination.pk]),
        {"plaque_number": "X", "plaque_on": "2024-09-10"},
    )
    assert response.status_code == 403


def test_progress_counts_gold_organisations_of_the_whole_cycle_against_the_plans_ten(db):
    for year, unit_name in ((2021, "楚雄市"), (2022, "禄丰市"), (2023, "大姚县")):
        org = make_social_org(unit_name)
        Nomination.objects.create(
            round=open_round(year), unit=org.unit, org=org, achievements="业绩", status=Status.SELECTED
        )
    progress = selection.plan_progress(2022)
    assert (progress["gold"], progress["whole"].value) == (3, 10)


def test_progress_counts_this_years_gold_and_province_recommendations(db):
    make_nomination(status=Status.SELECTED)
    make_nomination("禄丰市", status=Status.RECOMMENDED)
    make_nomination("大姚县", status=Status.NOT_SELECTED)
    progress = selection.plan_progress(YEAR)
    assert (progress["gold_year"], progress["province_year"]) == (2, 1)


def test_the_quota_rows_show_the_seeds_one_per_county(db):
    make_nomination(status=Status.SUBMITTED)
    rows = {u.short_name: (quota, count) for u, quota, count in selection.quota_rows(2022, [unit("楚雄市")])}
    assert rows["楚雄市"] == (Decimal(1), 0)


def test_the_recommendation_form_is_a_pdf(client, county_user):
    nomination = make_nomination()
    client.force_login(county_user)
    response = client.get(reverse("social_orgs:nomination_pdf", args=[nomination.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_another_countys_candidate_is_404(client, county_user):
    nomination = make_nomination("禄丰市")
    client.force_login(county_user)
    assert client.get(nomination.get_absolute_url()).status_code == 404


def test_taking_an_action_requires_post(client, reviewer):
    nomination = make_nomination(status=Status.SUBMITTED)
    client.force_login(reviewer)
    assert client.get(reverse("social_orgs:nomination_action", args=[nomination.pk])).status_code == 405


def test_the_quota_indicator_counts_submitted_candidates_per_county(db):
    from chuxiong_labor import indicators

    make_nomination(status=Status.SUBMITTED)
    make_nomination(status=Status.SELECTED)
    make_nomination()
    achieved = indicators.achieved("social_org_quota", [unit("楚雄市"), unit("禄丰市")], YEAR)
    assert achieved == {unit("楚雄市").pk: 2}


def test_a_fifth_selection_in_a_year_is_refused_with_the_plans_words(reviewer):
    for _ in range(4):
        make_nomination(status=Status.SELECTED)
    fifth = make_nomination(status=Status.IN_NOTICE)
    with pytest.raises(workflow.TransitionRefused, match="每年选树3—4家"):
        nomination_services.transition(fifth, Action.SELECT, actor=reviewer)


def test_a_third_recommendation_to_the_province_is_refused(reviewer):
    for _ in range(2):
        make_nomination(status=Status.RECOMMENDED)
    third = make_nomination(status=Status.SELECTED)
    with pytest.raises(workflow.TransitionRefused, match="每年向省推荐2家"):
        nomination_services.transition(third, Action.RECOMMEND, actor=reviewer)


def test_the_year_page_warns_while_fewer_than_three_are_selected(client, reviewer):
    make_nomination(status=Status.SELECTED)
    client.force_login(reviewer)
    limits = client.get(reverse("social_orgs:selection_year", args=[YEAR])).content.decode().split('"limits"')[1]
    assert "尚未达到3个" in limits.split("</table>")[0]


def test_the_prefecture_approves_several_candidates_at_once_with_their_panel_means(client, reviewer):
    nominations = [make_nomination(status=Status.SUBMITTED) for _ in range(2)]
    seat_panel(nominations[0].round, quorum=1)
    score(nominations[0], make_user("reviewer"), [18, 18, 18, 18, 18])
    client.force_login(reviewer)
    client.post(
        reverse("social_orgs:nomination_bulk", args=[YEAR]),
        {"ids": [n.pk for n in nominations], "action": "approve", "opinion": "同意"},
    )
    steps = [n.steps.get(action=Action.APPROVE) for n in nominations]
    assert [(s.to_status, s.score) for s in steps] == [(Status.APPROVED, Decimal("90.0")), (Status.APPROVED, None)]


def test_the_year_page_shows_its_candidates_a_hundred_at_a_time(client, reviewer):
    nominations = [make_nomination() for _ in range(101)]
    client.force_login(reviewer)
    url = reverse("social_orgs:selection_year", args=[YEAR])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert (
        len(first.context["rows"]),
        [row[0] for row in second.context["rows"]],
        "第 1 / 2 页，共 101 条" in first.content.decode(),
    ) == (100, [nominations[-1]], True)
