"""A corpus of malformed and hostile upload files, .xlsx, .xls and .csv: each is something a spreadsheet import must
refuse with a Chinese message, writing nothing. The .xlsx and .csv files are generated here; the .xls ones are
made by altering a few bytes of the files LibreOffice wrote once (``tests/spreadsheet_files.py``).

``corpus()`` returns ``[(name, bytes)]``. The files carry plausible headers, so that a refusal comes from the
file's defect and not merely from missing columns, except where the defect is in the values (dates as text),
which each import's own row checks refuse.
"""

import io
import zipfile

from openpyxl import Workbook

from tests.spreadsheet_files import xls_bytes

HEADERS = ["企业名称", "统一社会信用代码", "姓名", "日期"]
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def workbook_bytes(rows=(("甲公司", "91532301MA6N000001", "张三", "2024-01-01"),), build=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    if build:
        build(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_parts(replace=None, drop=(), add=None, base=None):
    """Return a copy of a valid workbook with some parts replaced, dropped or added."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(base or workbook_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name in drop:
                continue
            target.writestr(name, replace.get(name, source.read(name)))
        for name, data in add.items():
            target.writestr(name, data)
    return buffer.getvalue()


def sheet_xml(body, prolog=""):
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {MAIN}><sheetData>{body}</sheetData></worksheet>'


def header_row():
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>' for i, name in enumerate(HEADERS))
    return f'<row r="1">{cells}</row>'


def _formula(sheet):
    sheet["B2"] = '=HYPERLINK("http://example.invalid","点此")'


def _error(sheet):
    sheet["B2"] = "#N/A"
    sheet["B2"].data_type = "e"


def xls_with_error_cell():
    """mixed.xls with its NUMBER record at G4 turned into a BOOLERR record holding #N/A (an error constant, which
    LibreOffice never writes by itself); the six bytes left over become a record xlrd skips (0xEF, unused in a worksheet)."""
    data = bytearray(xls_bytes("mixed"))
    number = b"\x03\x02\x0e\x00\x03\x00\x06\x00"  # NUMBER, 14 bytes, row 3, column 6 (from 0)
    at = data.index(number)
    body = bytes(data[at + 4 : at + 10])  # row, column, format
    data[at : at + 18] = b"\x05\x02\x08\x00" + body + b"\x2a\x01" + b"\xef\x00\x02\x00\x00\x00"
    return bytes(data)


def xls_encrypted():
    """coordinators.xls with its WRITEACCESS record renamed FILEPASS, which is how a password-protected .xls
    announces its encryption."""
    data = xls_bytes("coordinators")
    return data.replace(b"\x5c\x00\x70\x00", b"\x2f\x00\x70\x00", 1)


def csv_rows(*lines, encoding="utf-8"):
    return "\r\n".join(lines).encode(encoding)


def corpus():
    sheet = "xl/worksheets/sheet1.xml"
    valid = workbook_bytes()
    external = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    )
    entity_row = '<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>'
    laugh_row = '<row r="2"><c r="A2" t="inlineStr"><is><t>&d;</t></is></c></row>'
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    compound = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xff" * 1024
    return [
        ("empty file", b""),
        ("truncated zip", valid[: len(valid) // 2]),
        ("bad XML", with_parts({sheet: sheet_xml(header_row() + '<row r="2"><c r="A2"')})),
        ("DOCTYPE with an external entity", with_parts({sheet: sheet_xml(header_row() + entity_row, external)})),
        ("entity expansion", with_parts({sheet: sheet_xml(header_row() + laugh_row, laughs)})),
        (
            "DOCTYPE in the shared strings",
            with_parts(add={"xl/sharedStrings.xml": f"{external}<sst {MAIN}><si><t>&x;</t></si></sst>"}),
        ),
        ("missing workbook part", with_parts(drop={"xl/workbook.xml"})),
        ("missing sheet part", with_parts(drop={sheet})),
        ("missing relationships", with_parts(drop={"xl/_rels/workbook.xml.rels"})),
        (
            "a sheet of 1,048,576 rows",
            with_parts({sheet: sheet_xml(header_row() + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>')}),
        ),
        (
            "16,384 columns",
            with_parts({sheet: sheet_xml(header_row() + '<row r="2"><c r="XFD2"><v>1</v></c></row>')}),
        ),
        (
            "huge shared strings",
            with_parts(
                {sheet: sheet_xml(header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')},
                add={"xl/sharedStrings.xml": f"<sst {MAIN}><si><t>{'甲' * 100_000}</t></si></sst>"},
            ),
        ),
        (
            "images only",
            with_parts({sheet: sheet_xml("")}, add={"xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"0" * 64}),
        ),
        ("password-protected (an encrypted compound file)", compound),
        ("a compound file that is no .xls", compound),
        (".xls truncated", xls_bytes("coordinators")[:3000]),
        (".xls with a formula", xls_bytes("formula")),
        (".xls with an error cell", xls_with_error_cell()),
        (".xls password-protected", xls_encrypted()),
        (
            ".csv with a formula",
            csv_rows("企业名称,统一社会信用代码", '甲公司,"=HYPERLINK(""http://example.invalid"",""点此"")"'),
        ),
        (".csv with a DDE payload", csv_rows("企业名称,统一社会信用代码", "甲公司,-2+3+cmd|' /C calc'!A0")),
        (
            ".csv with a GBK formula",
            csv_rows("企业名称,统一社会信用代码", "甲公司,@SUM(1+1)*cmd|' /C calc'!A0", encoding="gbk"),
        ),
        (".csv with an unclosed quote", csv_rows("企业名称,统一社会信用代码", '"甲公司,91532301MA6N0000A8')),
        (".csv of 100,001 rows", csv_rows("企业名称,统一社会信用代码", *["甲公司,1"] * 100_001)),
        (".csv of 300 columns", csv_rows("企业名称,统一社会信用代码" + ",x" * 298, "甲公司,1" + ",1" * 298)),
        (".csv with a 40,000-character cell", csv_rows("企业名称,统一社会信用代码", "甲公司," + "1" * 40_000)),
        (".csv with a 200,000-character cell", csv_rows("企业名称,统一社会信用代码", '甲公司,"' + "1" * 200_000 + '"')),
        ("binary data as .csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        ("a web page saved as .xls", "<html><body><table><tr><td>企业名称</td></tr></table></body></html>".encode()),
        (".ods renamed", ods.getvalue()),
        ("formulas", workbook_bytes(build=_formula)),
        ("error cells", workbook_bytes(build=_error)),
        ("dates as text", workbook_bytes(rows=[("甲公司", "不是代码", "张三", "二〇二四年一月一日")])),
        (".csv with a NUL past the first 64 KB", nul_late_csv()),
        (".csv with a repeated header", repeated_header_csv()),
        ("headers only", workbook_bytes(rows=())),
        (".csv of headers only", csv_rows(",".join(HEADERS))),
    ]


def nul_late_csv():
    """A CSV whose first 64 KB (the sample that tells its encoding) are clean text, with a NUL further on."""
    good = ["甲公司,91532301MA6N000001,张三,2024-01-01"] * 2000
    return csv_rows(",".join(HEADERS), *good, "乙公\x00司,91532301MA6N000001,李四,2024-01-01")


def repeated_header_csv():
    """Every header twice, the second spelt with a blank as county sheets often are: whichever
    of them an import reads, it cannot know which column is meant."""
    twice = HEADERS + [f"{name[:1]} {name[1:]}" for name in HEADERS]
    return csv_rows(",".join(twice), ",".join(["甲公司", "91532301MA6N000001", "张三", "2024-01-01"] * 2))
