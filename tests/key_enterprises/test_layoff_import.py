"""A layoff plan's people imported from Excel: the template, a preview that prices everyone or lists every
problem, and a confirmation that replaces the people all or nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuxiong_labor.lib.spreadsheets import simple_workbook
from key_enterprises import imports, services
from key_enterprises.forms import LayoffPlanForm
from key_enterprises.models import LayoffPlan, WageSetting

from .factories import make_monitored

pytestmark = pytest.mark.django_db


def _sheet(rows, headers=imports.PEOPLE_HEADERS):
    buffer = io.BytesIO()
    simple_workbook("被裁减人员", headers, rows).save(buffer)
    return SimpleUploadedFile("人员.xlsx", buffer.getvalue())


@pytest.fixture
def plan(county_user):
    WageSetting.objects.create(
        kind="average", year=2025, amount_yuan="8000", effective_on=datetime.date(2026, 6, 1), source="测试"
    )
    form = LayoffPlanForm(
        data={"ground": "2", "workforce": 200, "planned_cut": 2, "actual_cut": 0, "posts": "包装工",
              "planned_on": "2026-05-01", "funds_stated_yuan": "100000"},
        instance=LayoffPlan(monitored=make_monitored()),
    )  # fmt: skip
    assert form.is_valid(), form.errors
    return services.save_layoff_plan(form, [], [], actor=county_user)


GOOD = [
    ["甲", "包装工", datetime.datetime(2021, 2, 1), datetime.datetime(2026, 5, 1), 6000, ""],
    ["乙", "叉车司机", "2026-01-01", "2026-05-01", "5000", "4"],
]


def _preview(client, plan, rows):
    return client.post(reverse("key_enterprises:layoff_people_import", args=[plan.pk]), {"file": _sheet(rows)})


def test_the_preview_prices_everyone_and_writes_nothing(client, county_user, plan):
    client.force_login(county_user)
    page = _preview(client, plan, GOOD).content.decode()
    assert "2 人都通过了检查，经济补偿合计 33000.00 元" in page
    assert plan.people.count() == 0


def test_confirming_replaces_the_people(client, county_user, plan):
    client.force_login(county_user)
    token = _preview(client, plan, GOOD).context["token"]
    response = client.post(reverse("key_enterprises:layoff_people_import_confirm", args=[plan.pk]), {"token": token})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.compensation_total_yuan == Decimal("33000.00")
    assert plan.people.get(name="乙").protection == "4"
    assert plan.payment_verdict().startswith("暂不评估")  # 乙 is protected: one of the two cut is missing


def test_one_bad_row_imports_nobody_and_names_the_field(client, county_user, plan):
    client.force_login(county_user)
    rows = [*GOOD, ["丙", "", "2024-03-01", "2005-03-01", "6000", ""]]
    response = _preview(client, plan, rows)
    page = response.content.decode()
    assert "解除劳动合同日期（2005-03-01）早于入职日期（2024-03-01）" in page
    assert "token" not in response.context or not response.context.get("token")
    assert plan.people.count() == 0


def test_a_plan_changed_after_the_preview_is_refused(client, county_user, plan):
    client.force_login(county_user)
    token = _preview(client, plan, GOOD).context["token"]
    LayoffPlan.objects.filter(pk=plan.pk).update(version=plan.version + 1)
    client.post(reverse("key_enterprises:layoff_people_import_confirm", args=[plan.pk]), {"token": token})
    assert plan.people.count() == 0


def test_the_template_carries_the_plans_people(client, county_user, plan):
    client.force_login(county_user)
    token = _preview(client, plan, GOOD).context["token"]
    client.post(reverse("key_enterprises:layoff_people_import_confirm", args=[plan.pk]), {"token": token})
    response = client.get(reverse("key_enterprises:layoff_people_template", args=[plan.pk]))
    people, problems = imports.read_people(SimpleUploadedFile("t.xlsx", response.content))
    assert problems == []
    assert [p.name for p in people] == ["甲", "乙"]


def test_another_countys_plan_cannot_be_imported_into(client, plan, other_county_user):
    client.force_login(other_county_user)
    assert _preview(client, plan, GOOD).status_code == 404
