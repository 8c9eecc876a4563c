"""A streamed sheet (``streamed_sheet``) writes its merged ranges one at a time (issue 21: openpyxl's own writer
built the ×100 信息库's 140,000 ranges as one tree), and the file is the one openpyxl writes."""

import io
import zipfile

from openpyxl import Workbook, load_workbook

from chuxiong_labor.lib.spreadsheets import merge, streamed_sheet


def sheet_xml(streamed):
    workbook = Workbook(write_only=True)
    sheet = streamed_sheet(workbook, "信息库") if streamed else workbook.create_sheet("信息库")
    for row in range(1, 8):
        sheet.append([row, None, "企业"])
    merge(sheet, start_row=1, start_column=1, end_row=1, end_column=3)
    merge(sheet, start_row=2, start_column=1, end_row=4, end_column=1)
    merge(sheet, start_row=5, start_column=2, end_row=7, end_column=3)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_a_streamed_sheet_writes_the_same_xml_as_openpyxl():
    def xml(content):
        return zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")

    assert xml(sheet_xml(streamed=True)) == xml(sheet_xml(streamed=False))


def test_a_streamed_sheets_merged_ranges_read_back():
    sheet = load_workbook(io.BytesIO(sheet_xml(streamed=True)))["信息库"]
    assert sorted(str(merged) for merged in sheet.merged_cells.ranges) == ["A1:C1", "A2:A4", "B5:C7"]


def test_a_streamed_sheet_without_merges_writes_no_merge_element():
    workbook = Workbook(write_only=True)
    streamed_sheet(workbook, "表").append([1])
    output = io.BytesIO()
    workbook.save(output)
    assert b"mergeCells" not in zipfile.ZipFile(output).read("xl/worksheets/sheet1.xml")
