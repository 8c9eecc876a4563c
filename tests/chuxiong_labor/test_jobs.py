"""Jobs (``chuxiong_labor.lib.jobs``): run in-process without Redis, by a real Celery worker with it; their pages
belong to their owner; a refusal or a crash is told in Chinese and can be retried; files expire."""

import io
import time
from datetime import timedelta

import pytest
import redis
from django.urls import reverse
from pypdf import PdfReader

from chuxiong_labor.lib import jobs
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.jobs import Job, JobState, job, start_job
from chuxiong_labor.roles import Role
from tests.factories import make_user
from tests.workers import redis_url

# This worker's Redis database (``tests.workers``).
TEST_REDIS = redis_url()


@job("tests.count")
def count_to(run, *, n):
    for done in range(1, n + 1):
        run.progress(done, n)
    return "计数.txt", ",".join(str(i) for i in range(1, n + 1)).encode()


@job("tests.refuse")
def refuse(run):
    raise ActionRefused("没有可以生成的内容，请先录入数据。")


@job("tests.crash")
def crash(run):
    raise RuntimeError("boom")


def start(user, kind="tests.count", **params):
    return start_job(kind, owner=user, title="测试文件", params=params, source_url="/start/")


@pytest.mark.django_db
def test_without_redis_a_job_runs_at_once_in_the_request(county_user, settings):
    settings.REDIS_URL = None
    started = start(county_user, n=3)
    assert (started.state, started.done, started.total, bytes(started.result)) == (JobState.DONE, 3, 3, b"1,2,3")


@pytest.mark.django_db
def test_the_owner_downloads_the_file_under_its_chinese_name(client, county_user):
    started = start(county_user, n=2)
    client.force_login(county_user)
    response = client.get(reverse("job_download", args=[started.pk]))
    assert (response.content, response["Content-Disposition"]) == (
        b"1,2",
        "attachment; filename*=utf-8''%E8%AE%A1%E6%95%B0.txt",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["job_detail", "job_status", "job_download"])
def test_another_users_job_is_not_found(client, county_user, other_county_user, page):
    started = start(county_user, n=1)
    client.force_login(other_county_user)
    assert client.get(reverse(page, args=[started.pk])).status_code == 404


@pytest.mark.django_db
def test_starting_the_same_job_while_it_runs_returns_the_running_one(county_user):
    running = Job.objects.create(
        owner=county_user,
        kind="tests.count",
        title="测试文件",
        params={"n": 5},
        params_key=jobs._params_key({"n": 5}),
        state=JobState.RUNNING,
    )
    assert (start(county_user, n=5), Job.objects.count()) == (running, 1)


@pytest.mark.django_db
def test_a_refused_job_shows_its_chinese_sentence_and_a_retry_link(client, county_user):
    started = start(county_user, "tests.refuse")
    client.force_login(county_user)
    response = client.get(started.get_absolute_url())
    assert started.state == JobState.FAILED
    assert "没有可以生成的内容，请先录入数据。" in response.content.decode()
    assert 'href="/start/"' in response.content.decode()


@pytest.mark.django_db
def test_a_crashed_job_fails_with_a_general_chinese_message(county_user):
    assert start(county_user, "tests.crash").error == jobs.FAILED_MESSAGE


@pytest.mark.django_db
def test_a_failed_job_can_be_started_again(county_user):
    first = start(county_user, "tests.refuse")
    assert start(county_user, "tests.refuse").pk != first.pk


@pytest.mark.django_db
def test_an_expired_file_is_no_longer_served(client, county_user, time_machine):
    time_machine.move_to("2026-03-01 09:00 +08:00")
    started = start(county_user, n=1)
    time_machine.move_to("2026-03-02 09:01 +08:00")
    client.force_login(county_user)
    assert client.get(reverse("job_download", args=[started.pk])).status_code == 404


@pytest.mark.django_db
def test_the_status_answers_the_progress_of_a_running_job_as_json(client, county_user):
    running = Job.objects.create(
        owner=county_user, kind="tests.count", title="测试", params_key="x", state=JobState.RUNNING, done=3, total=12
    )
    client.force_login(county_user)
    status = client.get(reverse("job_status", args=[running.pk])).json()
    assert (status["done"], status["total"], status["percent"], status["finished"]) == (3, 12, 25, False)


@pytest.mark.django_db
def test_a_batch_of_recommendation_forms_is_rendered_in_parts_into_one_pdf(client, reviewer):
    from tests.coordinators.factories import make_nomination, make_round

    round = make_round(2022)
    names = [make_nomination(round=round).coordinator.name for _ in range(12)]
    client.force_login(reviewer)
    started = Job.objects.get(pk=client.post(reverse("coordinators:batch_pdf", args=[2022]))["Location"].split("/")[2])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(started.result))).pages)
    assert (started.done, started.total, [name for name in names if name not in text]) == (12, 12, [])


@pytest.fixture
def celery_worker_on_redis(settings, shared_database):
    """A real Celery worker (in a thread of this process, on the database it can share) consuming this worker's
    Redis database."""
    from celery.contrib.testing.worker import start_worker

    from chuxiong_labor.celery import app

    connection = redis.Redis.from_url(TEST_REDIS)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not running at {TEST_REDIS}; start it (CI starts it) to run the worker tests.")
    connection.flushdb()
    settings.REDIS_URL = TEST_REDIS
    previous = app.conf.broker_url
    app.conf.broker_url = TEST_REDIS
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield
    finally:
        app.conf.broker_url = previous
        connection.flushdb()


@pytest.mark.django_db(transaction=True)
def test_with_redis_the_request_only_queues_the_job_and_a_worker_runs_it(celery_worker_on_redis):
    county_user = make_user(Role.COUNTY_STAFF, "楚雄市", username="worker-test-user")
    started = start(county_user, n=4)
    assert started.state == JobState.PENDING
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Job.objects.get(pk=started.pk).is_active:
        time.sleep(0.1)
    finished = Job.objects.get(pk=started.pk)
    assert (finished.state, finished.done, bytes(finished.result)) == (JobState.DONE, 4, b"1,2,3,4")


@pytest.mark.browser
def test_the_progress_bar_follows_the_job_and_the_page_offers_the_download_when_it_ends(page, login, county_user):
    running = Job.objects.create(
        owner=county_user, kind="tests.count", title="测试文件", params_key="x", state=JobState.RUNNING, total=10
    )
    login(county_user)
    page.goto(running.get_absolute_url())
    Job.objects.filter(pk=running.pk).update(done=4)
    page.get_by_text("已完成 4 / 10").wait_for()
    Job.objects.filter(pk=running.pk).update(
        state=JobState.DONE, done=10, filename="完成.txt", result=b"ok", expires_at=running.created_at + timedelta(1)
    )
    page.get_by_test_id("job-download").wait_for()
