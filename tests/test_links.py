"""Every link leads somewhere, and no GET changes anything: a crawl as every role.

Every GET page of the access matrix is opened as every role allowed to (demo data), and every link on it to a
page of the portal is followed: none may answer 403 or 404 (a page hides what its reader cannot do), none may
fail, and following them all writes nothing (a job start or an action behind a plain link would). Each path is
followed once per role; a new page or link is covered without editing this file.
"""

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import Resolver404, resolve

from tests.portal_forms import changed_counts, row_counts, users_by_role
from tests.test_access_matrix import get_pages

PER_VIEW = 4  # distinct paths followed per view and role: enough to meet each kind of link, few enough to be quick
# What a GET may write, with the reason: a gold selection's round of a year is opened with the plan's default
# deadlines the first time anyone looks at that year (nominations.open_round: bookkeeping, no history entry).
BOOKKEEPING = {"chuxiong_labor.nominationround"}
SKIPPED = ("/accounts/logout/", "/static/", "/media/", "/admin/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith(SKIPPED):
            self.hrefs.append(href)


def links_in(html):
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


class LinkCrawlTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.users = users_by_role()

    def test_no_link_answers_403_or_404_and_no_get_writes(self):
        problems = []
        for role, user in self.users.items():
            client = Client(raise_request_exception=False)
            client.force_login(user)
            before = row_counts()
            followed, per_view = set(), Counter()
            for _name, page in get_pages(user):
                response = client.get(page)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for href in links_in(response.content.decode()):
                    path = urlsplit(href).path
                    try:
                        view = resolve(path).view_name
                    except Resolver404:
                        view = path
                    if path in followed or per_view[view] >= PER_VIEW:
                        continue
                    followed.add(path)
                    per_view[view] += 1
                    status = client.get(href).status_code
                    if status in (403, 404) or status >= 500:
                        problems.append(f"{role}: {page} links to {href}, which answers {status}")
            written = changed_counts(before, row_counts())
            for label in ("chuxiong_labor.securityevent", *BOOKKEEPING):
                written.pop(label, None)
            if written:
                problems.append(f"{role}: following every link wrote {written}")
        self.assertEqual(problems, [], "\n".join(problems))
