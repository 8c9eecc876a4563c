"""Work too long for a web request (batch PDFs, full exports, large imports), run as a job with progress.

An app registers what a kind of job does, once, in its ``jobs.py`` (found by name, like ``admin.py``), and
starts it from a view with a few lines (``chuxiong_labor.downloads.redirect_to_job`` calls ``start_job`` for
a view, and shows its refusal as a message)::

    @job("coordinators.roster_export")
    def roster_export(run, *, year):
        rows = list(...visible_to(run.owner)...)
        run.progress(0, len(rows))
        ...                                   # call run.progress(done, total) as the work advances
        return "花名册.xlsx", content           # the file name the user downloads, and its bytes

    return redirect_to_job(request, "coordinators.roster_export", title="协调员花名册",
                           params={"year": 2026}, source_url=request.get_full_path())
                                              # the job's page: a progress bar, then the download

With ``REDIS_URL`` set, ``start_job`` queues the job for a Celery worker, so the web worker answers at once and
the work runs on any machine that runs ``celery worker``; if the queue cannot be reached, ``start_job`` deletes
the job again and refuses in Chinese. Without it (the embedded default, ``make run``), the job runs in a thread
of the web process, so the page answers at once too; under the tests (``JOBS_INLINE``) it runs before
``start_job`` returns. Either way the result is stored in the database, so any app server can serve the
download. Starting a job the same user already has queued or running with the same parameters returns that job
instead of starting a second one (a partial unique constraint decides, so two simultaneous clicks cannot both
start one). A job belongs to its owner: nobody else may see its page or its file. Results expire after
``JOB_RESULT_HOURS`` and are removed as new jobs start.

A job survives the death of whatever runs it through a *lease*: a running job holds ``lease_expires_at``, which
``run.progress()`` and a heartbeat thread push ``JOB_LEASE_SECONDS`` ahead while its process lives. A job whose
lease expired is found by ``sweep_jobs`` (scheduled every minute, run when a worker starts, and run on the job
when its page is asked for or it is started again), which queues it again, or after ``JOB_MAX_ATTEMPTS`` runs
fails it with a Chinese sentence and the retry link. Each run holds its attempt number, and every write of a run
is conditioned on it, so a run that lost its lease (its process only stalled) can no longer overwrite the job.
Celery acknowledges a job's message only once it has run (``task_acks_late``), so a message taken by a worker
that dies is delivered again; a job already running or finished ignores a message, so a repeated one is harmless.
A job taken up again runs from the start: jobs write their data in one transaction, or refuse when their preview
no longer holds.
"""

import hashlib
import json
import logging
import threading
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connections, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from kombu.exceptions import OperationalError as BrokerUnavailable

from .errors import ActionRefused

logger = logging.getLogger(__name__)

REGISTRY = {}
FAILED_MESSAGE = "生成文件时出现意外错误，请点击“重试”；如仍失败，请联系系统管理员。"
LOST_MESSAGE = "生成文件的进程意外中断，已重新尝试仍未完成，请点击“重试”；如仍失败，请联系系统管理员。"
QUEUE_DOWN_MESSAGE = "任务队列暂不可用，文件没有开始生成。请稍后再试；如仍不可用，请联系系统管理员。"


