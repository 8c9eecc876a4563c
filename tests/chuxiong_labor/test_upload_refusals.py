"""What the kernel reader refuses for every import (a NUL anywhere in a CSV, a header read twice, a file of
headers only), and the preview's problem list shared by every import: 200 on the page, every one as Excel, the
download its previewer's alone."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuxiong_labor.lib.spreadsheets import (
    SHOWN_PROBLEMS,
    ProblemList,
    SpreadsheetError,
    match_columns,
    problems_workbook,
    read_sheet,
)
from tests.factories import make_credit_code
from tests.hostile_files import csv_rows, nul_late_csv, workbook_bytes
from tests.new_enterprises.factories import roster_row, roster_upload

pytestmark = pytest.mark.django_db

HEADER = "企业名称,统一社会信用代码"


def test_a_nul_past_the_first_64_kb_of_a_csv_is_refused_naming_its_row():
    with pytest.raises(SpreadsheetError, match="第2002行含有空字符"):
        read_sheet(io.BytesIO(nul_late_csv()))


def test_a_nul_in_a_large_csv_read_as_iterated_is_refused_naming_its_row():
    headers, rows = read_sheet(io.BytesIO(nul_late_csv()), large_csv=10**9)
    with pytest.raises(SpreadsheetError, match="第2002行含有空字符"):
        list(rows)


def test_a_nul_in_the_first_row_of_a_csv_is_refused_naming_its_row():
    with pytest.raises(SpreadsheetError, match="第2行含有空字符"):
        read_sheet(io.BytesIO(csv_rows(HEADER, "甲\x00公司,1")))


def test_a_file_of_many_nuls_is_refused_as_not_text():
    with pytest.raises(SpreadsheetError, match="不是 UTF-8 或 GBK 编码的 CSV"):
        read_sheet(io.BytesIO("企业名称".encode("utf-16-le") * 20))


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        # A PDF whose first line has a comma and whose body holds a NUL: the CSV guess would name a row.
        (b"%PDF-1.7,\n1 0 obj\n\x00stream", "PDF 文档"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG 图片"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG 图片"),
        (b"\x1f\x8b\x08\x00,\x00", "gzip 压缩包"),
    ],
)
def test_a_file_of_another_kind_is_refused_naming_the_kind_it_is(content, kind):
    with pytest.raises(SpreadsheetError, match=f"该文件是{kind}，不是 Excel 文件") as refused:
        read_sheet(io.BytesIO(content))
    assert "空字符" not in str(refused.value)


def test_a_csv_whose_first_cell_merely_starts_like_a_signature_is_read():
    headers, rows = read_sheet(io.BytesIO("GIF 图片库,统一社会信用代码\n甲公司,1\n".encode()))
    assert headers == ["GIF 图片库", "统一社会信用代码"] and rows == [(2, ["甲公司", "1"])]


def test_a_header_read_twice_is_refused_naming_it_and_its_columns():
    with pytest.raises(SpreadsheetError, match=r"表头“企业 名称”出现了2次（A列和C列）"):
        match_columns(["企业 名称", "统一社会信用代码", "企业名称"], {"name": ["企业名称"]})


def test_a_repeated_header_no_field_reads_is_left_alone():
    mapping, _missing = match_columns(["企业名称", "备注", "备注"], {"name": ["企业名称"]})
    assert mapping == {"name": 0}


@pytest.mark.parametrize(
    "content",
    [workbook_bytes(rows=()), csv_rows(HEADER), csv_rows(HEADER, "", ",")],
    ids=["xlsx", "csv", "csv with blank rows"],
)
def test_a_file_of_headers_only_is_refused(content):
    with pytest.raises(SpreadsheetError, match="文件只有表头，没有数据行"):
        read_sheet(io.BytesIO(content))


def test_a_large_csv_of_headers_only_is_refused_before_its_rows_are_read():
    with pytest.raises(SpreadsheetError, match="文件只有表头，没有数据行"):
        read_sheet(io.BytesIO(csv_rows(HEADER, *[""] * 20)), large_csv=10**9)


def test_a_problem_list_keeps_200_and_gives_back_every_one_in_order():
    problems = ProblemList((row, "栏目", f"问题{row}") for row in range(2, 1002))
    assert (len(problems), len(problems.shown), problems.shown[-1].row) == (1000, SHOWN_PROBLEMS, 201)
    assert [problem.row for problem in problems] == list(range(2, 1002))


def test_the_problems_workbook_lists_every_problem_inert():
    content = problems_workbook(ProblemList([(2, "企业名称", "=HYPERLINK(1)"), (3, "", "空")]))
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    assert rows == [("行号", "栏目", "问题"), (2, "企业名称", "=HYPERLINK(1)"), (3, None, "空")]


def bad_roster_preview(client, rows=250):
    """A roster preview of ``rows`` rows without a name: one problem each."""
    file = roster_upload([roster_row(make_credit_code(), name="") for _ in range(rows)])
    return client.post(reverse("new_enterprises:roster_import"), {"file": file})


def download_url(response):
    return re.search(r'href="([^"]*imports/problems/[^"]*)"', response.content.decode()).group(1).replace("&amp;", "&")


def test_a_preview_lists_200_problems_and_says_how_many_there_are(client, county_user):
    client.force_login(county_user)
    page = bad_roster_preview(client).content.decode()
    assert "文件中共有 250 处问题" in page and "下面列出前 200 处" in page
    assert page.count("<td>第") == SHOWN_PROBLEMS


def test_every_problem_downloads_as_an_xlsx_read_back_with_openpyxl(client, county_user):
    client.force_login(county_user)
    response = client.get(download_url(bad_roster_preview(client)))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(rows) == 251 and rows[0] == ("行号", "栏目", "问题")
    assert [row[0] for row in rows[1:]] == list(range(2, 252)) and "企业名称" in rows[1][2]


def test_the_download_can_be_repeated_and_changes_nothing(client, county_user):
    client.force_login(county_user)
    url = download_url(bad_roster_preview(client))
    assert client.get(url).content[:2] == client.get(url).content[:2] == b"PK"


def test_another_users_problem_list_is_refused(client, county_user, other_county_user):
    client.force_login(county_user)
    url = download_url(bad_roster_preview(client))
    client.force_login(other_county_user)
    response = client.get(url, follow=True)
    assert "不是您上传的" in response.content.decode() and b"PK" not in response.content[:2]


def test_a_download_without_a_token_is_refused_in_chinese(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("import_problems"), follow=True)
    assert "导入凭据无效" in response.content.decode()


def test_the_nul_late_csv_is_refused_at_the_roster_preview_with_its_reason(client, county_user):
    client.force_login(county_user)
    upload = SimpleUploadedFile("名册.csv", nul_late_csv())
    page = client.post(reverse("new_enterprises:roster_import"), {"file": upload}).content.decode()
    assert "第2002行含有空字符" in page and 'name="token"' not in page
