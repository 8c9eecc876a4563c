import re
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import TestCase
from django.utils import timezone

from chuxiong_labor import credit_code
from chuxiong_labor.models import Enterprise, User
from chuxiong_labor.nominations.models import PublicNotice, Transition
from chuxiong_labor.nominations.workflow import Action, Level
from chuxiong_labor.roles import Role
from reporting.models import MonthlyReport

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_twice_leaves_the_same_data():
    call_command("seed_demo", stdout=StringIO())
    first = row_counts()
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == first


def test_the_demo_has_a_user_for_every_role_and_unit_and_valid_credit_codes():
    call_command("seed_demo", stdout=StringIO())
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(role=Role.COUNTY_STAFF).values("unit").distinct().count() == 10
    assert all(credit_code.is_valid(code) for code in Enterprise.objects.values_list("credit_code", flat=True))


# Dates that lie ahead by their nature: deadlines, limits, follow-ups, the end of a window, a job's expiry.
FUTURE_BY_NATURE = ("due_on", "follow_up_on", "limit_on", "ends_on", "expires_at")


class DemoInvariantsTest(TestCase):
    """The demo data is loaded once; each test checks one thing it must never say."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())

    def test_no_demo_record_is_dated_after_today(self):
        today, now = timezone.localdate(), timezone.now() + timedelta(minutes=5)
        future = []
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                label = f"{model._meta.label}.{field.name}"
                if field.name.endswith(FUTURE_BY_NATURE) or not isinstance(field, models.DateField):
                    continue
                limit = now if isinstance(field, models.DateTimeField) else today
                if model.objects.filter(**{f"{field.name}__gt": limit}).exists():
                    future.append(label)
        self.assertEqual(future, [])

    def test_demo_notices_are_published_by_the_day_they_start(self):
        notices = list(PublicNotice.objects.all())
        self.assertTrue(notices)
        self.assertEqual([n for n in notices if timezone.localdate(n.published_at) > n.starts_on], [])

    def test_demo_selections_come_after_the_notice_they_wait_for_has_ended(self):
        early = []
        for notice in PublicNotice.objects.filter(level=Level.PREFECTURE).prefetch_related("entries"):
            for entry in notice.entries.all():
                steps = Transition.objects.filter(
                    content_type=entry.content_type,
                    object_id=entry.object_id,
                    action__in=[Action.SELECT, Action.REJECT],
                )
                early += [step for step in steps if timezone.localdate(step.at) <= notice.ends_on]
        self.assertEqual(early, [])

    def test_demo_monthly_reports_never_claim_more_successes_than_cases(self):
        pairs = [
            tuple(map(int, match))
            for text in MonthlyReport.objects.values_list("progress", flat=True)
            for match in re.findall(r"受理劳动人事争议调解案件(\d+)件，调解成功(\d+)件", text)
        ]
        self.assertTrue(pairs)
        self.assertEqual([(c, s) for c, s in pairs if s > c], [])
