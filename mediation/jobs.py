"""Annex 3's jobs: the full case-ledger export runs off the request path (``lib/jobs``)."""

from django.utils import timezone

from chuxiong_labor.lib.jobs import job

from . import resources
from .views import CASE_EXPORT_JOB, filtered_cases


@job(CASE_EXPORT_JOB)
def case_export(run, **params):
    """Export the cases the owner sees, filtered as the ledger was."""
    cases, _filters = filtered_cases(run.owner, params)
    run.progress(0, cases.count())
    content = resources.export_cases(cases.order_by("org__unit__sort_order", "received_on", "id"))
    run.progress(run.total)
    return f"调解台账-{timezone.localdate():%Y%m%d}.xlsx", content
