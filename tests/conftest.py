"""The fixed cast of every test: staff of two counties, a prefecture member unit, a reviewer, a leader and an
administrator; and a Chromium page for the browser tests."""

import os
import shutil

import pytest

from chuxiong_labor.roles import Role
from tests.browser import AccessibilityWatch
from tests.factories import TEST_PASSWORD, make_user

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around it are
# still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    """Run browser tests against a live server in real transactions, restoring the migrations' data (regions,
    units, targets) after each one, so that later tests still find it."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)


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


@pytest.fixture(scope="session")
def migrated_data(django_db_setup):
    """The test database as the migrations left it, serialised before Playwright starts.

    Playwright's sync API runs an event loop in the test thread, after which Django hands the tests a fresh
    connection object that lacks the serialised copy Django keeps for ``serialized_rollback``; the ``page``
    fixture restores from this copy instead.
    """
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def browser(migrated_data):
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


def restore_migrated_data(migrated_data):
    """Bring back the migrations' data (regions, units, targets) when a real-transaction test flushed it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from chuxiong_labor.models import Region

    if migrated_data and not Region.objects.exists():
        # The flush re-created content types with new keys; the serialised copy brings back the originals.
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(migrated_data)


@pytest.fixture
def migrations_restored(migrated_data):
    """Bring back the migrations' data (regions, units, targets) that an earlier real-transaction test flushed."""
    restore_migrated_data(migrated_data)


@pytest.fixture
def page(browser, live_server, migrations_restored):
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
