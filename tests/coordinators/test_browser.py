"""The whole journey of a year's gold-coordinator selection, in Chromium."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chuxiong_labor.nominations.workflow import Status
from coordinators.models import Nomination
from tests.browser import search_and_choose

from .factories import make_coordinator, make_nomination, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/**")


def act_on_all(page, year, status, action, opinion=""):
    page.goto(f"/coordinators/selection/{year}/?status={status}")
    page.locator("#select-all").check()
    page.locator("#bulk-action").select_option(label=action)
    page.locator("#bulk-opinion").fill(opinion)
    page.get_by_test_id("bulk-submit").click()
    page.wait_for_load_state()


def test_a_county_submits_the_prefecture_returns_approves_notices_selects_and_recommends(
    page, login, county_user, reviewer
):
    today = timezone.localdate()
    year = today.year
    round = make_round(year, unit_due_on=date(year, 12, 31), prefecture_due_on=date(year, 12, 31))
    for _ in range(4):
        make_nomination("楚雄市", round=round)
    newcomer = make_coordinator("楚雄市", name="普志刚")

    # The county enters one more candidate and submits its slate with its opinion.
    login(county_user)
    page.goto(f"/coordinators/selection/{year}/")
    page.get_by_role("link", name="录入候选人").click()
    search_and_choose(page, "id_coordinator", "普志刚", "普志刚")
    page.get_by_label("主要业绩评价").fill("近三年调处劳动争议40件。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="返回本年度").click()
    page.get_by_label("县级三方办公室推荐意见").fill("经市三方联席会议评选并公示，同意推荐。")
    page.get_by_test_id("submit-slate").click()
    page.get_by_text("已向州三方办报送5名候选人。").wait_for()
    sign_out(page)

    # The prefecture returns one candidate to the county with a reason, and approves the others at once.
    login(reviewer)
    returned = Nomination.objects.get(coordinator=newcomer)
    page.goto(f"/coordinators/selection/candidates/{returned.pk}/")
    page.locator("#id_action").select_option(label="退回")
    page.locator("#id_return_to").select_option(label="县（市）或州级成员单位")
    page.locator("#id_reason").fill("请补充具体案例和调解成功率。")
    page.get_by_test_id("do-action").click()
    page.get_by_test_id("status").filter(has_text="已退回修改").wait_for()
    act_on_all(page, year, "submitted", "审核通过", "经审核，符合条件。")
    page.get_by_text("已对4名候选人办理“审核通过”").wait_for()
    sign_out(page)

    # The county fixes the candidate and resubmits it.
    login(county_user)
    page.goto(f"/coordinators/selection/candidates/{returned.pk}/")
    page.get_by_text("请补充具体案例和调解成功率。").wait_for()
    page.get_by_role("link", name="修改").click()
    page.get_by_label("主要业绩评价").fill("近三年调处劳动争议40件，调解成功率88%，典型案例：某食品公司欠薪案。")
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("changes").filter(has_text="主要业绩评价").wait_for()
    page.locator("#id_opinion").fill("已按要求补充，同意推荐。")
    page.get_by_test_id("do-action").click()
    page.get_by_test_id("status").filter(has_text="待州级审核").wait_for()
    sign_out(page)

    # The prefecture approves it, runs the notice, selects, recommends and downloads the batch of forms.
    login(reviewer)
    page.goto(f"/coordinators/selection/candidates/{returned.pk}/")
    page.get_by_test_id("steps").filter(has_text="修改了：主要业绩评价").wait_for()
    page.locator("#id_action").select_option(label="审核通过")
    page.get_by_test_id("do-action").click()
    page.get_by_test_id("status").filter(has_text="州级审核通过").wait_for()
    page.goto(f"/coordinators/selection/{year}/notices/new/")
    page.get_by_label("全选").check()  # nothing is ticked until the prefecture ticks it
    page.get_by_label("公示开始日期").fill((today - timedelta(days=8)).isoformat())
    page.get_by_label("公示结束日期").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="发布公示").click()
    page.get_by_test_id("notice-text").filter(has_text="普志刚").wait_for()
    act_on_all(page, year, "in_notice", "确定入选", "经州协调劳动关系三方联席会议审定，同意推荐。")
    page.get_by_text("已对5名候选人办理“确定入选”").wait_for()
    act_on_all(page, year, "selected", "推荐至省", "同意推荐为云南省金牌劳动关系协调员。")
    page.get_by_text("已对5名候选人办理“推荐至省”").wait_for()
    page.get_by_role("button", name="下载推荐表（全部）").click()
    with page.expect_download() as download:
        page.get_by_test_id("job-download").click()
    with open(download.value.path(), "rb") as pdf:
        assert (pdf.read(4), set(Nomination.objects.values_list("status", flat=True))) == (
            b"%PDF",
            {Status.RECOMMENDED},
        )


def test_the_status_form_shows_todays_date_and_submits_it_as_is(page, login, county_user):
    coordinator = make_coordinator("楚雄市")
    login(county_user)
    page.goto(f"/coordinators/{coordinator.pk}/")
    date_input = page.locator('input[name="changed_on"]')
    assert date_input.input_value() == timezone.localdate().isoformat()
    page.locator('select[name="status"]').select_option("left")
    date_input.locator("xpath=ancestor::form").get_by_role("button").last.click()
    page.wait_for_load_state()
    coordinator.refresh_from_db()
    assert coordinator.status == "left"
