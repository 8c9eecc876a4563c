"""The Celery application: jobs (``chuxiong_labor.lib.jobs``) and the scheduled commands, with Redis as broker.

Start a worker with ``make worker`` (``celery -A chuxiong_labor worker``) and the scheduler with
``celery -A chuxiong_labor beat``; both read the same settings (``CELERY_*``, from ``REDIS_URL``) as the web
servers. The schedule runs the jobs' sweep every minute (``lib/jobs.sweep_jobs``: a job whose worker died is
queued again or failed with the retry link), and the two commands that cron ran before: ``send_reminders`` every
morning and ``prune_history`` once a week. The commands themselves stay, and stay safe to run twice. A worker
also sweeps once when it starts, so the jobs of a worker that died are taken up as soon as one is back. An app's
own tasks live in its ``tasks`` module, listed below: annex 6's warming of the wage tables after a survey is
accepted or returned (``pay_guidance.tasks``).
"""

import os

from celery import Celery, shared_task
from celery.schedules import crontab
from celery.signals import worker_ready
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")

app = Celery("chuxiong_labor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["chuxiong_labor.lib.jobs", "pay_guidance.tasks"], related_name=None)
app.conf.beat_schedule = {
    "sweep-jobs-every-minute": {"task": "chuxiong_labor.sweep_jobs", "schedule": 60.0},
    "send-reminders-daily": {"task": "chuxiong_labor.send_reminders", "schedule": crontab(hour=7, minute=30)},
    "prune-history-weekly": {
        "task": "chuxiong_labor.prune_history",
        "schedule": crontab(hour=3, minute=15, day_of_week=0),
    },
}


@shared_task(name="chuxiong_labor.send_reminders", ignore_result=True)
def send_reminders():
    """E-mail the units before a duty and after a miss (each reminder at most once)."""
    call_command("send_reminders")


@shared_task(name="chuxiong_labor.prune_history", ignore_result=True)
def prune_history():
    """Delete history older than the retention period."""
    call_command("prune_history")


@worker_ready.connect
def sweep_jobs_on_start(sender, **kwargs):
    """Queue the jobs' sweep as soon as a worker is up: a job whose worker died need not wait for the schedule."""
    sender.app.send_task("chuxiong_labor.sweep_jobs")
