"""PDF rendering, shared by every app: Django template → HTML → WeasyPrint → bytes.

Fonts: the documents use Noto Sans CJK SC (Debian's fonts-noto-cjk, installed by ``make setup``), which
WeasyPrint subsets and embeds; it renders a form in about 0.1 s where Noto Serif CJK took seconds.
Resources: the fetcher serves only files under the project's ``static/`` directory (and ``data:`` URLs), so a
document can never pull in a file from elsewhere on the server or from the network, whatever text a user typed.
User-agent stylesheet: ``pdf_ua.css`` beside this module, WeasyPrint's HTML5 one less the rules no document here
uses; its universal ``::marker``/``::footnote-call``/``::note-call`` rules gave every element six pseudo-element
styles to compute, an eighth to a fifth of a batch of forms' CPU time (issue 21). It is parsed once per process.
Font configuration: one per thread, kept between renders, so that Pango finds the fonts it has already loaded
(about a tenth of one form's render); a thread of its own, as Pango's font map is not shared between threads.
Garbage collection: Python's cyclic collector is paused while WeasyPrint renders. A render allocates hundreds of
thousands of objects (boxes, styles, Pango layouts) that the collector scanned again and again as they were made,
a fifth of a batch's CPU time (issue 21); the cycles they leave are collected once the render is over.
"""

import gc
import threading
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from pypdf import PdfWriter
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
FONT_FAMILY = "Noto Sans CJK SC"
UA_STYLESHEET = CSS(filename=Path(__file__).with_name("pdf_ua.css"))
CACHE_SECONDS = 24 * 3600  # a new deployment's layout reaches cached documents within a day
_per_thread = threading.local()


class StaticOnlyFetcher(URLFetcher):
    """Fetch ``data:`` URLs and files under ``static/``; refuse everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise ValueError(f"refused non-local resource {url!r}")
        path = Path(unquote(parsed.path)).resolve()
        if not path.is_relative_to(STATIC_DIR) or not path.is_file():
            raise ValueError(f"refused resource outside static/: {url!r}")
        return super().fetch(path.as_uri(), headers)


class PrintHTML(HTML):
    """An HTML document styled by the project's lean user-agent stylesheet (``pdf_ua.css``)."""

    def _ua_stylesheets(self, forms=False):
        return [UA_STYLESHEET]


def font_configuration():
    """Return this thread's WeasyPrint font configuration, made on first use."""
    if not hasattr(_per_thread, "fonts"):
        _per_thread.fonts = FontConfiguration()
    return _per_thread.fonts


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector for the block, and resume it after if it ran before. With renders in
    several threads, the first to finish resumes it: the others only lose the speed, never the collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(html):
    """Return the PDF bytes of an HTML document, resolving relative URLs against ``static/``."""
    with cyclic_gc_paused():
        document = PrintHTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher())
        return document.write_pdf(font_config=font_configuration())


def render_pdf(template_name, context):
    """Render ``template_name`` (which extends ``pdf/base.html``) with ``context`` and return PDF bytes."""
    return html_to_pdf(render_to_string(template_name, {"pdf_font": FONT_FAMILY, **context}))


def cached_pdf(key, render):
    """Return the PDF bytes ``render()`` makes, kept in the cache under ``key`` for a day: for a document of frozen
    data, whose key names every version it reads, so that a request renders it at most once (issue 21)."""
    content = cache.get(key)
    if content is None:
        content = render()
        cache.set(key, content, CACHE_SECONDS)
    return content


def pdf_response(content, filename, *, inline=True):
    """Return an HTTP response carrying PDF ``content`` under a (possibly Chinese) ``filename``."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def render_batch(items, render, *, progress):
    """Return one PDF of ``render(items)``, every item in one document render, telling ``progress(done, total)``
    before and after. One render embeds the Chinese font once, subset to the characters of the whole batch:
    rendered ten forms at a time and joined, 100 forms were five times the size (each part embedding the font
    again) and a third slower (issue 21). A job's lease is kept by its heartbeat while WeasyPrint works."""
    items = list(items)
    progress(0, len(items))
    content = render(items)
    progress(len(items), len(items))
    return content


def join_pdfs(contents):
    """Return one PDF of the PDFs ``contents`` (bytes), one after another. Each keeps its own copy of the fonts
    it embeds: where the documents can be rendered as one, ``render_batch`` makes a far smaller file."""
    writer = PdfWriter()
    for content in contents:
        writer.append(BytesIO(content))
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
