"""Reading and writing Excel workbooks safely, shared by every import and export of the portal.

Every import reads .xlsx, .xls (Excel 97–2003, what many government systems still export) and .csv files through
``read_sheet``, which tells them apart by their first bytes (a held upload has no name) and yields the same rows
from each: numbers without a fraction as integers and dates as ``datetime`` from either workbook, text from a CSV
(UTF-8 with or without BOM, UTF-16 with BOM, or GB18030/GBK as Chinese Excel writes it; comma- or
tab-separated), which every import parses as it parses text typed in a workbook. .xls files are parsed by xlrd
(first sheet only, ragged rows) after a scan of the sheet's BIFF records for formulas, which xlrd does not report;
a CSV cell that Excel would run as a formula (starting with =, @, or + or - followed by more than a number) is
refused. Every format passes the same size limit and the same row, column, cell-length and formula checks.

Uploads are checked before they are parsed: size and, for an .xlsx, that it is a zip with a workbook and its
unpacked size and compression ratio (a zip bomb is refused without being inflated). defusedxml vets every XML part the reader opens and refuses a DOCTYPE (where
entities would be declared); only then is the part parsed, by the C parser, which cannot meet a declaration after
the root element has begun and refuses an undeclared entity (openpyxl, the fallback reader, parses with
defusedxml throughout once it is installed). The reader refuses
what an import cannot take at face value, with the cell named: formulas (their cached result may be stale or
missing), error values, text longer than Excel's own 32,767-character limit, and data beyond ``MAX_ROWS`` rows
or ``MAX_COLUMNS`` columns. Headers are matched tolerantly, since the sheets counties keep vary in spacing,
punctuation and full- or half-width forms. Every cell written to a workbook goes through ``write_cell``: text
a spreadsheet would run as a formula is stored as text with Excel's quote-prefix style, shown as typed and
never run (``InertXLSX`` does the same for the admin's django-import-export downloads, the only format offered).
"""

import codecs
import contextlib
import csv
import gc
import io
import itertools
import json
import re
import struct
import unicodedata
import zipfile
import zlib
from typing import NamedTuple
from xml.etree.ElementTree import XMLPullParser, fromstring

import xlrd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django import forms
from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from import_export import widgets
from import_export.formats.base_formats import XLSX
from import_export.resources import ModelResource
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.xml.functions import Element

from .errors import one_sentence

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 2000
MAX_ROWS = 100_000
MAX_COLUMNS = 256
MAX_CELL_CHARS = 32_767
COMPOUND_FILE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files that are told from their first bytes and are never a table, whatever their name says (before the CSV
# reader's guess from control characters, which would take a stray NUL in one for a damaged CSV).
OTHER_FILE_MAGIC = (
    (b"%PDF", "PDF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
    (b"\x7fELF", "程序文件"),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(Exception):
    """A file that cannot be imported; the message says, in Chinese, what to fix."""


class SpreadsheetFileField(forms.FileField):
    """The file field of every import: it offers .xlsx, .xls and .csv, which ``read_sheet`` reads alike."""

    def __init__(self, *, label="Excel 或 CSV 文件（.xlsx、.xls、.csv）", **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPTED_FORMATS}))
        kwargs.setdefault(
            "error_messages",
            {
                "required": "请选择要导入的文件（Excel 的 .xlsx、.xls 或 CSV 文件）。",
                "empty": "上传的文件是空的，请选择填好数据的 Excel（.xlsx、.xls）或 CSV 文件。",
            },
        )
        super().__init__(label=label, **kwargs)


ACCEPTED_FORMATS = ".xlsx,.xls,.csv"
UNREADABLE_XLSX = "无法读取该 Excel 文件，文件可能已损坏。请在 Excel 或 WPS 中重新保存后上传。"
UNREADABLE_XLS = "无法读取该 .xls 文件，文件可能已损坏。请在 Excel 或 WPS 中重新保存后上传。"
ENCRYPTED = "该文件设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码后重新保存并上传。"


def check_upload(uploaded, *, max_bytes=None):
    """Refuse an upload that is too large, empty, or (for an .xlsx) a damaged zip or a zip bomb, and return its
    format: ``"xlsx"``, ``"xls"`` or ``"csv"``, told from its first bytes (a held upload has no file name).
    Leaves the file at position 0."""
    max_bytes = max_bytes or settings.PORTAL_MAX_UPLOAD_BYTES
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, 2)
        size = uploaded.tell()
    uploaded.seek(0)
    if size == 0:
        raise SpreadsheetError("上传的文件是空的，请选择填好数据的 Excel（.xlsx、.xls）或 CSV 文件。")
    if size > max_bytes:
        raise SpreadsheetError(
            f"文件大小为 {size / 1024 / 1024:.1f} MB，超过了 {max_bytes / 1024 / 1024:.0f} MB 的上限。请拆分后分批导入。"
        )
    head = uploaded.read(8)
    uploaded.seek(0)
    if head == COMPOUND_FILE_MAGIC:
        return "xls"  # an .xls, or an encrypted .xlsx (which is a compound file too): the reader tells them apart
    if head[:4] != b"PK\x03\x04":
        kind = next((name for magic, name in OTHER_FILE_MAGIC if head.startswith(magic)), None)
        if kind:
            raise SpreadsheetError(
                f"该文件是{kind}，不是 Excel 文件（.xlsx、.xls），也不是 UTF-8 或 GBK 编码的 CSV 文本。"
                "请上传填好数据的 Excel 表格（或在 Excel、WPS 中另存为 .xlsx 后上传）。"
            )
        return "csv"
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            unpacked = sum(entry.file_size for entry in entries)
            packed = sum(entry.compress_size for entry in entries) or 1
    except zipfile.BadZipFile:
        raise SpreadsheetError("该文件已损坏或不是有效的 .xlsx 文件，请重新保存后上传。") from None
    finally:
        uploaded.seek(0)
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(
            "该文件不是 Excel 工作簿（可能是 WPS 或 LibreOffice 的其他格式）。请另存为 .xlsx、.xls 或 .csv 后重新上传。"
        )
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise SpreadsheetError("该文件解压后体积异常（可能是压缩炸弹），已拒绝导入。请上传正常保存的 Excel 文件。")
    return "xlsx"


