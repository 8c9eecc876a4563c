"""The pages of a job (``lib/jobs.py``): its progress, then its file.

The job page shows a progress bar that ``static/js/job-progress.js`` refreshes from ``job_status`` (JSON) without
inline script, as the CSP requires; when the job ends the page reloads once and offers the download, or the
Chinese reason it failed with a link that starts it again. Every page is the owner's alone (others get 404).
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from .access import portal_view
from .lib.jobs import Job, JobState

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@portal_view(model=Job)
def job_detail(request, job):
    return render(request, "job_detail.html", {"job": job})


@portal_view(model=Job)
def job_status(request, job):
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": not job.is_active,
        }
    )


@portal_view(model=Job)
def job_download(request, job):
    if job.state != JobState.DONE or job.expires_at < timezone.now() or job.result is None:
        return render(request, "job_detail.html", {"job": job, "not_ready": True}, status=404)
    suffix = job.filename[job.filename.rfind(".") :].lower() if "." in job.filename else ""
    response = HttpResponse(bytes(job.result), content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    return response
