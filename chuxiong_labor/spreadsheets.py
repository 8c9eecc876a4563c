"""Reading and writing Excel workbooks safely, shared by every import and export of the portal.

Uploads are checked before they are parsed: size, that the file is really an .xlsx (a zip with a workbook),
and its unpacked size and compression ratio (a zip bomb is refused without being inflated). Headers are
matched tolerantly, since the sheets counties keep vary in spacing, punctuation and full- or half-width forms.
Every cell written to a workbook goes through ``escape_formula``.
"""

import re
import unicodedata
import zipfile

from django.conf import settings
from openpyxl import load_workbook

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise SpreadsheetError("无法读取该 Excel 文件，文件可能已损坏。请重新保存为 .xlsx 后上传。") from None
    try:
        sheet = workbook.worksheets[0]
        all_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
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
