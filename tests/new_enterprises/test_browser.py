"""In Chromium: a county user uploads a roster, sees its problems, fixes it, previews and confirms the import."""

import pytest

from chuxiong_labor.enterprises import Enterprise
from new_enterprises.models import Inclusion
from tests.factories import make_credit_code
from tests.new_enterprises.factories import roster_row, workbook_bytes
from tests.spreadsheet_files import ROSTER_CODES, xls_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def choose_file(page, content):
    page.get_by_label("名册文件（.xlsx、.xls 或 .csv）").set_input_files(
        {
            "name": "名册.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content,
        }
    )


def test_a_county_user_previews_fixes_and_confirms_a_roster(page, login, county_user):
    good = roster_row(make_credit_code("532301"), name="鹿城新材料有限公司")
    bad = roster_row("91532301MA6K000000", name="校验错误有限公司")
    login(county_user)
    page.get_by_role("link", name="新企服务台账").click()
    page.get_by_role("link", name="导入名册").click()

    choose_file(page, workbook_bytes([good, bad]))
    page.get_by_label("同时纳入年度计划").select_option(label="2022年")
    page.get_by_role("button", name="上传并预览").click()
    bad_rows = page.get_by_test_id("bad-rows")
    assert "第3行" in bad_rows.inner_text() and "校验位错误" in bad_rows.inner_text()
    assert page.get_by_test_id("confirm-import").count() == 0

    page.get_by_role("link", name="重新上传").click()
    choose_file(page, workbook_bytes([good]))
    page.get_by_label("同时纳入年度计划").select_option(label="2022年")
    page.get_by_role("button", name="上传并预览").click()
    assert "新增 1 户" in page.get_by_test_id("preview-counts").inner_text()
    assert not Enterprise.objects.exists()

    page.get_by_test_id("confirm-import").click()
    assert page.get_by_role("alert").first.inner_text().startswith("名册已导入：新增企业1户")
    assert page.get_by_test_id("ledger").get_by_role("link", name="鹿城新材料有限公司").is_visible()
    assert Inclusion.objects.get().enterprise.name == "鹿城新材料有限公司"


def test_a_county_user_imports_a_roster_saved_as_xls_with_its_title_row(page, login, county_user):
    login(county_user)
    page.goto("/new-enterprises/roster/import/")
    page.get_by_label("名册文件（.xlsx、.xls 或 .csv）").set_input_files(
        {"name": "名册.xls", "mimeType": "application/vnd.ms-excel", "buffer": xls_bytes("roster")}
    )
    page.get_by_role("button", name="上传并预览").click()
    assert "新增 2 户" in page.get_by_test_id("preview-counts").inner_text()
    page.get_by_test_id("confirm-import").click()
    page.get_by_role("alert").first.filter(has_text="名册已导入").wait_for()
    assert set(Enterprise.objects.values_list("credit_code", flat=True)) == set(ROSTER_CODES)
