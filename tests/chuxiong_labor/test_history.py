from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from chuxiong_labor.lib.history import record_bulk
from chuxiong_labor.models import Enterprise
from tests.factories import make_credit_code, make_enterprise, unit

pytestmark = pytest.mark.django_db


def test_bulk_writes_are_recorded_one_entry_per_row(admin_user):
    region = unit("楚雄市").region
    created = Enterprise.objects.bulk_create(
        [Enterprise(name=f"批量企业{i}", credit_code=make_credit_code(), region=region) for i in range(3)]
    )
    record_bulk(created, action=LogEntry.Action.CREATE, actor=admin_user, note="名册导入")
    entries = LogEntry.objects.filter(additional_data__bulk=True)
    assert entries.count() == 3
    assert {entry.actor for entry in entries} == {admin_user}


def test_history_outlives_a_deleted_record():
    enterprise = make_enterprise(name="将被删除的企业")
    pk = enterprise.pk
    enterprise.delete()
    assert LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).exists()


def test_history_younger_than_180_days_is_never_pruned(settings, time_machine):
    settings.HISTORY_RETENTION_DAYS = 30
    time_machine.move_to("2026-01-01 10:00 +08:00")
    make_enterprise()
    time_machine.move_to("2026-06-29 10:00 +08:00")  # 179 days later
    call_command("prune_history", stdout=StringIO())
    assert LogEntry.objects.exists()


def test_history_older_than_the_retention_period_is_pruned(settings, time_machine):
    settings.HISTORY_RETENTION_DAYS = 200
    time_machine.move_to("2025-01-01 10:00 +08:00")
    make_enterprise()
    time_machine.move_to("2025-07-21 10:00 +08:00")  # 201 days later
    out = StringIO()
    call_command("prune_history", stdout=out)
    assert "变更记录 1 条" in out.getvalue()
    assert not LogEntry.objects.exists()


def test_history_cannot_be_changed_in_the_admin(client, admin_user):
    make_enterprise()
    entry = LogEntry.objects.first()
    client.force_login(admin_user)
    # The admin has no page for the history at all (变更记录 shows it, read-only).
    assert client.post(f"/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 404
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_requests_that_call_services_leave_no_history_receivers_behind(client, county_user):
    from django.db.models.signals import pre_save

    enterprise = make_enterprise(name="接收器测试有限公司")
    client.force_login(county_user)
    before = len(pre_save._live_receivers(LogEntry)[0])
    for number in range(3):
        enterprise.refresh_from_db()
        client.post(
            f"/enterprises/{enterprise.pk}/edit/",
            {
                "name": f"接收器测试{number}有限公司",
                "credit_code": enterprise.credit_code,
                "region": unit("楚雄市").region_id,
                "version": enterprise.version,
            },
        )
    enterprise.refresh_from_db()
    assert enterprise.name == "接收器测试2有限公司"
    assert len(pre_save._live_receivers(LogEntry)[0]) == before


def test_changes_after_a_service_call_in_the_same_request_keep_their_author(county_user, admin_user):
    from auditlog.context import set_actor

    from chuxiong_labor.lib.history import acting_as

    with set_actor(county_user):
        with acting_as(admin_user):
            first = make_enterprise(name="服务内修改有限公司")
        second = make_enterprise(name="服务后修改有限公司")
    assert LogEntry.objects.get_for_object(first).get().actor == admin_user
    assert LogEntry.objects.get_for_object(second).get().actor == county_user


def test_creating_a_mediation_organisation_with_its_work_rules_shows_no_empty_change(client, county_user):
    from chuxiong_labor.lib.history import describe_changes, history_for
    from mediation.models import MediationOrg, WorkRuleItem

    rules = list(WorkRuleItem.objects.all()[:2])
    client.force_login(county_user)
    client.post(
        "/mediation/orgs/new/",
        {
            "name": "楚雄市测试调解委员会",
            "kind": "township",
            "unit": unit("楚雄市").pk,
            "is_active": "on",
            "rules": [rule.pk for rule in rules],
        },
    )
    org = MediationOrg.objects.get(name="楚雄市测试调解委员会")
    described = describe_changes(history_for(org))
    assert all(changes for _entry, changes in described)
    assert any(new.startswith("新增：") and rules[0].name in new for _e, c in described for _l, _o, new in c)


def test_a_save_that_changes_only_the_version_writes_no_entry():
    enterprise = make_enterprise()
    before = LogEntry.objects.get_for_object(enterprise).count()
    enterprise.version += 1
    enterprise.save()
    assert LogEntry.objects.get_for_object(enterprise).count() == before
