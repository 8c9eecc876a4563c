"""The duty list filters by annex, responsible unit, quarter and keyword; a county is offered only its own unit."""

import pytest
from django.urls import reverse

from chuxiong_labor.deadlines import Duty, DutyDateChange
from tests.factories import unit

pytestmark = pytest.mark.django_db


def listed_codes(client, user, **params):
    client.force_login(user)
    return {duty.code for duty in client.get(reverse("reporting:duty_list"), params).context["duties"]}


def test_the_annex_filter_keeps_that_annexs_duties(client, reviewer):
    codes = listed_codes(client, reviewer, annex=3)
    assert "mediation_inspection" in codes and not codes & {"monthly_report", "coordinator_slate"}


def test_the_unit_filter_keeps_the_duties_that_fall_on_that_unit(client, reviewer):
    codes = listed_codes(client, reviewer, unit=unit("州人社局").pk)
    assert "mediation_training" in codes and "monthly_report" not in codes


def test_the_quarter_filter_keeps_yearly_duties_due_in_that_quarter(client, reviewer):
    codes = listed_codes(client, reviewer, quarter=3)
    assert "coordinator_progress" in codes and "coordinator_slate" not in codes


def test_the_quarter_filter_keeps_monthly_and_quarterly_duties_in_every_quarter(client, reviewer):
    codes = listed_codes(client, reviewer, quarter=1)
    assert {"monthly_report", "mediation_inspection"} <= codes


def test_the_quarter_filter_keeps_a_one_off_duty_by_its_date(client, reviewer):
    codes = listed_codes(client, reviewer, quarter=4)
    assert "pay_state_owned_demo" in codes and "pay_private_demo" not in codes


def test_the_quarter_filter_keeps_a_duty_moved_into_that_quarter(client, reviewer):
    duty = Duty.objects.get(code="coordinator_progress")
    DutyDateChange.objects.create(duty=duty, from_year=2022, month=12, day=15, reason="调整", made_on="2022-01-05")
    assert "coordinator_progress" in listed_codes(client, reviewer, quarter=4)


def test_the_keyword_finds_a_duty_by_its_title(client, reviewer):
    assert listed_codes(client, reviewer, q="监督检查") == {"mediation_inspection"}


def test_the_keyword_finds_a_duty_by_its_source_sentence(client, reviewer):
    duty = Duty.objects.get(code="mediation_inspection")
    Duty.objects.filter(pk=duty.pk).update(source="附件3 三（二）：各县（市）按季开展监督检查")
    assert "mediation_inspection" in listed_codes(client, reviewer, q="按季开展")


def test_a_county_user_is_offered_no_unit_but_their_own(client, county_user):
    client.force_login(county_user)
    form = client.get(reverse("reporting:duty_list")).context["filter_form"]
    assert [str(choice) for choice in form.fields["unit"].queryset] == [str(unit("楚雄市"))]


def test_a_county_user_asking_for_another_units_duties_is_told_and_sees_the_whole_list(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("reporting:duty_list"), {"unit": unit("州人社局").pk})
    assert "“责任单位”的筛选值无效" in " ".join(str(m) for m in response.context["messages"])
    assert len(response.context["duties"]) == Duty.objects.count()


def test_the_filters_combine(client, reviewer):
    assert listed_codes(client, reviewer, annex=4, quarter=2, unit=unit("楚雄市").pk) == {
        "new_enterprise_county_plan",
        "new_enterprise_quarterly_pull",
        "new_enterprise_roster",
    }


def test_every_select_of_the_duty_filter_starts_unfiltered(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("reporting:duty_list")).content.decode()
    form = page.split('data-testid="filter-form"')[1].split("</form>")[0]
    assert form.count("<select") == form.count('<option value="">全部') == 4
