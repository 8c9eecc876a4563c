"""The notice's own printable documents for the print centre: the monthly circulars (通报), the prefecture
office's, so they belong to no unit; unit staff see the issued ones, as on the circular pages."""

from django.urls import reverse
from django.utils import timezone

from chuxiong_labor import printing
from chuxiong_labor.lib.pdf import join_pdfs, render_pdf

from .models import Circular, ReportingConfig


def render_circulars(circulars):
    """Return one PDF of ``circulars``, each as issued (a draft dated today)."""
    office = ReportingConfig.get().office_heading
    return join_pdfs(
        render_pdf(
            "pdf/circular.html",
            {"circular": circular, "office": office, "dated": circular.issued_on or timezone.localdate()},
        )
        for circular in circulars
    )


printing.register(
    printing.Printable(
        code="reporting.circular",
        annex=0,
        title="工作通报",
        documents=lambda user, year: Circular.objects.visible_to(user).filter(year=year).order_by("month"),
        render=render_circulars,
        url=lambda circular: reverse("reporting:circular_pdf", args=[circular.pk]),
        label=lambda circular: f"{circular.title}（{circular.get_status_display()}）",
        unit_field=None,
    )
)