class JobState(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


ACTIVE_STATES = (JobState.PENDING, JobState.RUNNING)


class LeaseLost(Exception):
    """The run no longer holds its job: the sweep gave the job to another run, or failed it."""


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

    def lease_expired(self, now=None):
        """Return the queued or running jobs whose lease has run out: nothing is known to be working on them."""
        return self.active().filter(lease_expires_at__lt=now or timezone.now())


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
    back_url = models.CharField("返回页面", max_length=500, blank=True)
    state = models.CharField("状态", max_length=10, choices=JobState.choices, default=JobState.PENDING)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    filename = models.CharField("文件名", max_length=200, blank=True)
    result = models.BinaryField("文件", null=True, editable=False)
    error = models.TextField("错误", blank=True)
    attempts = models.PositiveSmallIntegerField("运行次数", default=0)
    lease_expires_at = models.DateTimeField("租约到期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("文件保留至", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Only live jobs: the sweep moves a job whose lease expired back to the queue or to 失败, and asking
            # again sweeps first, so a dead job never stands in the way of a fresh one.
            models.UniqueConstraint(
                fields=["owner", "kind", "params_key"],
                condition=Q(state__in=["pending", "running"]),
                name="one_running_job_per_owner_kind_and_params",
            )
        ]
        indexes = [
            models.Index(fields=["expires_at"], name="job_expires_at"),
            models.Index(fields=["state", "lease_expires_at"], name="job_lease"),
        ]

    def __str__(self):
        return f"{self.title}（{self.get_state_display()}）"

    def get_absolute_url(self):
        return reverse("job_detail", kwargs={"pk": self.pk})

    @property
    def heading(self):
        """The title naming the unit that asked, unless the title names it already."""
        if self.unit is None or self.unit.short_name in self.title:
            return self.title
        return f"{self.unit.short_name}·{self.title}"

    @property
    def is_active(self):
        return self.state in ACTIVE_STATES

    @property
    def state_label(self):
        """The state as the progress line shows it, saying when the job is being run again."""
        label = self.get_state_display()
        return f"{label}（第{self.attempts}次）" if self.is_active and self.attempts > 1 else label

    @property
    def percent(self):
        if self.state == JobState.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def progress(self, done, total=None):
        """Record that ``done`` of ``total`` steps (pages, rows) are finished and renew the lease; the progress
        bar reads it. Call it outside any transaction of the job's own, so others see it at once."""
        self.done = done
        if total is not None:
            self.total = total
        held = self._held().update(done=self.done, total=self.total, lease_expires_at=_lease_end())
        if not held and self.state == JobState.RUNNING:
            raise LeaseLost(self.pk)

    def _held(self):
        """This run's job, as long as the run still holds it."""
        return Job.objects.filter(pk=self.pk, state=JobState.RUNNING, attempts=self.attempts)


def job(kind):
    """Register the decorated function as what a job of ``kind`` does.

    The function takes the running ``Job`` (``run.owner``, ``run.unit``, ``run.progress(done, total)``) and the
    job's parameters as keywords, and returns ``(file name, bytes)``. Raising ``ActionRefused`` fails the job
    with its Chinese sentence; any other exception fails it with a general message (and is logged). A job may be
    run again from the start when the process running it died, so it writes its data in one transaction.
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


def _lease_end(now=None):
    return (now or timezone.now()) + timedelta(seconds=settings.JOB_LEASE_SECONDS)


def runs_in_worker():
    """Return whether jobs go to Celery workers (``REDIS_URL`` set) rather than run in the web process."""
    return bool(getattr(settings, "REDIS_URL", None))


def start_job(kind, *, owner, title, unit=None, params=None, source_url="", back_url=""):
    """Start a job of ``kind`` for ``owner`` (on behalf of ``unit``, the owner's by default) and return it, or
    return the same job already queued or running. ``source_url`` is where "retry" leads, ``back_url`` the page
    the job was asked for from. Raise ``ActionRefused`` (and keep no job) when the queue cannot be reached."""
    registered(kind)
    params = params or {}
    unit = unit if unit is not None else getattr(owner, "unit", None)
    key = _params_key(params)
    Job.objects.expired().delete()
    same = Job.objects.active().filter(owner=owner, kind=kind, params_key=key)
    sweep_jobs(same)
    running = same.first()
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
                back_url=back_url[:500],
                lease_expires_at=_lease_end(),
            )
    except IntegrityError:
        # Someone (a second click) started the same job in the meantime: answer with that one.
        return same.get()
    try:
        _dispatch(started.pk)
    except BrokerUnavailable:
        logger.warning("job queue unavailable: job %s (%s) not started", started.pk, kind, exc_info=True)
        started.delete()
        raise ActionRefused(QUEUE_DOWN_MESSAGE) from None
    if settings.JOBS_INLINE and not runs_in_worker():
        started.refresh_from_db()
    return started


def _dispatch(job_id):
    """Hand a queued job to what runs it: a Celery worker, a thread of this process, or (tests) this call."""
    if runs_in_worker():
        # A connection of its own, from the settings of the moment, rather than Celery's pool of connections:
        # one publish per start is cheap, and a broker that went away is found out here, not in a stale pool.
        # Published now, not after a commit, so that a start can still be refused; views start jobs outside any
        # transaction, and a message that arrives before its job is committed is sent again by the sweep.
        with run_job_task.app.connection_for_write(settings.REDIS_URL) as connection:
            run_job_task.apply_async((job_id,), connection=connection)
    elif settings.JOBS_INLINE:
        run_job(job_id)
    else:
        # After the commit, so that the thread (another database connection) sees the job.
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(job_id,), name=f"job-{job_id}", daemon=True).start()
        )


def _run_in_thread(job_id):
    try:
        run_job(job_id)
    finally:
        connections.close_all()


def run_job(job_id):
    """Run a queued job to its end, recording its file or its error; a job that is not queued is left alone."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.PENDING).update(
        state=JobState.RUNNING, attempts=F("attempts") + 1, started_at=now, lease_expires_at=_lease_end(now)
    )
    if not claimed:
        return
    current = Job.objects.select_related("owner", "unit").get(pk=job_id)
    heartbeat = _Heartbeat(current)
    heartbeat.start()
    try:
        filename, content = registered(current.kind)(current, **current.params)
    except LeaseLost:
        logger.warning("job %s (%s) was taken from this run after its lease expired", job_id, current.kind)
        return
    except ActionRefused as refused:
        ended = {"state": JobState.FAILED, "error": str(refused)}
    except Exception:
        logger.exception("job %s (%s) failed", job_id, current.kind)
        ended = {"state": JobState.FAILED, "error": FAILED_MESSAGE}
    else:
        ended = {"state": JobState.DONE, "filename": filename, "result": content, "done": current.total or current.done}
    finally:
        heartbeat.stop()
    _finish(current._held(), **ended)


def _finish(jobs, **fields):
    now = timezone.now()
    return jobs.update(
        finished_at=now,
        expires_at=now + timedelta(hours=settings.JOB_RESULT_HOURS),
        lease_expires_at=None,
        **fields,
    )


class _Heartbeat(threading.Thread):
    """Renew a running job's lease while its process lives, also through a long step that reports no progress."""

    def __init__(self, job):
        super().__init__(name=f"job-{job.pk}-heartbeat", daemon=True)
        self.job = job
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.JOB_LEASE_SECONDS / 3):
                try:
                    self.job._held().update(lease_expires_at=_lease_end())
                except DatabaseError:
                    # A busy database (SQLite's one writer): the next beat, or the job's own progress, renews it.
                    logger.warning("job %s: lease not renewed this time", self.job.pk, exc_info=True)
        finally:
            connections.close_all()

    def stop(self):
        self.stopped.set()
        self.join()


