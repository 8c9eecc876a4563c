"""一企一档: one enterprise's file as a PDF — the enterprise, its monitoring trend, guidance, layoff plans and leads.

``render_dossier`` renders one; ``render_dossiers`` renders many into one document (a page break between
enterprises), in a fixed number of queries per enterprise, for the background job that the batch download runs in.
"""

from chuxiong_labor.lib.pdf import render_pdf

from .figures import trend, trend_chart
from .guidance import guidance_of

TEMPLATE = "pdf/key_enterprise_dossier.html"


def dossier_context(entry):
    """Return what one enterprise's file shows."""
    figures = trend(entry)
    return {
        "entry": entry,
        "enterprise": entry.enterprise,
        "figures": figures,
        "chart": trend_chart(figures, width=480, height=120),
        "guidance": guidance_of(entry),
        "plans": list(entry.layoff_plans.prefetch_related("people")),
        "leads": list(entry.leads.prefetch_related("actions").order_by("opened_on")),
    }


def render_dossier(entry):
    """Return the PDF bytes of ``entry``'s file."""
    return render_pdf(TEMPLATE, {"files": [dossier_context(entry)]})


def render_dossiers(entries):
    """Return the PDF bytes of the files of every entry in ``entries``, one after another."""
    return render_pdf(TEMPLATE, {"files": [dossier_context(entry) for entry in entries]})
