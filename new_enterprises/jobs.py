"""Annex 4's jobs: the full 信息库 export runs off the request path with its progress (``lib/jobs``)."""

from django.db.models import Prefetch

from chuxiong_labor.lib.jobs import job

from .exports import ledger_workbook
from .models import ServiceRecord
from .views import LEDGER_JOB, filtered_inclusions, stage_labels


@job(LEDGER_JOB)
def ledger(run, *, year="", unit="", q=""):
    """Write the 信息库 of the inclusions the owner sees, filtered as the list was."""
    inclusions, year, unit, _query = filtered_inclusions(run.owner, {"year": year, "unit": unit, "q": q})
    run.progress(0, inclusions.count())
    inclusions = (
        inclusions.select_related("unit", "enterprise", "enterprise__region")
        .prefetch_related(Prefetch("services", queryset=ServiceRecord.objects.order_by("served_on", "pk")))
        .order_by("year", "unit__sort_order", "enterprise__name", "pk")
    )
    subtitle = "，".join(filter(None, [str(unit) if unit else "", f"{year}年" if year else ""]))
    content = ledger_workbook(inclusions, stage_labels(), subtitle=subtitle, progress=run.progress)
    return f"新注册企业信息库{('-' + subtitle) if subtitle else ''}.xlsx", content
