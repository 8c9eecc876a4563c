"""The kernel's workbook reader refuses every file of the hostile corpus with a Chinese message, and parses
workbook XML with defusedxml (its own fast reader and openpyxl alike)."""

import io
import re

import pytest

from chuxiong_labor.lib.spreadsheets import SpreadsheetError, match_columns, read_sheet
from tests.hostile_files import HEADERS, corpus, with_parts

CHINESE = re.compile(r"[\u4e00-\u9fff]")
REFUSED_BY_THE_READER = [(name, data) for name, data in corpus() if name != "dates as text"]


@pytest.mark.parametrize("name,data", REFUSED_BY_THE_READER, ids=[name for name, _ in REFUSED_BY_THE_READER])
def test_the_reader_refuses_a_hostile_file_with_a_chinese_message(name, data):
    with pytest.raises(SpreadsheetError) as refused:
        headers, _rows = read_sheet(io.BytesIO(data))
        match_columns(headers, {header: [header] for header in HEADERS})  # a repeated header is refused here
    assert CHINESE.search(str(refused.value))


def test_openpyxl_parses_workbook_xml_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_a_doctype_is_refused_as_such_and_not_as_a_damaged_file():
    data = with_parts(
        {"xl/worksheets/sheet1.xml": '<!DOCTYPE worksheet [<!ENTITY x "y">]><worksheet/>'},
    )
    with pytest.raises(SpreadsheetError, match="DOCTYPE"):
        read_sheet(io.BytesIO(data))


def test_a_formula_is_refused_naming_its_cell():
    from tests.hostile_files import workbook_bytes

    def build(sheet):
        sheet["C2"] = "=1+1"

    with pytest.raises(SpreadsheetError, match="第2行C列是公式"):
        read_sheet(io.BytesIO(workbook_bytes(build=build)))


def test_a_formatted_empty_cell_far_away_widens_nothing():
    from tests.hostile_files import header_row, sheet_xml

    data = with_parts(
        {
            "xl/worksheets/sheet1.xml": sheet_xml(
                header_row()
                + '<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c></row>'
                + '<row r="900000"><c r="XFD900000" s="0"/></row>'
            )
        }
    )
    headers, rows = read_sheet(io.BytesIO(data))
    assert (len(headers), rows) == (4, [(2, ["甲", None, None, None])])
