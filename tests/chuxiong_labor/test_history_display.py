"""History entries are shown in words a user reads: field names, choice labels, related records by name."""

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