def sweep_jobs(jobs=None):
    """Queue again, or fail, every job (of ``jobs``, all by default) whose lease expired; return how many.

    A queued job whose lease expired (its message was lost, or it waits behind others) is sent again, which is
    harmless if the first message is still coming. A running one is queued again until it has run
    ``JOB_MAX_ATTEMPTS`` times, then fails with the retry link.
    """
    now = timezone.now()
    swept = 0
    for stale in (jobs if jobs is not None else Job.objects.all()).lease_expired(now).defer("result"):
        lapsed = Job.objects.filter(pk=stale.pk, state=stale.state, attempts=stale.attempts, lease_expires_at__lt=now)
        if stale.state == JobState.RUNNING and stale.attempts >= settings.JOB_MAX_ATTEMPTS:
            swept += _finish(lapsed, state=JobState.FAILED, error=LOST_MESSAGE)
            logger.warning("job %s (%s) failed: its run died %s times", stale.pk, stale.kind, stale.attempts)
            continue
        if not lapsed.update(state=JobState.PENDING, done=0, lease_expires_at=_lease_end(now)):
            continue  # another sweep got there first
        swept += 1
        logger.warning("job %s (%s) queued again: its lease expired while %s", stale.pk, stale.kind, stale.state)
        try:
            _dispatch(stale.pk)
        except BrokerUnavailable:
            logger.warning("job queue unavailable: job %s stays queued for the next sweep", stale.pk)
    return swept


@shared_task(name="chuxiong_labor.run_job", ignore_result=True)
def run_job_task(job_id):
    """Celery's entry point for a queued job."""
    run_job(job_id)


@shared_task(name="chuxiong_labor.sweep_jobs", ignore_result=True)
def sweep_jobs_task():
    """Queue again, or fail, the jobs whose worker died (scheduled every minute, and when a worker starts)."""
    sweep_jobs()
