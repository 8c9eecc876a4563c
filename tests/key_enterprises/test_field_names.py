"""Fields laid out as table rows have no <label>: each is named "<row> <column>" for screen readers."""

import pytest
from django.urls import reverse

from key_enterprises.forms import LayoffPeopleFormSet, RetainedFormSet  # the sheets as the plan's page builds them
from key_enterprises.models import LayoffPerson, RetainedPerson

from .factories import make_batch, make_monitored

pytestmark = pytest.mark.django_db


def test_each_field_of_a_layoff_row_is_named_after_its_row_and_column():
    formset = LayoffPeopleFormSet(queryset=LayoffPerson.objects.none())
    second = formset.forms[1]
    assert [second[name].field.widget.attrs["aria-label"] for name in ("name", "DELETE")] == [
        "被裁减人员第2行 姓名或编号",
        "被裁减人员第2行 删除",
    ]


def test_the_two_sheets_of_a_layoff_plan_never_share_a_fields_name():
    people = LayoffPeopleFormSet(queryset=LayoffPerson.objects.none())
    retained = RetainedFormSet(queryset=RetainedPerson.objects.none(), prefix="retained")
    assert people.forms[0]["name"].field.widget.attrs["aria-label"] == "被裁减人员第1行 姓名或编号"
    assert retained.forms[0]["name"].field.widget.attrs["aria-label"] == "优先留用人员第1行 姓名或编号"


def test_each_field_of_the_months_sheet_is_named_after_its_enterprise_and_column(client, county_user):
    entry = make_monitored()
    batch = make_batch()
    client.force_login(county_user)
    response = client.get(reverse("key_enterprises:batch_detail", kwargs={"pk": batch.pk}))
    assert f'aria-label="{entry.enterprise.name} 期末职工人数"' in response.content.decode()
