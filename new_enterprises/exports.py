"""The 「新注册企业信息库」 workbook, laid out as the seed prints it.

Title row, then three header rows with the seed's two-level merged headers, then one row per service. An
enterprise with several services spans several rows: its own cells (序号 to the plan's 联系电话, and 备注) are
merged over them, as a reader of the paper form expects. Every text cell goes through ``write_cell``.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from chuxiong_labor.lib.spreadsheets import collector_paused, merge, streamed_sheet, write_cell

TITLE = "新注册企业信息库"
# The seed prints the 基本情况 column as “纳入阶级”, an evident slip for 纳入阶段 (the issue and the plan's own
# wording); the workbook uses 纳入阶段.
STAGE_HEADER = "纳入阶段"
# (first column, last column, first row, last row, text) of the header block, rows counted from the title row.
HEADER_CELLS = [
    (1, 1, 2, 4, "序号"),
    (2, 7, 2, 2, "新注册企业信息"),
    (2, 2, 3, 4, "企业名称"),
    (3, 3, 3, 4, "注册时间"),
    (4, 4, 3, 4, "注册地"),
    (5, 5, 3, 4, "联系人"),
    (6, 6, 3, 4, "联系电话"),
    (7, 7, 3, 4, "电子邮箱"),
    (8, 15, 2, 2, "服务万户新企用工计划执行情况"),
    (8, 13, 3, 3, "基本情况"),
    (8, 8, 4, 4, "层级"),
    (9, 9, 4, 4, "所属州(市)"),
    (10, 10, 4, 4, STAGE_HEADER),
    (11, 11, 4, 4, "负责部门"),
    (12, 12, 4, 4, "联系人"),
    (13, 13, 4, 4, "联系电话"),
    (14, 15, 3, 3, "服务情况"),
    (14, 14, 4, 4, "服务时间"),
    (15, 15, 4, 4, "服务内容"),
    (16, 16, 2, 4, "备注"),
]
COLUMN_COUNT = 16
PREFECTURE = "楚雄州"
PROGRESS_EVERY = 200
FIRST_DATA_ROW = 5
WIDTHS = [6, 30, 12, 28, 10, 16, 22, 8, 10, 20, 24, 10, 16, 12, 40, 16]
# The columns describing the enterprise and its inclusion, merged over its service rows.
ENTERPRISE_COLUMNS = list(range(1, 14)) + [16]


def ledger_rows(inclusions, stage_labels):
    """Yield ``(inclusion values, [service values])`` for each inclusion; values are cell texts in column order."""
    for number, inclusion in enumerate(inclusions, start=1):
        enterprise = inclusion.enterprise
        stage = stage_labels.get(inclusion.year, "")
        head = [
            number,
            enterprise.name,
            enterprise.registered_on.strftime("%Y-%m-%d") if enterprise.registered_on else "",
            enterprise.address or str(enterprise.region),
            enterprise.liaison_name or enterprise.legal_rep_name,
            enterprise.liaison_mobile or enterprise.liaison_phone or enterprise.phone,
            enterprise.liaison_email or enterprise.legal_rep_email,
            inclusion.get_level_display(),
            PREFECTURE,  # the province's layout: this column names the prefecture (the county is in 负责部门)
            f"{inclusion.year}年" + (f"（{stage}）" if stage else ""),
            inclusion.department,
            inclusion.contact_person,
            inclusion.contact_phone,
        ]
        note = "；".join(filter(None, ["示范点" if inclusion.is_demonstration else "", inclusion.note]))
        services = [
            [record.served_on.strftime("%Y-%m-%d"), f"{record.get_kind_display()}：{record.content}"]
            for record in inclusion.services.all()
        ]
        yield head, note, services


def ledger_workbook(inclusions, stage_labels, *, subtitle="", progress=None):
    """Return the xlsx bytes of the 信息库 for ``inclusions`` (services prefetched, ordered by date);
    ``progress(done)`` is told every few hundred enterprises written."""
    with collector_paused():
        return _ledger_workbook(inclusions, stage_labels, subtitle=subtitle, progress=progress)


def _ledger_workbook(inclusions, stage_labels, *, subtitle, progress):
    # Streamed (openpyxl's write-only mode): rows go to a temporary file as they are written, so memory does not
    # grow with the enterprises (held whole, the ×100 信息库 took a worker to 467 MB); widths, panes and the print
    # setup come first, as the sheet's XML puts them before its rows, and merges are written at the end, streamed
    # too (openpyxl's own writer built the ×100 信息库's 140,000 of them as one tree: 355 MB at its peak).
    workbook = Workbook(write_only=True)
    sheet = streamed_sheet(workbook, TITLE)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"{get_column_letter(3)}{FIRST_DATA_ROW}"
    sheet.print_title_rows = f"2:{FIRST_DATA_ROW - 1}"
    sheet.page_setup.orientation = "landscape"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)

    def append(values, alignment, *, font=None, framed=True):
        cells = []
        for value in values:
            cell = write_cell(WriteOnlyCell(sheet), value)
            if framed:
                cell.border = border
            cell.alignment = alignment
            if font is not None and value is not None:
                cell.font = font
            cells.append(cell)
        sheet.append(cells)

    append([TITLE + (f"（{subtitle}）" if subtitle else "")], centre, font=Font(bold=True, size=14), framed=False)
    merge(sheet, start_row=1, start_column=1, end_row=1, end_column=COLUMN_COUNT)
    headings = {(first_row, first_col): text for first_col, _last_col, first_row, _last_row, text in HEADER_CELLS}
    for first_col, last_col, first_row, last_row, _text in HEADER_CELLS:
        if (first_col, first_row) != (last_col, last_row):
            merge(sheet, start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
    for row in range(2, FIRST_DATA_ROW):
        append([headings.get((row, column)) for column in range(1, COLUMN_COUNT + 1)], centre, font=Font(bold=True))
    row = FIRST_DATA_ROW
    for head, note, services in ledger_rows(inclusions, stage_labels):
        span = max(len(services), 1)
        for offset in range(span):
            values = list(head) if offset == 0 else [None] * len(head)
            values += services[offset] if offset < len(services) else [None, None]
            append([*values, note if offset == 0 else None], wrap)
        if span > 1:
            for column in ENTERPRISE_COLUMNS:
                merge(sheet, start_row=row, start_column=column, end_row=row + span - 1, end_column=column)
        row += span
        if progress and head[0] % PROGRESS_EVERY == 0:
            progress(head[0])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
