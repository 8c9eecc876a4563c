"""Every edit page goes through the kernel's edit path (chuxiong_labor/editing.py): found automatically, tried as
every role that reaches it.

An edit page is a page with a form that posts back to the page itself and either carries a record's
``version`` or, on a page of one record (its URL takes ``pk``), carries no version at all (a create page's form
carries an empty one). For each, as each role that may open it (demo data, as the access
matrix): a form opened, then the same page saved untouched by someone else, then the first form sent with a
marker typed into it — the save must be refused with the kernel's ``STALE_MESSAGE``, the record left as the
other save left it, and the page must show the form again with what was typed. A new edit page is covered as soon
as it has a URL and demo data; nothing here names an app.

Action forms are tried the same way: a form on a page that posts a record's ``version`` to a mutation of that
record (submit, return, accept, act on a lead, take an enterprise off a list…). Opened, then the record saved by
someone else (its version moves on), then the form sent with the marker typed: the action must not be carried out,
the answer must carry ``STALE_MESSAGE`` (on the page shown again, or after the redirect when nothing was typed), and
a form with free text must come back with that text.
"""

from urllib.parse import urlsplit

from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client, TestCase
from django.urls import Resolver404, resolve

from chuxiong_labor.lib.concurrency import STALE_MESSAGE, VersionedModel
from tests.portal_forms import error_texts, forms_in, page_url, users_by_role
from tests.test_access_matrix import routes

MARKER = "核对用的新内容"
UNSAVED = "saving the page as another person would"
# Self-posting forms on a record's page that edit nothing another person writes, by URL name (after the app's
# namespace), each with the reason; every other such form must carry the record's version.
OWN_SHEETS = {
    "nomination_score": "a panel member's own scoring sheet: only that member writes its rows",
}
FREE_TEXT = {"text", "textarea", "search", ""}
# Actions found refusing a stale form otherwise than the kernel's way when this crawl was added (2026-12-06), by URL
# name, each with what it does; an entry that passes for every role fails the test until it is taken off the list.
ACTION_GAPS: dict[str, str] = {}


def _self_posting(html, url):
    return [fields for action, fields in forms_in(html, url) if action.split("?")[0] == url.split("?")[0]]


def _data(fields, marker=None, fill=None):
    """The values a browser would send untouched; with ``marker``, typed into the first free-text field; with
    ``fill``, typed into every required text field left empty (what the other person wrote)."""
    data, typed = {}, None
    for f in fields:
        if f.kind in ("submit", "button", "reset", "file", "image"):
            continue
        if f.kind in ("checkbox", "radio"):
            if f.checked:
                data.setdefault(f.name, []).append(f.value or "on")
            continue
        if f.kind.startswith("select"):
            chosen = f.value if f.value is not None else next((o for o in f.options if o), "")
            if f.kind == "select" or f.value is not None:
                data.setdefault(f.name, []).append(chosen)
            continue
        value = f.value
        if (
            marker
            and typed is None
            and f.kind in FREE_TEXT
            and "readonly" not in f.attrs
            and not f.attrs.get("pattern")
            and f.name not in ("version", "csrfmiddlewaretoken")
            and _fits(f, marker)
        ):
            value, typed = marker, f.name
        elif fill and not value and "required" in f.attrs and f.kind in FREE_TEXT and _fits(f, fill):
            value = fill
        data.setdefault(f.name, []).append(value)
    return data, typed


def _fits(field, text):
    maxlength = field.attrs.get("maxlength", "")
    return not maxlength.isdigit() or int(maxlength) >= len(text)


def _version(client, url):
    fields = _self_posting(client.get(url).content.decode(), url)
    return [f.value for f in fields[0] if f.name == "version"] if fields else None


def _page(pages, user, url):
    """The HTML of ``url`` as ``user`` (None for anything else than an HTML page), fetched once per crawl."""
    key = (user.pk, url)
    if key not in pages:
        client = Client()
        client.force_login(user)
        response = client.get(url)
        ok = response.status_code == 200 and "html" in response.get("Content-Type", "")
        pages[key] = response.content.decode() if ok else None
    return pages[key]


def _objects(access, user, tries):
    if access.model is None:
        return [None]
    return list(access.model.objects.visible_to(user).order_by("-pk")[:tries])


def _action_target(action, mutations):
    """``(route, pk)`` when ``action`` posts to a mutation of one versioned record, else None."""
    try:
        match = resolve(urlsplit(action).path)
    except Resolver404:
        return None
    route = mutations.get(match.view_name)
    if route is None or "pk" not in match.kwargs or route.access.model is None:
        return None
    if not issubclass(route.access.model, VersionedModel):
        return None
    return route, match.kwargs["pk"]


def action_forms(users, pages, tries=3):
    """Yield ``(role, user, action route name, page url, fields, action url, pk)`` for every action form of the
    project, once per role and action: a form on a page (of up to ``tries`` records the role sees) that posts a
    record's version to a mutation of that record."""
    mutations = {route.name: route for route in routes() if route.access is not None and route.access.mutation}
    seen = set()
    for route in routes():
        access = route.access
        if access is None or access.mutation:
            continue
        for role, user in users.items():
            if access.roles is not None and role not in access.roles:
                continue
            for obj in _objects(access, user, tries):
                url = page_url(route, obj)
                html = _page(pages, user, url)
                if html is None:
                    continue
                for action, fields in forms_in(html, url):
                    target = _action_target(action, mutations)
                    if target is None or not any(f.name == "version" and f.value for f in fields):
                        continue
                    action_route, pk = target
                    if (role, action_route.name) not in seen:
                        seen.add((role, action_route.name))
                        yield role, user, action_route.name, url, fields, action, pk


