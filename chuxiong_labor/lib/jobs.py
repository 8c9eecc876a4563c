"""Work too long for a web request (batch PDFs, full exports, large imports), run as a job with progress.

An app registers what a kind of job does, once, in its ``jobs.py`` (found by name, like ``admin.py``), and
starts it from a view with a few lines::

    @job("coordinators.roster_export")
    def roster_export(run, *, year):
        rows = list(...visible_to(run.owner)...)
        run.progress(0, len(rows))
        ...                                   # call run.progress(done, total) as the work advances
        return "花名册.xlsx", content           # the file name the user downloads, and its bytes

    started = start_job("coordinators.roster_export", owner=request.user, title="协调员花名册",
                        params={"year": 2026}, source_url=request.get_full_path())
    return redirect(started)                  # the job's page: a progress bar, then the download

With ``REDIS_URL`` set, ``start_job`` queues the job for a Celery worker once the request's transaction commits,
so the web worker answers at once and the work runs on any machine that runs ``celery worker``; without it (the
embedded default, ``make run``), the job runs in-process before ``start_job`` returns. Either way the result is
stored in the database, so any app server can serve the download. Starting a job the same user already has
queued or running with the same parameters returns that job instead of starting a second one (a partial unique
constraint decides, so two simultaneous clicks cannot both start one). A job belongs to its owner: nobody else
may see its page or its file. Results expire after ``JOB_RESULT_HOURS`` and are removed as new jobs start.
"""

import hashlib
import json
import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .errors import ActionRefused

logger = logging.getLogger(__name__)

REGISTRY = {}
FAILED_MESSAGE = "生成文件时出现意外错误，请点击“重试”；如仍失败，请联系系统管理员。"


class JobState(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


ACTIVE_STATES = (JobState.PENDING, JobState.RUNNING)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the jobs ``user`` started: a job and its file belong to its owner alone."""
        return self.filter(owner=user).defer("result")

    def active(self):
        """Return the jobs queued or running."""
        return self.filter(state__in=ACTIVE_STATES)

    def expired(self, now=None):
        """Return the finished jobs whose file has expired."""
        return self.filter(expires_at__lt=now or timezone.now())


class Job(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.CASCADE, related_name="jobs"
    )
    unit = models.ForeignKey(
        "chuxiong_labor.Unit", verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("类型", max_length=80)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField("参数", default=dict)
    params_key = models.CharField("参数摘要", max_length=64, editable=False)
    source_url = models.CharField("发起页面", max_length=500, blank=True)
    state = models.CharField("状态", max_length=10, choices=JobState.choices, default=JobState.PENDING)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    filename = models.CharField("文件名", max_length=200, blank=True)
    result = models.BinaryField("文件", null=True, editable=False)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("文件保留至", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "params_key"],
                condition=Q(state__in=["pending", "running"]),
                name="one_running_job_per_owner_kind_and_params",
            )
        ]
        indexes = [models.Index(fields=["expires_at"], name="job_expires_at")]

    def __str__(self):
        return f"{self.title}（{self.get_state_display()}）"

    def get_absolute_url(self):
        return reverse("job_detail", kwargs={"pk": self.pk})

    @property
    def is_active(self):
        return self.state in ACTIVE_STATES

    @property
    def percent(self):
        if self.state == JobState.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def progress(self, done, total=None):
        """Record that ``done`` of ``total`` steps (pages, rows) are finished; the progress bar reads it."""
        self.done = done
        if total is not None:
            self.total = total
        Job.objects.filter(pk=self.pk).update(done=self.done, total=self.total)


def job(kind):
    """Register the decorated function as what a job of ``kind`` does.

    The function takes the running ``Job`` (``run.owner``, ``run.unit``, ``run.progress(done, total)``) and the
    job's parameters as keywords, and returns ``(file name, bytes)``. Raising ``ActionRefused`` fails the job
    with its Chinese sentence; any other exception fails it with a general message (and is logged).
    """

    def register(function):
        REGISTRY[kind] = function
        return function

    return register


def registered(kind):
    """Return the function of ``kind``, importing every app's ``jobs`` module first if it is not known yet."""
    if kind not in REGISTRY:
        autodiscover_modules("jobs")
    if kind not in REGISTRY:
        raise LookupError(f"no job registered as {kind!r}")
    return REGISTRY[kind]


def _params_key(params):
    return hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def runs_in_worker():
    """Return whether jobs go to Celery workers (``REDIS_URL`` set) rather than run in the request."""
    return bool(getattr(settings, "REDIS_URL", None))


def start_job(kind, *, owner, title, unit=None, params=None, source_url=""):
    """Start a job of ``kind`` for ``owner`` (on behalf of ``unit``, the owner's by default) and return it, or
    return the same job already queued or running. ``source_url`` is where "retry" leads."""
    registered(kind)
    params = params or {}
    unit = unit if unit is not None else getattr(owner, "unit", None)
    key = _params_key(params)
    Job.objects.expired().delete()
    running = Job.objects.active().filter(owner=owner, kind=kind, params_key=key).first()
    if running is not None:
        return running
    try:
        with transaction.atomic():
            started = Job.objects.create(
                owner=owner,
                unit=unit,
                kind=kind,
                title=title,
                params=params,
                params_key=key,
                source_url=source_url[:500],
            )
    except IntegrityError:
        # Someone (a second click) started the same job in the meantime: answer with that one.
        return Job.objects.active().get(owner=owner, kind=kind, params_key=key)
    if runs_in_worker():
        transaction.on_commit(lambda: run_job_task.delay(started.pk))
    else:
        run_job(started.pk)
        started.refresh_from_db()
    return started


def run_job(job_id):
    """Run a queued job to its end, recording its file or its error; a job that is not queued is left alone."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.PENDING).update(state=JobState.RUNNING)
    if not claimed:
        return
    current = Job.objects.select_related("owner", "unit").get(pk=job_id)
    finished = {"finished_at": timezone.now()}
    try:
        filename, content = registered(current.kind)(current, **current.params)
    except ActionRefused as refused:
        finished.update(state=JobState.FAILED, error=str(refused))
    except Exception:
        logger.exception("job %s (%s) failed", job_id, current.kind)
        finished.update(state=JobState.FAILED, error=FAILED_MESSAGE)
    else:
        finished.update(state=JobState.DONE, filename=filename, result=content, done=current.total or current.done)
    finished["expires_at"] = finished["finished_at"] + timedelta(hours=settings.JOB_RESULT_HOURS)
    Job.objects.filter(pk=job_id).update(**finished)


@shared_task(name="chuxiong_labor.run_job", ignore_result=True)
def run_job_task(job_id):
    """Celery's entry point for a queued job."""
    run_job(job_id)