def read_sheet(uploaded, *, header_row=None, expected=None, large_csv=None):
    """Return ``(headers, rows)`` of the first worksheet of a checked upload (.xlsx, .xls or .csv).

    ``rows`` are ``(row number, [cell values])``, blank rows skipped. When ``expected`` (a list of header names)
    is given and ``header_row`` is not, the header row is the first of the first ten rows that holds most of them.
    ``large_csv`` (bytes) lets a CSV file be that large and have any number of rows: its ``rows`` are then read
    as they are iterated, a row at a time (workbooks keep the portal's limits).
    """
    kind = check_upload(uploaded, max_bytes=large_csv if large_csv and _looks_like_text(uploaded) else None)
    if kind == "csv" and large_csv:
        return _lazy_csv(uploaded, header_row, expected)
    all_rows = {"xlsx": _read_all_rows, "xls": _read_xls_rows, "csv": _read_csv_rows}[kind](uploaded)
    if not any(any(cell not in (None, "") for cell in row) for row in all_rows):
        raise SpreadsheetError("工作表中没有数据。请确认数据填在第一个工作表中。")
    if header_row is None:
        header_row = _find_header_row(all_rows, expected or [])
    headers = ["" if cell is None else str(cell) for cell in all_rows[header_row]]
    rows = [
        (number, row)
        for number, row in enumerate(all_rows[header_row + 1 :], start=header_row + 2)
        if any(cell not in (None, "") for cell in row)
    ]
    if not rows:
        raise SpreadsheetError(HEADERS_ONLY)
    return headers, rows


HEADERS_ONLY = "文件只有表头，没有数据行。请在表头下面逐行填写数据后重新上传。"


