"""The ledger pages: inclusions, services, the expert team, rosters and summaries; scope and query counts."""

import datetime

import pytest
from django.urls import reverse

from chuxiong_labor.enterprises import Enterprise
from new_enterprises.home import home_panel
from new_enterprises.models import AnnualSummary, Inclusion, RosterSubmission, ServiceRecord
from tests.factories import make_credit_code, make_enterprise, unit
from tests.new_enterprises.factories import make_expert, make_inclusion, make_service

pytestmark = pytest.mark.django_db
LIST_URL = reverse("new_enterprises:inclusion_list")


def many_inclusions(count, unit_name="楚雄市", year=2022):
    owner = unit(unit_name)
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"批量企业{n:05d}有限公司", credit_code=make_credit_code(owner.region.code), region=owner.region
            )
            for n in range(count)
        ]
    )
    inclusions = Inclusion.objects.bulk_create(
        [Inclusion(unit=owner, enterprise=e, year=year, level="county", department=owner.name) for e in enterprises]
    )
    ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(inclusion=i, served_on=datetime.date(year, 5, 1), kind="policy", content="宣讲")
            for i in inclusions[::2]
        ]
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_ledger_page_issues_a_fixed_number_of_queries(client, county_user, django_assert_num_queries, count):
    many_inclusions(count)
    client.force_login(county_user)
    with django_assert_num_queries(4):
        response = client.get(LIST_URL)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_the_progress_page_issues_a_fixed_number_of_queries(client, county_user, django_assert_num_queries, count):
    many_inclusions(count)
    client.force_login(county_user)
    with django_assert_num_queries(8):
        response = client.get(reverse("new_enterprises:progress"), {"year": 2022})
    assert response.status_code == 200


def test_the_ledger_paginates(client, county_user):
    many_inclusions(60)
    client.force_login(county_user)
    body = client.get(LIST_URL).content.decode()
    assert "第 1 / 2 页，共 60 条" in body


def test_county_staff_see_only_their_own_units_inclusions(client, county_user):
    make_inclusion("楚雄市", enterprise=make_enterprise("楚雄市", name="本县企业有限公司"))
    make_inclusion("禄丰市", enterprise=make_enterprise("禄丰市", name="外县企业有限公司"))
    client.force_login(county_user)
    body = client.get(LIST_URL).content.decode()
    assert "本县企业有限公司" in body and "外县企业有限公司" not in body


def test_another_countys_inclusion_is_404(client, county_user):
    other = make_inclusion("禄丰市")
    client.force_login(county_user)
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_inclusion_page_lists_its_services(client, county_user):
    inclusion = make_inclusion("楚雄市")
    make_service(inclusion, content="讲解社保补贴申领流程")
    client.force_login(county_user)
    assert "讲解社保补贴申领流程" in client.get(inclusion.get_absolute_url()).content.decode()


def test_a_leader_may_read_but_not_record_a_service(client, leader):
    inclusion = make_inclusion("楚雄市")
    client.force_login(leader)
    assert client.get(inclusion.get_absolute_url()).status_code == 200
    assert client.get(reverse("new_enterprises:service_create", args=[inclusion.pk])).status_code == 403


def test_unit_staff_include_an_enterprise_by_its_credit_code(client, county_user):
    enterprise = make_enterprise("楚雄市")
    client.force_login(county_user)
    response = client.post(
        reverse("new_enterprises:inclusion_create"),
        {"enterprise_code": enterprise.credit_code.lower(), "year": "2022", "department": "楚雄市人社局"},
    )
    inclusion = Inclusion.objects.get()
    assert response.status_code == 302
    assert (inclusion.unit.short_name, inclusion.level, inclusion.department) == ("楚雄市", "county", "楚雄市人社局")


def test_an_enterprise_is_included_once_a_year(client, county_user):
    existing = make_inclusion("楚雄市", year=2022)
    client.force_login(county_user)
    response = client.post(
        reverse("new_enterprises:inclusion_create"),
        {"enterprise_code": existing.enterprise.credit_code, "year": "2022", "department": "楚雄市人社局"},
    )
    assert "同一企业每年只纳入一次" in response.content.decode()


def test_a_member_units_inclusion_is_at_the_prefecture_level(client, member_user):
    enterprise = make_enterprise("大姚县")
    client.force_login(member_user)
    client.post(
        reverse("new_enterprises:inclusion_create"),
        {"enterprise_code": enterprise.credit_code, "year": "2022", "department": "州人社局", "is_demonstration": "on"},
    )
    assert Inclusion.objects.get().get_level_display() == "州本级"


def test_recording_a_service_names_the_expert_team_members(client, county_user):
    inclusion = make_inclusion("楚雄市")
    expert = make_expert("楚雄市")
    client.force_login(county_user)
    client.post(
        reverse("new_enterprises:service_create", args=[inclusion.pk]),
        {"served_on": "2022-04-02", "kind": "contract", "content": "指导签订劳动合同", "experts": [expert.pk]},
    )
    record = ServiceRecord.objects.get()
    assert (list(record.experts.all()), record.created_by) == ([expert], county_user)


