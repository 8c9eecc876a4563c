"""The journey in Chromium: a county submits a month with one red enterprise, the lead appears, guidance is
recorded, and the prefecture closes the lead."""

import datetime

import pytest

from key_enterprises.models import Lead

from .factories import make_monitored


def _last_month():
    first = datetime.date.today().replace(day=1)
    previous = first - datetime.timedelta(days=1)
    return previous.year, previous.month


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_red_month_opens_a_lead_that_is_guided_and_closed(page, login, county_user, reviewer):
    year, month = _last_month()
    entry = make_monitored(year=year, headcount_last_year_end=120, liaison_officer="张联络")
    login(county_user)
    page.goto("/key-enterprises/months/")
    page.get_by_label("年度").last.select_option(str(year))
    page.get_by_label("月份").select_option(str(month))
    page.get_by_role("button", name="填报该月数据").click()
    page.wait_for_url("**/key-enterprises/months/*/")
    page.locator(f'[name="e{entry.pk}-headcount"]').fill("118")
    page.locator(f'[name="e{entry.pk}-wages_owed_months"]').fill("2")
    page.get_by_role("button", name="保存本月数据").click()
    page.get_by_role("button", name="报送州三方办").click()
    assert "新建线索1条" in page.content()

    page.goto("/key-enterprises/risk/")
    page.get_by_role("link", name="拖欠职工工资1个月以上").first.click()
    assert page.get_by_test_id("lead-status").inner_text() == "已提交州三方办"
    page.get_by_label("操作").select_option("guide")
    page.get_by_label("内容").fill("上门约谈企业负责人，督促十日内补发工资")
    page.get_by_role("button", name="提交").click()
    assert "督促十日内补发工资" in page.get_by_test_id("actions").inner_text()

    page.context.clear_cookies()
    login(reviewer)
    page.goto(Lead.objects.get().get_absolute_url())
    page.get_by_label("操作").select_option("close")
    page.get_by_label("内容").fill("州三方办复核")
    page.get_by_label("办结情况（办结时填写）").fill("企业已补发两个月工资，职工情绪稳定")
    page.get_by_role("button", name="提交").click()
    assert page.get_by_test_id("lead-status").inner_text() == "已办结"
    assert Lead.objects.get().outcome == "企业已补发两个月工资，职工情绪稳定"
