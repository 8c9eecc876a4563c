"""Pages of the mediation app: scope, roles, mutations, query counts."""

import datetime

import pytest
from django.urls import reverse

from mediation.models import Case, HolidayCorrection, Inspection, MediationOrg

from .factories import make_case, make_inspection, make_mediator, make_org

pytestmark = pytest.mark.django_db


def test_a_county_user_sees_the_organisation_detail(client, county_user):
    org = make_org("楚雄市")
    client.force_login(county_user)
    assert client.get(org.get_absolute_url()).status_code == 200


def test_another_countys_organisation_is_404(client, county_user):
    org = make_org("禄丰市")
    client.force_login(county_user)
    assert client.get(org.get_absolute_url()).status_code == 404


def test_another_countys_case_is_404(client, county_user):
    case = make_case(make_org("禄丰市"))
    client.force_login(county_user)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_case_list_shows_only_the_users_county(client, county_user):
    make_case(make_org("楚雄市"), employee_party="本县劳动者")
    make_case(make_org("禄丰市"), employee_party="外县劳动者")
    client.force_login(county_user)
    response = client.get(reverse("mediation:case_list"))
    assert "本县劳动者" in response.content.decode() and "外县劳动者" not in response.content.decode()


def test_a_leader_may_not_open_the_case_form(client, leader):
    client.force_login(leader)
    assert client.get(reverse("mediation:case_create")).status_code == 403


def test_a_member_unit_may_not_edit_the_checklist(client, member_user):
    client.force_login(member_user)
    assert client.get(reverse("mediation:rule_create")).status_code == 403


def test_deleting_a_calendar_correction_requires_post(client, reviewer):
    correction = HolidayCorrection.objects.create(on=datetime.date(2024, 3, 18), is_working_day=False)
    client.force_login(reviewer)
    assert client.get(reverse("mediation:holiday_delete", args=[correction.pk])).status_code == 405


def test_confirming_an_import_requires_post(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("mediation:case_import_confirm")).status_code == 405


