"""In a browser: a county submits its monthly report, the prefecture returns it with a reason, the county
resubmits and the prefecture accepts it."""

import pytest

from reporting.models import MonthlyReport

from .factories import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_county_submits_and_the_prefecture_returns_then_accepts(page, login, county_user, reviewer):
    report = make_report(year=2026, month=1, progress="走访重点企业8家。")
    url = f"/reporting/reports/{report.pk}/"

    login(county_user)
    page.goto(url)
    page.get_by_role("button", name="报送").click()
    page.get_by_test_id("report-status").filter(has_text="已报送").wait_for()
    page.get_by_role("button", name="退出").click()

    login(reviewer)
    page.goto(url)
    page.get_by_role("button", name="退回修改").click()
    page.get_by_text("退回月报时必须填写退回原因").wait_for()
    page.get_by_label("退回原因").fill("请补充走访企业名单。")
    page.get_by_role("button", name="退回修改").click()
    page.get_by_test_id("return-reason").filter(has_text="请补充走访企业名单。").wait_for()
    page.get_by_role("button", name="退出").click()

    login(county_user)
    page.goto(url)
    page.get_by_role("link", name="修改").click()
    page.get_by_label("工作进展情况").fill("走访重点企业8家，名单见附表。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="重新报送").click()
    page.get_by_test_id("report-status").filter(has_text="已报送").wait_for()
    page.get_by_role("button", name="退出").click()

    login(reviewer)
    page.goto(url)
    page.get_by_role("button", name="审核通过").click()
    page.get_by_test_id("report-status").filter(has_text="已审核通过").wait_for()
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.ACCEPTED and "名单见附表" in report.progress
