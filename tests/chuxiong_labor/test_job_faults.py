"""Jobs survive faults (``chuxiong_labor.lib.jobs``): a lease and a sweep take up a job whose worker died, a real
Celery worker killed mid-job included; with Redis down a start is refused in Chinese and leaves no job while login,
pages and the lock-out keep working; without Redis a job runs in a thread and the request answers at once."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor.celery import app, sweep_jobs_on_start
from chuxiong_labor.lib import jobs
from chuxiong_labor.lib.jobs import Job, JobState, job, start_job, sweep_jobs
from chuxiong_labor.roles import Role
from tests.chuxiong_labor import fault_jobs
from tests.factories import TEST_PASSWORD, make_user
from tests.workers import redis_url

ROOT = Path(__file__).resolve().parents[2]
# This worker's Redis database (``tests.workers``); a port where nothing listens is Redis down.
FAULTS_REDIS = redis_url()
REDIS_DOWN = "redis://127.0.0.1:6390/10"
CLOCK = {}


@job("tests.three")
def count_to_three(run):
    for done in range(1, 4):
        run.progress(done, 3)
    return "计数.txt", b"1,2,3"


@job("tests.clock")
def takes_five_minutes(run):
    CLOCK["traveller"].shift(timedelta(minutes=5))
    return "时钟.txt", b"ok"


@job("tests.taken_over")
def taken_over(run):
    # What a sweep and a second run do while this run stalls: the job is claimed again.
    Job.objects.filter(pk=run.pk).update(attempts=run.attempts + 1, done=7)
    run.progress(1, 10)
    return "不应写入.txt", b"stale"


def make_job(owner, *, state=JobState.RUNNING, attempts=1, lease_expires_at=None, **fields):
    return Job.objects.create(
        owner=owner,
        kind="tests.three",
        title="测试文件",
        params_key=jobs._params_key({}),
        source_url="/start/",
        state=state,
        attempts=attempts,
        lease_expires_at=lease_expires_at or timezone.now() - timedelta(seconds=1),
        **fields,
    )


# --- the lease and the sweep ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_running_job_whose_lease_expired_is_run_again_by_the_sweep(county_user):
    dead = make_job(county_user, done=2, total=3)
    assert sweep_jobs() == 1
    dead.refresh_from_db()
    assert (dead.state, dead.attempts, bytes(dead.result)) == (JobState.DONE, 2, b"1,2,3")


@pytest.mark.django_db
def test_a_job_whose_run_died_every_time_fails_with_the_retry_message(client, county_user, settings):
    dead = make_job(county_user, attempts=settings.JOB_MAX_ATTEMPTS)
    sweep_jobs()
    client.force_login(county_user)
    page = client.get(dead.get_absolute_url()).content.decode()
    dead.refresh_from_db()
    assert (dead.state, dead.error, dead.finished_at is not None) == (JobState.FAILED, jobs.LOST_MESSAGE, True)
    assert "生成文件的进程意外中断" in page
    assert 'href="/start/">重试</a>' in page


@pytest.mark.django_db
def test_a_job_whose_lease_holds_is_left_alone(county_user):
    alive = make_job(county_user, lease_expires_at=timezone.now() + timedelta(seconds=30))
    assert (sweep_jobs(), Job.objects.get(pk=alive.pk).state) == (0, JobState.RUNNING)


@pytest.mark.django_db
def test_asking_again_for_a_job_whose_run_died_starts_a_fresh_one(county_user, settings):
    dead = make_job(county_user, attempts=settings.JOB_MAX_ATTEMPTS)
    fresh = start_job("tests.three", owner=county_user, title="测试文件")
    assert (fresh.pk != dead.pk, fresh.state, Job.objects.get(pk=dead.pk).state) == (
        True,
        JobState.DONE,
        JobState.FAILED,
    )


@pytest.mark.django_db
def test_the_status_of_a_dead_job_takes_it_up_again(client, county_user):
    dead = make_job(county_user)
    client.force_login(county_user)
    status = client.get(reverse("job_status", args=[dead.pk])).json()
    assert (status["state"], status["finished"]) == (JobState.DONE, True)


@pytest.mark.django_db
def test_progress_renews_the_lease(county_user, settings, time_machine):
    time_machine.move_to("2026-03-01 09:00 +08:00", tick=False)
    running = make_job(county_user, lease_expires_at=timezone.now() + timedelta(seconds=5))
    time_machine.shift(timedelta(seconds=30))
    running.progress(1, 3)
    running.refresh_from_db()
    assert running.lease_expires_at == timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS)


@pytest.mark.django_db
def test_a_run_that_lost_its_job_stops_and_leaves_the_job_to_the_run_that_took_it(county_user):
    started = start_job("tests.taken_over", owner=county_user, title="测试文件")
    assert (started.state, started.done, started.result) == (JobState.RUNNING, 7, None)


@pytest.mark.django_db
def test_finished_at_is_the_end_of_the_run_and_started_at_its_beginning(county_user, time_machine):
    CLOCK["traveller"] = time_machine
    time_machine.move_to("2026-03-01 09:00 +08:00", tick=False)
    started = start_job("tests.clock", owner=county_user, title="测试文件")
    assert started.finished_at - started.started_at == timedelta(minutes=5)


def test_the_sweep_runs_every_minute_and_when_a_worker_starts():
    from celery.signals import worker_ready

    schedule = app.conf.beat_schedule["sweep-jobs-every-minute"]
    assert (schedule["task"], schedule["schedule"]) == ("chuxiong_labor.sweep_jobs", 60.0)
    assert any(receiver() is sweep_jobs_on_start for _, receiver in worker_ready.receivers)


def test_celery_acknowledges_a_job_only_once_it_has_run_one_message_at_a_time():
    assert (app.conf.task_acks_late, app.conf.task_reject_on_worker_lost, app.conf.worker_prefetch_multiplier) == (
        True,
        True,
        1,
    )


# --- the job page -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_job_page_names_the_unit_that_asked_and_links_back_to_where_it_was_asked(client, county_user):
    client.force_login(county_user)
    listing = reverse("coordinators:coordinator_list") + "?page=2"
    response = client.post(reverse("coordinators:coordinator_export"), HTTP_REFERER=f"http://testserver{listing}")
    page = client.get(response["Location"]).content.decode()
    assert "<title>楚雄市·劳动关系协调员（导出）" in page
    assert f'href="{listing}" data-testid="job-back"' in page


# --- Redis down -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_the_queue_down_a_start_says_so_in_chinese_goes_back_and_keeps_no_job(client, county_user, settings):
    settings.REDIS_URL = REDIS_DOWN
    client.force_login(county_user)
    listing = reverse("coordinators:coordinator_list")
    response = client.post(reverse("coordinators:coordinator_export"), HTTP_REFERER=f"http://testserver{listing}")
    assert (response.status_code, response["Location"]) == (302, listing)
    assert [str(message) for message in get_messages(response.wsgi_request)] == [jobs.QUEUE_DOWN_MESSAGE]
    assert not Job.objects.exists()


@pytest.fixture
def redis_down(settings):
    settings.REDIS_URL = REDIS_DOWN
    settings.CACHES = {
        "default": {
            "BACKEND": "chuxiong_labor.lib.caching.FallbackRedisCache",
            "LOCATION": REDIS_DOWN,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.mark.django_db
def test_with_redis_down_a_user_signs_in_and_opens_a_page(county_user, redis_down):
    browser = Client(REMOTE_ADDR="10.0.0.1")
    signed_in = browser.post("/accounts/login/", {"username": county_user.username, "password": TEST_PASSWORD})
    assert (signed_in.status_code, browser.get("/").status_code) == (302, 200)


@pytest.mark.django_db
def test_with_redis_down_five_failures_still_lock_the_username_out(county_user, redis_down):
    browser = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        browser.post("/accounts/login/", {"username": county_user.username, "password": "wrong-password"})
    locked = browser.post("/accounts/login/", {"username": county_user.username, "password": TEST_PASSWORD})
    assert locked.status_code == 429


def test_with_redis_down_the_cache_answers_from_memory(redis_down):
    cache.set("greeting", "你好")
    assert cache.get("greeting") == "你好"


def test_with_redis_up_the_cache_is_redis(settings):
    settings.CACHES = {
        "default": {"BACKEND": "chuxiong_labor.lib.caching.FallbackRedisCache", "LOCATION": FAULTS_REDIS}
    }
    connection = redis_or_fail()
    connection.flushdb()
    cache.set("greeting", "你好")
    assert [key.decode() for key in connection.keys()] == [":1:greeting"]
    connection.flushdb()


def redis_or_fail():
    connection = redis.Redis.from_url(FAULTS_REDIS)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not running at {FAULTS_REDIS}; start it (CI starts it) to run the fault tests.")
    return connection


# --- without Redis: a thread of the web process ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_without_redis_the_request_answers_before_the_job_ends_and_a_thread_runs_it(settings):
    settings.REDIS_URL = None
    settings.JOBS_INLINE = False
    fault_jobs.GATE.clear()
    owner = make_user(Role.COUNTY_STAFF, "楚雄市", username="thread-test-user")
    client = Client()
    client.force_login(owner)
    try:
        started = start_job("tests.gated", owner=owner, title="测试文件")
        assert started.state == JobState.PENDING  # returned while the job waits at its gate
    finally:
        fault_jobs.GATE.set()
    runner = next(thread for thread in threading.enumerate() if thread.name == f"job-{started.pk}")
    runner.join(30)
    started.refresh_from_db()
    assert (started.state, bytes(started.result)) == (JobState.DONE, b"opened")


# --- a real worker killed mid-job -----------------------------------------------------------------------------------


def start_worker(database_url, name, log):
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(
        PORTAL_TESTING="true",
        DATABASE_URL=database_url,
        REDIS_URL=FAULTS_REDIS,
        JOB_LEASE_SECONDS="3",
        PYTHONPATH=str(ROOT),
    )
    return subprocess.Popen(  # noqa: S603  our own interpreter and arguments
        [
            *(sys.executable, "-m", "celery", "-A", "chuxiong_labor", "worker"),
            *("--pool=prefork", "--concurrency=1", "--loglevel=WARNING", f"--hostname={name}@%h"),
            *("--without-gossip", "--without-mingle", "-I", "tests.chuxiong_labor.fault_jobs"),
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes the pool's process with it
    )


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_celery_worker_is_killed_mid_batch_is_finished_by_the_next_worker(
    shared_database, settings, tmp_path
):
    redis_or_fail().flushdb()
    settings.REDIS_URL = FAULTS_REDIS
    settings.JOB_LEASE_SECONDS = 3
    owner = make_user(Role.COUNTY_STAFF, "楚雄市", username="killed-worker-user")
    log = (tmp_path / "workers.log").open("w")
    first = start_worker(shared_database, "first", log)
    second = None
    try:
        started = start_job("tests.slow", owner=owner, title="测试文件", params={"n": 30, "seconds": 0.2})
        wait_for(lambda: Job.objects.get(pk=started.pk).done >= 5, 60, "the first worker to be mid-batch")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        stuck = Job.objects.get(pk=started.pk)
        assert (stuck.state, stuck.done < stuck.total, stuck.finished_at) == (JobState.RUNNING, True, None)

        wait_for(lambda: Job.objects.get(pk=started.pk).lease_expires_at < timezone.now(), 10, "the lease to expire")
        second = start_worker(shared_database, "second", log)  # it sweeps when it starts
        wait_for(lambda: not Job.objects.get(pk=started.pk).is_active, 60, "the second worker to finish the job")
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(20)
        log.close()
        redis.Redis.from_url(FAULTS_REDIS).flushdb()
    finished = Job.objects.get(pk=started.pk)
    assert (finished.state, finished.attempts, finished.done, bytes(finished.result)) == (
        JobState.DONE,
        2,
        30,
        b"30",
    ), (tmp_path / "workers.log").read_text()
    assert finished.finished_at > finished.started_at > finished.created_at


@pytest.mark.browser
def test_without_redis_the_job_page_shows_the_progress_bar_then_the_download(page, login, settings):
    settings.REDIS_URL = None
    settings.JOBS_INLINE = False
    fault_jobs.GATE.clear()
    owner = make_user(Role.COUNTY_STAFF, "楚雄市", username="thread-page-user")
    login(owner)
    try:
        started = start_job("tests.gated", owner=owner, title="测试文件")
        page.goto(started.get_absolute_url())
        page.locator("[data-job-bar]").wait_for()
        page.get_by_text("生成中：已完成 0 / 1").wait_for()
    finally:
        fault_jobs.GATE.set()
    page.get_by_test_id("job-download").wait_for()
