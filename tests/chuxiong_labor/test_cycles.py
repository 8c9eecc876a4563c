import pytest

from chuxiong_labor.deadlines import Duty
from chuxiong_labor.quotas import PlanCycle, Programme, Target

pytestmark = pytest.mark.django_db


def create_cycle(client, **extra):
    source = PlanCycle.objects.get(name="2021—2023年")
    data = {
        "name": "2024—2026年",
        "document": "楚人社通〔2024〕1号",
        "start_year": 2024,
        "end_year": 2026,
        "copy_from": source.pk,
        **extra,
    }
    return client.post("/targets/cycles/new/", data)


def test_an_administrator_adds_a_later_cycle_with_the_same_tables(client, admin_user):
    client.force_login(admin_user)
    assert create_cycle(client).status_code == 302
    cycle = PlanCycle.objects.get(name="2024—2026年")
    quota = Target.objects.get(
        programme__cycle=cycle, programme__code="coordinator_quota", unit_label="楚雄市", period="2025"
    )
    stage = Target.objects.get(
        programme__cycle=cycle,
        programme__code="new_enterprise_service",
        unit_label="楚雄市",
        period="第一、二阶段(2024、2025年)",
    )
    assert (quota.value, stage.value, stage.year_from, stage.year_to) == (0, 0, 2024, 2025)
    assert cycle.programmes.count() == PlanCycle.objects.get(name="2021—2023年").programmes.count()


def test_stated_figures_carry_over_to_the_new_cycle(client, admin_user):
    client.force_login(admin_user)
    create_cycle(client)
    total = Target.objects.get(
        programme__cycle__name="2024—2026年", programme__code="coordinator_selection", unit_label="合计"
    )
    assert total.value == 15


def test_duties_move_with_the_cycle(client, admin_user):
    client.force_login(admin_user)
    create_cycle(client)
    duty = Duty.objects.get(cycle__name="2024—2026年", code="mediation_candidates_2023")
    assert str(duty.due_on) == "2026-04-20"


def test_the_new_cycles_values_are_entered_on_the_targets_page(client, admin_user):
    client.force_login(admin_user)
    create_cycle(client)
    programme = Programme.objects.get(cycle__name="2024—2026年", code="key_enterprise_monitoring")
    cells = {t.unit_label: t for t in programme.targets.all()}
    data = {f"cell-{t.pk}": "12" for t in cells.values()} | {"version": programme.version}
    assert client.post(f"/targets/programmes/{programme.pk}/edit/", data).status_code == 302
    assert {t.value for t in programme.targets.all()} == {12}


def test_a_bad_value_saves_nothing_and_says_which_cell(client, admin_user):
    client.force_login(admin_user)
    programme = Programme.objects.get(cycle__name="2021—2023年", code="key_enterprise_monitoring")
    data = {f"cell-{t.pk}": "30" for t in programme.targets.all()} | {"version": programme.version}
    bad = programme.targets.get(unit_label="双柏县")
    data[f"cell-{bad.pk}"] = "十"
    response = client.post(f"/targets/programmes/{programme.pk}/edit/", data)
    assert "“双柏县｜每年”的数值“十”不是非负数字" in response.content.decode()
    assert programme.targets.get(unit_label="楚雄市").value == 20


def test_only_administrators_manage_targets(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/targets/cycles/new/").status_code == 403
