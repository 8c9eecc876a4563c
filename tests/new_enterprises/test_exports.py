"""The 「新注册企业信息库」 workbook, the 「新注册企业信息表」 PDF and formula escaping on every export path."""

import datetime
import io
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from chuxiong_labor.lib.spreadsheets import XLSX_CONTENT_TYPE
from new_enterprises.models import Inclusion
from tests.factories import inert_text, make_enterprise
from tests.new_enterprises.factories import make_inclusion, make_service

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "docs" / "source" / "chu-ren-she-tong-2021-32.txt"
EXPORT_URL = reverse("new_enterprises:ledger_export")


def seed_header_rows():
    """Return the three header rows of the seed's 新注册企业信息库 as printed (tab-separated, 16 columns)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("新注册企业信息库")
    header = next(i for i in range(start, len(lines)) if lines[i].startswith("序号"))
    return [line.split("\t") for line in lines[header : header + 3]]


def export(client, **params):
    """Start the export (a job, run at once without Redis) and download its file from the job's page."""
    started = client.post(f"{EXPORT_URL}?{urlencode(params)}")
    response = client.get(started["Location"] + "download/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def cell_texts(sheet, row):
    return [sheet.cell(row=row, column=c).value for c in range(1, 17)]


def test_the_header_cells_read_back_as_the_seed_prints_them(client, county_user):
    client.force_login(county_user)
    sheet = export(client)
    top, middle, bottom = seed_header_rows()
    # The seed's text export shifts 备注 and the 服务情况 headers right; the words and their order are these.
    assert cell_texts(sheet, 2) == ["序号", "新注册企业信息", None, None, None, None, None, top[7], *[None] * 7, "备注"]
    assert cell_texts(sheet, 3)[1:7] == middle[1:7]
    assert cell_texts(sheet, 3)[7] == "基本情况" == middle[7]
    assert cell_texts(sheet, 3)[13] == "服务情况"
    printed = [cell for cell in bottom if cell]
    # The seed prints 纳入阶级, a slip for 纳入阶段 (the and the plan's word).
    assert printed == ["层级", "所属州(市)", "纳入阶级", "负责部门", "联系人", "联系电话", "服务时间", "服务内容"]
    assert cell_texts(sheet, 4)[7:15] == [*printed[:2], "纳入阶段", *printed[3:]]


def test_the_header_cells_are_merged_as_in_the_seed(client, county_user):
    client.force_login(county_user)
    merged = {str(cells) for cells in export(client).merged_cells.ranges}
    expected = {"A1:P1", "A2:A4", "B2:G2", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:G4"}
    expected |= {"H2:O2", "H3:M3", "N3:O3", "P2:P4"}
    assert merged == expected


def test_each_service_is_a_row_and_the_enterprise_cells_are_merged_over_them(client, county_user):
    enterprise = make_enterprise("楚雄市", name="多次服务有限公司", registered_on=datetime.date(2021, 3, 5))
    inclusion = make_inclusion("楚雄市", enterprise=enterprise, year=2021, contact_person="王丽萍")
    make_service(inclusion, served_on=datetime.date(2021, 4, 1), content="宣讲政策")
    make_service(inclusion, served_on=datetime.date(2021, 6, 1), kind="contract", content="指导合同")
    client.force_login(county_user)
    sheet = export(client, year=2021)
    assert cell_texts(sheet, 5)[:4] == [1, "多次服务有限公司", "2021-03-05", enterprise.address or "楚雄市"]
    assert cell_texts(sheet, 5)[7:12] == [
        "县（市）",
        "楚雄州",
        "2021年（第一、二阶段(2021、2022年)）",
        inclusion.department,
        "王丽萍",
    ]
    assert [cell_texts(sheet, r)[13:15] for r in (5, 6)] == [
        ["2021-04-01", "政策宣讲：宣讲政策"],
        ["2021-06-01", "劳动合同指导：指导合同"],
    ]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert {"A5:A6", "B5:B6", "M5:M6", "P5:P6"} <= merged and "N5:N6" not in merged


def test_the_export_is_filtered_by_year(client, county_user):
    make_inclusion("楚雄市", year=2021, enterprise=make_enterprise("楚雄市", name="二一年企业有限公司"))
    make_inclusion("楚雄市", year=2022, enterprise=make_enterprise("楚雄市", name="二二年企业有限公司"))
    client.force_login(county_user)
    sheet = export(client, year=2022)
    assert [sheet.cell(row=r, column=2).value for r in range(5, sheet.max_row + 1)] == ["二二年企业有限公司"]


def test_the_prefecture_office_filters_the_export_by_unit(client, reviewer):
    make_inclusion("楚雄市", enterprise=make_enterprise("楚雄市", name="楚雄企业有限公司"))
    lufeng = make_inclusion("禄丰市", enterprise=make_enterprise("禄丰市", name="禄丰企业有限公司"))
    client.force_login(reviewer)
    sheet = export(client, unit=lufeng.unit_id)
    assert [sheet.cell(row=r, column=2).value for r in range(5, sheet.max_row + 1)] == ["禄丰企业有限公司"]


def test_county_staff_export_only_their_own_units_rows_whatever_the_filter(client, county_user):
    lufeng = make_inclusion("禄丰市", enterprise=make_enterprise("禄丰市", name="禄丰企业有限公司"))
    client.force_login(county_user)
    sheet = export(client, unit=lufeng.unit_id)
    assert sheet.max_row == 4


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_inert_and_shown_as_typed(client, county_user, text):
    inclusion = make_inclusion("楚雄市", enterprise=make_enterprise("楚雄市", name=text), contact_person=text)
    make_service(inclusion, content=text)
    client.force_login(county_user)
    sheet = export(client)
    shown = text.replace("\r", "\n")  # XML reads a carriage return back as a line feed
    assert (inert_text(sheet.cell(row=5, column=2)), inert_text(sheet.cell(row=5, column=12))) == (shown, shown)


def test_the_responsible_department_is_escaped_too(client, county_user):
    make_inclusion("楚雄市", department="=1+1")
    client.force_login(county_user)
    assert inert_text(export(client).cell(row=5, column=11)) == "=1+1"


def admin_export(client, query=""):
    """Press the admin's 导出 (a POST that starts a job, run at once without Redis) and return the job's download."""
    started = client.post(reverse("admin:new_enterprises_inclusion_export") + query)
    assert started.status_code == 302
    return client.get(started["Location"] + "download/")


def test_the_admin_export_keeps_formulae_inert_as_typed(client, admin_user):
    make_inclusion("楚雄市", department="=1+1")
    client.force_login(admin_user)
    response = admin_export(client)
    assert response["Content-Type"].startswith(XLSX_CONTENT_TYPE)
    sheet = load_workbook(io.BytesIO(response.content)).active
    department = [cell.value for cell in sheet[1]].index("负责部门")
    assert inert_text(sheet[2][department]) == "=1+1"


def test_the_admin_export_is_named_after_the_list_in_chinese(client, admin_user):
    client.force_login(admin_user)
    response = admin_export(client)
    assert quote(f"{Inclusion._meta.verbose_name_plural}-") in response["Content-Disposition"]


def test_the_admin_export_reads_as_the_pages_do(client, admin_user):
    inclusion = make_inclusion("楚雄市", is_demonstration=True)
    client.force_login(admin_user)
    sheet = load_workbook(io.BytesIO(admin_export(client).content)).active
    row = dict(zip([cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]], strict=True))
    assert (row["编号"], row["企业"], row["纳入单位"], row["示范点"], row["层级"]) == (
        str(inclusion.pk),
        inclusion.enterprise.name,
        "楚雄市",
        "是",
        inclusion.get_level_display(),
    )


def test_the_admin_export_writes_the_list_as_filtered(client, admin_user):
    kept = make_inclusion("楚雄市", is_demonstration=True)
    make_inclusion("禄丰市", is_demonstration=False)
    client.force_login(admin_user)
    sheet = load_workbook(io.BytesIO(admin_export(client, "?is_demonstration__exact=1").content)).active
    assert [str(row[0].value) for row in sheet.iter_rows(min_row=2)] == [str(kept.pk)]


def test_the_admin_export_is_not_a_link(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:new_enterprises_inclusion_export")).status_code == 405


def test_the_admin_list_offers_export_as_a_button(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:new_enterprises_inclusion_changelist")).content.decode()
    form = page[page.index('class="export-form"') - 200 : page.index('class="export-form"')]
    assert 'method="post"' in form and reverse("admin:new_enterprises_inclusion_export") in form


def test_the_information_sheet_pdf_carries_the_enterprises_fields(client, county_user):
    enterprise = make_enterprise("楚雄市", name="信息表测试有限公司", liaison_name="罗春梅", postcode="675000")
    client.force_login(county_user)
    response = client.get(reverse("new_enterprises:enterprise_sheet", args=[enterprise.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("新注册企业信息表", "信息表测试有限公司", enterprise.credit_code, "罗春梅", "675000"):
        assert expected in text


def test_another_countys_information_sheet_is_404(client, county_user):
    enterprise = make_enterprise("禄丰市")
    client.force_login(county_user)
    assert client.get(reverse("new_enterprises:enterprise_sheet", args=[enterprise.pk])).status_code == 404
