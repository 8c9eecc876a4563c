"""The fixed cast of every test: staff of two counties, a prefecture member unit, a reviewer, a leader and an
administrator; and a Chromium page for the browser tests."""

import os
import shutil
import sqlite3

import pytest
from pytest_django.fixtures import validate_django_db

from chuxiong_labor.roles import Role
from tests.browser import AccessibilityWatch
from tests.factories import TEST_PASSWORD, make_user

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around it are
# still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def county_user(db):
    return make_user(Role.COUNTY_STAFF, "楚雄市", username="chuxiong-staff")


@pytest.fixture
def other_county_user(db):
    return make_user(Role.COUNTY_STAFF, "禄丰市", username="lufeng-staff")


@pytest.fixture
def member_user(db):
    return make_user(Role.MEMBER_STAFF, "州人社局", username="renshe-staff")


@pytest.fixture
def reviewer(db):
    return make_user(Role.REVIEWER, username="prefecture-reviewer")


@pytest.fixture
def leader(db):
    return make_user(Role.LEADER, username="leader")


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, username="portal-admin")


# --- the migrations' data, in every test of every worker -------------------------------------------------------------

# The migrations load reference data (regions, units, plan targets and duties, reference lists) that most tests
# read. A test in a real transaction (``transaction=True``, ``transactional_db``, ``live_server``: the browser tests,
# the job tests) ends with Django flushing every table; under pytest-xdist's work stealing any kind of test may run
# next in that worker. So the data is serialised once, right after the migrations, and loaded again right after
# each flush (``pytest_runtest_teardown``): every test starts from the migrated database.
MIGRATED = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the test database (pytest-django's fixture, one database per xdist worker) and keep its migrated
    contents for ``restore_migrated_data``."""
    from django.db import connection

    with django_db_blocker.unblock():
        MIGRATED["data"] = connection.creation.serialize_db_to_string()
    MIGRATED["blocker"] = django_db_blocker
    yield
    MIGRATED.clear()


def flushes_database(item):
    """Whether ``item`` runs in real transactions, flushing the database when it ends (pytest-django's rule)."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    marker = item.get_closest_marker("django_db")
    transaction = bool(marker) and validate_django_db(marker)[0]
    return transaction or not {"transactional_db", "live_server"}.isdisjoint(item.fixturenames)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that flushed the database (its fixtures are torn down by now), load the migrations' data."""
    result = yield
    if "data" in MIGRATED and flushes_database(item):
        with MIGRATED["blocker"].unblock():
            restore_migrated_data()
    return result


def restore_migrated_data():
    """Load the migrations' data (regions, units, targets…) into a flushed database; do nothing if it is there."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from chuxiong_labor.models import Region

    if Region.objects.exists():
        return
    with transaction.atomic():
        # The flush's post_migrate re-created content types (and permissions) under new keys; the serialised
        # copy brings back the originals, which the migrated rows refer to.
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(MIGRATED["data"])
    ContentType.objects.clear_cache()


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The tests' database as a URL that other threads and processes (a Celery worker) can open while this test
    reads it: PostgreSQL's test database as it is; for SQLite, whose test database is shared in this process's
    memory and answers "database table is locked" when two connections meet on a table, a copy in a file (WAL,
    writers wait for each other) that this test, the live server and any thread it starts use until it ends."""
    from django.db import connections

    wrapper = connections["default"]
    if wrapper.vendor == "postgresql":
        params = wrapper.settings_dict
        yield (
            f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST'] or '127.0.0.1'}:"
            f"{params['PORT'] or 5432}/{params['NAME']}"
        )
        return
    path = tmp_path / "shared.sqlite3"
    wrapper.ensure_connection()
    with sqlite3.connect(path) as copy:
        wrapper.connection.backup(copy)
    in_memory, memory_settings = wrapper.connection, wrapper.settings_dict
    on_file = {**memory_settings, "NAME": str(path), "OPTIONS": {**memory_settings["OPTIONS"], "timeout": 30}}
    # The same wrapper object serves this thread and the live server's; threads started now open new ones.
    wrapper.connection, wrapper.settings_dict = None, on_file
    connections.settings["default"] = on_file
    try:
        yield f"sqlite:///{path}"
    finally:
        wrapper.close()
        wrapper.connection, wrapper.settings_dict = in_memory, memory_settings
        connections.settings["default"] = memory_settings


# --- one worker's files ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Keep every upload of this worker in a folder of its own, never in ``var/media``."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


# --- Chromium ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Chromium, started after the test database exists (Playwright's sync API runs an event loop in this thread,
    after which Django hands the tests fresh connection objects)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A Chromium page on the live server; every page of the portal it visits must pass axe-core's WCAG 2.0/2.1 A
    and AA rules and WCAG 2.2's AA (``tests.browser.AccessibilityWatch``)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    watch = AccessibilityWatch(page, live_server.url)
    yield page
    watch.finish()
    context.close()
    if watch.problems:
        pytest.fail("axe-core found WCAG 2.0/2.1/2.2 A or AA violations:\n" + "\n".join(watch.problems), pytrace=False)


@pytest.fixture
def login(page):
    """Return a function that signs ``user`` in through the login form."""

    def sign_in(user):
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(TEST_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return sign_in
