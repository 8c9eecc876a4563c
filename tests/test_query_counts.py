"""Every GET page of the project takes no more queries on three times the data than on the data once.

Like the access matrix, the pages are found from the URL configuration, so a new page is checked without editing
this file. The data is the demo plus ``seed_scale``'s records (a small slice of them, to stay fast): once, then
topped up to three times, for the prefecture's reviewer and for a county user. A page whose count grows with the
data runs a query per row somewhere (an N+1), which the goals at ×100 would not survive. (A page may take one
query fewer the second time, when something the first visit cached is reused.) PDFs are left to their
own tests: rendering them here would only make this test slow.
"""

from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from chuxiong_labor.models import User
from tests.test_access_matrix import get_pages

SLICE = 0.02  # of seed_scale's data set per factor: 20 enterprises, 4 coordinators, 10 cases, 2 inclusions


def scale_to(factor):
    call_command("seed_scale", factor=factor, size=SLICE, stdout=open("/dev/null", "w"))  # noqa: SIM115


class QueryCountTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        scale_to(1)

    def counts(self, user, pages):
        client = Client(raise_request_exception=True)
        client.force_login(user)
        found = {}
        for name, url in pages:
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            found[name] = len(queries)
        return found

    def check(self, username):
        user = User.objects.get(username=username)
        pages = get_pages(user)
        before = self.counts(user, pages)
        scale_to(3)
        after = self.counts(user, pages)
        grown = {name: (before[name], after[name]) for name in before if after[name] > before[name]}
        self.assertEqual(grown, {})

    def test_the_reviewers_pages_take_no_more_queries_on_three_times_the_data(self):
        self.check("reviewer")

    def test_a_county_users_pages_take_no_more_queries_on_three_times_the_data(self):
        self.check("chuxiong")
