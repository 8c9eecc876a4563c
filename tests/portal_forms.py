"""Every form of the project, found automatically: each page of the access matrix's routes is opened as each
role allowed to use it (with the demo data, as the matrix does), and the POST forms on it are read from the HTML.

A new view or form is covered as soon as a page renders it; nothing here names an app. Used by the upload corpus
(forms with a file input) and the fuzzing suite (every other form). Also helpers to tell whether a response
refused something in Chinese, and to count every row the project stores.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.test_access_matrix import ROLE_USERS, YEAR, routes

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SKIPPED_ACTIONS = {"/accounts/logout/"}
ERROR_CLASSES = ("invalid-feedback", "errorlist", "alert-danger", "text-danger")


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list = field(default_factory=list)
    checked: bool = False
    attrs: dict = field(default_factory=dict)


@dataclass
class Form:
    page: str
    action: str
    role: str
    fields: list

    @property
    def has_file(self):
        return any(f.kind == "file" for f in self.fields)

    @property
    def view_name(self):
        try:
            return resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            return self.action

    def defaults(self):
        """The values a browser would send untouched (first option of a select without a selection)."""
        data = {}
        for f in self.fields:
            if f.kind in ("submit", "button", "reset", "file", "image"):
                continue
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
                continue
            if f.kind.startswith("select"):
                chosen = f.value if f.value is not None else next((o for o in f.options if o), "")
                data.setdefault(f.name, []).append(chosen)
                continue
            data.setdefault(f.name, []).append(f.value)
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.current, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.current = {"attrs": attrs, "fields": []}
        elif self.current is None:
            return
        elif tag == "input" and attrs.get("name"):
            self.current["fields"].append(
                Field(
                    attrs["name"],
                    attrs.get("type", "text").lower(),
                    attrs.get("value", ""),
                    checked="checked" in attrs,
                    attrs=attrs,
                )
            )
        elif tag == "button" and attrs.get("name"):
            # A named button sends its value when clicked (type submit unless said otherwise).
            self.current["fields"].append(
                Field(attrs["name"], attrs.get("type", "submit").lower(), attrs.get("value", ""), attrs=attrs)
            )
        elif tag == "select" and attrs.get("name"):
            kind = "select-multiple" if "multiple" in attrs else "select"
            self.select = Field(attrs["name"], kind, None, attrs=attrs)
            self.current["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select.value = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = Field(attrs["name"], "textarea", "", attrs=attrs)
            self.current["fields"].append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_in(html, page):
    parser = _FormParser()
    parser.feed(html)
    found = []
    for form in parser.forms:
        if form["attrs"].get("method", "get").lower() != "post":
            continue
        action = form["attrs"].get("action") or page
        if action in SKIPPED_ACTIONS:
            continue
        found.append((action, form["fields"]))
    return found


def page_url(route, obj):
    kwargs = {}
    if "pk" in route.kwargs:
        kwargs["pk"] = obj.pk
    if "year" in route.kwargs:
        kwargs["year"] = YEAR
    return reverse(route.name, kwargs=kwargs)


def find_forms(users):
    """Return every POST form of the project as ``Form``s, once per role that may open its page.

    ``users`` maps each role to a user of the demo data (the access matrix's cast).
    """
    found, seen, not_pages = [], set(), set()
    for route in routes():
        access = route.access
        if access is None or access.mutation:
            continue
        for role, user in users.items():
            if access.roles is not None and role not in access.roles or route.name in not_pages:
                continue
            obj = None
            if access.model is not None:
                obj = access.model.objects.visible_to(user).order_by("pk").first()
                if obj is None:
                    continue
            client = Client()
            client.force_login(user)
            url = page_url(route, obj)
            response = client.get(url)
            if response.status_code != 200:
                continue
            if "html" not in response.get("Content-Type", ""):
                not_pages.add(route.name)  # a download (PDF, xlsx) for every role: render it once only
                continue
            for action, fields in forms_in(response.content.decode(), url):
                form = Form(page=url, action=action, role=role, fields=fields)
                key = (role, form.view_name, tuple(sorted({f.name for f in fields})))
                if key not in seen:
                    seen.add(key)
                    found.append(form)
    return found


class _ErrorText(HTMLParser):
    """Collect the text inside elements styled as errors or refusals."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if self.depth:
            self.depth[-1] += 1
        elif any(name in classes.split() for name in ERROR_CLASSES) and tag not in ("input", "br", "img"):
            self.depth.append(1)
            self.texts.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth[-1] -= 1
            if self.depth[-1] == 0:
                self.depth.pop()

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data


def error_texts(html):
    """Return the texts of the error and refusal elements of a page."""
    parser = _ErrorText()
    parser.feed(html)
    return [text.strip() for text in parser.texts if text.strip()]


def has_chinese_refusal(html):
    return any(CHINESE.search(text) for text in error_texts(html))


# Two marks that end or split a clause side by side (「。。」「，。」「；。」…): a message built from pieces, each
# bringing its own punctuation.
DOUBLED_PUNCTUATION = re.compile(r"[。，；：、！？.,;:!?][。，；：、！？]")


def doubled_punctuation(texts, typed=()):
    """Return the texts among ``texts`` with doubled punctuation, leaving out what the user ``typed`` (a message
    may quote the value it refuses)."""
    found = []
    for text in texts:
        for value in typed:
            if isinstance(value, str) and len(value) > 1:
                text = text.replace(value, "")
        if DOUBLED_PUNCTUATION.search(text):
            found.append(text)
    return found


PROJECT_APPS = {"chuxiong_labor", "auditlog", *settings.ANNEX_APPS}
UNCOUNTED = {"chuxiong_labor.securityevent"}  # a refused action is logged there on purpose


def counted_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in UNCOUNTED
    ]


def row_counts():
    """Return ``{model label: row count}`` for every model the project stores (and the change history), in one
    query."""
    models = counted_models()
    quote = connection.ops.quote_name
    # Table names from the models, quoted by the database backend: no user input reaches this statement.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {model._meta.label_lower: count for model, count in zip(models, counts, strict=True)}


def changed_counts(before, after):
    return {label: (before[label], after[label]) for label in before if before[label] != after[label]}


def users_by_role():
    from chuxiong_labor.models import User

    return {role: User.objects.get(username=name) for role, name in ROLE_USERS.items()}
