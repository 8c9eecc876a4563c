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


def _months_back(day, months):
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_county_records_a_layoff_sees_each_amount_and_answers_the_rehire_reminder(page, login, county_user):
    from key_enterprises.models import LayoffPlan, MonthlyBatch, MonthlyFigures, WageSetting

    layoff_on = _months_back(datetime.date.today(), 2).replace(day=15)
    WageSetting.objects.create(
        kind="average", year=layoff_on.year - 1, amount_yuan="8000", effective_on=layoff_on.replace(month=1, day=1),
        source="测试",
    )  # fmt: skip
    entry = make_monitored(year=layoff_on.year, headcount_last_year_end=200)
    login(county_user)
    page.goto(entry.get_absolute_url())
    page.get_by_role("link", name="登记裁员计划").click()
    page.get_by_label("裁员法定情形（劳动合同法第四十一条第一款）").select_option("2")
    page.get_by_label("计划裁减人数").fill("2")
    page.get_by_label("已裁员人数").fill("2")
    page.get_by_label("裁员岗位").fill("包装工")
    page.get_by_label("裁员日期").fill(f"{layoff_on:%Y-%m-%d}")
    page.get_by_label("企业可用于支付经济补偿的资金（元）").fill("100000")
    rows = [
        ("甲", "2018-03-01", "6000", ""),  # six years and a half under Art. 47
        ("乙", "2020-03-01", "5000", "4"),  # pregnant: Art. 42 (4) keeps her
    ]
    for number, (name, start, wage, protection) in enumerate(rows, start=1):
        page.get_by_label(f"被裁减人员第{number}行 姓名或编号").fill(name)
        page.get_by_label(f"被裁减人员第{number}行 入职日期").fill(start)
        page.get_by_label(f"被裁减人员第{number}行 解除劳动合同日期").fill(f"{layoff_on:%Y-%m-%d}")
        page.get_by_label(f"被裁减人员第{number}行 前十二个月平均工资（元/月）").fill(wage)
        if protection:
            page.get_by_label(f"被裁减人员第{number}行 第四十二条不得裁减情形").select_option(protection)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/key-enterprises/layoffs/*/")
    assert "第四十二条第（四）项" in page.get_by_test_id("blocked").inner_text()
    assert "暂不评估" in page.get_by_test_id("verdict").inner_text()  # two cut, one of them may not be
    plan = LayoffPlan.objects.get()
    assert plan.people.get(name="乙").compensation_yuan == 0

    hired = _months_back(layoff_on, -1)
    batch = MonthlyBatch.objects.create(unit=entry.unit, year=hired.year, month=hired.month, status="submitted")
    MonthlyFigures.objects.create(batch=batch, monitored=entry, headcount=199, headcount_last_year_end=200, hires=1)
    page.goto("/")
    page.get_by_role("link", name=f"{hired.year}年{hired.month}月新招用1人", exact=False).first.click()
    page.get_by_label("已通知被裁减人员，同等条件下优先招用").check()
    page.get_by_label("通知或核实日期").fill(f"{datetime.date.today():%Y-%m-%d}")
    page.get_by_label("通知方式").select_option("written")
    page.get_by_label("说明", exact=True).fill("书面通知了甲，甲未应聘")
    page.get_by_role("button", name="记录").click()
    assert "已从待办中移除" in page.content()
    assert "书面通知了甲，甲未应聘" in page.get_by_test_id("rehire").inner_text()
    page.goto("/")
    assert f"{hired.year}年{hired.month}月新招用1人" not in page.content()
