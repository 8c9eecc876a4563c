"""Annex 5's printable documents for the print centre: each monitored enterprise's 一企一档."""

from django.urls import reverse

from chuxiong_labor import printing

from .dossier import render_dossiers
from .models import MonitoredEnterprise

printing.register(
    printing.Printable(
        code="key_enterprises.dossier",
        annex=5,
        title="重点企业一企一档",
        documents=lambda user, year: (
            MonitoredEnterprise.objects.visible_to(user)
            .filter(year=year)
            .select_related("enterprise", "unit")
            .order_by("unit__sort_order", "enterprise__name", "pk")
        ),
        render=render_dossiers,
        url=lambda entry: reverse("key_enterprises:monitored_pdf", args=[entry.pk]),
        label=lambda entry: entry.enterprise.name,
    )
)
