from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from chuxiong_labor import credit_code
from chuxiong_labor.models import Enterprise, User
from chuxiong_labor.roles import Role

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
