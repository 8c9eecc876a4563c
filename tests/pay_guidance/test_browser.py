"""In Chromium: a county imports its survey, the prefecture checks and accepts it, the county drafts its
publication, the prefecture approves it, the county issues it, and the public page (no login) shows the issued
table with its downloads."""

import datetime
from urllib.parse import urljoin

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuxiong_labor.deadlines import done_check
from pay_guidance.models import Publication, PublicationStatus, SurveyEnterprise, SurveyStatus, TargetedService
from pay_guidance.services import act_on_publication, draft_publication, import_survey
from pay_guidance.survey_import import read_survey
from tests.factories import make_credit_code, unit
from tests.pay_guidance.factories import add_employees, csv_bytes, employee_row, make_survey
from tests.pay_guidance.test_disclosure_attack import office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def survey_file():
    codes = [make_credit_code("532301") for _ in range(3)]
    parts = [(f"{40000 + 500 * n}", "6000", "3000", "1000", "0") for n in range(10)]
    rows = [
        employee_row(code, f"鹿城薪酬{index}有限公司", parts=part) for index, code in enumerate(codes) for part in parts
    ]
    rows[0] = employee_row(codes[0], "鹿城薪酬0有限公司", parts=parts[0], months="6")  # counted at 100,000 a year
    return csv_bytes(rows)


def test_a_survey_goes_from_a_county_import_to_the_public_page(page, login, county_user, reviewer, live_server):
    login(county_user)
    page.get_by_role("link", name="薪酬调查").click()
    page.get_by_role("link", name="导入调查数据").click()
    page.get_by_label("调查数据文件（.xlsx、.xls 或 .csv）").set_input_files(
        {"name": "职工薪酬表.csv", "mimeType": "text/csv", "buffer": survey_file()}
    )
    page.get_by_label("数据年度").select_option(label="2025年度")
    page.get_by_role("button", name="上传并预览").click()
    assert "数据 30 行" in page.get_by_test_id("preview-counts").inner_text()
    assert "新登记企业 3 户" in page.get_by_test_id("preview-counts").inner_text()
    page.get_by_test_id("confirm-import").click()
    page.get_by_role("alert").filter(has_text="已导入职工薪酬表：30行").wait_for()
    page.get_by_role("button", name="退出").click()

    login(reviewer)
    for survey in SurveyEnterprise.objects.order_by("pk"):
        page.goto(survey.get_absolute_url())
        page.get_by_role("button", name="审核通过").click()
        page.get_by_test_id("survey-status").filter(has_text="县（市）已审核").wait_for()
        page.get_by_role("button", name="验收").click()
        page.get_by_test_id("survey-status").filter(has_text="州级已验收").wait_for()
    assert set(SurveyEnterprise.objects.values_list("status", flat=True)) == {SurveyStatus.ACCEPTED}

    page.goto("/pay-guidance/wage-levels/?year=2025")
    assert "12 ÷ 工作月数" in page.get_by_test_id("method-note").inner_text()
    assert "内部表格" in page.get_by_test_id("method-note").inner_text()
    page.get_by_role("button", name="退出").click()

    # The county drafts its own publication; the prefecture approves it (the portal's rule, labelled so); the
    # county issues it itself, which is its duty done.
    login(county_user)
    page.get_by_role("link", name="价位发布").first.click()
    assert page.get_by_test_id("publication-rule").locator("[data-portal-rule]").inner_text() == "本门户默认"
    page.get_by_label("数据年度").select_option(label="2025年度")
    page.get_by_role("button", name="起草发布稿").click()
    page.get_by_test_id("publication-status").filter(has_text="草稿").wait_for()
    assert "当前等待州三方办审核" in page.get_by_test_id("publication-steps").inner_text()
    draft_url = page.url
    page.get_by_role("button", name="退出").click()

    login(reviewer)
    page.goto(draft_url)
    page.get_by_role("button", name="审核通过").click()
    page.get_by_test_id("publication-status").filter(has_text="州级已审核").wait_for()
    assert page.get_by_role("button", name="发布").count() == 0
    assert "当前等待楚雄市发布" in page.get_by_test_id("publication-steps").inner_text()
    page.get_by_role("button", name="退出").click()

    login(county_user)
    page.goto(draft_url)
    page.get_by_role("button", name="发布").click()
    page.get_by_role("alert").filter(has_text="不能撤回").wait_for()
    assert Publication.objects.get().status == PublicationStatus.APPROVED
    page.get_by_label("发布前确认").check()
    page.get_by_role("button", name="发布").click()
    page.get_by_test_id("publication-status").filter(has_text="已发布").wait_for()
    publication = Publication.objects.get()
    assert (publication.status, publication.issued_by) == (PublicationStatus.ISSUED, county_user)
    assert done_check("pay_publication")(publication.unit, datetime.date(2026, 6, 30)) == timezone.localdate()

    visitor = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN")
    public = visitor.new_page()
    public.goto("/pay-guidance/public/")
    public.get_by_role("link", name="2025年度").click()
    assert "楚雄市2025年度人力资源市场工资价位" in public.get_by_test_id("public-title").inner_text()
    cells = public.get_by_test_id("wage-cells").inner_text()
    assert "全部职工" in cells and "52500.00" in cells
    whole = public.get_by_test_id("wage-cells").get_by_role("row").filter(has_text="全部职工")
    assert whole.get_by_test_id("part-year").inner_text() == "1"
    assert "12 ÷ 工作月数" in public.get_by_test_id("method-note").inner_text()
    for link, kind in (("public-xlsx", "spreadsheetml"), ("public-pdf", "pdf"), ("open-csv", "csv")):
        href = public.get_by_test_id(link).get_attribute("href")
        response = public.request.get(urljoin(public.url, href))
        assert response.ok and kind in response.headers["content-type"] and response.body()
    visitor.close()


