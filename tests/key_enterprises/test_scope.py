"""Which enterprises a unit may take (annex 5): a county its own; a member unit those no county holds, and
bargaining only for its own list; a unit refused for another unit's record is told which unit, and no more."""

import pytest
from django.urls import reverse

from chuxiong_labor.roles import Role
from key_enterprises import imports, permissions
from key_enterprises.models import BargainingRecord, MonitoredEnterprise
from tests.factories import make_enterprise, make_user, unit

from .factories import make_monitored
from .test_monitoring import xlsx

pytestmark = pytest.mark.django_db
YEAR = 2026


def post_monitored(client, enterprise, **extra):
    data = {
        "enterprise": enterprise.pk,
        "year": YEAR,
        "reasons": ["large_workforce"],
        "added_on": "2026-01-10",
        "headcount_last_year_end": 100,
        **extra,
    }
    return client.post(reverse("key_enterprises:monitored_create"), data)


def post_bargaining(client, enterprise, **extra):
    data = {"enterprise": enterprise.pk, "year": YEAR, "has_system": "on", **extra}
    return client.post(reverse("key_enterprises:bargaining_create"), data)


def form_errors(response):
    return " ".join(" ".join(errors) for errors in response.context["form"].errors.values())


def test_a_county_may_monitor_an_enterprise_of_its_county():
    assert permissions.monitoring_refusal(unit("楚雄市"), make_enterprise("楚雄市"), YEAR) == ""


def test_a_county_may_not_monitor_another_countys_enterprise():
    assert "不在楚雄市辖区内" in permissions.monitoring_refusal(unit("楚雄市"), make_enterprise("禄丰市"), YEAR)


def test_a_member_unit_may_monitor_an_enterprise_no_county_holds():
    assert permissions.monitoring_refusal(unit("州人社局"), make_enterprise("禄丰市"), YEAR) == ""


def test_a_member_unit_may_not_take_an_enterprise_on_a_countys_list_of_the_year():
    entry = make_monitored("楚雄市", year=YEAR)
    refusal = permissions.monitoring_refusal(unit("州人社局"), entry.enterprise, YEAR)
    assert "楚雄市的重点企业监测清单中" in refusal


def test_a_member_unit_may_not_take_an_enterprise_still_on_a_countys_list_of_the_year_before():
    entry = make_monitored("楚雄市", year=YEAR - 1)
    assert "由楚雄市监测" in permissions.monitoring_refusal(unit("州人社局"), entry.enterprise, YEAR)


def test_a_member_unit_may_take_an_enterprise_the_county_took_off_its_list_the_year_before():
    entry = make_monitored("楚雄市", year=YEAR - 1, removed_on="2025-12-01", removal_reason="经营好转")
    assert permissions.monitoring_refusal(unit("州人社局"), entry.enterprise, YEAR) == ""


def test_a_county_refused_for_a_member_units_entry_is_told_the_unit_only():
    entry = make_monitored("州人社局", enterprise=make_enterprise("楚雄市"), year=YEAR)
    refusal = permissions.monitoring_refusal(unit("楚雄市"), entry.enterprise, YEAR)
    assert "州人社局2026年的重点企业监测清单中" in refusal
    assert entry.enterprise.name not in refusal


def test_can_monitor_enterprise_needs_the_unit_and_the_enterprise_rule():
    county_user = make_user(Role.COUNTY_STAFF, "楚雄市", username="cx")
    assert permissions.can_monitor_enterprise(county_user, unit("楚雄市"), make_enterprise("楚雄市"), YEAR)
    assert not permissions.can_monitor_enterprise(county_user, unit("禄丰市"), make_enterprise("禄丰市"), YEAR)


def test_a_member_unit_records_bargaining_only_for_its_own_list():
    listed = make_monitored("州人社局", enterprise=make_enterprise("楚雄市"), year=YEAR)
    assert permissions.bargaining_refusal(unit("州人社局"), listed.enterprise, YEAR) == ""
    assert "不在州人社局2026年的清单中" in permissions.bargaining_refusal(
        unit("州人社局"), make_enterprise("楚雄市"), YEAR
    )


def test_a_county_refused_for_bargaining_another_unit_recorded_is_told_the_unit_only():
    listed = make_monitored("州总工会", enterprise=make_enterprise("楚雄市"), year=YEAR)
    BargainingRecord.objects.create(unit=listed.unit, enterprise=listed.enterprise, year=YEAR)
    refusal = permissions.bargaining_refusal(unit("楚雄市"), listed.enterprise, YEAR)
    assert refusal.startswith("该企业2026年的集体协商情况已由州总工会登记")


def test_can_record_bargaining_needs_the_unit_and_the_enterprise_rule(reviewer):
    assert permissions.can_record_bargaining(reviewer, unit("楚雄市"), make_enterprise("楚雄市"), YEAR)
    assert not permissions.can_record_bargaining(reviewer, unit("楚雄市"), make_enterprise("禄丰市"), YEAR)


