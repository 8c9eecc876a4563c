"""The documents of annex 6: the publication's workbook and PDF booklet, and the feedback report to a surveyed
enterprise (one, or a batch per unit — ``render_feedback_batch`` is the unit of work a background job runs).

A feedback report compares the enterprise with what was issued, never with figures computed live: the market is
the latest issued prefecture-wide publication of the year as the public sees it (``market_table``: its frozen
cells, withheld ones unusable, its labour-cost groups and its method), and only accepted surveys get one (their
data is what the publication was computed from). Where an occupation is withheld and its major group is
published, the major group stands in and the row says so.

All PDFs go through ``chuxiong_labor.lib.pdf``; every workbook cell through ``append_row``, so
text that looks like a formula stays inert.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.pdf import cached_pdf, render_pdf
from chuxiong_labor.lib.spreadsheets import append_row

from . import charts, labour_cost, occupations, wage_levels
from .models import Publication, SurveyEnterprise, SurveyStatus
from .public_tables import public_table
from .wage_levels import PERCENTILE_NAMES, Cell, cell_from_snapshot

CELL_HEADERS = [
    "维度",
    "分组",
    "人数",
    "企业数",
    "其中不满12个月",
    "不予公布",
    "P10（元/年）",
    "P25",
    "P50（中位数）",
    "P75",
    "P90",
    "平均数",
    "中位数RSE（%）",
    "可靠性",
]


def publication_cells(publication):
    return [cell_from_snapshot(data) for data in publication.cells]


def _number(value):
    return None if value is None else float(value)


def _cell_row(cell):
    figures = [_number(getattr(cell, name)) for name in (*PERCENTILE_NAMES, "mean")]
    reliability = "" if cell.suppressed else ("※ 可靠性较低" if cell.is_unreliable else "可靠")
    return [
        cell.dimension_label,
        cell.label,
        cell.n_people,
        cell.n_enterprises,
        cell.n_part_year,
        "是" if cell.suppressed else "否",
        *figures,
        _number(cell.rse_pct),
        reliability,
    ]


def publication_workbook(publication):
    """Return the publication's workbook as the public sees it (``public_tables.public_table``): the wage table
    (with the definition and the disclosure note), then the labour-cost figures."""
    table = public_table(publication)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "工资价位"
    append_row(sheet, [table.title])
    append_row(sheet, [table.method.note()])
    append_row(sheet, CELL_HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for cell in table.cells:
        append_row(sheet, _cell_row(cell))
    costs = workbook.create_sheet("人工成本")
    append_row(
        costs, ["分组", "企业数", "从业人员平均人数", "不予公布", *[label for _, label in labour_cost.INDICATORS]]
    )
    for group in table.groups:
        values = [_number(group["values"].get(name)) for name, _ in labour_cost.INDICATORS]
        append_row(
            costs,
            [
                group["label"],
                group["n_enterprises"],
                _number(group["headcount"]),
                "是" if group["suppressed"] else "否",
                *values,
            ],
        )
    return workbook


def occupation_bands(cells):
    """Return ``{major group: [cells]}`` of the occupation cells, each major group first."""
    groups = defaultdict(list)
    for cell in cells:
        if cell.dimension == "occupation":
            groups[cell.key[:1]].append(cell)
    return dict(sorted(groups.items()))


def _band(cell, marker=None):
    return (cell.label, cell.p10, cell.p25, cell.p50, cell.p75, cell.p90, marker)


def render_booklet(publication):
    """Return the PDF booklet of a publication as the public sees it: the definition, a box-and-whisker chart
    per occupation major group (published cells only), every table, and the labour-cost figures.

    An issued publication is frozen, so its booklet (a second of WeasyPrint) is rendered once and kept in the
    cache under the publication's id and issue time; a draft, whose tables may still be refreshed, is rendered
    every time."""
    if not publication.is_frozen or publication.issued_at is None:
        return _render_booklet(publication)
    key = f"pay_guidance:booklet:{publication.pk}:{publication.issued_at.isoformat()}"
    return cached_pdf(key, lambda: _render_booklet(publication))


def _render_booklet(publication):
    table = public_table(publication)
    cells = table.cells
    charts_by_group = [
        (occupations.label(group), mark_safe(charts.band_chart([_band(cell) for cell in members], title=group)))  # noqa: S308  our own markup, labels escaped
        for group, members in occupation_bands(cells).items()
    ]
    dimensions = defaultdict(list)
    for cell in cells:
        dimensions[cell.dimension_label].append(cell)
    return render_pdf(
        "pdf/pay_booklet.html",
        {
            "publication": publication,
            "charts": charts_by_group,
            "dimensions": list(dimensions.items()),
            "cost_figures": table.groups,
            "indicators": labour_cost.INDICATORS,
            "method": table.method,
        },
    )


def market_publication(year):
    """Return the latest issued prefecture-wide publication of data year ``year``; refused (``ActionRefused``)
    before one is issued."""
    publication = Publication.objects.issued().in_year(year).covering_prefecture().order_by("-number").first()
    if publication is None:
        raise ActionRefused(f"{year}年度全州工资价位尚未发布。反馈报告以已发布的数据为准，请在全州发布后再生成。")
    return publication


def market_table(year):
    """Return the public table of the latest issued prefecture-wide publication of data year ``year``; refused
    (``ActionRefused``) before one is issued."""
    return public_table(market_publication(year))


def _refuse_unaccepted(survey):
    if survey.status != SurveyStatus.ACCEPTED:
        raise ActionRefused(f"{survey.enterprise}的调查数据尚未州级验收，没有反馈报告。验收后再生成。")


def feedback_context(survey, table):
    """Return what one enterprise's feedback report shows: its median full-year pay per occupation against the
    issued market P25/P50/P75 (``market_table``), and its labour-cost indicators against its industry's."""
    published = {cell.key: cell for cell in table.cells if cell.dimension == "occupation" and not cell.suppressed}
    own = defaultdict(list)
    rule = table.method.part_year_rule
    for code, pay, months in survey.employees.values_list("occupation_code", "annual_pay_yuan", "months_worked"):
        own[code].append(wage_levels.full_year_pay(pay, months, rule))
    rows = []
    for code in sorted(own):
        pays = sorted(own[code])
        median = wage_levels.half_up(wage_levels.percentile(pays, Decimal("0.5")))
        cell, note = published.get(code), ""
        if cell is None:
            cell = published.get(code[:1])
            if cell is not None:
                note = f"该职业不予公布或未单列，以{cell.label}代替"
        rows.append({"label": occupations.label(code), "n": len(pays), "median": median, "market": cell, "note": note})
    chart_rows = [
        (
            row["label"],
            row["market"].p10,
            row["market"].p25,
            row["market"].p50,
            row["market"].p75,
            row["market"].p90,
            row["median"],
        )
        for row in rows
        if row["market"] is not None
    ]
    industry = survey.enterprise.industry
    benchmark = next(
        (g for g in table.groups if industry and g["dimension"] == "industry" and g["key"] == industry), None
    )
    mine = labour_cost.enterprise_indicators(survey)
    indicators = [
        (label, mine.get(name), None if benchmark is None or benchmark["suppressed"] else benchmark["values"].get(name))
        for name, label in labour_cost.INDICATORS
    ]
    return {
        "survey": survey,
        "rows": rows,
        "chart": mark_safe(charts.band_chart(chart_rows[:18], title="本企业与市场工资价位")),  # noqa: S308  our own markup
        "indicators": indicators,
        "benchmark": benchmark,
        "method": table.method,
        "publication": table.publication,
    }


