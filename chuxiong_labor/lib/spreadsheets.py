"""Reading and writing Excel workbooks safely, shared by every import and export of the portal.

Uploads are checked before they are parsed: size, that the file is really an .xlsx (a zip with a workbook,
not an encrypted or old-format compound file), and its unpacked size and compression ratio (a zip bomb is
refused without being inflated). defusedxml vets every XML part the reader opens and refuses a DOCTYPE (where
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

import io
import re
import unicodedata
import zipfile
from xml.etree.ElementTree import fromstring, iterparse

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from import_export import widgets
from import_export.formats.base_formats import XLSX
from import_export.resources import ModelResource
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

from .errors import one_sentence

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 2000
MAX_ROWS = 100_000
MAX_COLUMNS = 256
MAX_CELL_CHARS = 32_767
COMPOUND_FILE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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
    head = uploaded.read(8)
    uploaded.seek(0)
    if head == COMPOUND_FILE_MAGIC:
        raise SpreadsheetError(
            "该文件是设置了打开密码的 Excel 文件或旧版 .xls 文件，无法读取。请在 Excel 中取消密码并“另存为 .xlsx”后重新上传。"
        )
    if head[:4] != b"PK\x03\x04":
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
    except DefusedXmlException:
        raise SpreadsheetError(XML_REFUSED) from None
    except Exception:  # noqa: BLE001, S110  any surprise in the fast path: fall back to openpyxl
        uploaded.seek(0)
    try:
        workbook = load_workbook(uploaded, read_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise SpreadsheetError("无法读取该 Excel 文件，文件可能已损坏。请重新保存为 .xlsx 后上传。") from None
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
        raise SpreadsheetError("无法读取该 Excel 文件，文件可能已损坏。请重新保存为 .xlsx 后上传。") from None
    finally:
        workbook.close()


XML_REFUSED = (
    "该文件中含有 Excel 不会写入的 XML 声明（DOCTYPE 或实体定义），已拒绝导入。请在 Excel 中“另存为 .xlsx”后重新上传。"
)


def _checked(value, row, column, *, formula=False, error=False):
    """Return a cell's value, or refuse the file when an import cannot take the cell at face value."""
    if not formula and (value is None or value == ""):
        return value
    where = f"第{row}行{get_column_letter(column)}列"
    if formula:
        raise SpreadsheetError(
            f"{where}是公式。导入只接受数值和文字：请在 Excel 中复制后“选择性粘贴—数值”，保存后重新上传。"
        )
    if error:
        raise SpreadsheetError(f"{where}是错误值“{value}”，请改正该单元格后重新上传。")
    if row > MAX_ROWS:
        raise SpreadsheetError(f"工作表超过 {MAX_ROWS} 行（{where}仍有数据），请拆分后分批导入。")
    if column > MAX_COLUMNS:
        raise SpreadsheetError(f"工作表超过 {MAX_COLUMNS} 列（{where}仍有数据），请删除多余的列后重新上传。")
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise SpreadsheetError(f"{where}的文字超过 {MAX_CELL_CHARS} 个字符，超出 Excel 的上限，请改正后重新上传。")
    return value


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
        formula_tag = f"{_MAIN}f"
        stream = opened(sheet_name)
        with stream.stream:
            for _event, element in iterparse(stream, events=("end",)):  # noqa: S314  vetted by opened()
                if element.tag != f"{_MAIN}row":
                    continue
                number = int(element.get("r", len(rows) + 1))
                values = []
                for cell in element.iter(f"{_MAIN}c"):
                    reference = cell.get("r")
                    column = column_index_from_string(reference.rstrip("0123456789")) if reference else len(values) + 1
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
                    formula = cell.find(formula_tag) is not None
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
                    values.extend([None] * (column - 1 - len(values)))
                    values.append(value)
                if values:
                    rows.extend([] for _ in range(number - 1 - len(rows)))
                    rows.append(values)
                element.clear()
    return _squared(rows)


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
    """Append ``values`` as the next row of ``sheet``, each cell written by ``write_cell``."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    return [write_cell(sheet.cell(row=row, column=column), value) for column, value in enumerate(values, start=1)]


def row_message(number, problems):
    """Return one sentence for a row an import refuses: 「第3行：甲；乙。」, each problem's own closing
    punctuation dropped so that none is doubled (a validation message ends with 。 already)."""
    return f"第{number}行：{one_sentence(problems)}"


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
    """Return a one-sheet workbook: a bold header row, then ``rows``, every cell written by ``write_cell``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for cell in append_row(sheet, headers):
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    return workbook


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
