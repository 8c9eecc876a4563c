"""A county recommending, a panel member scoring and the prefecture selecting, through the browser."""

import datetime

import pytest

from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.models import PublicNotice
from chuxiong_labor.nominations.workflow import Action, Level, Status
from mediation.models import Criterion, Nomination, PanelScore
from mediation.services import open_round
from tests.browser import search_and_choose
from tests.factories import seat_panel

from .factories import make_mediator, make_org

YEAR = datetime.date.today().year


def nomination(status):
    org = make_org("楚雄市", name="鹿城镇劳动人事争议调解中心")
    make_mediator(org)
    made = Nomination.objects.create(round=open_round(YEAR), unit=org.unit, org=org, achievements="成效明显")
    Nomination.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return made


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_county_recommends_and_submits_a_candidate(page, login, county_user):
    org = make_org("楚雄市", name="鹿城镇劳动人事争议调解中心")
    make_mediator(org)
    login(county_user)
    # Next year's round: its deadline (20 April) is still ahead.
    page.goto(f"/mediation/selection/{YEAR + 1}/")
    page.get_by_role("link", name="推荐候选对象").click()
    search_and_choose(page, "id_org", "鹿城镇", org.name)
    page.get_by_label("主要工作成效").fill("制度机制健全，调解成功率高。")
    page.get_by_role("button", name="保存").click()
    page.get_by_label("本级推荐意见").fill("同意推荐。")
    page.get_by_role("button", name="办理").click()
    assert page.get_by_test_id("status").inner_text() == "待州级审核"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_panel_member_scores_a_candidate(page, login, member_user):
    candidate = nomination(Status.SUBMITTED)
    seat_panel(candidate.round, member_user)
    login(member_user)
    page.goto(candidate.get_absolute_url())
    page.get_by_role("link", name="评分").click()
    for criterion in Criterion.objects.all():
        page.get_by_label(str(criterion)).fill("20")
    page.get_by_role("button", name="保存").click()
    assert "80" in page.get_by_test_id("scores").inner_text()
    assert PanelScore.objects.filter(member=member_user).count() == 4


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_prefecture_selects_a_candidate_after_its_notice(page, login, reviewer):
    candidate = nomination(Status.APPROVED)
    start = datetime.date.today() - datetime.timedelta(days=10)
    nomination_services.publish_notice(
        candidate.round,
        [candidate],
        level=Level.PREFECTURE,
        unit=None,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=5),
        actor=reviewer,
    )
    assert PublicNotice.objects.count() == 1
    login(reviewer)
    page.goto(candidate.get_absolute_url())
    page.get_by_label("操作").select_option(label=Action.SELECT.label)
    page.get_by_label("本级推荐意见").fill("经公示无异议，确定入选。")
    page.get_by_role("button", name="办理").click()
    assert page.get_by_test_id("status").inner_text() == "已入选"