def test_the_member_units_form_refuses_a_countys_listed_enterprise_in_chinese(client, member_user):
    entry = make_monitored("楚雄市", year=YEAR)
    client.force_login(member_user)
    response = post_monitored(client, entry.enterprise)
    assert response.status_code == 200
    assert "由楚雄市监测" in form_errors(response)
    assert MonitoredEnterprise.objects.count() == 1


def test_the_county_form_names_the_member_unit_holding_its_enterprise(client, county_user):
    make_monitored("州工信局", enterprise=(enterprise := make_enterprise("楚雄市")), year=YEAR)
    client.force_login(county_user)
    response = post_monitored(client, enterprise)
    assert "已在州工信局2026年的重点企业监测清单中" in form_errors(response)


def test_the_office_cannot_list_an_enterprise_for_a_county_it_is_not_in(client, reviewer):
    client.force_login(reviewer)
    response = post_monitored(client, make_enterprise("禄丰市"), unit=unit("楚雄市").pk)
    assert "不在楚雄市辖区内" in form_errors(response)
    assert not MonitoredEnterprise.objects.exists()


def test_the_member_units_form_lists_an_enterprise_no_county_holds(client, member_user):
    client.force_login(member_user)
    response = post_monitored(client, make_enterprise("禄丰市"))
    assert response.status_code == 302
    assert MonitoredEnterprise.objects.get().unit == unit("州人社局")


def test_moving_an_entry_to_a_year_the_county_holds_is_refused(client, member_user):
    enterprise = make_enterprise("楚雄市")
    own = make_monitored("州人社局", enterprise=enterprise, year=YEAR - 2)
    make_monitored("楚雄市", enterprise=enterprise, year=YEAR - 1)
    client.force_login(member_user)
    data = {"year": YEAR, "reasons": ["large_workforce"], "added_on": "2026-01-10"}
    data |= {"headcount_last_year_end": 100, "version": own.version}
    response = client.post(reverse("key_enterprises:monitored_edit", args=[own.pk]), data)
    assert response.status_code == 200
    assert "由楚雄市监测" in form_errors(response)
    own.refresh_from_db()
    assert own.year == YEAR - 2


def test_the_member_units_bargaining_form_refuses_an_enterprise_off_its_list(client, member_user):
    client.force_login(member_user)
    response = post_bargaining(client, make_enterprise("楚雄市"))
    assert "不在州人社局2026年的清单中" in form_errors(response)
    assert not BargainingRecord.objects.exists()


def test_the_member_units_bargaining_form_accepts_its_own_listed_enterprise(client, member_user):
    listed = make_monitored("州人社局", enterprise=make_enterprise("楚雄市"), year=YEAR)
    client.force_login(member_user)
    assert post_bargaining(client, listed.enterprise).status_code == 302
    assert BargainingRecord.objects.get().unit == listed.unit


def test_the_list_import_refuses_a_countys_enterprise_for_a_member_unit(member_user):
    entry = make_monitored("楚雄市", year=YEAR - 1)
    upload = xlsx([["统一社会信用代码", "纳入监测原因"], [entry.enterprise.credit_code, "用工规模较大"]])
    plan = imports.read_list(upload, user=member_user, unit=unit("州人社局"), year=YEAR)
    assert len(plan.errors) == 1
    assert plan.errors[0].row == 2 and plan.errors[0].message.startswith("该企业在楚雄市的重点企业监测清单中")
    assert not plan.new


def test_the_list_import_updates_the_units_own_entries(county_user):
    entry = make_monitored("楚雄市", year=YEAR)
    upload = xlsx([["统一社会信用代码", "纳入监测原因"], [entry.enterprise.credit_code, "生产经营困难"]])
    plan = imports.read_list(upload, user=county_user, unit=unit("楚雄市"), year=YEAR)
    assert plan.errors == []
    assert [updated.pk for updated in plan.updated] == [entry.pk]


def test_the_list_form_finds_an_enterprise_by_name_or_code_and_the_import_offers_its_template(client, county_user):
    import io

    from openpyxl import load_workbook

    from key_enterprises.imports import LIST_COLUMNS

    enterprise = make_enterprise("楚雄市", name="楚雄彝绣服饰有限公司")
    other = make_enterprise("禄丰市", name="禄丰彝绣服饰有限公司")
    client.force_login(county_user)
    form_page = client.get(reverse("key_enterprises:monitored_create")).content.decode()
    assert 'data-search-url="/enterprises/choices/"' in form_page or "data-search-url=" in form_page
    for typed in ("彝绣服饰", enterprise.credit_code[-8:]):
        found = client.get(reverse("enterprise_choices"), {"q": typed}).json()["results"]
        assert [row["value"] for row in found] == [enterprise.pk]  # the county's own, never 禄丰市's
    assert post_monitored(client, enterprise).status_code == 302
    refused = post_monitored(client, other)
    assert "没有这家企业" in form_errors(refused)

    template = client.get(reverse("key_enterprises:list_import_template"))
    headers = [cell.value for cell in load_workbook(io.BytesIO(template.content)).active[1]]
    assert headers == [labels[0] for labels in LIST_COLUMNS.values()]
    assert (
        reverse("key_enterprises:list_import_template")
        in client.get(reverse("key_enterprises:list_import")).content.decode()
    )