def test_a_county_verifies_a_low_wage_from_its_todo_and_the_prefecture_sees_it(page, login, county_user, reviewer):
    rows = [employee_row(make_credit_code("532301"), "鹿城学徒有限公司", parts=("10000", "0", "0", "0", "0"))]
    plan = read_survey(SimpleUploadedFile("survey.csv", csv_bytes(rows)), unit=unit("楚雄市"), year=2025)
    import_survey(plan, actor=None)
    login(county_user)
    page.get_by_test_id("todo").get_by_role("link", name="低于最低工资").click()
    assert "正常工作时间工资" in page.get_by_test_id("flag-message").inner_text()
    page.get_by_label("核实说明").fill("学徒期，按培训协议支付")
    page.get_by_role("button", name="确认属实").click()
    page.get_by_role("alert").filter(has_text="已确认属实").wait_for()
    page.get_by_role("button", name="退出").click()

    login(reviewer)
    page.goto(SurveyEnterprise.objects.get().get_absolute_url())
    flags = page.get_by_test_id("flags").inner_text()
    assert "已核实属实" in flags and "学徒期" in flags


def test_a_county_records_handing_over_a_feedback_report(page, login, county_user, reviewer):
    surveys = [make_survey() for _ in range(3)]
    for survey in surveys:
        add_employees(survey, [50000 + 100 * k for k in range(12)])
    publication = draft_publication(office(), 2025, actor=reviewer)
    act_on_publication(act_on_publication(publication, "approve", actor=reviewer), "issue", actor=reviewer)
    login(county_user)
    page.goto(surveys[0].get_absolute_url())
    page.get_by_test_id("record-handover").click()
    page.get_by_label("反馈报告送达方式").select_option(label="当面送达")
    page.get_by_label("服务日期").fill("2026-06-01")
    page.get_by_label("服务人员").fill("张三")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("alert").filter(has_text="已登记针对性服务").wait_for()
    assert TargetedService.objects.get().delivery == "in_person"
