"""The gold mediation-organisation selection on the shared nomination workflow."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations import workflow
from chuxiong_labor.nominations.services import act_on_nomination
from chuxiong_labor.nominations.workflow import Action, Status
from mediation import selection
from mediation.models import Case, Criterion, Nomination, PanelScore
from mediation.selection import SELECTION
from mediation.services import open_round
from tests.factories import seat_panel

from .factories import make_closed_case, make_mediator, make_org

pytestmark = pytest.mark.django_db
YEAR = 2024


def make_nomination(unit_name="楚雄市", status=None, *, with_mediator=True, year=YEAR, **overrides):
    org = overrides.pop("org", None) or make_org(unit_name)
    if with_mediator:
        make_mediator(org)
    nomination = Nomination.objects.create(
        round=open_round(year), unit=org.unit, org=org, achievements="制度健全，成效明显。", **overrides
    )
    if status:
        Nomination.objects.filter(pk=nomination.pk).update(status=status)
        nomination.refresh_from_db()
    return nomination


def submit(nomination, user):
    return nomination_services.transition(
        nomination, Action.SUBMIT, actor=user, opinion="同意推荐", check_deadline=False
    )


@pytest.mark.parametrize(
    ("year", "due"),
    [(2021, datetime.date(2021, 8, 31)), (2022, datetime.date(2022, 6, 30)), (2023, datetime.date(2023, 4, 20))],
)
def test_each_round_opens_with_the_seeds_deadline(db, year, due):
    assert open_round(year).unit_due_on == due


def test_the_four_default_dimensions_are_loaded(db):
    assert list(Criterion.objects.values_list("name", flat=True)) == ["制度机制", "专业程度", "服务能力", "基础保障"]


def test_a_county_recommends_one_of_its_organisations(client, county_user):
    org = make_org("楚雄市")
    client.force_login(county_user)
    client.post(reverse("mediation:nomination_create", args=[YEAR]), {"org": org.pk, "achievements": "成效"})
    assert Nomination.objects.get().org == org


def test_a_third_candidate_of_one_county_is_refused(county_user):
    for _ in range(2):
        submit(make_nomination(), county_user)
    with pytest.raises(workflow.TransitionRefused, match="1—2"):
        submit(make_nomination(), county_user)


def test_an_organisation_without_mediators_cannot_be_submitted(county_user):
    nomination = make_nomination(with_mediator=False)
    with pytest.raises(workflow.TransitionRefused, match="调解员"):
        submit(nomination, county_user)


def test_the_evidence_is_the_organisations_ledger_of_the_year_before(db):
    nomination = make_nomination()
    make_closed_case(nomination.org, Case.Outcome.AGREEMENT, datetime.date(YEAR - 1, 5, 1))
    make_closed_case(nomination.org, Case.Outcome.NO_AGREEMENT, datetime.date(YEAR - 1, 6, 1))
    make_closed_case(nomination.org, Case.Outcome.NO_AGREEMENT, datetime.date(YEAR, 2, 1))
    figures = selection.evidence([nomination], YEAR)[nomination.pk]
    assert (figures.closed, figures.success_rate) == (2, Decimal("50.0"))


def test_the_candidate_page_shows_the_ledger_beside_the_scores(client, reviewer):
    nomination = make_nomination(status=Status.SUBMITTED)
    make_closed_case(nomination.org, Case.Outcome.AGREEMENT, datetime.date(YEAR - 1, 5, 1))
    client.force_login(reviewer)
    body = client.get(nomination.get_absolute_url()).content.decode()
    assert 'data-testid="evidence"' in body and "100.0%" in body


def test_approval_records_the_mean_of_the_four_dimensions(reviewer, member_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    seat_panel(nomination.round, reviewer, member_user, quorum=2)
    for member, points in ((reviewer, 25), (member_user, 20)):
        for criterion in Criterion.objects.all():
            PanelScore.objects.create(nomination=nomination, member=member, criterion=criterion, points=points)
    assert act_on_nomination(SELECTION, nomination, Action.APPROVE, actor=reviewer).score == Decimal("90.0")


def test_progress_counts_the_kinds_recommended_to_the_province(db):
    make_nomination(status=Status.RECOMMENDED, org=make_org("楚雄市", kind="township"))
    make_nomination(status=Status.RECOMMENDED, org=make_org("禄丰市", kind="enterprise"))
    make_nomination(status=Status.SELECTED, org=make_org("大姚县", kind="county"))
    progress = selection.plan_progress(YEAR)
    assert (progress["gold_year"], progress["province_year"], progress["province_kinds"]) == (3, 2, 2)


def test_the_plan_wants_thirty_gold_organisations_over_the_cycle(db):
    assert selection.plan_progress(2022)["whole"].value == 30


def test_the_recommendation_form_is_a_pdf(client, county_user):
    nomination = make_nomination()
    client.force_login(county_user)
    response = client.get(reverse("mediation:nomination_pdf", args=[nomination.pk]))
    assert response.content.startswith(b"%PDF")


def test_another_countys_candidate_is_404(client, county_user):
    nomination = make_nomination("禄丰市")
    client.force_login(county_user)
    assert client.get(nomination.get_absolute_url()).status_code == 404


def test_a_leader_may_not_take_an_action(client, leader):
    nomination = make_nomination(status=Status.SUBMITTED)
    client.force_login(leader)
    response = client.post(reverse("mediation:nomination_action", args=[nomination.pk]), {"action": "approve"})
    assert response.status_code == 403


def test_recommending_a_second_organisation_of_the_same_kind_is_refused(reviewer):
    make_nomination(status=Status.RECOMMENDED)
    second = make_nomination("禄丰市", status=Status.SELECTED)
    with pytest.raises(workflow.TransitionRefused, match="每类调解组织每年推荐1家"):
        nomination_services.transition(second, Action.RECOMMEND, actor=reviewer)


def test_a_fourth_recommendation_to_the_province_is_refused(reviewer):
    for kind in ("township", "county", "enterprise"):
        make_nomination(status=Status.RECOMMENDED, org=make_org(kind=kind))
    fourth = make_nomination(status=Status.SELECTED, org=make_org(kind="industry"))
    with pytest.raises(workflow.TransitionRefused, match="择优推荐3类2—3家上报省"):
        nomination_services.transition(fourth, Action.RECOMMEND, actor=reviewer)


def test_an_eleventh_gold_organisation_in_a_year_is_refused(reviewer):
    for _ in range(10):
        make_nomination(status=Status.SELECTED)
    eleventh = make_nomination(status=Status.IN_NOTICE)
    with pytest.raises(workflow.TransitionRefused, match="10家金牌"):
        nomination_services.transition(eleventh, Action.SELECT, actor=reviewer)


def test_organisations_of_different_kinds_are_recommended(reviewer):
    make_nomination(status=Status.RECOMMENDED, org=make_org(kind="township"))
    other = make_nomination(status=Status.SELECTED, org=make_org(kind="enterprise"))
    assert nomination_services.transition(other, Action.RECOMMEND, actor=reviewer).to_status == Status.RECOMMENDED


def test_a_bulk_action_that_one_candidate_cannot_take_changes_none(client, reviewer):
    ready = make_nomination(status=Status.SUBMITTED)
    draft = make_nomination("禄丰市")
    client.force_login(reviewer)
    response = client.post(
        reverse("mediation:nomination_bulk", args=[YEAR]),
        {"ids": [ready.pk, draft.pk], "action": "approve"},
        follow=True,
    )
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED and "全部未生效" in response.content.decode()


def test_the_scoring_figures_cover_the_year_before_and_the_rounds_year_up_to_its_deadline(db):
    nomination = make_nomination()  # 2024's round: counties recommend by 20 April
    make_closed_case(nomination.org, Case.Outcome.AGREEMENT, datetime.date(YEAR, 3, 1))
    make_closed_case(nomination.org, Case.Outcome.AGREEMENT, datetime.date(YEAR, 6, 1))
    rows = selection.scoring_figures(nomination, today=datetime.date(YEAR, 9, 1))
    assert [(str(period), figures.closed) for period, figures in rows] == [
        ("2023年全年", 0),
        ("2024-01-01至2024-04-20", 1),
    ]


def test_the_scoring_form_shows_the_ledger_figures(client, member_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    seat_panel(nomination.round, member_user)
    make_closed_case(nomination.org, Case.Outcome.AGREEMENT, datetime.date(YEAR - 1, 5, 1))
    client.force_login(member_user)
    body = client.get(reverse("mediation:nomination_score", args=[nomination.pk])).content.decode()
    assert 'data-testid="evidence"' in body and "2023年全年" in body and "100.0%" in body


def test_the_recommendation_form_prints_the_figures_the_panel_scored_with_and_their_period(client, county_user):
    nomination = make_nomination()
    for closed_on in (datetime.date(YEAR, 2, 1), datetime.date(YEAR, 3, 1)):
        make_closed_case(nomination.org, Case.Outcome.AGREEMENT, closed_on)
    client.force_login(county_user)
    response = client.get(reverse("mediation:nomination_pdf", args=[nomination.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = "".join(text.split())
    assert "2023年全年" in text and "2024年1月1日至4月20日" in text and "结案2件" in text
