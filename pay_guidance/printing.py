"""Annex 6's printable documents for the print centre: each surveyed enterprise's 薪酬数据反馈报告 (batches run as
annex 6's own job, which computes the wage table once) and each publication's booklet of wage price levels."""

from django.urls import reverse

from chuxiong_labor import printing
from chuxiong_labor.lib.pdf import join_pdfs

from . import documents
from .models import Publication, SurveyEnterprise
from .views import FEEDBACK_BATCH_JOB

printing.register(
    printing.Printable(
        code="pay_guidance.feedback",
        annex=6,
        title="薪酬数据反馈报告",
        documents=lambda user, year: (
            SurveyEnterprise.objects.visible_to(user)
            .in_year(year)
            .accepted()
            .select_related("enterprise", "unit")
            .order_by("unit__sort_order", "enterprise__name", "pk")
        ),
        url=lambda survey: reverse("pay_guidance:survey_feedback", args=[survey.pk]),
        label=lambda survey: survey.enterprise.name,
        batch_kind=FEEDBACK_BATCH_JOB,
        batch_params=lambda year, unit: {"unit": unit, "year": year},
    )
)
printing.register(
    printing.Printable(
        code="pay_guidance.booklet",
        annex=6,
        title="企业薪酬指引（工资价位）手册",
        documents=lambda user, year: (
            Publication.objects.visible_to(user)
            .in_year(year)
            .select_related("unit")
            .order_by("unit__sort_order", "number")
        ),
        render=lambda publications: join_pdfs(documents.render_booklet(p) for p in publications),
        url=lambda publication: reverse("pay_guidance:publication_booklet", args=[publication.pk]),
        label=lambda publication: (
            f"{publication.title}（第{publication.number}版，{publication.get_status_display()}）"
        ),
    )
)
