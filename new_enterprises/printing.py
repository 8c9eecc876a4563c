"""Annex 4's printable documents for the print centre: the 新注册企业信息表 of each enterprise in a unit's plan."""

from django.urls import reverse

from chuxiong_labor import printing
from chuxiong_labor.lib.pdf import render_pdf

from .models import Inclusion


def render_sheets(enterprises):
    """Return one PDF of the 新注册企业信息表 of every enterprise in ``enterprises``, a page each."""
    return render_pdf("pdf/new_enterprise_sheet.html", {"enterprises": list(enterprises)})


printing.register(
    printing.Printable(
        code="new_enterprises.sheet",
        annex=4,
        title="新注册企业信息表",
        documents=lambda user, year: (
            Inclusion.objects.visible_to(user)
            .filter(year=year)
            .select_related("enterprise__region", "unit")
            .order_by("unit__sort_order", "enterprise__name", "pk")
        ),
        render=lambda inclusions: render_sheets(inclusion.enterprise for inclusion in inclusions),
        url=lambda inclusion: reverse("new_enterprises:enterprise_sheet", args=[inclusion.enterprise_id]),
        label=lambda inclusion: inclusion.enterprise.name,
    )
)
