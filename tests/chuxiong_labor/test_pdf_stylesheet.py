"""Every PDF is styled by the lean user-agent stylesheet (``lib/pdf_ua.css``, issue 21): what the documents use
still renders as WeasyPrint's own stylesheet renders it, read back with pypdf; and what ``lib/pdf`` keeps between
renders (a font configuration per thread) or pauses during one (the cyclic garbage collector)."""

import gc
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from chuxiong_labor.lib.pdf import FONT_FAMILY, PrintHTML, cyclic_gc_paused, font_configuration, html_to_pdf

DOCUMENT = f"""<html><head><style>html {{ font-family: "{FONT_FAMILY}"; }}</style><title>标题不印</title></head>
<body><h1>薪酬数据反馈报告</h1><p>第一行<br>第二行</p><ul><li>甲项</li><li>乙项</li></ul>
<table><tr><th>职业</th><td>中位数</td></tr></table><p hidden>隐藏的段落</p></body></html>"""


def lines(content):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_document_reads_back_as_with_weasyprints_own_stylesheet():
    assert lines(html_to_pdf(DOCUMENT)) == lines(HTML(string=DOCUMENT).write_pdf())


def test_line_breaks_list_markers_and_hidden_elements_keep_their_meaning():
    text = lines(html_to_pdf(DOCUMENT))
    assert (text[1:3], text.count("•"), "标题不印" in "".join(text), "隐藏的段落" in "".join(text)) == (
        ["第一行", "第二行"],
        2,
        False,
        False,
    )


def test_the_documents_use_the_projects_stylesheet():
    assert PrintHTML(string=DOCUMENT)._ua_stylesheets() != HTML(string=DOCUMENT)._ua_stylesheets()


def test_renders_in_two_threads_at_once_each_read_back_whole():
    """Each thread keeps a font configuration of its own between renders (Pango's font map is not shared)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        contents = list(pool.map(html_to_pdf, [DOCUMENT] * 4))
        configurations = set(pool.map(lambda _: id(font_configuration()), range(8)))
    assert [lines(content) for content in contents] == [lines(html_to_pdf(DOCUMENT))] * 4
    assert font_configuration() is font_configuration() and id(font_configuration()) not in configurations


def test_a_render_leaves_the_garbage_collector_running_even_when_it_fails():
    html_to_pdf(DOCUMENT)
    with pytest.raises(ValueError), cyclic_gc_paused():
        paused = not gc.isenabled()
        raise ValueError
    assert (paused, gc.isenabled()) == (True, True)
