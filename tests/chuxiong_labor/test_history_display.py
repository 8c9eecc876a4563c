"""History entries are shown in words a user reads: field names, choice labels, related records by name."""

import datetime

import pytest
from auditlog.models import LogEntry

from chuxiong_labor.lib.history import EMPTY, describe_changes, describe_json, history_for
from tests.factories import make_enterprise, unit

pytestmark = pytest.mark.django_db


def _changes(obj, action):
    entry = history_for(obj).filter(action=action).first()
    return {label: (old, new) for label, old, new in describe_changes([entry])[0][1]}


def test_a_change_is_shown_with_the_fields_chinese_name_and_its_choice_labels():
    enterprise = make_enterprise(size_class="small")
    enterprise.size_class = "micro"
    enterprise.save()
    assert _changes(enterprise, LogEntry.Action.UPDATE)["企业规模"] == ("小型", "微型")


def test_a_changed_foreign_key_is_shown_by_the_related_records_name():
    enterprise = make_enterprise("楚雄市")
    enterprise.region = unit("禄丰市").region
    enterprise.save()
    old, new = _changes(enterprise, LogEntry.Action.UPDATE)["所在县（市）"]
    assert (old, new) == (str(unit("楚雄市").region), str(unit("禄丰市").region))


def test_a_new_record_lists_its_filled_in_values_without_bookkeeping_fields():
    enterprise = make_enterprise(name="显示测试有限公司", phone="")
    changes = _changes(enterprise, LogEntry.Action.CREATE)
    assert changes["企业名称"] == (EMPTY, "显示测试有限公司")
    assert "联系电话" not in changes
    assert not {"id", "version", "ID"} & set(changes)


def test_a_records_page_shows_its_history_without_raw_field_names(client, county_user):
    enterprise = make_enterprise(name="页面显示测试有限公司")
    client.force_login(county_user)
    history = client.get(f"/enterprises/{enterprise.pk}/").content.decode().split('id="history"')[1]
    assert "企业名称" in history
    assert "credit_code" not in history
    assert "None" not in history


def test_a_structureddescribe_json_is_left_out_rather_than_dumped():
    assert describe_json(str({"rows": [{"annex": 1, "achieved": None}]})) == "（数据表，从略）"
    assert describe_json('["\\u7984\\u4e30\\u5e02", "\\u5357\\u534e\\u53bf"]') == "禄丰市、南华县"


@pytest.mark.django_db
def test_a_list_of_choice_codes_reads_as_their_labels():
    from chuxiong_labor.lib.history import describe_changes, history_for
    from tests.social_orgs.factories import make_social_org

    org = make_social_org(services=[])
    org.services = ["employment", "pay"]
    org.save()
    changes = [c for _entry, rows in describe_changes(history_for(org)) for c in rows if c[0] == "提供的服务"]
    assert changes[0][2] == "劳动用工服务、薪酬分配指导"


def test_a_bulk_creation_is_shown_as_the_same_creation_saved_one_at_a_time(admin_user):
    from chuxiong_labor.lib.bulk import insert_all
    from chuxiong_labor.lib.history import record_bulk
    from chuxiong_labor.models import Enterprise
    from tests.factories import make_credit_code

    saved = make_enterprise(
        name="逐条保存有限公司", phone="", address="楚雄市鹿城路1号", registered_on=datetime.date(2021, 3, 5)
    )
    (bulk,) = insert_all(
        [
            Enterprise(
                name="逐条保存有限公司",
                credit_code=make_credit_code(),
                region=saved.region,
                address="楚雄市鹿城路1号",
                registered_on=saved.registered_on,
                size_class=saved.size_class,
                industry=saved.industry,
            )
        ]
    )
    record_bulk([bulk], action=LogEntry.Action.CREATE, actor=admin_user, note="名册导入")
    shown = _changes(bulk, LogEntry.Action.CREATE)
    expected = _changes(saved, LogEntry.Action.CREATE)
    expected["统一社会信用代码"] = (EMPTY, bulk.credit_code)
    assert shown == expected


def test_a_bulk_creation_records_only_the_filled_in_fields_the_history_shows(admin_user):
    from chuxiong_labor.lib.bulk import insert_all
    from chuxiong_labor.lib.history import record_bulk
    from chuxiong_labor.models import Enterprise
    from tests.factories import make_credit_code

    region = unit("楚雄市").region
    (bulk,) = insert_all([Enterprise(name="紧凑记录有限公司", credit_code=make_credit_code(), region=region)])
    record_bulk([bulk], action=LogEntry.Action.CREATE, actor=admin_user)
    entry = LogEntry.objects.get(object_id=bulk.pk, action=LogEntry.Action.CREATE)
    assert entry.changes["name"] == ["None", "紧凑记录有限公司"]
    assert entry.changes["region_id"] == ["None", str(region.pk)]
    assert entry.changes["has_union"] == ["None", "False"]  # shown as 否
    assert not {"version", "created_at", "updated_at", "phone", "registered_on"} & set(entry.changes)
