"""The shared spreadsheet reader's fast path agrees with openpyxl, and refuses a zip entry that lies about its size."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from chuxiong_labor.lib.spreadsheets import SpreadsheetError, _fast_rows, read_sheet


def mixed_workbook():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "2022年第一季度新注册企业"
    sheet.append([])
    sheet.append(["企业名称", "注册时间", "人数", "比例", "是否", "成立时刻"])
    sheet.append(["甲公司", datetime.date(2022, 3, 5), 12, 0.25, True, datetime.datetime(2022, 3, 5, 9, 30)])
    sheet["A5"] = "乙公司"
    sheet["F5"] = "=1+1"  # a text cell that only looks like a formula
    sheet["F5"].data_type = "s"
    sheet["A7"] = "丙公司"
    sheet["C7"] = 13800000000
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    return output


def test_the_fast_reader_returns_what_openpyxl_returns():
    data = mixed_workbook()
    expected = [
        list(row) for row in load_workbook(data, read_only=True, data_only=True).active.iter_rows(values_only=True)
    ]
    data.seek(0)
    assert _fast_rows(data) == expected


def test_read_sheet_finds_the_header_row_below_a_title_and_numbers_rows_as_excel_does():
    headers, rows = read_sheet(mixed_workbook(), expected=["企业名称", "注册时间"])
    assert headers[:2] == ["企业名称", "注册时间"]
    assert [number for number, _ in rows] == [4, 5, 7]
    assert rows[0][1][1] == datetime.datetime(2022, 3, 5)


def test_a_sheet_entry_inflating_past_the_limit_is_refused(monkeypatch):
    from chuxiong_labor.lib import spreadsheets

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            archive.writestr(name, mixed_workbook_part(name))
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * 300_000 + b"</worksheet>")
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 100_000)
    monkeypatch.setattr(spreadsheets, "MAX_RATIO", 10_000)
    with pytest.raises(SpreadsheetError, match="压缩炸弹"):
        read_sheet(buffer)


def mixed_workbook_part(name):
    with zipfile.ZipFile(mixed_workbook()) as archive:
        return archive.read(name)


def test_shared_strings_as_excel_writes_them_are_read():
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {main} {rel}><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="worksheet"/></Relationships>',
        )
        archive.writestr(
            "xl/sharedStrings.xml",
            f"<sst {main}><si><t>企业名称</t></si><si><r><t>楚雄</t></r><r><t>公司</t></r></si></sst>",
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet {main}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            f'<row r="2"><c r="B2" t="s"><v>1</v></c></row></sheetData></worksheet>',
        )
    assert _fast_rows(buffer) == [["企业名称", None], [None, "楚雄公司"]]


def test_building_a_large_workbook_pauses_the_collector_and_restores_it_even_after_an_error():
    import gc

    from chuxiong_labor.lib.spreadsheets import collector_paused

    inside = []
    with pytest.raises(RuntimeError), collector_paused():
        inside.append(gc.isenabled())
        raise RuntimeError
    assert (inside, gc.isenabled()) == ([False], True)