def render_feedback(survey):
    """Return the PDF feedback report of one accepted survey (its own figures only, and the issued market's);
    refused (``ActionRefused``) for a survey not accepted or a year not yet issued.

    The report reads an issued publication (frozen) and the survey's data, so it is rendered once and kept in the
    cache under what it reads (issue 21): the publication's id and issue time, the survey's version (bumped by
    every import and status change), its enterprise's (name, industry) and its flags' (a corrected row changes an
    employee's pay without touching the survey). A newer publication, or any of those changes, renders anew."""
    _refuse_unaccepted(survey)
    publication = market_publication(survey.year)
    flags = survey.flags.aggregate(count=Count("pk"), versions=Sum("version"))
    key = (
        f"pay_guidance:feedback:{publication.pk}:{publication.issued_at.isoformat()}:{survey.pk}:{survey.version}"
        f":{survey.enterprise.version}:{flags['count']}:{flags['versions'] or 0}"
    )
    return cached_pdf(key, lambda: _render_feedback(survey, publication))


def _render_feedback(survey, publication):
    return render_pdf("pdf/pay_feedback.html", {"reports": [feedback_context(survey, public_table(publication))]})


def render_feedback_batch(unit, year):
    """Return one PDF with the feedback report of every surveyed enterprise of ``unit`` in data year ``year``."""
    return render_feedbacks(SurveyEnterprise.objects.for_unit(unit).in_year(year), year)


def render_feedbacks(surveys, year):
    """Return one PDF with the feedback report of every accepted survey of data year ``year`` in ``surveys``
    (refused when none is accepted, or the year is not yet issued)."""
    table = market_table(year)
    surveys = surveys.accepted().select_related("enterprise").order_by("enterprise__name")
    if not surveys.exists():
        raise ActionRefused(f"{year}年度没有州级验收的被调查企业，没有反馈报告。")
    return render_pdf("pdf/pay_feedback.html", {"reports": [feedback_context(survey, table) for survey in surveys]})


__all__ = [
    "Cell",
    "publication_workbook",
    "render_booklet",
    "render_feedback",
    "render_feedback_batch",
    "render_feedbacks",
]