def _looks_like_text(uploaded):
    """Return whether an upload is neither a zip (.xlsx) nor a compound file (.xls), from its first bytes."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    return head[:4] != b"PK\x03\x04" and head != COMPOUND_FILE_MAGIC


def _lazy_csv(uploaded, header_row, expected):
    """``read_sheet`` of a large CSV: the first ten rows are read to find the header row, the rest as iterated."""
    stream = _csv_rows(uploaded, max_rows=None)
    first = []
    for number, values in stream:
        first.append(values)
        if number == 10:
            break
    if not any(first):
        raise SpreadsheetError("工作表中没有数据。请确认数据填在第一个文件中。")
    if header_row is None:
        header_row = _find_header_row(first, expected or [])
    headers = list(first[header_row])
    opening = [(number, values) for number, values in enumerate(first[header_row + 1 :], start=header_row + 2)]
    opening = [(number, values) for number, values in opening if values]
    if not opening:  # read on to the first data row: a file of headers only is refused before any row is checked
        opening = [next(((number, values) for number, values in stream if values), None)]
        if opening[0] is None:
            raise SpreadsheetError(HEADERS_ONLY)

    def rows():
        yield from opening
        for number, values in stream:
            if values:
                yield number, values

    return headers, rows()


def _read_all_rows(uploaded):
    """Return every row of the first worksheet from row 1, as lists of cell values (dates as ``datetime``).

    The sheet's XML is streamed directly, several times faster than openpyxl's read-only mode on large rosters;
    a workbook laid out in a way the fast path does not know is read with openpyxl instead.
    """
    try:
        return _fast_rows(uploaded)
    except SpreadsheetError:
        raise
    except DefusedXmlException:
        raise SpreadsheetError(XML_REFUSED) from None
    except Exception:  # noqa: BLE001, S110  any surprise in the fast path: fall back to openpyxl
        uploaded.seek(0)
    try:
        workbook = load_workbook(uploaded, read_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise SpreadsheetError(UNREADABLE_XLSX) from None
    try:
        rows = []
        cells = workbook.worksheets[0].iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1)
        for number, row in enumerate(cells, start=1):
            values = []
            for column, cell in enumerate(row, start=1):
                value = getattr(cell, "value", None)
                kind = getattr(cell, "data_type", "n")
                values.append(_checked(value, number, column, formula=kind == "f", error=kind == "e"))
            rows.append(values)
        return _squared(rows)
    except SpreadsheetError:
        raise
    except Exception:
        raise SpreadsheetError(UNREADABLE_XLSX) from None
    finally:
        workbook.close()


XML_REFUSED = (
    "该文件中含有 Excel 不会写入的 XML 声明（DOCTYPE 或实体定义），已拒绝导入。请在 Excel 中“另存为 .xlsx”后重新上传。"
)


def _checked(value, row, column, *, formula=False, error=False, max_rows=MAX_ROWS):
    """Return a cell's value, or refuse the file when an import cannot take the cell at face value."""
    if not formula and (value is None or value == ""):
        return value
    where = f"第{row}行{_column_name(column)}列"
    if formula:
        raise SpreadsheetError(
            f"{where}是公式。导入只接受数值和文字：请在 Excel 中复制后“选择性粘贴—数值”，保存后重新上传。"
        )
    if error:
        raise SpreadsheetError(f"{where}是错误值“{value}”，请改正该单元格后重新上传。")
    if max_rows is not None and row > max_rows:
        raise SpreadsheetError(f"工作表超过 {max_rows} 行（{where}仍有数据），请拆分后分批导入。")
    if column > MAX_COLUMNS:
        raise SpreadsheetError(f"工作表超过 {MAX_COLUMNS} 列（{where}仍有数据），请删除多余的列后重新上传。")
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise SpreadsheetError(f"{where}的文字超过 {MAX_CELL_CHARS} 个字符，超出 Excel 的上限，请改正后重新上传。")
    if isinstance(value, str) and "\x00" in value:
        raise SpreadsheetError(f"{where}含有空字符（NUL），文件可能已损坏。{NUL_ADVICE}")
    return value


NUL_ADVICE = "请在 Excel 或 WPS 中打开，另存为 .xlsx 或“CSV UTF-8”后重新上传。"


def _column_name(column):
    """Return a column's letters as Excel names it, or its number past the last column Excel has."""
    return get_column_letter(column) if column <= 16384 else f"第{column}"


def _squared(rows):
    """Drop trailing empty rows and pad every row to the same width (the last column holding a value)."""
    rows = [list(row) for row in rows]
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    return [row + [None] * (width - len(row)) for row in rows]


def _read_xls_rows(uploaded):
    """Return every row of the first worksheet of an .xls (Excel 97–2003) file, as ``_read_all_rows`` does.

    xlrd parses the file, only the first sheet, with ragged rows (a cell far to the right widens no other row).
    It does not say which cells hold formulas, so the sheet's records are scanned for FORMULA records first.
    Numbers without a fraction come back as integers and dates as ``datetime``, as from an .xlsx.
    """
    data = uploaded.read()
    uploaded.seek(0)
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise SpreadsheetError(ENCRYPTED)  # an encrypted .xlsx is a compound file holding this stream
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True, logfile=io.StringIO())
    except xlrd.XLRDError as error:
        raise SpreadsheetError(ENCRYPTED if "encrypted" in str(error) else UNREADABLE_XLS) from None
    except Exception:  # xlrd raises many kinds of errors on a damaged file
        raise SpreadsheetError(UNREADABLE_XLS) from None
    try:
        if book.mem is None:  # Excel 4 workbooks, read whole by xlrd: their formulas cannot be told apart
            raise SpreadsheetError(
                "该文件是 Excel 95 以前的旧格式，无法读取。请在 Excel 或 WPS 中另存为 .xlsx 后重新上传。"
            )
        sheet = book.sheet_by_index(0)
        formula = _first_xls_formula(book.mem, book._sh_abs_posn[0])
        if formula:
            _checked(None, *formula, formula=True)
        epoch = CALENDAR_MAC_1904 if book.datemode else CALENDAR_WINDOWS_1900
        rows = []
        for index in range(min(sheet.nrows, MAX_ROWS + 1)):
            values = []
            for column, (kind, value) in enumerate(
                zip(sheet.row_types(index), sheet.row_values(index), strict=True), start=1
            ):
                error = kind == xlrd.XL_CELL_ERROR
                if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or value == "":
                    value = None
                elif kind == xlrd.XL_CELL_NUMBER and float(value).is_integer():
                    value = int(value)
                elif kind == xlrd.XL_CELL_DATE:
                    value = from_excel(value, epoch)
                elif kind == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif error:
                    value = xlrd.error_text_from_code.get(value, "#错误")
                values.append(_checked(value, index + 1, column, error=error))
            rows.append(values)
        return _squared(rows)
    except SpreadsheetError:
        raise
    except Exception:
        raise SpreadsheetError(UNREADABLE_XLS) from None
    finally:
        book.release_resources()


