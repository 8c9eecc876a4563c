"""The review panel of a gold selection (annexes 2 and 3, 「成员单位组成评审组」): appointed per round by the
prefecture, scoring independently, and shown to each of the three viewers only what is theirs to see."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.nominations.review_panels import save_criterion
from chuxiong_labor.nominations.services import act_on_nomination, appoint_panel
from chuxiong_labor.nominations.workflow import Action, Status
from chuxiong_labor.roles import Role
from social_orgs.models import Conflict, Criterion, Nomination, PanelScore
from social_orgs.selection import SELECTION
from social_orgs.services import open_round
from tests.factories import make_user, seat_panel

from .factories import make_social_org

YEAR = 2024


def make_candidate(unit_name="楚雄市", status=Status.SUBMITTED):
    org = make_social_org(unit_name)
    nomination = Nomination.objects.create(round=open_round(YEAR), unit=org.unit, org=org, achievements="业绩")
    Nomination.objects.filter(pk=nomination.pk).update(status=status)
    nomination.refresh_from_db()
    return nomination


def score(nomination, member, points):
    for criterion in Criterion.objects.filter(is_active=True):
        PanelScore.objects.create(nomination=nomination, member=member, criterion=criterion, points=points)


def page_as(user, nomination):
    client = Client()
    client.force_login(user)
    return client.get(nomination.get_absolute_url()).content.decode()


class WhatEachViewerSeesTest(TestCase):
    """The candidate page, as the prefecture, a panel member who has not scored, and the nominating county."""

    @classmethod
    def setUpTestData(cls):
        cls.reviewer = make_user(Role.REVIEWER, full_name="审核员甲")
        cls.scorers = [make_user(Role.MEMBER_STAFF, "州总工会", full_name=f"评审员{n}") for n in "乙丙丁"]
        cls.conflicted = make_user(Role.MEMBER_STAFF, "州工信局", full_name="评审员戊")
        cls.unscored = make_user(Role.MEMBER_STAFF, "州工商联", full_name="评审员己")
        cls.county = make_user(Role.COUNTY_STAFF, "禄丰市", full_name="禄丰经办人")
        cls.nomination = make_candidate("禄丰市")
        seat_panel(cls.nomination.round, *cls.scorers, cls.conflicted, cls.unscored, quorum=3)
        for member, points in zip(cls.scorers, (15, 16, 17), strict=True):
            score(cls.nomination, member, points)
        Conflict.objects.create(nomination=cls.nomination, member=cls.conflicted, reason="曾在该组织兼职理事")

    def decide(self):
        Nomination.objects.filter(pk=self.nomination.pk).update(status=Status.APPROVED)

    def test_the_prefecture_sees_every_named_score_and_conflict_reason(self):
        body = page_as(self.reviewer, self.nomination)
        assert all(member.full_name in body for member in self.scorers)
        assert "曾在该组织兼职理事" in body and "平均分 80.0" in body

    def test_a_member_who_has_not_scored_sees_no_other_members_scores(self):
        body = page_as(self.unscored, self.nomination)
        assert not any(member.full_name in body for member in self.scorers)
        assert "曾在该组织兼职理事" not in body and "80.0" not in body and 'data-testid="scores-hidden"' in body

    def test_a_member_who_has_scored_sees_the_panels_scores(self):
        body = page_as(self.scorers[0], self.nomination)
        assert self.scorers[1].full_name in body and "平均分 80.0" in body

    def test_the_nominating_county_sees_nothing_of_the_scores_before_the_prefecture_decides(self):
        body = page_as(self.county, self.nomination)
        assert 'data-testid="scores"' not in body and "80.0" not in body

    def test_the_nominating_county_sees_only_the_result_once_decided(self):
        self.decide()
        body = page_as(self.county, self.nomination)
        assert "平均分 80.0，中位数 80.0（3 人评分）" in body
        assert not any(member.full_name in body for member in (*self.scorers, self.conflicted))
        assert "曾在该组织兼职理事" not in body

    def test_the_year_page_hides_the_mean_from_a_member_who_has_not_scored(self):
        client = Client()
        client.force_login(self.unscored)
        rows = client.get(reverse("social_orgs:selection_year", args=[YEAR])).content.decode()
        assert "80.0" not in rows.split('data-testid="candidates"')[1].split("</table>")[0]


@pytest.mark.django_db
def test_a_member_not_appointed_to_the_rounds_panel_may_not_score(client, member_user):
    nomination = make_candidate()
    client.force_login(member_user)
    assert client.get(reverse("social_orgs:nomination_score", args=[nomination.pk])).status_code == 403


@pytest.mark.django_db
def test_the_result_waits_for_the_quorum(reviewer):
    nomination = make_candidate()
    members = [make_user(Role.MEMBER_STAFF, "州总工会") for _ in range(3)]
    seat_panel(nomination.round, *members, quorum=3)
    for member in members[:2]:
        score(nomination, member, 18)
    assert "已有 2 人评分，达到 3 人后显示平均分和中位数" in page_as(reviewer, nomination)


@pytest.mark.django_db
def test_members_added_and_removed_later_are_in_the_rounds_history(reviewer):
    round = open_round(YEAR)
    first, second = make_user(Role.MEMBER_STAFF, "州总工会"), make_user(Role.MEMBER_STAFF, "州工信局")
    appoint_panel(round, members=[first], chair=first, quorum=1, actor=reviewer)
    appoint_panel(round, members=[second], chair=second, quorum=1, actor=reviewer)
    changes = [entry.changes for entry in history_for(round)]
    assert any(change.get("panel_members", {}).get("objects") == [str(second)] for change in changes if change), changes


@pytest.mark.django_db
def test_the_chair_must_be_a_member_of_the_panel(reviewer):
    member, outsider = make_user(Role.MEMBER_STAFF, "州总工会"), make_user(Role.MEMBER_STAFF, "州工信局")
    with pytest.raises(ActionRefused, match="组长须是评审组成员"):
        appoint_panel(open_round(YEAR), members=[member], chair=outsider, quorum=1, actor=reviewer)


@pytest.mark.django_db
def test_the_prefecture_appoints_the_panel_on_its_page(client, reviewer):
    members = [make_user(Role.MEMBER_STAFF, "州总工会"), make_user(Role.MEMBER_STAFF, "州工信局")]
    client.force_login(reviewer)
    client.post(
        reverse("social_orgs:panel_edit", args=[YEAR]),
        {"panel_members": [m.pk for m in members], "panel_chair": members[0].pk, "panel_quorum": "2"},
    )
    round = open_round(YEAR)
    assert (set(round.panel_members.all()), round.panel_chair, round.panel_quorum) == (set(members), members[0], 2)


@pytest.mark.django_db
def test_approval_records_no_mean_below_the_quorum(reviewer):
    nomination = make_candidate()
    seat_panel(nomination.round, reviewer, quorum=2)
    score(nomination, reviewer, 20)
    assert act_on_nomination(SELECTION, nomination, Action.APPROVE, actor=reviewer).score is None


@pytest.mark.django_db
def test_another_countys_candidate_answers_the_scoring_url_with_404(client, county_user):
    nomination = make_candidate("禄丰市")
    client.force_login(county_user)
    assert client.get(reverse("social_orgs:nomination_score", args=[nomination.pk])).status_code == 404


@pytest.mark.django_db
def test_the_notice_form_ticks_no_candidate(client, reviewer):
    make_candidate(status=Status.APPROVED)
    client.force_login(reviewer)
    body = client.get(reverse("social_orgs:notice_create", args=[YEAR])).content.decode()
    assert 'name="ids"' in body and "checked" not in body


@pytest.mark.django_db
def test_the_deadline_page_cites_annex_2s_own_sentence(client, reviewer):
    client.force_login(reviewer)
    body = client.get(reverse("social_orgs:round_edit", args=[YEAR])).content.decode()
    assert "附件2 三（三）：每年7月10日前" in body and "6月30日" not in body


@pytest.mark.django_db
def test_the_candidate_form_says_before_any_typing_that_the_deadline_has_passed(client, county_user):
    client.force_login(county_user)
    body = client.get(reverse("social_orgs:nomination_create", args=[YEAR])).content.decode()
    assert 'data-testid="deadline-warning"' in body and "2024-07-10，已经过期" in body and "申请延期" in body


@pytest.mark.django_db
def test_the_candidate_form_gives_the_extended_date(client, county_user, reviewer):
    round = open_round(YEAR)
    round.extensions.create(
        level="unit", unit=county_user.unit, new_due_on=datetime.date(YEAR, 8, 1), reason="汛期", granted_by=reviewer
    )
    client.force_login(county_user)
    body = client.get(reverse("social_orgs:nomination_create", args=[YEAR])).content.decode()
    assert "已延期至2024-08-01" in body


@pytest.mark.django_db
def test_the_candidate_form_warns_of_nothing_before_the_deadline(client, county_user):
    client.force_login(county_user)
    year = datetime.date.today().year + 1
    body = client.get(reverse("social_orgs:nomination_create", args=[year])).content.decode()
    assert 'data-testid="deadline-warning"' not in body


def edit_criterion(client, criterion, **changes):
    data = {
        "version": criterion.version,
        "name": criterion.name,
        "description": criterion.description,
        "max_points": str(criterion.max_points),
        "source": criterion.source,
        "sort_order": criterion.sort_order,
        "is_active": "on" if criterion.is_active else "",
        **changes,
    }
    return client.post(reverse("social_orgs:criterion_edit", args=[criterion.pk]), data, follow=True)


@pytest.mark.django_db
def test_a_criterion_changed_after_a_score_keeps_the_scored_rounds_heading(client, reviewer):
    nomination = make_candidate()
    criterion = Criterion.objects.for_year(YEAR).first()
    score(nomination, reviewer, 18)
    client.force_login(reviewer)
    edit_criterion(client, criterion, max_points="15")
    assert Criterion.objects.for_year(YEAR).get(name=criterion.name).max_points == criterion.max_points
    assert Criterion.objects.for_year(YEAR + 1).get(name=criterion.name).max_points == 15


@pytest.mark.django_db
def test_changing_a_criterion_after_a_score_warns_from_which_year_it_applies(client, reviewer):
    nomination = make_candidate()
    score(nomination, reviewer, 18)
    client.force_login(reviewer)
    response = edit_criterion(client, Criterion.objects.for_year(YEAR).first(), max_points="15")
    assert "2024年度已有评分" in response.content.decode() and "从2025年度起适用" in response.content.decode()


@pytest.mark.django_db
def test_a_criterion_added_after_a_score_applies_from_the_next_round(reviewer):
    score(make_candidate(), reviewer, 18)
    added, frozen = save_criterion(Criterion(name="新增项目", max_points=Decimal(10)), panel=SELECTION.panel)
    assert (frozen, added in Criterion.objects.for_year(YEAR), added in Criterion.objects.for_year(YEAR + 1)) == (
        YEAR,
        False,
        True,
    )


@pytest.mark.django_db
def test_a_criterion_changes_in_place_before_any_score(client, reviewer):
    criterion = Criterion.objects.for_year(YEAR).first()
    client.force_login(reviewer)
    edit_criterion(client, criterion, max_points="15")
    criterion.refresh_from_db()
    assert (criterion.max_points, Criterion.objects.filter(name=criterion.name).count()) == (15, 1)


def test_a_members_todo_lists_the_first_five_unscored_candidates_and_counts_them_all(client, reviewer):
    from chuxiong_labor import todo

    member = make_user(Role.MEMBER_STAFF, "州总工会", full_name="评审员庚")
    candidates = [make_candidate(unit) for unit in ("楚雄市", "禄丰市") * 4]
    seat_panel(candidates[0].round, member, quorum=1)
    score(candidates[0], member, 15)
    Conflict.objects.create(nomination=candidates[1], member=member, reason="曾在该组织兼职理事")
    [group] = [group for group in todo.groups_for(member) if group.kind.endswith("评分")]
    assert (group.total, len(group.items), group.more) == (6, 5, 1)
    listed = [item.url for item in todo.items_for(member) if item.kind == group.kind]
    scoring = [reverse("social_orgs:nomination_score", args=[c.pk]) for c in candidates[2:]]
    assert sorted(listed) == sorted(scoring)
    assert {item.url for item in group.items} <= set(scoring)
