"""PDF speed: one recommendation form in a warm process (goal ≤ 0.3 s) and a batch of 100 forms (goal ≤ 10 s).

Batches (issue 21): the job's path (``lib/pdf.render_batch``, one render) against the path before it, in the same
run (ten forms a render, joined with pypdf), three times each (min–median–max): forms per second with one process
(goal ≥ 30) and the file's size against one render of the same forms (goal ≤ 1.2×; the job's path is that render).
Also in the same run: the job's path with WeasyPrint's own user-agent stylesheet (before ``lib/pdf_ua.css``), the
job's path as it was before issue 21 item 4 (the form's markup in ``pdf_form_before.html`` beside this module: a
cell per label with a class, column widths in style attributes, a wrapper around each text, the stamp lines as two
inline blocks; a new font configuration for every render; Python's garbage collector running through it), and for
each path the forms per second of the process's own CPU time, which a machine shared with other work slows less
than the wall clock (on a quiet machine the two agree).
"""

import statistics
import time
from datetime import date
from pathlib import Path


def _candidates(count):
    from chuxiong_labor.nominations.models import NominationProgramme, NominationRound
    from chuxiong_labor.units import Unit
    from coordinators.models import Coordinator, Nomination

    round, _ = NominationRound.objects.get_or_create(programme=NominationProgramme.COORDINATOR, year=2022)
    unit = Unit.objects.get(short_name="楚雄市")
    achievements = "近三年调处劳动争议86件，调解成功率88%；指导企业签订工资专项集体合同，开展劳动法律法规宣讲20场。" * 3
    nominations = []
    for index in range(count):
        coordinator = Coordinator.objects.create(
            unit=unit,
            name=f"基准{index}",
            gender="female",
            born_on=date(1982, 3, 1),
            employer_name="楚雄市劳动人事争议调解中心",
            post="调解员",
            source="mediation_body",
            occupation_since=date(2010, 1, 1),
        )
        nominations.append(
            Nomination.objects.create(round=round, unit=unit, coordinator=coordinator, achievements=achievements)
        )
    return nominations


def _spread(function, runs=3):
    timings, cpu, content = [], [], b""
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        content = function()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return min(timings), statistics.median(timings), max(timings), content, statistics.median(cpu)


def _with_weasyprints_stylesheet(function):
    """Run ``function`` with WeasyPrint's own HTML5 user-agent stylesheet, as every PDF was rendered before."""
    from weasyprint import HTML

    from chuxiong_labor.lib import pdf

    def run():
        ours, pdf.UA_STYLESHEET = pdf.UA_STYLESHEET, HTML._ua_stylesheets(None)[0]
        try:
            return function()
        finally:
            pdf.UA_STYLESHEET = ours

    return run


def _with_the_markup_before(nominations):
    """Render ``nominations`` as one document with the form's markup and font handling before issue 21 item 4."""
    from django.db.models import prefetch_related_objects
    from django.template import engines
    from weasyprint.text.fonts import FontConfiguration

    from chuxiong_labor.lib import pdf
    from coordinators.recommendation import form_context

    template = engines["django"].from_string(Path(__file__).with_name("pdf_form_before.html").read_text())

    def run():
        prefetch_related_objects(nominations, "steps")
        html = template.render({"pdf_font": pdf.FONT_FAMILY, "forms": [form_context(item) for item in nominations]})
        document = pdf.PrintHTML(
            string=html, base_url=pdf.STATIC_DIR.as_uri() + "/", url_fetcher=pdf.StaticOnlyFetcher()
        )
        return document.write_pdf(font_config=FontConfiguration())

    return run


def run():
    from chuxiong_labor.lib.pdf import join_pdfs, render_batch
    from coordinators.recommendation import render_forms

    nominations = _candidates(100)
    render_forms(nominations[:1])  # warm: fonts loaded, templates compiled
    repeats = 5
    started = time.perf_counter()
    for _ in range(repeats):
        render_forms(nominations[:1])
    one = (time.perf_counter() - started) / repeats
    figures = [("recommendation form, one, warm (goal ≤ 0.3 s)", one, "s")]
    batch = lambda: render_batch(nominations, render_forms, progress=lambda *_: None)  # noqa: E731
    paths = (
        ("batch of 100, one render (the job's path)", batch),
        ("batch of 100, one render, as before item 4", _with_the_markup_before(nominations)),
        ("batch of 100, one render, WeasyPrint's stylesheet (before)", _with_weasyprints_stylesheet(batch)),
        ("batch of 100, 10 a render joined (before)", lambda: join_pdfs(
            render_forms(nominations[start : start + 10]) for start in range(0, 100, 10))),
    )  # fmt: skip
    single = None
    for label, function in paths:
        fastest, median, slowest, content, cpu = _spread(function)
        single = single or len(content)
        spread = f"(min {100 / slowest:.1f}, max {100 / fastest:.1f})"
        figures.append((f"{label}: forms/s {spread} (goal ≥ 30)", 100 / median, "forms/s"))
        figures.append((f"{label}: forms/s of CPU time (median)", 100 / cpu, "forms/s"))
        figures.append((f"{label}: size", len(content) / 1024, "KB"))
        figures.append((f"{label}: size against one render (goal ≤ 1.2)", len(content) / single, "×"))
    return figures