def edit_forms(users, tries=3):
    """Yield ``(role, user, route name, [(url, fields)])`` for every edit form of the project: the form on the
    pages of up to ``tries`` records the role sees, newest first (an old record may be one nobody can change any
    more, such as a duty of a past plan cycle)."""
    for route in routes():
        access = route.access
        if access is None or access.mutation:
            continue
        for role, user in users.items():
            if access.roles is not None and role not in access.roles:
                continue
            objects = [None]
            if access.model is not None:
                objects = list(access.model.objects.visible_to(user).order_by("-pk")[:tries])
            client = Client()
            client.force_login(user)
            found = []
            for obj in objects:
                url = page_url(route, obj)
                response = client.get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for fields in _self_posting(response.content.decode(), url):
                    version = next((f.value for f in fields if f.name == "version"), None)
                    names = {f.name for f in fields}
                    if version or (version is None and "pk" in route.kwargs and not names <= {"csrfmiddlewaretoken"}):
                        found.append((url, fields))
                        break
            if found and route.name.rpartition(":")[2] not in OWN_SHEETS:
                yield role, user, route.name, found


class EditPathTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.users = users_by_role()

    def test_every_edit_page_refuses_a_form_opened_before_another_save(self):
        problems, tried = [], set()
        for role, user, name, pages in edit_forms(self.users):
            for url, fields in pages:
                with transaction.atomic():
                    problem = self._try(user, url, fields)
                    transaction.set_rollback(True)
                if problem is None or not problem.startswith(UNSAVED):
                    break  # a record the other person could save: the page is tried on it
            tried.add(name)
            if problem:
                problems.append(f"{name} ({role}, {url}): {problem}")
        self.assertEqual(problems, [], "\n".join(problems))
        self.assertGreater(len(tried), 25, "the crawl found too few edit pages to be looking in the right place")

    def test_every_action_refuses_a_form_opened_before_another_save(self):
        problems, tried, gaps_met = [], set(), set()
        for role, user, name, url, fields, action, pk in action_forms(self.users, {}):
            with transaction.atomic():
                problem = self._try_action(user, name, fields, action, pk)
                transaction.set_rollback(True)
            tried.add(name)
            if problem and name in ACTION_GAPS:
                gaps_met.add(name)
            elif problem:
                problems.append(f"{name} ({role}, from {url}): {problem}")
        problems += [f"{name} now refuses stale forms: take it off ACTION_GAPS" for name in set(ACTION_GAPS) - gaps_met]
        self.assertEqual(problems, [], "\n".join(problems))
        self.assertGreater(len(tried), 10, "the crawl found too few actions to be looking in the right place")

    def _try_action(self, user, name, fields, action, pk):
        model = next(route.access.model for route in routes() if route.name == name)
        opened_first, typed = _data(fields, MARKER)
        # What a browser sends on a click of the form's first named button (采用 of 采用/退回, say).
        clicked = next((f for f in fields if f.kind == "submit" and f.name), None)
        if clicked is not None:
            opened_first.setdefault(clicked.name, []).append(clicked.value)
        model.objects.filter(pk=pk).update(version=F("version") + 1)  # someone else saved the record meanwhile
        version_after_other = model.objects.filter(pk=pk).values_list("version", flat=True).get()
        client = Client(raise_request_exception=False)
        client.force_login(user)
        response = client.post(action, opened_first)
        if response.status_code not in (200, 302):
            return f"a form opened before another save answered {response.status_code}"
        if model.objects.filter(pk=pk).values_list("version", flat=True).get() != version_after_other:
            return "a form opened before another save was carried out over the other save"
        if response.status_code == 302:
            if typed:
                return f"the refused action redirected, losing what was typed into {typed}"
            html = client.get(response["Location"]).content.decode()
        else:
            html = response.content.decode()
        if STALE_MESSAGE not in html:
            shown = error_texts(html)
            return f"a form opened before another save was not refused with the kernel's message: {shown}"
        if typed and MARKER not in html:
            return f"the refused form lost what was typed into {typed}"
        return None

    def _try(self, user, url, fields):
        if "version" not in {f.name for f in fields}:
            return "the form carries no version: it does not go through the kernel's edit path"
        client = Client()
        client.force_login(user)
        opened_first, typed = _data(fields, MARKER)
        # What a browser sends on a click of the form's first named button (采用 of 采用/退回, say).
        clicked = next((f for f in fields if f.kind == "submit" and f.name), None)
        if clicked is not None:
            opened_first.setdefault(clicked.name, []).append(clicked.value)
        other = client.get(url)
        other_fields = _self_posting(other.content.decode(), url)
        saved = client.post(url, _data(other_fields[0], fill="另一人填写的内容")[0])
        if saved.status_code != 302:
            shown = error_texts(saved.content.decode())
            return f"{UNSAVED} answered {saved.status_code}, not a redirect: {shown}"
        version_after_other = _version(client, url)
        refused = client.post(url, opened_first)
        if refused.status_code != 200:
            return f"a form opened before another save answered {refused.status_code}: it was saved over the other"
        html = refused.content.decode()
        if STALE_MESSAGE not in html:
            return "a form opened before another save was not refused with the kernel's message"
        if typed and MARKER not in html:
            return f"the refused form lost what was typed into {typed}"
        if _version(client, url) != version_after_other:
            return "the refused save changed the record"
        return None
