"""Every word a user reads is Chinese: the visible text of every GET page, for every role, has no English word.

The pages are found as the access matrix finds them (its routes, its cast, the demo data), plus the login page
and, for the administrator, every page of the Django admin (its index, each app, and each model's list, add,
change and history pages). The visible text is what a reader sees: the text between tags, without scripts,
styles or attributes. A word is a run of two or more ASCII letters standing on its own (not part of a code such as
``91532301MA6N000001``); e-mail addresses and web addresses are data and are left out, as are the demo users'
log-in names. The few proper names that are written in Latin letters in Chinese as well are allowed below.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.test import Client, SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation

from chuxiong_labor.lib.uniqueness import NamesTheHolder
from chuxiong_labor.models import User
from chuxiong_labor.roles import Role
from tests.portal_forms import page_url
from tests.test_access_matrix import ROLE_USERS, routes

# Proper names and file formats that Chinese text writes in Latin letters too.
ALLOWED = {
    "PDF",  # the document format
    "Excel",  # the spreadsheet program
    "xlsx",  # its file type, named where a page asks for a file
    "xls",  # its older file type
    "csv",  # the plain-text table format
    "CSV",  # the same, as Excel's 另存为 list writes it
    "UTF",  # the text encodings Excel offers when saving a CSV: CSV UTF-8, with or without BOM, or GBK
    "BOM",
    "GBK",
    "Word",  # the word processor
    "GB",  # 国家标准 numbers: GB 32100, GB/T 4754
    "IP",  # IP 地址
}
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])")
# E-mail addresses, web addresses and paths are data, not wording.
DATA = re.compile(r"\S+@\S+|https?://\S+|(?<!\S)/\S*")
HIDDEN = {"script", "style", "template", "noscript", "svg"}
ISOLATED = {"bdi"}  # Django's admin isolates data shown inside a sentence (a password hash's salt, say)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _VisibleText(HTMLParser):
    """Collect the text a reader sees: everything between tags outside scripts, styles and the head (but its
    title)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if any(tag in HIDDEN or tag in ISOLATED for tag in self.stack):
            return
        if "head" in self.stack and "title" not in self.stack:
            return
        self.texts.append(data)


def visible_text(html):
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.texts)


def english_words(html, allowed):
    """Return the English words of a page's visible text that are not allowed."""
    text = DATA.sub(" ", visible_text(html))
    return sorted({word for word in WORD.findall(text) if word not in allowed})


def admin_pages():
    """Return the URLs of the Django admin's pages: the index, each app, and every page of each model's admin
    (list, add, and, for its first record, change, history, delete and any page the admin adds)."""
    urls = [reverse("admin:index")]
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        urls.append(reverse("admin:app_list", kwargs={"app_label": app_label}))
    for model, model_admin in admin.site._registry.items():
        first = model._default_manager.order_by("pk").first()
        for pattern in model_admin.urls:
            keys = list(pattern.pattern.converters)
            if not pattern.name or (keys and first is None):
                continue
            urls.append(reverse(f"admin:{pattern.name}", kwargs={key: first.pk for key in keys}))
    return urls


class ChineseTextTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.users = {role: User.objects.get(username=name) for role, name in ROLE_USERS.items()}
        # Log-in names are chosen by people (pinyin in the demo): data, not wording.
        cls.allowed = ALLOWED | set(User.objects.values_list("username", flat=True))

    def words_on(self, client, urls):
        """Return ``{url: [English words]}`` for the HTML pages among ``urls`` that show any."""
        found = {}
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            words = english_words(response.content.decode(), self.allowed)
            if words:
                found[url] = words
        return found

    def portal_pages(self, role, user):
        urls = []
        for route in routes():
            access = route.access
            if access.mutation or (access.roles is not None and role not in access.roles):
                continue
            obj = None
            if access.model is not None:
                obj = access.model.objects.visible_to(user).order_by("pk").first()
                if obj is None:
                    continue
            url = page_url(route, obj)
            if not url.endswith((".pdf", ".xlsx")):
                urls.append(url)
        return urls

    def check_role(self, role):
        user = self.users[role]
        client = Client(raise_request_exception=True)
        client.force_login(user)
        self.assertEqual(self.words_on(client, self.portal_pages(role, user)), {})

    def test_the_login_page_is_in_chinese(self):
        self.assertEqual(self.words_on(Client(), [reverse("login")]), {})

    def test_every_page_a_county_user_sees_is_in_chinese(self):
        self.check_role(Role.COUNTY_STAFF)

    def test_every_page_a_member_unit_user_sees_is_in_chinese(self):
        self.check_role(Role.MEMBER_STAFF)

    def test_every_page_the_reviewer_sees_is_in_chinese(self):
        self.check_role(Role.REVIEWER)

    def test_every_page_the_leader_sees_is_in_chinese(self):
        self.check_role(Role.LEADER)

    def test_every_page_the_administrator_sees_is_in_chinese(self):
        self.check_role(Role.ADMIN)

    def test_every_page_of_the_django_admin_is_in_chinese(self):
        user = self.users[Role.ADMIN]
        client = Client(raise_request_exception=True)
        client.force_login(user)
        self.assertEqual(self.words_on(client, admin_pages()), {})