def test_a_follow_up_before_the_service_date_is_refused(client, county_user):
    inclusion = make_inclusion("楚雄市")
    client.force_login(county_user)
    response = client.post(
        reverse("new_enterprises:service_create", args=[inclusion.pk]),
        {"served_on": "2022-04-02", "kind": "policy", "content": "宣讲", "follow_up_on": "2022-03-01"},
    )
    assert "回访日期应在服务时间之后" in response.content.decode()


def test_a_stale_service_edit_is_refused(client, county_user):
    record = make_service(make_inclusion("楚雄市"))
    client.force_login(county_user)
    data = {"served_on": "2022-04-01", "kind": "policy", "content": "改过", "version": record.version}
    ServiceRecord.objects.filter(pk=record.pk).update(version=record.version + 1)
    response = client.post(reverse("new_enterprises:service_edit", args=[record.pk]), data)
    assert "已被他人修改" in response.content.decode()


def test_deleting_a_service_answers_post_only(client, county_user):
    record = make_service(make_inclusion("楚雄市"))
    client.force_login(county_user)
    assert client.get(reverse("new_enterprises:service_delete", args=[record.pk])).status_code == 405


def test_another_countys_expert_is_404(client, county_user):
    client.force_login(county_user)
    other = make_expert("禄丰市")
    assert client.get(reverse("new_enterprises:expert_edit", args=[other.pk])).status_code == 404


def test_a_unit_reports_its_roster_with_the_count_of_its_inclusions(client, county_user):
    make_inclusion("楚雄市", year=2022)
    client.force_login(county_user)
    client.post(reverse("new_enterprises:roster_submit"), {"year": "2022"})
    submission = RosterSubmission.objects.get()
    assert (submission.unit.short_name, submission.enterprise_count) == ("楚雄市", 1)


def test_the_roster_status_shows_an_unreported_unit_as_overdue_after_may(client, reviewer):
    client.force_login(reviewer)
    body = client.get(reverse("new_enterprises:roster_status"), {"year": 2022}).content.decode()
    assert "截止日期：2022-05-31" in body and "逾期未报" in body


def test_the_summary_is_drafted_from_the_ledger(client, county_user):
    make_service(make_inclusion("楚雄市", year=2022), difficulties="招工难", resolution="对接招聘会")
    client.force_login(county_user)
    body = client.get(reverse("new_enterprises:summary_edit", args=[2022])).content.decode()
    assert '已开展服务的企业</th><td class="text-end">1户' in body


def test_submitting_the_summary_records_the_time_and_the_units_text(client, county_user):
    client.force_login(county_user)
    client.post(reverse("new_enterprises:summary_edit", args=[2022]), {"work_done": "按季调取名单", "submit": ""})
    summary = AnnualSummary.objects.get()
    assert (summary.unit.short_name, summary.work_done, summary.submitted_at is not None) == (
        "楚雄市",
        "按季调取名单",
        True,
    )


def test_another_countys_summary_is_404(client, county_user):
    other = AnnualSummary.objects.create(unit=unit("禄丰市"), year=2022)
    client.force_login(county_user)
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_home_panel_lists_coming_follow_ups_and_unserved_enterprises():
    today = datetime.date(2022, 6, 1)
    served = make_inclusion("楚雄市", year=2022)
    make_service(served, served_on=datetime.date(2022, 5, 1), follow_up_on=datetime.date(2022, 6, 10))
    waiting = make_inclusion("楚雄市", year=2022)
    make_inclusion("禄丰市", year=2022)
    panel = home_panel(unit("楚雄市"), today)
    assert [r.inclusion for r in panel["follow_ups"]] == [served]
    assert (panel["unserved"], panel["unserved_count"]) == ([waiting], 1)


def test_a_follow_up_already_followed_by_a_later_service_leaves_the_home_panel():
    inclusion = make_inclusion("楚雄市", year=2022)
    make_service(inclusion, served_on=datetime.date(2022, 5, 1), follow_up_on=datetime.date(2022, 6, 10))
    make_service(inclusion, served_on=datetime.date(2022, 5, 30))
    assert home_panel(unit("楚雄市"), datetime.date(2022, 6, 1))["follow_ups"] == []


def test_the_unit_home_page_shows_the_follow_up_panel(client, county_user, time_machine):
    time_machine.move_to("2022-05-20 10:00 +08:00")
    inclusion = make_inclusion("楚雄市", year=2022)
    make_service(inclusion, served_on=datetime.date(2022, 5, 10), follow_up_on=datetime.date(2022, 6, 10))
    client.force_login(county_user)
    page = client.get("/").content.decode()
    assert 'data-testid="new-enterprise-panel"' in page
    assert inclusion.enterprise.name in page
