"""Every wait is in 待办 (chuxiong_labor/todo.py), found from the declarations, tried for every role.

- Every model with a workflow (a ``status`` whose choices include a draft, submitted, returned or open state)
  declares each of its states as waiting on the unit, on the office, or on no one: a new workflow fails here
  until its waits are declared.
- Each declared waiting state, put on a record of the demo data, puts that record in the 待办 of exactly the roles
  that act on it (the owning unit's staff, or the prefecture office), its kind on their home page, and on no
  other role's.
- Every link of every role's 待办 opens for that role; the leader, who acts on nothing, has no 待办.
- A panel member finds the candidates they have yet to score.
- The 待办 costs a query per model, whatever the number of records waiting.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from chuxiong_labor import roles, todo
from chuxiong_labor.roles import Role
from tests.portal_forms import users_by_role

WORKFLOW_STATES = {"draft", "submitted", "returned", "open"}


def todo_panel(client):
    html = client.get("/").content.decode()
    start = html.find('data-testid="todo"')
    return "" if start < 0 else html[start : html.find("</ul></div>", start)]


def links(panel):
    return [part.split('"', 1)[0] for part in panel.split('href="')[1:]]


class TodoCrawlTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.users = users_by_role()
        cls.clients = {}

    def client_for(self, role):
        client = Client()
        client.force_login(self.users[role])
        return client

    def record_for(self, wait):
        """A demo record of the wait's model, of 楚雄市 (the cast's county) when there is one."""
        county = self.users[Role.COUNTY_STAFF].unit
        rows = wait.model.objects.order_by("pk")
        return rows.filter(unit=county).first() or rows.first()

    def test_every_workflow_model_declares_whom_each_state_waits_on(self):
        declared = {}
        for wait in todo.WAITS:
            declared.setdefault(wait.model, set()).add(wait.state)
        for model, states in todo.SETTLED.items():
            declared.setdefault(model, set()).update(states)
        problems = []
        for model in apps.get_models():
            try:
                field = model._meta.get_field("status")
            except FieldDoesNotExist:
                continue
            states = {str(value) for value, _label in field.choices or ()}
            if states & WORKFLOW_STATES and states - declared.get(model, set()):
                problems.append(f"{model._meta.label}: {sorted(states - declared.get(model, set()))}")
        self.assertEqual(problems, [], "states that declare no one they wait on")

    def test_every_waiting_state_is_on_the_home_page_of_exactly_the_roles_that_act_on_it(self):
        problems = []
        for wait in todo.WAITS:
            record = self.record_for(wait)
            if record is None:
                problems.append(f"{wait.model._meta.label} {wait.state}: no demo record to try")
                continue
            with transaction.atomic():
                wait.model.objects.filter(pk=record.pk).update(**{wait.field: wait.state})
                url = record.get_absolute_url()
                for role, user in self.users.items():
                    panel = todo_panel(self.client_for(role))
                    # The panel shows a few of each kind; the record must be among the role's items and its kind
                    # on the page.
                    shown = url in [item.url for item in todo.items_for(user)] and wait.kind in panel
                    acts = (wait.on == todo.OFFICE and roles.can_review(user)) or (
                        wait.on == todo.UNIT and user.unit_id == record.unit_id
                    )
                    if shown != acts:
                        problems.append(
                            f"{wait.model._meta.label} {wait.state} ({record.unit}): "
                            f"{'shown to' if shown else 'missing for'} {role}"
                        )
                transaction.set_rollback(True)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_every_todo_link_opens_for_its_role_and_the_leader_has_none(self):
        for wait in todo.WAITS:
            record = self.record_for(wait)
            if record is not None:
                wait.model.objects.filter(pk=record.pk).update(**{wait.field: wait.state})
        problems, seen = [], 0
        for role in self.users:
            client = self.client_for(role)
            panel = todo_panel(client)
            if role == Role.LEADER:
                self.assertEqual(panel, "", "the leader acts on nothing, so has no 待办")
                continue
            for url in links(panel):
                seen += 1
                status = client.get(url).status_code
                if status != 200:
                    problems.append(f"{role}: {url} answered {status}")
        self.assertGreater(seen, 10)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_a_panel_member_finds_the_candidates_to_score_until_scored(self):
        from social_orgs.models import Conflict, Nomination, PanelScore

        member = self.users[Role.MEMBER_STAFF]
        candidate = Nomination.objects.filter(status="submitted").select_related("round").first()
        candidate.round.panel_members.add(member)
        Conflict.objects.filter(nomination=candidate, member=member).delete()
        PanelScore.objects.filter(nomination=candidate, member=member).delete()
        client = self.client_for(Role.MEMBER_STAFF)
        score_url = f"/social-orgs/selection/candidates/{candidate.pk}/score/"
        self.assertIn(f'href="{score_url}"', todo_panel(client))
        self.assertEqual(client.get(score_url).status_code, 200)
        Conflict.objects.create(nomination=candidate, member=member, reason="亲属在该组织任职")
        self.assertNotIn(f'href="{score_url}"', todo_panel(client))

    def test_the_todo_costs_the_same_queries_however_many_records_wait(self):
        """A query per model, not per record: with three times the records waiting in every declared state, no
        role's 待办 takes one query more (a ``__str__`` reading a relation not fetched with the records would)."""

        def put(per_wait):
            used = set()
            for wait in todo.WAITS:
                rows = wait.model.objects.order_by("pk").exclude(pk__in={pk for m, pk in used if m is wait.model})
                pks = list(rows.values_list("pk", flat=True)[:per_wait])
                used |= {(wait.model, pk) for pk in pks}
                wait.model.objects.filter(pk__in=pks).update(**{wait.field: wait.state})

        def counts():
            found = {}
            for role, user in self.users.items():
                with CaptureQueriesContext(connection) as queries:
                    items = todo.items_for(user)
                found[role] = (len(queries), len(items))
            return found

        put(1)
        before = counts()
        put(3)
        after = counts()
        self.assertGreater(sum(n for _, n in after.values()), sum(n for _, n in before.values()))
        grown = {role: (before[role][0], after[role][0]) for role in before if after[role][0] > before[role][0]}
        self.assertEqual(grown, {}, "queries (before, after) of roles whose 待办 grew with the records waiting")

    def test_the_panel_shows_the_first_of_each_kind_and_counts_them_all(self):
        """The home page does not read every waiting record: it lists the first few of each kind and counts the
        rest; the counts are those of the full list, the items among its items."""
        for wait in todo.WAITS:
            pks = list(wait.model.objects.order_by("pk").values_list("pk", flat=True)[:8])
            wait.model.objects.filter(pk__in=pks).update(**{wait.field: wait.state})
        checked = 0
        for user in self.users.values():
            everything = {}
            for item in todo.items_for(user):
                everything.setdefault(item.kind, []).append(item)
            groups = {group.kind: group for group in todo.groups_for(user, shown=2)}
            self.assertEqual({kind: g.total for kind, g in groups.items()}, {k: len(v) for k, v in everything.items()})
            for kind, group in groups.items():
                self.assertEqual(len(group.items), min(2, group.total))
                self.assertLessEqual({item.url for item in group.items}, {item.url for item in everything[kind]})
                checked += group.total > 2
        self.assertGreater(checked, 3)