_BIFF_BOF = {0x0009, 0x0209, 0x0409, 0x0809}
_BIFF_EOF = 0x000A
_BIFF_FORMULA = {0x0006, 0x0206, 0x0406}


def _first_xls_formula(stream, position):
    """Return ``(row, column)`` (from 1) of the first formula cell of the worksheet whose BOF record is at
    ``position`` in the workbook stream, or ``None``. Embedded substreams (charts) are skipped over."""
    depth, found = 0, None
    while position + 4 <= len(stream):
        code, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        if code in _BIFF_BOF:
            depth += 1
        elif code == _BIFF_EOF:
            depth -= 1
            if depth <= 0:
                break
        elif code in _BIFF_FORMULA and depth == 1 and length >= 4 and not _boolean_constant(stream, body, length):
            row, column = struct.unpack_from("<HH", stream, body)
            found = min(found or (row + 1, column + 1), (row + 1, column + 1))
        position = body + length
    return found


def _boolean_constant(stream, body, length):
    """Return whether a BIFF5/8 FORMULA record holds only TRUE or FALSE (one tBool token): LibreOffice writes
    every boolean cell of an .xls so, and xlrd reads it as the boolean it is."""
    return length == 24 and struct.unpack_from("<H", stream, body + 20)[0] == 2 and stream[body + 22] == 0x1D


def _read_csv_rows(uploaded):
    """Return every row of a CSV file as ``_read_all_rows`` does (text cells; see ``_csv_rows``)."""
    return _squared([[value or None for value in row] for _number, row in _csv_rows(uploaded, max_rows=MAX_ROWS)])


CSV_SAMPLE_BYTES = 64 * 1024


def _csv_rows(uploaded, *, max_rows):
    """Yield ``(row number, [text cells])`` of a CSV file (empty cells "", none at the end of a row), every row
    (blank ones as ``[]``), streaming it.

    The file may be comma- or tab-separated, in UTF-8 with or without BOM, UTF-16 with BOM, or GB18030/GBK as
    Chinese Excel writes it (told from the first 64 KB). A cell Excel would run as a formula (starting with = or
    @, or with + or - followed by more than a number) is refused, as are rows past ``max_rows`` (None: no limit),
    columns past ``MAX_COLUMNS`` and cells past ``MAX_CELL_CHARS``; a binary file is told from its first 64 KB
    (control characters), and a NUL character in text, there or anywhere further on, is refused naming its row.
    """
    uploaded.seek(0)
    sample = uploaded.read(CSV_SAMPLE_BYTES)
    uploaded.seek(0)
    encoding, opening = _csv_encoding(sample, complete=len(sample) < CSV_SAMPLE_BYTES)
    if opening.lstrip()[:1] == "<" and any(
        tag in opening[:400].lower() for tag in ("<html", "<table", "<?xml", "<!doctype")
    ):
        raise SpreadsheetError(
            "该文件是网页（HTML）或 XML 格式，只是扩展名像 Excel 文件。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新上传。"
        )
    lines = opening.splitlines()[:10]
    delimiter = "\t" if sum(line.count("\t") for line in lines) > sum(line.count(",") for line in lines) else ","
    text = io.TextIOWrapper(uploaded, encoding=encoding, newline="")
    reader = csv.reader(_without_nul(text), delimiter=delimiter, strict=True)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007  ``number`` names the row a NUL is met in
            if max_rows is not None and number > max_rows and any(row):
                _checked(next(cell for cell in row if cell), number, 1, max_rows=max_rows)
            if (
                len(row) > MAX_COLUMNS
                or not _SUSPECT_STARTS.isdisjoint([value[:1] for value in row])
                or (row and max(map(len, row)) > MAX_CELL_CHARS)
            ):
                for column, value in enumerate(row, start=1):
                    if value:
                        _check_csv_cell(value, number, column)
            while row and not row[-1]:
                row.pop()
            yield number, row
    except _NulFound:
        raise SpreadsheetError(
            f"CSV 文件第{number + 1}行含有空字符（NUL），文件可能已损坏或不是文本文件。{NUL_ADVICE}"
        ) from None
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise SpreadsheetError(
                f"CSV 文件第{reader.line_num}行附近有单元格的文字超过 {MAX_CELL_CHARS} 个字符，超出 Excel 的上限，"
                "请改正后重新上传。"
            ) from None
        raise SpreadsheetError(
            f"CSV 文件第{reader.line_num}行附近格式有误（例如引号不成对），请在 Excel 或 WPS 中打开后重新保存再上传。"
        ) from None
    except UnicodeDecodeError:
        raise SpreadsheetError(
            f"CSV 文件第{reader.line_num + 1}行附近有无法识别的文字编码。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后重新上传。"
        ) from None
    finally:
        # The wrapper would close the upload, which a preview still holds. A reader dropped after its file was
        # closed (the caller's ``with`` ended first) has nothing left to detach.
        with contextlib.suppress(ValueError):
            text.detach()


