"""Reading and writing Excel workbooks safely, shared by every import and export of the portal.

Uploads are checked before they are parsed: size, that the file is really an .xlsx (a zip with a workbook),
and its unpacked size and compression ratio (a zip bomb is refused without being inflated). Headers are
matched tolerantly, since the sheets counties keep vary in spacing, punctuation and full- or half-width forms.
Every cell written to a workbook goes through ``escape_formula``.
"""

import io
import re
import unicodedata
import zipfile
from xml.etree.ElementTree import fromstring, iterparse

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(Exception):
    """A file that cannot be imported; the message says, in Chinese, what to fix."""


def check_upload(uploaded, *, max_bytes=None):
    """Refuse an upload that is too large, not an .xlsx workbook, or a zip bomb. Leaves the file at position 0."""
    max_bytes = max_bytes or settings.PORTAL_MAX_UPLOAD_BYTES
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, 2)
        size = uploaded.tell()
    uploaded.seek(0)
    if size == 0:
        raise SpreadsheetError("上传的文件是空的，请选择填好数据的 Excel（.xlsx）文件。")
    if size > max_bytes:
        raise SpreadsheetError(
            f"文件大小为 {size / 1024 / 1024:.1f} MB，超过了 {max_bytes / 1024 / 1024:.0f} MB 的上限。请拆分后分批导入。"
        )
    if uploaded.read(4) != b"PK\x03\x04":
        uploaded.seek(0)
        raise SpreadsheetError("该文件不是 Excel 2007 及以上版本的 .xlsx 文件。请在 Excel 中“另存为 .xlsx”后重新上传。")
    uploaded.seek(0)
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
        raise SpreadsheetError("该文件不是 Excel 工作簿（.xlsx），请在 Excel 中“另存为 .xlsx”后重新上传。")
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise SpreadsheetError("该文件解压后体积异常（可能是压缩炸弹），已拒绝导入。请上传正常保存的 Excel 文件。")


def read_sheet(uploaded, *, header_row=None, expected=None):
    """Return ``(headers, rows)`` of the first worksheet of a checked upload.

    ``rows`` are ``(row number, [cell values])``, blank rows skipped. When ``expected`` (a list of header names)
    is given and ``header_row`` is not, the header row is the first of the first ten rows that holds most of them.
    """
    check_upload(uploaded)
    all_rows = _read_all_rows(uploaded)
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
    return headers, rows


def _read_all_rows(uploaded):
    """Return every row of the first worksheet from row 1, as lists of cell values (dates as ``datetime``).

    The sheet's XML is streamed directly, several times faster than openpyxl's read-only mode on large rosters;
    a workbook laid out in a way the fast path does not know is read with openpyxl instead.
    """
    try:
        return _fast_rows(uploaded)
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001, S110  any surprise in the fast path: fall back to openpyxl
        uploaded.seek(0)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise SpreadsheetError("无法读取该 Excel 文件，文件可能已损坏。请重新保存为 .xlsx 后上传。") from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


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


def _fast_rows(uploaded):
    budget = MAX_UNPACKED_BYTES
    uploaded.seek(0)
    with zipfile.ZipFile(uploaded) as archive:
        names = set(archive.namelist())

        # Python's expat refuses entity expansion attacks and ElementTree never fetches external entities.
        def part(name):
            with archive.open(name) as stream:
                limited = _Limited(stream, budget)
                return fromstring(b"".join(iter(lambda: limited.read(1 << 20), b"")))  # noqa: S314

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
        with archive.open(sheet_name) as stream:
            for _event, element in iterparse(_Limited(stream, budget), events=("end",)):  # noqa: S314
                if element.tag != f"{_MAIN}row":
                    continue
                number = int(element.get("r", len(rows) + 1))
                while len(rows) < number - 1:
                    rows.append([])
                values = []
                for cell in element.iter(f"{_MAIN}c"):
                    reference = cell.get("r")
                    if reference:
                        column = column_index_from_string(reference.rstrip("0123456789"))
                        values.extend([None] * (column - 1 - len(values)))
                    kind = cell.get("t", "n")
                    raw = cell.findtext(f"{_MAIN}v")
                    if kind == "inlineStr":
                        value = "".join(text.text or "" for text in cell.iter(f"{_MAIN}t"))
                    elif not raw:
                        value = None
                    elif kind == "s":
                        value = shared[int(raw)]
                    elif kind == "b":
                        value = raw == "1"
                    elif kind in ("str", "e"):
                        value = raw
                    else:
                        value = float(raw) if any(mark in raw for mark in ".eE") else int(raw)
                        if int(cell.get("s", "0")) in date_styles:
                            value = from_excel(value, epoch)
                    values.append(value)
                rows.append(values)
                element.clear()
    width = max((len(row) for row in rows), default=0)
    return [row + [None] * (width - len(row)) for row in rows]


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
    the first accepted name of each field not found.
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
    return mapping, missing


def escape_formula(value):
    """Return ``value`` made safe for a spreadsheet cell: text a spreadsheet would run as a formula is prefixed
    with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def merge(sheet, *, start_row, start_column, end_row, end_column):
    """Merge a range of ``sheet`` in constant time, for sheets of many merged ranges.

    openpyxl's ``merge_cells`` first checks the new range against every range merged before it, which makes a
    sheet of n merges take n² steps (4,000 merges: 4 s). The portal's layouts never overlap their merges, so
    this adds the range to the sheet's set directly and then does exactly what ``merge_cells`` does after its
    check (the covered cells become merged cells).
    """
    coord = CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row).coord
    merged = MergedCellRange(sheet, coord)
    sheet.merged_cells.ranges.add(merged)
    sheet._clean_merge_range(merged)


def simple_workbook(title, headers, rows):
    """Return a one-sheet workbook: a bold header row, then ``rows``, every cell passed through ``escape_formula``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([escape_formula(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_formula(value) for value in row])
    return workbook


def xlsx_response(workbook, filename):
    """Return a download of ``workbook`` (an openpyxl workbook or the bytes of one) named ``filename``."""
    if isinstance(workbook, Workbook):
        buffer = io.BytesIO()
        workbook.save(buffer)
        workbook = buffer.getvalue()
    response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
