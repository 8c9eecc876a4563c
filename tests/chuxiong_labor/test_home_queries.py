"""Home pages in at most 15 queries for every role, whatever the size of the data, and never stale.

A home page's data (targets and progress, the 待办 and every panel) is kept in the cache until the data changes
(``lib/generation``), only where the cache is shared by every web process (Redis: ``CACHE_IS_SHARED``), which these
tests switch on over the memory cache of the tests' single process. The first page after a change reads the data
afresh (its count, without the cache, is what ``tests/test_query_counts.py`` keeps from growing with the data).
"""

import datetime
import re

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from chuxiong_labor.deadlines import CHECKS_PER_QUERY, Duty, done_check, done_days
from chuxiong_labor.lib import generation
from chuxiong_labor.models import User
from chuxiong_labor.units import Unit

ROLES = ("admin", "reviewer", "leader", "chuxiong", "renshe")  # administrator, reviewer, leader, county, member unit
LIMIT = 15
SLICE = 0.02  # of seed_scale's data set per factor, as tests/test_query_counts.py grows it


def scale_to(factor):
    call_command("seed_scale", factor=factor, size=SLICE, stdout=open("/dev/null", "w"))  # noqa: SIM115


@override_settings(CACHE_IS_SHARED=True)
class HomeQueryCountTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        scale_to(1)

    def setUp(self):
        generation.bump()  # nothing another test left in the cache is read here

    def home(self, username):
        client = Client(raise_request_exception=True)
        client.force_login(User.objects.get(username=username))
        client.get("/")  # fills the cache if a change emptied it
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        self.assertEqual(response.status_code, 200)
        return len(queries), response.content.decode()

    def counts(self):
        return {username: self.home(username)[0] for username in ROLES}

    def test_every_roles_home_page_takes_at_most_15_queries_on_the_demo_and_on_three_times_the_data(self):
        small = self.counts()
        scale_to(3)
        large = self.counts()
        over = {name: (small[name], large[name]) for name in ROLES if max(small[name], large[name]) > LIMIT}
        self.assertEqual(over, {})

    def test_a_change_shows_on_the_next_home_page(self):
        self.home("reviewer")
        member = Unit.objects.member_units().first()
        member.contact_person = "新联络人"
        member.save()
        self.assertIn("新联络人", self.home("reviewer")[1])

    def test_a_kept_home_page_is_the_page_read_afresh(self):
        for username in ROLES:
            client = Client(raise_request_exception=True)
            client.force_login(User.objects.get(username=username))
            generation.bump()
            afresh, kept = (re.sub(r'value="[^"]+"', "", client.get("/").content.decode()) for _ in range(2))
            self.assertIn('<div class="row g-3">', kept)  # the kept HTML is shown as HTML, not escaped
            self.assertEqual(kept, afresh)

    def test_a_change_of_the_data_moves_the_generation_on_again_after_its_commit(self):
        before = generation.current()
        member = Unit.objects.member_units().first()
        member.contact_person = "新联络人"
        member.save()
        self.assertGreater(generation.current(), before)
        after_commit = [func for _savepoints, func, _robust in connection.run_on_commit]
        self.assertEqual(after_commit.count(generation.bump), 1)  # once, however many rows the transaction writes

    def test_a_bulk_update_moves_the_generation_on(self):
        before = generation.current()
        Unit.objects.member_units().update(contact_person="新联络人")
        self.assertGreater(generation.current(), before)

    def test_reading_pages_leaves_the_generation_alone(self):
        client = Client(raise_request_exception=True)
        client.force_login(User.objects.get(username="chuxiong"))  # a sign-in writes last_login: a change
        before = generation.current()
        for path in ("/", "/", "/mediation/cases/", "/enterprises/"):
            self.assertEqual(client.get(path).status_code, 200)
        self.assertEqual(generation.current(), before)

    def test_a_countys_kept_dashboard_is_never_shown_to_another_county(self):
        pages = {}
        for username in ("chuxiong", "lufeng", "chuxiong"):
            client = Client(raise_request_exception=True)
            client.force_login(User.objects.get(username=username))
            pages[username] = client.get("/reporting/dashboard/").content.decode()
        self.assertIn("楚雄市", pages["chuxiong"])
        self.assertNotIn("楚雄市", pages["lufeng"])
        self.assertIn("禄丰市", pages["lufeng"])

    def test_a_years_done_checks_of_every_unit_are_asked_in_one_query_and_answer_as_each_alone(self):
        plain = {"key_enterprise_ledger", "key_enterprise_bargaining"}  # these answer with a day, not a query
        start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
        asked = [
            (duty.code, unit, due_on)
            for unit in Unit.objects.owning_records()
            for duty in Duty.objects.prefetch_related("date_changes")
            if done_check(duty.code) and duty.code not in plain
            for due_on in duty.occurrences(start, end)
        ]
        self.assertGreater(len(asked), CHECKS_PER_QUERY)
        with CaptureQueriesContext(connection) as queries:
            together = done_days(asked)
        self.assertLessEqual(len(queries), -(-len(asked) // CHECKS_PER_QUERY))
        self.assertEqual(together, [done_check(code)(unit, due_on) for code, unit, due_on in asked])
        self.assertTrue(any(together))

    def test_a_lost_generation_starts_again_above_where_it_was(self):
        generation.bump()
        before = generation.current()
        cache.delete(generation.KEY)
        self.assertGreater(generation.current(), before)


@override_settings(CACHE_IS_SHARED=False)
def test_without_a_shared_cache_every_reading_is_made_afresh():
    made = []
    for _ in range(2):
        generation.cached("reading", lambda: made.append(1) or len(made))
    assert made == [1, 1]
