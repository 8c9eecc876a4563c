"""Annex 1's jobs: the full coordinator export runs off the request path (``lib/jobs``)."""

from io import BytesIO

from chuxiong_labor.lib.jobs import job
from chuxiong_labor.lib.spreadsheets import simple_workbook

from . import permissions
from .models import Coordinator
from .resources import CoordinatorResource
from .views import EXPORT_JOB


@job(EXPORT_JOB)
def coordinator_export(run):
    """Export the coordinators the owner sees (resident IDs only for those who may export them)."""
    coordinators = Coordinator.objects.visible_to(run.owner).select_related("unit", "employer")
    run.progress(0, coordinators.count())
    resource = CoordinatorResource(user=run.owner, show_resident_ids=permissions.can_export_resident_ids(run.owner))
    dataset = resource.export(queryset=coordinators)
    workbook = simple_workbook("劳动关系协调员", dataset.headers, dataset)
    run.progress(run.total)
    buffer = BytesIO()
    workbook.save(buffer)
    return "劳动关系协调员.xlsx", buffer.getvalue()