def test_a_county_user_records_a_case_and_its_limit_is_computed(client, county_user):
    org = make_org("楚雄市")
    client.force_login(county_user)
    response = client.post(
        reverse("mediation:case_create"),
        {
            "org": org.pk,
            "received_on": "2024-09-16",
            "form": "oral",
            "is_accepted": "on",
            "applicant_side": "employee",
            "employee_party": "张三",
            "worker_count": "1",
            "employer_party": "某公司",
            "claim_kind": "pay",
            "claim": "请求支付工资",
            "outcome": "pending",
            "performance": "not_due",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.limit_on == datetime.date(2024, 10, 8)


def test_a_county_user_cannot_record_a_case_in_another_countys_organisation(client, county_user):
    org = make_org("禄丰市")
    client.force_login(county_user)
    response = client.post(reverse("mediation:case_create"), {"org": org.pk, "received_on": "2024-03-01"})
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_a_closed_case_without_a_closing_date_is_refused_with_a_sentence(client, county_user):
    org = make_org("楚雄市")
    client.force_login(county_user)
    response = client.post(
        reverse("mediation:case_create"),
        {
            "org": org.pk,
            "received_on": "2024-03-01",
            "form": "written",
            "applicant_side": "employee",
            "employee_party": "张三",
            "worker_count": "1",
            "employer_party": "某公司",
            "claim_kind": "pay",
            "claim": "请求支付工资",
            "outcome": "no_agreement",
        },
    )
    assert "已有调解结果的案件请填写结案日期" in response.content.decode()


def test_changing_the_receipt_date_moves_the_limit(client, county_user):
    case = make_case(make_org("楚雄市"), received_on=datetime.date(2024, 3, 1))
    client.force_login(county_user)
    fields = {
        "org": case.org_id,
        "received_on": "2024-09-16",
        "form": case.form,
        "is_accepted": "on",
        "applicant_side": case.applicant_side,
        "employee_party": case.employee_party,
        "worker_count": case.worker_count,
        "employer_party": case.employer_party,
        "claim_kind": case.claim_kind,
        "claim": case.claim,
        "outcome": case.outcome,
        "performance": case.performance,
        "version": case.version,
    }
    response = client.post(reverse("mediation:case_edit", args=[case.pk]), fields)
    case.refresh_from_db()
    assert response.status_code == 302
    assert case.limit_on == datetime.date(2024, 10, 8)


def test_an_organisation_without_mediators_is_flagged(client, county_user):
    make_org("楚雄市", name="无人调解中心")
    make_mediator(make_org("楚雄市", name="有人调解中心"))
    client.force_login(county_user)
    response = client.get(reverse("mediation:org_list") + "?flag=no_mediator")
    body = response.content.decode()
    assert "无人调解中心" in body and "有人调解中心" not in body


def test_an_inspection_records_findings_per_checklist_item(client, county_user):
    from mediation.models import WorkRuleItem

    org = make_org("楚雄市")
    item = WorkRuleItem.objects.first()
    client.force_login(county_user)
    client.post(
        reverse("mediation:inspection_create", args=[org.pk]),
        {
            "inspected_on": "2024-06-20",
            "inspectors": "张三",
            "needs_rectification": "on",
            "rectification": "补齐上墙制度",
            "rectify_by": "2024-07-20",
            f"result_{item.pk}": "fails",
            f"note_{item.pk}": "未上墙",
        },
    )
    inspection = Inspection.objects.get()
    assert [(f.item_id, f.result) for f in inspection.findings.all()] == [(item.pk, "fails")]


def test_rectification_without_a_deadline_is_refused(client, county_user):
    org = make_org("楚雄市")
    client.force_login(county_user)
    response = client.post(
        reverse("mediation:inspection_create", args=[org.pk]),
        {"inspected_on": "2024-06-20", "inspectors": "张三", "needs_rectification": "on"},
    )
    assert "需要整改的，请写明整改要求并填写整改期限" in response.content.decode()
    assert not Inspection.objects.exists()


def test_another_countys_inspection_is_404(client, county_user):
    inspection = make_inspection(make_org("禄丰市"))
    client.force_login(county_user)
    assert client.get(inspection.get_absolute_url()).status_code == 404


def test_a_calendar_correction_recomputes_open_limits(client, reviewer):
    case = make_case(received_on=datetime.date(2024, 3, 3))
    assert case.limit_on == datetime.date(2024, 3, 18)
    client.force_login(reviewer)
    client.post(reverse("mediation:holiday_create"), {"on": "2024-03-18", "name": "地方更正"})
    case.refresh_from_db()
    assert case.limit_on == datetime.date(2024, 3, 19)


def test_the_case_detail_shows_the_right_to_arbitration(client, county_user):
    case = make_case(make_org("楚雄市"))
    client.force_login(county_user)
    assert "当事人可以依法申请仲裁" in client.get(case.get_absolute_url()).content.decode()


def test_the_figures_page_shows_the_formula(client, leader):
    client.force_login(leader)
    body = client.get(reverse("mediation:figures")).content.decode()
    assert "达成调解协议的案件数 ÷ 结案数" in body and "65%" in body


def _fill_cases(count):
    for index in range(count):
        org = make_org("楚雄市" if index % 2 else "禄丰市")
        mediator = make_mediator(org)
        make_case(org, mediator=mediator)


@pytest.mark.parametrize("size", [3, 30])
def test_the_case_list_takes_a_fixed_number_of_queries(client, reviewer, django_assert_num_queries, size):
    _fill_cases(size)
    client.force_login(reviewer)
    with django_assert_num_queries(7):
        client.get(reverse("mediation:case_list"))


@pytest.mark.parametrize("size", [3, 30])
def test_the_organisation_list_takes_a_fixed_number_of_queries(client, reviewer, django_assert_num_queries, size):
    _fill_cases(size)
    client.force_login(reviewer)
    with django_assert_num_queries(6):
        client.get(reverse("mediation:org_list"))


def test_organisations_of_every_kind_can_be_registered(db):
    for kind in MediationOrg.Kind.values:
        make_org("楚雄市", kind=kind)
    assert MediationOrg.objects.count() == 7