def project_models():
    apps_here = {"chuxiong_labor", *settings.ANNEX_APPS}
    return [model for model in apps.get_models() if model._meta.app_label in apps_here]


def unique_sets(model):
    """Return the sets of fields whose values ``model`` keeps unique (the primary key aside)."""
    opts = model._meta
    found = [(field.name,) for field in opts.local_fields if field.unique and not field.primary_key]
    found += [tuple(names) for names in opts.unique_together]
    found += [
        tuple(constraint.fields)
        for constraint in opts.constraints
        if getattr(constraint, "fields", None) and getattr(constraint, "condition", None) is None
    ]
    return found


class ModelNamesTest(TestCase):
    """The names of models and fields are what the history (变更记录), the admin and the forms show."""

    def test_every_model_and_field_has_a_chinese_name(self):
        problems = []
        for model in project_models():
            opts = model._meta
            names = [(opts.label, opts.verbose_name), (opts.label + " (plural)", opts.verbose_name_plural)]
            names += [
                (f"{opts.label}.{field.name}", field.verbose_name)
                for field in [*opts.fields, *opts.many_to_many]
                if not field.auto_created
            ]
            problems += [f"{where}: {name}" for where, name in names if english_words(f"<p>{name}</p>", ALLOWED)]
        self.assertEqual(problems, [])

    def test_every_model_with_unique_values_names_the_holder_of_a_taken_one(self):
        missing = [
            model._meta.label
            for model in project_models()
            if unique_sets(model) and not issubclass(model, NamesTheHolder)
        ]
        self.assertEqual(missing, [])


CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def catalogue_entries():
    """Return ``[(msgid, msgid_plural or None, msgstr)]`` of the portal's catalogue (one line per string)."""
    entries, current = [], {}
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        key, _, rest = line.partition(" ")
        if key not in ("msgid", "msgid_plural", "msgstr", "msgstr[0]"):
            continue
        current[key] = ast.literal_eval(rest)
        if key.startswith("msgstr"):
            if current["msgid"]:
                entries.append((current["msgid"], current.get("msgid_plural"), current[key]))
            current = {}
    return entries


class CatalogueTest(SimpleTestCase):
    def test_django_speaks_every_line_of_the_portals_catalogue(self):
        """The compiled .mo is the .po's, and it comes before the libraries' own catalogues."""
        with translation.override("zh-hans"):
            wrong = [
                msgid
                for msgid, plural, msgstr in catalogue_entries()
                if (translation.ngettext(msgid, plural, 1) if plural else translation.gettext(msgid)) != msgstr
            ]
        self.assertEqual(wrong, [])

    def test_the_catalogue_is_read(self):
        self.assertGreater(len(catalogue_entries()), 30)


class VisibleTextTest(TestCase):
    def test_attributes_scripts_and_styles_are_not_visible_text(self):
        html = '<html><head><title>标题</title><style>body{}</style></head><body><a title="Link">链接</a><script>go()</script></body></html>'
        self.assertEqual(english_words(html, set()), [])

    def test_an_english_word_between_tags_is_found(self):
        self.assertEqual(english_words("<p>服务：employment、pay</p>", set()), ["employment", "pay"])

    def test_codes_mixing_letters_and_digits_are_not_words(self):
        self.assertEqual(english_words("<td>91532301MA6N000001</td>", set()), [])
