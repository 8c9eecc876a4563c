"""The access matrix: every URL of the project, found automatically, checked for every role.

Data comes from ``manage.py seed_demo``, which every app extends with records owned by several units, so a new
view is covered as soon as it has a URL and its model has demo data: this file is never edited for it.

For each URL: anonymous users are sent to the login page (a view declared ``@public_view`` answers them
instead, and refuses POST); a county user asking for another county's object gets 404 whatever the view's roles
(scope is checked before role, so no answer tells that the record exists); a role outside the view's ``roles``
gets 403 on what it may see; a mutation answers GET with 405; and no role ever gets a server error.
"""

from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chuxiong_labor.models import User
from chuxiong_labor.roles import Role

PUBLIC = {"login", "logout"}
SKIPPED_NAMESPACES = {"admin"}
YEAR = 2026
ROLE_USERS = {
    Role.COUNTY_STAFF: "chuxiong",
    Role.MEMBER_STAFF: "renshe",
    Role.REVIEWER: "reviewer",
    Role.LEADER: "leader",
    Role.ADMIN: "admin",
}


@dataclass
class Route:
    name: str
    view: object
    kwargs: tuple

    @property
    def access(self):
        return getattr(self.view, "portal_access", None)


def routes():
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append(Route(namespace + entry.name, entry.callback, tuple(entry.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return [route for route in found if route.name not in PUBLIC]


def get_pages(user):
    """Return ``[(name, url)]`` of every GET page ``user`` may open, with the first object it may see; PDFs are
    left out (they are downloads, not pages)."""
    found = []
    for route in routes():
        access = route.access
        if access.mutation or (access.roles is not None and user.role not in access.roles):
            continue
        kwargs = {}
        if "year" in route.kwargs:
            kwargs["year"] = YEAR
        if "pk" in route.kwargs:
            obj = access.model.objects.visible_to(user).order_by("pk").first()
            if obj is None:
                continue
            kwargs["pk"] = obj.pk
        url = reverse(route.name, kwargs=kwargs)
        if not url.endswith(".pdf"):
            found.append((route.name, url))
    return found


class AccessMatrixTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.users = {role: User.objects.get(username=name) for role, name in ROLE_USERS.items()}

    def url(self, route, obj=None):
        kwargs = {}
        if "pk" in route.kwargs:
            kwargs["pk"] = obj.pk
        if "year" in route.kwargs:
            kwargs["year"] = YEAR
        return reverse(route.name, kwargs=kwargs)

    def visible_object(self, route, user):
        """Return an object of the route's model that ``user`` may see (None when the route takes none)."""
        if route.access.model is None:
            return None
        return route.access.model.objects.visible_to(user).order_by("pk").first()

    def request(self, user, route, obj, method=None):
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        method = method or ("post" if route.access.mutation else "get")
        with transaction.atomic():
            response = getattr(client, method)(self.url(route, obj))
            transaction.set_rollback(True)
        return response

    def test_every_url_declares_its_access(self):
        problems = []
        for route in routes():
            access = route.access
            if access is None:
                problems.append(f"{route.name}: view is not wrapped in portal_view")
                continue
            if "pk" in route.kwargs and access.model is None:
                problems.append(f"{route.name}: takes pk but declares no model")
            unknown = set(route.kwargs) - {"pk", "year"}
            if unknown:
                problems.append(f"{route.name}: URL kwargs {sorted(unknown)} are not supported by the matrix")
            if access.model is not None and not hasattr(access.model.objects.all(), "visible_to"):
                problems.append(f"{route.name}: {access.model.__name__} has no visible_to()")
            if access.mutation and not access.starts_job and (access.roles is None or Role.LEADER in access.roles):
                problems.append(f"{route.name}: a mutation must declare roles, without the leader")
            if access.public and (access.mutation or access.model is not None or access.roles is not None):
                problems.append(f"{route.name}: a public view reads no object, gates no role and changes nothing")
        self.assertEqual(problems, [])

    def test_every_object_route_has_demo_data(self):
        missing = [
            f"{route.name}: seed_demo creates no {route.access.model.__name__}"
            for route in routes()
            if route.access and route.access.model and not route.access.model.objects.exists()
        ]
        self.assertEqual(missing, [])

    def test_anonymous_users_are_sent_to_the_login_page(self):
        admin = self.users[Role.ADMIN]
        problems = []
        for route in routes():
            obj = self.visible_object(route, admin)
            if route.access.model and obj is None:
                continue
            response = self.request(None, route, obj, method="get")
            if route.access.public:
                if response.status_code != 200:
                    problems.append(f"{route.name} (public): {response.status_code}")
                continue
            expected = 405 if route.access.mutation else 302
            if response.status_code != expected or (expected == 302 and "/accounts/login/" not in response["Location"]):
                problems.append(f"{route.name}: {response.status_code}")
        self.assertEqual(problems, [])

    def test_public_views_refuse_post(self):
        problems = [
            f"{route.name}: POST gave {status}"
            for route in routes()
            if route.access.public and (status := self.request(None, route, None, method="post").status_code) != 405
        ]
        self.assertEqual(problems, [])

    def test_mutations_refuse_get(self):
        admin = self.users[Role.ADMIN]
        problems = []
        for route in routes():
            if not route.access.mutation:
                continue
            obj = self.visible_object(route, admin)
            if route.access.model and obj is None:
                continue
            response = self.request(admin, route, obj, method="get")
            if response.status_code != 405:
                problems.append(f"{route.name}: GET gave {response.status_code}")
        self.assertEqual(problems, [])

    def test_another_countys_object_is_not_found(self):
        county = self.users[Role.COUNTY_STAFF]
        checked, problems = 0, []
        for route in routes():
            model = route.access.model
            if model is None:
                continue
            visible = model.objects.visible_to(county).values("pk")
            foreign = model.objects.exclude(pk__in=visible).order_by("pk").first()
            if foreign is None:
                continue
            response = self.request(county, route, foreign)
            checked += 1
            if response.status_code != 404:
                problems.append(f"{route.name}: {response.status_code}")
        self.assertEqual(problems, [])
        self.assertGreater(checked, 0)

    def test_roles_outside_a_views_roles_are_forbidden(self):
        problems = []
        for route in routes():
            if route.access.roles is None:
                continue
            for role, user in self.users.items():
                if role in route.access.roles:
                    continue
                obj = self.visible_object(route, user) if route.access.model else None
                if route.access.model and obj is None:
                    continue
                response = self.request(user, route, obj)
                if response.status_code != 403:
                    problems.append(f"{route.name} as {role}: {response.status_code}")
        self.assertEqual(problems, [])

    def test_permitted_roles_reach_their_own_objects_without_errors(self):
        problems = []
        for route in routes():
            for role, user in self.users.items():
                if route.access.roles is not None and role not in route.access.roles:
                    continue
                obj = self.visible_object(route, user)
                if route.access.model and obj is None:
                    continue
                response = self.request(user, route, obj)
                if response.status_code >= 500 or response.status_code in (404, 405):
                    problems.append(f"{route.name} as {role}: {response.status_code}")
        self.assertEqual(problems, [])
