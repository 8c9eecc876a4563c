"""Fields laid out as table rows have no <label>: each is named "<row> <column>" for screen readers."""

import pytest
from django.urls import reverse

from key_enterprises.forms import LayoffPeopleFormSet  # the sheet's rows as people_formset builds them
from key_enterprises.models import LayoffPerson

from .factories import make_batch, make_monitored

pytestmark = pytest.mark.django_db


def test_each_field_of_a_layoff_row_is_named_after_its_row_and_column():
    formset = LayoffPeopleFormSet(queryset=LayoffPerson.objects.none())
    second = formset.forms[1]
    assert [second[name].field.widget.attrs["aria-label"] for name in ("name", "DELETE")] == [
        "第2行 姓名或编号",
        "第2行 删除",
    ]


def test_each_field_of_the_months_sheet_is_named_after_its_enterprise_and_column(client, county_user):
    entry = make_monitored()
    batch = make_batch()
    client.force_login(county_user)
    response = client.get(reverse("key_enterprises:batch_detail", kwargs={"pk": batch.pk}))
    assert f'aria-label="{entry.enterprise.name} 期末职工人数"' in response.content.decode()
