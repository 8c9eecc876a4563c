"""The booklet reads as a printed document: no page ends with a heading whose table is on the next, no table row
is split over two pages (its label cut from its figures), and no column heading is broken over lines ("企业数"
stacked as 企 / 业 / 数 beside a wide label column).

The booklet's template is rendered with many tables of different lengths and labels long enough to wrap, so that
over a dozen pages some heading and some row fall at a page's foot whatever the fonts' exact metrics; the text is
then read back from the PDF with its position on the page."""

import io
import re
from types import SimpleNamespace

from pypdf import PdfReader

from chuxiong_labor.lib.pdf import render_pdf

FOOTER = re.compile(r"第\s*\d+\s*页，共\s*\d+\s*页")
TABLES = 24


def squeezed(text):
    return "".join(text.split())


def cell(table, row):
    # A label that wraps to two or three lines in the label column, unique per row so that it can be found.
    label = f"表{table}行{row} " + "社会生产服务和生活服务人员" * (1 + row % 3)
    figures = {name: f"{24000 + 100 * row}.00" for name in ("p10", "p25", "p50", "p75", "p90", "mean")}
    return SimpleNamespace(label=label, n_people=120, n_enterprises=6, suppressed=False, is_unreliable=False, **figures)


HEADERS = ("分组", "人数", "企业数", "P10", "P25", "P50", "P75", "P90", "平均数")


def render_booklet(dimensions):
    publication = SimpleNamespace(
        title="楚雄州工资价位（版面检查）", number=1, issued_at=None, get_status_display="草稿"
    )
    return render_pdf(
        "pdf/pay_booklet.html",
        {
            "publication": publication,
            "charts": [],
            "dimensions": dimensions,
            "cost_figures": [],
            "indicators": [],
            "definition": "",
            "rse_method": "",
            "disclosure": "",
        },
    )


def booklet_pages():
    dimensions = [(f"维度{table}", [cell(table, row) for row in range(1 + table % 5)]) for table in range(TABLES)]
    return dimensions, PdfReader(io.BytesIO(render_booklet(dimensions))).pages


def placed_text(page):
    """Return ``[(height above the page's foot, text)]`` of what ``page`` shows, the footer left out."""
    placed = []

    def visit(text, cm, tm, font, size):
        if squeezed(text) and not FOOTER.search(text):
            placed.append((cm[5] + tm[4] * cm[1] + tm[5] * cm[3], text))

    page.extract_text(visitor_text=visit)
    return placed


def test_headings_stay_with_their_tables_and_rows_stay_whole():
    dimensions, pdf_pages = booklet_pages()
    pages = [placed_text(page) for page in pdf_pages]
    assert len(pages) > 3, "the check needs a booklet of several pages"

    headings = {f"按{dimension}" for dimension, _ in dimensions}
    for number, placed in enumerate(pages[:-1], start=1):
        lowest = squeezed(min(placed)[1])
        assert lowest not in headings, f"page {number} ends with the heading {lowest}"

    texts = [squeezed("".join(text for _, text in placed)) for placed in pages]
    labels = [squeezed(c.label) for _, cells in dimensions for c in cells]
    cut = [label for label in labels if not any(label in text for text in texts)]
    assert cut == [], f"rows split over two pages: {cut}"


def test_column_headings_stay_on_one_line():
    dimensions, pages = booklet_pages()
    lines = [line.split() for page in pages for line in page.extract_text(extraction_mode="layout").splitlines()]
    # Each wage table's heading row (repeated where a table runs on), then the labour-cost table's, left out here.
    header_lines = [words for words in lines if "分组" in words][:-1]
    assert len(header_lines) >= len(dimensions)
    for words in header_lines:
        assert all(header in words for header in HEADERS), f"a column heading is broken over lines: {words}"