class _NulFound(Exception):
    pass


def _without_nul(lines):
    """Yield the lines of a CSV text, raising ``_NulFound`` at the first holding a NUL character.

    Python's csv module reads NUL as any other character, and a NUL past the sample that told the encoding used to
    reach the database, which refuses it (PostgreSQL: a server error at the confirmation). One ``in`` per line, in C,
    costs little next to the parsing."""
    for line in lines:
        if "\x00" in line:
            raise _NulFound
        yield line


def _check_csv_cell(value, number, column):
    """Refuse a CSV cell that Excel would run as a formula, or that is too long or too far to the right."""
    if value.lstrip().startswith(("=", "@")) or (value.startswith(("+", "-")) and not _SIGNED_NUMBER.fullmatch(value)):
        raise SpreadsheetError(
            f"第{number}行{_column_name(column)}列以“{value.lstrip()[0]}”开头，"
            "会被 Excel 当作公式运行。导入只接受数值和文字：请改正该单元格后重新上传。"
        )
    _checked(value, number, column)


_SUSPECT_STARTS = frozenset("=@+-\t\r \u3000")  # only cells starting so are looked at closely (speed)
_SIGNED_NUMBER = re.compile(r"[+-][\d\s.,]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _csv_encoding(sample, *, complete):
    """Return ``(encoding, decoded sample)`` of a CSV file from its first bytes, or refuse a file that is not
    text. A character cut at the end of an incomplete sample does not count against an encoding."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    elif sample.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "gb18030")  # GB18030 reads GBK and GB2312, what Chinese Excel writes
    for encoding in candidates:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError as error:
            if complete or error.start < len(sample) - 4:
                continue
            text = sample[: error.start].decode(encoding)
        if not _CONTROL.search(text):
            return encoding, text
        nuls = text.count("\x00")
        first_line = text.split("\n", 1)[0]
        looks_like_csv = "," in first_line or "\t" in first_line  # a header row has its separators
        if nuls and nuls * 10 <= len(text) and looks_like_csv and not _CONTROL.search(text.replace("\x00", "")):
            # Text with a stray NUL (a damaged file), not a binary one: name its row, as further on.
            row = text.count("\n", 0, text.index("\x00")) + 1
            raise SpreadsheetError(f"CSV 文件第{row}行含有空字符（NUL），文件可能已损坏或不是文本文件。{NUL_ADVICE}")
    raise SpreadsheetError(
        "无法识别该文件：它不是 Excel 文件（.xlsx、.xls），也不是 UTF-8 或 GBK 编码的 CSV 文本。"
        "请在 Excel 或 WPS 中另存为 .xlsx 后重新上传。"
    )


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47}
_DATE_FORMAT_IDS |= set(range(50, 59))


class _Limited:
    """A read-only stream that refuses to yield more than ``limit`` bytes (a zip entry lying about its size)."""

    def __init__(self, stream, limit):
        self.stream, self.left = stream, limit

    def read(self, size=-1):
        data = self.stream.read(min(size, 1 << 20) if size and size > 0 else 1 << 20)
        self.left -= len(data)
        if self.left < 0:
            raise SpreadsheetError("该文件解压后体积异常（可能是压缩炸弹），已拒绝导入。请上传正常保存的 Excel 文件。")
        return data


class _RootReached(Exception):
    pass


class _StopAtRoot:
    """A parser target that stops at the root element: by then any DOCTYPE would have been declared."""

    def start(self, tag, attributes):
        raise _RootReached

    def end(self, tag):
        pass

    def data(self, text):
        pass

    def close(self):
        pass


def _refuse_doctype(stream):
    """Read the prolog of an XML part with defusedxml, which raises ``DTDForbidden`` on a DOCTYPE."""
    parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True)
    try:
        for chunk in iter(lambda: stream.read(4096), b""):
            parser.feed(chunk)
    except _RootReached:
        return


def _fast_rows(uploaded):
    budget = MAX_UNPACKED_BYTES
    uploaded.seek(0)
    with zipfile.ZipFile(uploaded) as archive:
        names = set(archive.namelist())

        def opened(name):
            """The part's stream, its prolog vetted by defusedxml."""
            with archive.open(name) as stream:
                _refuse_doctype(stream)
            return _Limited(archive.open(name), budget)

        def part(name):
            limited = opened(name)
            return fromstring(b"".join(iter(lambda: limited.read(1 << 20), b"")))  # noqa: S314  vetted above

        workbook = part("xl/workbook.xml")
        properties = workbook.find(f"{_MAIN}workbookPr")
        epoch = CALENDAR_WINDOWS_1900
        if properties is not None and properties.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
        rel_id = first.get(f"{_REL}id")
        rels = part("xl/_rels/workbook.xml.rels")
        target = next(rel.get("Target") for rel in rels.iter(f"{_PKG_REL}Relationship") if rel.get("Id") == rel_id)
        sheet_name = target.lstrip("/") if target.startswith("/") else "xl/" + target
        shared = []
        if "xl/sharedStrings.xml" in names:
            for item in part("xl/sharedStrings.xml").iter(f"{_MAIN}si"):
                shared.append("".join(text.text or "" for text in item.iter(f"{_MAIN}t")))
        date_styles = set()
        if "xl/styles.xml" in names:
            styles = part("xl/styles.xml")
            custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")}
            xfs = styles.find(f"{_MAIN}cellXfs")
            for index, xf in enumerate(xfs if xfs is not None else []):
                number_format = int(xf.get("numFmtId", "0"))
                if number_format in _DATE_FORMAT_IDS or (
                    number_format in custom and is_date_format(custom[number_format])
                ):
                    date_styles.add(index)
        rows = []
        stream = opened(sheet_name)
        with stream.stream:
            # The pull parser's events are read as each part of the sheet is fed: one level of generators less
            # than ``iterparse``.
            parser = XMLPullParser(events=("end",))
            for chunk in itertools.chain(iter(lambda: stream.read(1 << 14), b""), [None]):
                if chunk is None:
                    parser.close()  # the events the end of the part completes are read too
                else:
                    parser.feed(chunk)
                for _event, element in parser.read_events():
                    if element.tag != _ROW:
                        continue
                    number = int(element.get("r", len(rows) + 1))
                    values = _row_values(element, number, shared, date_styles, epoch)
                    if values:
                        rows.extend([] for _ in range(number - 1 - len(rows)))
                        rows.append(values)
                    element.clear()
    return _squared(rows)


_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _TEXT = (f"{_MAIN}{tag}" for tag in ("row", "c", "v", "f", "is", "t"))
_COLUMN_OF = {}  # a cell reference's letters → its column number, filled as references are met


def _row_values(element, number, shared, date_styles, epoch):
    """The values of row ``number``, one ``<row>`` of a worksheet: ``None`` for each empty cell before the last
    cell that has a value."""
    values = []
    for cell in element.iter(_CELL):
        reference = cell.get("r")
        if reference:
            letters = reference.rstrip("0123456789")
            column = _COLUMN_OF.get(letters)
            if column is None:
                column = _COLUMN_OF.setdefault(letters, column_index_from_string(letters))
        else:
            column = len(values) + 1
        kind = cell.get("t", "n")
        raw = inline = None
        formula = False
        for child in cell:  # <v>, <f> and <is> read in one pass over the cell's children
            tag = child.tag
            if tag == _VALUE:
                raw = child.text
            elif tag == _FORMULA:
                formula = True
            elif tag == _INLINE:
                texts = list(child.iter(_TEXT))  # one <t>, or a rich text's runs (and phonetic guides)
                inline = (texts[0].text or "") if len(texts) == 1 else "".join(text.text or "" for text in texts)
        if kind == "inlineStr":
            value = inline or ""
        elif not raw:
            value = None
        elif kind == "s":
            value = shared[int(raw)]
        elif kind == "b":
            value = raw == "1"
        elif kind == "str" or kind == "e":
            value = raw
        else:
            value = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
            if date_styles and int(cell.get("s", "0")) in date_styles:
                value = from_excel(value, epoch)
        if (
            formula
            or kind == "e"
            or number > MAX_ROWS
            or column > MAX_COLUMNS
            or (value.__class__ is str and len(value) > MAX_CELL_CHARS)
        ):
            value = _checked(value, number, column, formula=formula, error=kind == "e")
        if value is None:
            continue  # a formatted empty cell far to the right or below widens nothing
        if column - 1 > len(values):
            values.extend([None] * (column - 1 - len(values)))
        values.append(value)
    return values


def _find_header_row(all_rows, expected):
    wanted = {normalize_header(name) for name in expected}
    best, best_hits = 0, -1
    for index, row in enumerate(all_rows[:10]):
        hits = sum(1 for cell in row if cell is not None and normalize_header(str(cell)) in wanted)
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def normalize_header(text):
    """Fold a header for tolerant matching: full-width to half-width, no blanks, punctuation or brackets' content
    markers, lower case. "联系 电话（手机）" and "联系电话(手机)" fold alike."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[\s\u3000*＊:：,，.。、/\\\-_—()（）\[\]【】<>《》\"'“”‘’]", "", text)
    return text.lower()


def match_columns(headers, columns):
    """Map field names to column indexes.

    ``columns`` is ``{field: [accepted header names]}``. Returns ``(mapping, missing)`` where ``missing`` lists
    the first accepted name of each field not found. A header the import reads that appears twice once folded
    (「企业名称」 and 「企业 名称」) is refused naming both columns, since either could be the one meant; a repeated
    header no field reads is left alone.
    """
    folded = [normalize_header(header) for header in headers]
    mapping, missing = {}, []
    for field, names in columns.items():
        for name in names:
            key = normalize_header(name)
            if key in folded:
                mapping[field] = folded.index(key)
                break
        else:
            missing.append(names[0])
    for index in mapping.values():
        twins = [column for column, key in enumerate(folded) if key == folded[index]]
        if len(twins) > 1:
            where = "和".join(f"{_column_name(column + 1)}列" for column in twins)
            raise SpreadsheetError(
                f"表头“{headers[index].strip()}”出现了{len(twins)}次（{where}），无法确定导入哪一列。"
                "请删除或改名重复的列后重新上传。"
            )
    return mapping, missing


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a large workbook is built, and restore it after.

    A workbook is hundreds of thousands of small openpyxl objects, none of them in a reference cycle that needs
    collecting before the workbook is saved; yet every few hundred allocations the collector rescans the ones
    still young, and every so often all of them, which made the 信息库 export grow faster than its rows (13× the
    time for 10× the rows; paused, 10.5×, and a fifth faster). The pause is per process, and a request or job
    builds one workbook at a time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write_cell(cell, value):
    """Put ``value`` in an openpyxl ``cell``, inert: text a spreadsheet would run as a formula (starting with
    = + - @, a tab or a carriage return) is stored as text with Excel's quote-prefix style, so it shows exactly as
    typed and is never evaluated, even after the cell is edited. Returns the cell."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append_row(sheet, values):
    """Append ``values`` as the next row of ``sheet``, each cell written by ``write_cell``; return the cells.

    The row is the one openpyxl's own ``append`` writes next (``_current_row`` + 1), read in constant time:
    ``sheet.max_row`` scans every cell of the sheet, which made a workbook of n rows take n² steps (issue 21).
    """
    row = sheet._current_row + 1
    return [write_cell(sheet.cell(row=row, column=column), value) for column, value in enumerate(values, start=1)]


SHOWN_PROBLEMS = 200  # a preview lists this many problems; every one is in the download
XLSX_MAX_ROWS = 1_048_576


class Problem(NamedTuple):
    """One problem an import's preview finds: the row as Excel numbers it, the column concerned (its header, or
    "" for the row as a whole) and what to fix, in Chinese."""

    row: int
    field: str
    message: str


class ProblemList:
    """Every problem of an import's preview, in little memory whatever their number: the first ``SHOWN_PROBLEMS``
    kept as they are for the page, every one counted and written to a zlib stream for the download (a file of a
    million bad rows holds a few megabytes, not a million objects). Iterating gives every problem in order."""

    def __init__(self, problems=()):
        self.shown, self.count = [], 0
        self._packer, self._packed = zlib.compressobj(6), []
        for problem in problems:
            self.add(*problem)

    def add(self, row, field, message):
        problem = Problem(row, field, message)
        if self.count < SHOWN_PROBLEMS:
            self.shown.append(problem)
        self.count += 1
        line = json.dumps(problem, ensure_ascii=False, separators=(",", ":")) + "\n"
        self._packed.append(self._packer.compress(line.encode()))

    def __len__(self):
        return self.count

    def __bool__(self):
        return self.count > 0

    def __iter__(self):
        return self.unpacked(self.packed())

    def packed(self):
        """Return every problem as compressed bytes (``unpacked`` reads them back); adding may go on after."""
        return b"".join(self._packed) + self._packer.copy().flush()

    @staticmethod
    def unpacked(data):
        """Yield the ``Problem`` s of ``packed`` bytes, a chunk at a time."""
        unpacker, rest = zlib.decompressobj(), b""
        for start in range(0, len(data), 1 << 16):
            rest += unpacker.decompress(data[start : start + (1 << 16)])
            *lines, rest = rest.split(b"\n")
            for line in lines:
                yield Problem(*json.loads(line))


def problems_workbook(problems):
    """Return the bytes of a workbook listing ``problems`` (row, column, problem), written as streamed (openpyxl's
    write-only mode) so that a hundred thousand problems take little memory; past Excel's last row a final row
    says how many were left out."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("导入问题")
    append_streamed(sheet, ["行号", "栏目", "问题"], bold=True)
    written = left = 0
    with collector_paused():
        for problem in problems:
            if written < XLSX_MAX_ROWS - 2:
                append_streamed(sheet, [problem.row, problem.field, problem.message])
                written += 1
            else:
                left += 1
    if left:
        append_streamed(sheet, ["", "", f"另有{left}处问题超出 Excel 的行数上限，未能列出。请先改正以上问题。"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_message(number, problems):
    """Return one sentence for a row an import refuses: 「第3行：甲；乙。」, each problem's own closing
    punctuation dropped so that none is doubled (a validation message ends with 。 already)."""
    return f"第{number}行：{one_sentence(problems)}"


def merge(sheet, *, start_row, start_column, end_row, end_column):
    """Merge a range of ``sheet`` in constant time, for sheets of many merged ranges.

    openpyxl's ``merge_cells`` first checks the new range against every range merged before it, which makes a
    sheet of n merges take n² steps (4,000 merges: 4 s). The portal's layouts never overlap their merges, so
    this adds the range to the sheet's set directly and then does exactly what ``merge_cells`` does after its
    check (the covered cells become merged cells). A streamed (write-only) sheet takes the range only; write its
    covered cells empty, and make it with ``streamed_sheet`` so that its ranges are written as a stream too.
    """
    coord = CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row).coord
    if isinstance(sheet, WriteOnlyWorksheet):
        # Streamed: the range is written after the rows, its cells left as given. Kept as its text ("A5:A6"),
        # all the writer reads of it: a CellRange object each, 140,000 merges held 200 MB.
        sheet.merged_cells.ranges.add(coord)
        return
    merged = MergedCellRange(sheet, coord)
    sheet.merged_cells.ranges.add(merged)
    sheet._clean_merge_range(merged)


class _MergesStreamedWriter(WorksheetWriter):
    """openpyxl's sheet writer, but the merged ranges written one ``<mergeCell>`` at a time."""

    def write_merged_cells(self):
        # openpyxl builds every range as an object and the whole list as one XML tree before writing it: for the
        # ×100 信息库's 140,000 ranges, a hundred megabytes more at the very end (issue 21). The XML is the same.
        ranges = self.ws.merged_cells.ranges
        if not ranges:
            return
        xf = self.xf.send(True)
        with xf.element("mergeCells", count=str(len(ranges))):
            for coord in ranges:
                xf.write(Element("mergeCell", ref=str(coord)))
        self.xf.send(None)


class StreamedSheet(WriteOnlyWorksheet):
    """A streamed (write-only) sheet whose merged ranges (``merge``) are written as a stream too."""

    def _get_writer(self):
        if self._writer is None:
            self._writer = _MergesStreamedWriter(self)
            self._writer.write_top()


def streamed_sheet(workbook, title):
    """Add to a write-only ``workbook`` a sheet named ``title`` that streams its rows and its merged ranges, and
    return it: memory stays flat however many rows and merges it gets."""
    sheet = StreamedSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


def simple_workbook(title, headers, rows):
    """Return a one-sheet workbook: a bold header row, then ``rows`` (any iterable, read once), every cell written
    by ``write_cell``. The sheet is streamed (openpyxl's write-only mode): each row goes to a temporary file as it
    is appended, so time and memory grow with the rows alone; save the workbook once, and append further rows
    with ``append_streamed`` before that."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    append_streamed(sheet, headers, bold=True)
    with collector_paused():
        for row in rows:
            append_streamed(sheet, row)
    return workbook


def append_streamed(sheet, values, *, bold=False):
    """Append ``values`` as the next row of a write-only ``sheet``, each cell written by ``write_cell``."""
    cells = []
    for value in values:
        cell = write_cell(WriteOnlyCell(sheet), value)
        if bold:
            cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


BOLD = Font(bold=True)


class InertXLSX(XLSX):
    """django-import-export's xlsx format (the admin's 导出), written through ``simple_workbook`` so that its cells
    are inert in the same way as every other export, instead of losing their leading "=" as the library's own
    formula escaping does."""

    def export_data(self, dataset, **kwargs):
        buffer = io.BytesIO()
        simple_workbook(dataset.title or "导出", dataset.headers or [], dataset).save(buffer)
        return buffer.getvalue()


class _ShownWidget(widgets.Widget):
    """A value as a reader sees it: a linked record by its name, several joined with 、, 是 or 否, a date in ISO."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, models.Manager):
            return "、".join(str(item) for item in value.all())
        return str(value)


class ChineseResource(ModelResource):
    """django-import-export's resource for the admin's 导出: the columns carry the fields' Chinese names, and the
    values read as on the pages (choice labels, linked records by name, 是/否), never as stored codes."""

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = "编号" if django_field.primary_key else str(django_field.verbose_name)
        if django_field.choices:
            field.attribute = f"get_{field_name}_display"
            field.widget = _ShownWidget()
        elif django_field.is_relation or isinstance(django_field, models.BooleanField):
            field.attribute = field_name
            field.widget = _ShownWidget()
        return field


def xlsx_response(workbook, filename):
    """Return a download of ``workbook`` (an openpyxl workbook or the bytes of one) named ``filename``."""
    if isinstance(workbook, Workbook):
        buffer = io.BytesIO()
        workbook.save(buffer)
        workbook = buffer.getvalue()
    response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
