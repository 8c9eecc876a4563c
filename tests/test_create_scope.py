"""The access matrix's create half: every create page refuses, for every role, a record of another unit.

A create page is a route without ``pk`` whose page (opened as each role allowed to, on the demo data, like the
access matrix) holds a POST form to itself naming the owning unit (``unit``) or the enterprise, by its credit code
(``enterprise_code``) or chosen by search (``enterprise``). Nothing here names an app: a new create page is covered once it renders such a form.

- Unit staff act for their own unit: a ``unit`` sent anyway (another county's) writes no row owned by it.
- A record of a county concerns an enterprise of that county: a county's staff, and the prefecture office acting
  for a county, sending another county's enterprise are refused on the enterprise field, and nothing is written.

What a member unit may take beyond that is each annex's own rule, tested with it (``tests/key_enterprises/
test_scope.py``: a county's listed enterprise, bargaining outside its list).
"""

from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.models import User
from chuxiong_labor.roles import UNIT_STAFF
from chuxiong_labor.units import Unit
from tests.portal_forms import Form, error_texts, forms_in, has_chinese_refusal, page_url, row_counts
from tests.test_access_matrix import ROLE_USERS, routes

# The fields naming a record's enterprise, and what each sends for an enterprise.
ENTERPRISE_FIELDS = {"enterprise_code": lambda enterprise: enterprise.credit_code, "enterprise": lambda e: str(e.pk)}
SCOPE_FIELDS = {"unit", *ENTERPRISE_FIELDS}


def create_forms(user):
    """Yield ``(route name, Form)`` for every create page ``user`` may open."""
    client = Client()
    client.force_login(user)
    for route in routes():
        access = route.access
        if access is None or access.mutation or access.public or "pk" in route.kwargs:
            continue
        if access.roles is not None and user.role not in access.roles:
            continue
        url = page_url(route, None)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for action, fields in forms_in(response.content.decode(), url):
            if action == url and SCOPE_FIELDS & {f.name for f in fields}:
                yield route.name, Form(page=url, action=action, role=user.role, fields=fields)


def unit_owned_counts(unit):
    """Return ``{model label: rows owned by unit}`` for every model with a ``unit`` foreign key to ``Unit``."""
    counts = {}
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "unit"), None)
        if field is not None and field.related_model is Unit:
            counts[model._meta.label] = model._default_manager.filter(unit=unit).count()
    return counts


class CreateScopeTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.users = {role: User.objects.get(username=name) for role, name in ROLE_USERS.items()}
        cls.counties = list(Unit.objects.counties().select_related("region"))
        cls.forms = {role: list(create_forms(user)) for role, user in cls.users.items()}

    def post(self, user, form, data):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        with transaction.atomic():
            before = row_counts()
            response = client.post(form.action, data)
            written = {label: n for label, n in row_counts().items() if n != before[label]}
            transaction.set_rollback(True)
        return response, written

    def acting_county(self, user, form, data):
        """Return the county the form would act for (choosing one where the form offers a choice), or None."""
        field = next((f for f in form.fields if f.name == "unit"), None)
        if field is None:
            return user.unit if user.unit_id and user.unit.is_county else None
        offered = {str(unit.pk): unit for unit in self.counties}
        chosen = next((offered[value] for value in field.options if value in offered), None)
        if chosen is not None:
            data["unit"] = [str(chosen.pk)]
        return chosen

    def foreign_enterprise(self, county):
        """An enterprise of a county other than ``county``."""
        return Enterprise.objects.exclude(region__path__startswith=county.region.path).order_by("pk").first()

    def test_every_create_page_is_found(self):
        found = {name for forms in self.forms.values() for name, _form in forms}
        self.assertGreaterEqual(len(found), 5, sorted(found))

    def test_unit_staff_cannot_create_a_record_owned_by_another_unit(self):
        problems, checked = [], 0
        for role, user in self.users.items():
            if role not in UNIT_STAFF:
                continue
            other = next(unit for unit in self.counties if unit.pk != user.unit_id)
            for name, form in self.forms[role]:
                data = form.defaults()
                unit_field = next((f for f in form.fields if f.name == "unit"), None)
                if unit_field is not None and str(other.pk) in unit_field.options:
                    problems.append(f"{name} as {role}: offers {other}")
                data["unit"] = [str(other.pk)]
                before = unit_owned_counts(other)
                response, _written = self.post(user, form, data)
                checked += 1
                if response.status_code >= 500:
                    problems.append(f"{name} as {role}: {response.status_code}")
                elif unit_owned_counts(other) != before:
                    problems.append(f"{name} as {role}: wrote a record owned by {other}")
        self.assertEqual(problems, [])
        self.assertGreater(checked, 0)

    def test_no_role_can_put_another_countys_enterprise_on_a_countys_record(self):
        problems, checked = [], 0
        for role, user in self.users.items():
            for name, form in self.forms[role]:
                field = next((f.name for f in form.fields if f.name in ENTERPRISE_FIELDS), None)
                if field is None:
                    continue
                data = form.defaults()
                county = self.acting_county(user, form, data)
                if county is None:
                    continue
                foreign = self.foreign_enterprise(county)
                data[field] = [ENTERPRISE_FIELDS[field](foreign)]
                response, written = self.post(user, form, data)
                checked += 1
                html = response.content.decode()
                on_field = f'id="id_{field}_error"' in html and has_chinese_refusal(html)
                if response.status_code >= 500:
                    problems.append(f"{name} as {role}: {response.status_code}")
                elif written:
                    problems.append(f"{name} as {role} for {county}: wrote {sorted(written)}")
                elif response.status_code != 403 and not on_field:
                    problems.append(
                        f"{name} as {role} for {county}: not refused on the enterprise ({error_texts(html)})"
                    )
        self.assertEqual(problems, [])
        self.assertGreater(checked, 0)
