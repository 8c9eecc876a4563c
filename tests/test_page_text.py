"""What every page says, read as every role reads it (demo data): one date style, whole counts, the right menu entry.

- **One date style per context.** A page's text shows ISO dates (2026-12-25); a document reproduced on a page (a
  notice's text, a circular: marked ``data-document``) writes them out (2026年12月25日). Neither mixes in the other.
  What a record holds, quoted as it was entered (the history's old and new values: ``data-quoted``), is neither.
- **Counts are whole.** A number of people or enterprises is never shown with decimals ("20 户", not "20.00 户").
- **A coverage table ends with its 全州 row** when it lists more than one county (``data-testid`` coverage or
  rates: the coordinators', the pay services', the bargaining rates).
- **The menu marks the page's own section**, exactly one entry, and the same section as the page's tabs: when the
  active tab is also a menu entry (风险预警与线索, 季度专题报告 …), that entry is the one marked.

The pages are those of the access matrix, so a new page is read without editing this file.
"""

import re
from html.parser import HTMLParser

from django.core.management import call_command
from django.test import Client, TestCase

from tests.portal_forms import users_by_role
from tests.test_access_matrix import get_pages

ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
WRITTEN_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
SLASHED_DATE = re.compile(r"(?<!\d)\d{4}/\d{1,2}/\d{1,2}(?!\d)")
FRACTIONAL_COUNT = re.compile(r"\d\.\d+\s*(?:户|家|名|件|个|人次|人(?!均|民币))")
# Pages outside every section of the menu: the user's own password and a job's progress (it links back).
NO_SECTION = {"password_change", "job_detail"}
HIDDEN = ("script", "style", "textarea", "select", "template")
COVERAGE_TABLES = {"coverage", "rates"}


class PageText(HTMLParser):
    """The text of a page split into its own and its documents', and the menu entries and tabs marked active."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.own, self.documents = [], []
        self.menu, self.active_menu, self.active_tabs = {}, [], []
        self._stack = []  # (tag, document?, hidden or quoted?, menu?, tabs?) of the open elements
        self._link = None  # (href, active, in menu, in tabs, text parts) of the <a> being read
        self.coverage = []  # [first cell of each row] of each coverage table
        self._cell = None  # the text parts of the first cell of the coverage table's current row

    def _inside(self, index):
        return any(frame[index] for frame in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        frame = (
            tag,
            "data-document" in attrs,
            tag in HIDDEN or "data-quoted" in attrs,
            tag == "nav" and attrs.get("id") == "sidebar",
            tag == "ul" and "nav-tabs" in classes,
            tag == "table" and attrs.get("data-testid") in COVERAGE_TABLES,
        )
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self._stack.append(frame)
        if tag == "a":
            self._link = (attrs.get("href"), "active" in classes, self._inside(3), self._inside(4), [])
        if tag == "table" and attrs.get("data-testid") in COVERAGE_TABLES:
            self.coverage.append([])
        if tag == "tr" and self._in_coverage() and not any(frame[0] == "thead" for frame in self._stack):
            self.coverage[-1].append(None)
        if tag in ("td", "th") and self._in_coverage() and self.coverage[-1] and self.coverage[-1][-1] is None:
            self._cell = []

    def _in_coverage(self):
        tables = [frame for frame in self._stack if frame[0] == "table"]
        return bool(tables) and tables[-1][5]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.coverage[-1][-1] = " ".join("".join(self._cell).split())
            self._cell = None
        if tag == "a" and self._link:
            href, active, in_menu, in_tabs, text = self._link
            label = " ".join("".join(text).split())
            if in_menu:
                self.menu[href] = label
                if active:
                    self.active_menu.append((href, label))
            elif in_tabs and active:
                self.active_tabs.append((href, label))
            self._link = None
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._link:
            self._link[4].append(data)
        if self._inside(2):
            return
        (self.documents if self._inside(1) else self.own).append(data)


def read(html):
    parser = PageText()
    parser.feed(html)
    return parser


def problems_of(name, page, html):
    text = read(html)
    found = []
    own = "\n".join(text.own)
    for pattern, style in ((WRITTEN_DATE, "年月日"), (SLASHED_DATE, "斜线")):
        if match := pattern.search(own):
            found.append(f"{page}: a {style} date on the page ({match.group()}); pages show ISO dates")
    documents = "\n".join(text.documents)
    for pattern in (ISO_DATE, SLASHED_DATE):
        if match := pattern.search(documents):
            found.append(f"{page}: an ISO date in a document ({match.group()}); documents write 2026年12月25日")
    for part in text.own + text.documents:
        if match := FRACTIONAL_COUNT.search(part):
            found.append(f"{page}: a count with decimals: {match.group()}")
    for firsts in text.coverage:
        body = [first for first in firsts if first]
        if len(body) > 1 and body[-1] != "全州":
            found.append(f"{page}: a coverage table ends with {body[-1]}, not 全州")
    if name not in NO_SECTION and text.menu:
        if len(text.active_menu) != 1:
            found.append(f"{page}: {len(text.active_menu)} menu entries marked ({text.active_menu})")
        for href, label in text.active_tabs:
            if href in text.menu and (href, text.menu[href]) not in text.active_menu:
                found.append(f"{page}: the tab {label} is its section, but the menu marks {text.active_menu}")
    return found


class PageTextTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.users = users_by_role()

    def test_every_page_keeps_one_date_style_whole_counts_and_its_menu_entry(self):
        problems, read_pages = [], 0
        for role, user in self.users.items():
            client = Client()
            client.force_login(user)
            for name, page in get_pages(user):
                response = client.get(page)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                read_pages += 1
                problems += [f"{role.label}: {p}" for p in problems_of(name, page, response.content.decode())]
        self.assertGreater(read_pages, 300)
        self.assertEqual(problems, [], "\n".join(problems))


def test_the_reader_finds_what_the_test_forbids():
    """The page reader itself: a page that breaks each rule is caught, one that keeps them is not."""
    menu = (
        '<nav id="sidebar"><ul><li><a class="nav-link active" href="/k/">清单</a></li>'
        '<li><a class="nav-link" href="/k/risk/">风险预警与线索</a></li></ul></nav>'
    )
    tabs = '<ul class="nav nav-tabs"><li><a class="nav-link active" href="/k/risk/">风险预警与线索</a></li></ul>'
    table = (
        '<table data-testid="coverage"><thead><tr><th>单位</th></tr></thead>'
        "<tbody><tr><td>楚雄市</td></tr><tr><td>{}</td></tr></tbody></table>"
    )
    bad = f"{menu}{tabs}<p>截止 2026年12月25日，已完成 20.00 户</p><pre data-document>公示 2026-12-01</pre>"
    found = problems_of("lead_detail", "/k/leads/1/", bad + table.format("双柏县"))
    assert len(found) == 5, found
    good_menu = menu.replace('nav-link active" href="/k/"', 'nav-link" href="/k/"').replace(
        'nav-link" href="/k/risk/"', 'nav-link active" href="/k/risk/"'
    )
    good = f"{good_menu}{tabs}<p>截止 2026-12-25，已完成 20 户，人均 3.5 万元</p><pre data-document>公示 2026年12月1日</pre>"
    assert problems_of("lead_detail", "/k/leads/1/", good + table.format("全州")) == []
