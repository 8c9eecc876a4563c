"""The pages of a job (``lib/jobs.py``): its start, its progress, then its file.

A view starts a job with ``redirect_to_job``, which answers with the job's page, or, when the job cannot start
(the queue is down), goes back to the page the user came from with the Chinese reason as a message. The job page
shows a progress bar that ``static/js/job-progress.js`` refreshes from ``job_status`` (JSON) without inline
script, as the CSP requires; when the job ends the page reloads once and offers the download, or the Chinese
reason it failed with a link that starts it again. Both pages sweep their job first, so a job whose worker died
is taken up again (or failed) as soon as its owner looks. Every page is the owner's alone (others get 404).
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

from .access import portal_view
from .lib.errors import ActionRefused
from .lib.jobs import Job, JobState, start_job, sweep_jobs
from .navigation import in_section

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def redirect_to_job(request, kind, *, title, source_url, unit=None, params=None):
    """Start (or rejoin) the user's job of ``kind`` and redirect to its page; if it cannot start, redirect back
    to the page the user came from with the reason. ``source_url`` is where the job page's "retry" leads."""
    back_url = came_from(request)
    try:
        started = start_job(
            kind,
            owner=request.user,
            title=title,
            unit=unit,
            params=params,
            source_url=source_url,
            back_url=back_url or "",
        )
    except ActionRefused as refused:
        messages.error(request, str(refused))
        # Not to source_url: for an export that is this very view, which would refuse again.
        return redirect(back_url or reverse("home"))
    return redirect(started)


def came_from(request):
    """Return the path of the portal page that sent ``request`` (its Referer), or None."""
    referer = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure()):
        return None
    parts = urlsplit(referer)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") and path != request.get_full_path() else None


def _swept(job):
    """Return ``job`` as it stands once swept: taken up again, or failed, if its lease had expired."""
    if job.is_active and sweep_jobs(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


@portal_view(model=Job)
def job_detail(request, job):
    if job.back_url:
        in_section(request, job.back_url)
    return render(request, "job_detail.html", {"job": _swept(job), "again_by_post": _starts_jobs(job.source_url)})


def _starts_jobs(url):
    """Return whether ``url`` is a view that starts jobs (answers POST only), so starting again is a POST."""
    try:
        access = getattr(resolve(urlsplit(url).path).func, "portal_access", None)
    except Resolver404:
        return False
    return bool(access and access.starts_job)


@portal_view(model=Job)
def job_status(request, job):
    job = _swept(job)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.state_label,
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
