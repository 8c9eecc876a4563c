"""The minimum-wage check is a verification prompt: the rule (normal-hours pay, month by month, sick pay down to
80%), the flag on import, the county's confirmation or correction, the refusal to pass a survey on while a flag
is open, 待办, the pages and the command."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuxiong_labor import todo
from chuxiong_labor.lib.errors import ActionRefused
from pay_guidance import minimum_wage
from pay_guidance.models import Employee, FlagStatus, MinimumWage, MinimumWageFlag, SurveyStatus
from pay_guidance.services import act_on_survey, confirm_flag, correct_flag, import_survey
from pay_guidance.survey_import import read_survey
from tests.factories import make_credit_code, unit
from tests.pay_guidance.factories import csv_bytes, employee_row

pytestmark = pytest.mark.django_db

D = Decimal
LOW = ("10000", "0", "0", "0", "0")  # 12 months at 10,000 a year: below every tier


def chuxiong_months(year):
    return MinimumWage.objects.monthly(year)[unit("楚雄市").region_id]


def imported(rows, unit_name="楚雄市", year=2025):
    plan = read_survey(SimpleUploadedFile("survey.csv", csv_bytes(rows)), unit=unit(unit_name), year=year)
    assert plan.is_clean, list(plan.errors)
    import_survey(plan, actor=None)
    return plan


@pytest.fixture
def flag():
    imported([employee_row(make_credit_code(), parts=LOW), employee_row(make_credit_code())])
    return MinimumWageFlag.objects.get()


def test_each_month_reads_the_tier_in_force_on_its_first_day():
    months = chuxiong_months(2023)  # 楚雄市: 1500 from 2018-05-01, 1840 from 2023-10-01
    assert months == [D("1500.00")] * 9 + [D("1840.00")] * 3


def test_a_full_year_is_compared_with_the_sum_of_its_monthly_tiers():
    months = chuxiong_months(2023)
    assert minimum_wage.check(months, 12, D("19019.99"), 0, 0, 0) is not None
    assert minimum_wage.check(months, 12, D("19020.00"), 0, 0, 0) is None


def test_a_part_year_is_compared_with_its_lowest_months():
    assert minimum_wage.check(chuxiong_months(2023), 3, D("4500"), 0, 0, 0) is None


def test_overtime_is_not_normal_hours_pay():
    # Basic 12,000 + overtime 20,000 = 32,000 a year, above 12 × 1,840; the normal-hours pay alone is below.
    rows = [employee_row(make_credit_code(), parts=("12000", "0", "0", "20000", "0"))]
    plan = read_survey(SimpleUploadedFile("survey.csv", csv_bytes(rows)), unit=unit("楚雄市"), year=2025)
    assert plan.flag_count == 1


def test_sick_pay_may_be_as_low_as_80_percent_of_the_minimum():
    floor = D("1840") * 12
    assert minimum_wage.check(chuxiong_months(2025), 12, floor * D("0.5"), 0, 0, floor * D("0.3")) is None
    assert minimum_wage.check(chuxiong_months(2025), 12, floor * D("0.5"), 0, 0, floor * D("0.29")) is not None


def test_a_row_below_the_minimum_is_a_warning_in_the_preview_not_an_error():
    rows = [employee_row(make_credit_code(), parts=LOW)]
    plan = read_survey(SimpleUploadedFile("survey.csv", csv_bytes(rows)), unit=unit("楚雄市"), year=2025)
    assert plan.is_clean and plan.flag_count == 1
    assert "低于楚雄市最低工资标准" in plan.warnings[0].message


def test_the_row_is_imported_and_flagged(flag):
    assert Employee.objects.count() == 2
    assert flag.status == FlagStatus.OPEN and flag.floor_yuan == D("22080.00")
    assert flag.employee.basic_yuan == D("10000")


def test_an_open_flag_is_in_the_countys_todo(flag):
    assert any(item.url == flag.get_absolute_url() for item in todo.returned_to(unit("楚雄市")))


def test_the_county_cannot_check_the_survey_while_a_flag_is_open(flag):
    with pytest.raises(ActionRefused, match="1条职工工资低于最低工资标准的核实提示未处理"):
        act_on_survey(flag.survey, "check", actor=None)


def test_the_prefecture_cannot_accept_while_a_flag_is_open(flag):
    flag.survey.status = SurveyStatus.CHECKED
    flag.survey.save()
    with pytest.raises(ActionRefused, match="不能验收"):
        act_on_survey(flag.survey, "accept", actor=None)


def test_a_confirmed_flag_needs_a_reason_and_lets_the_survey_pass(flag, county_user):
    with pytest.raises(ActionRefused, match="核实说明"):
        confirm_flag(flag, actor=county_user, reason=" ")
    confirm_flag(flag, actor=county_user, reason="学徒期，按协议支付")
    assert act_on_survey(flag.survey, "check", actor=county_user).status == SurveyStatus.CHECKED
    assert not any(item.url == flag.get_absolute_url() for item in todo.returned_to(unit("楚雄市")))


def test_a_correction_updates_the_row_and_closes_the_flag(flag, county_user):
    values = {"months_worked": 3, "basic_yuan": D("10000"), "bonus_yuan": D(0), "allowance_yuan": D(0)}
    values |= {"overtime_yuan": D(0), "special_yuan": D(0)}
    corrected = correct_flag(flag, actor=county_user, values=values)
    assert corrected.status == FlagStatus.CORRECTED and "工作月数 12→3" in corrected.correction
    employee = Employee.objects.get(pk=flag.employee_id)
    assert (employee.months_worked, employee.annual_pay_yuan) == (3, D("10000.00"))


def test_a_correction_still_below_the_minimum_is_refused_and_writes_nothing(flag, county_user):
    values = {"months_worked": 12, "basic_yuan": D("11000"), "bonus_yuan": D(0), "allowance_yuan": D(0)}
    values |= {"overtime_yuan": D(0), "special_yuan": D(0)}
    with pytest.raises(ActionRefused, match="确认属实"):
        correct_flag(flag, actor=county_user, values=values)
    assert Employee.objects.get(pk=flag.employee_id).basic_yuan == D("10000")
    assert MinimumWageFlag.objects.get().status == FlagStatus.OPEN


def test_the_county_confirms_on_the_flag_page(client, flag, county_user):
    client.force_login(county_user)
    assert client.get(reverse("pay_guidance:flag_detail", args=[flag.pk])).status_code == 200
    response = client.post(reverse("pay_guidance:flag_confirm", args=[flag.pk]), {"reason": "病假"})
    assert response.status_code == 302
    assert MinimumWageFlag.objects.get().reason == "病假"


def test_a_confirmation_sent_after_a_colleagues_shows_the_flag_again_with_the_reason_typed(client, flag, county_user):
    """Two tabs on one flag: the second 确认属实 is refused as stale (not as forbidden), the reason it typed shown."""
    client.force_login(county_user)
    url = reverse("pay_guidance:flag_confirm", args=[flag.pk])
    assert client.post(url, {"reason": "病假", "version": flag.version}).status_code == 302
    response = client.post(url, {"reason": "学徒期，按协议支付", "version": flag.version})
    html = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in html
    assert 'data-testid="unsaved-text"' in html and "学徒期，按协议支付" in html
    assert MinimumWageFlag.objects.get().reason == "病假"


def test_a_correction_sent_after_the_flag_was_confirmed_keeps_the_figures_typed(client, flag, county_user):
    client.force_login(county_user)
    confirm_flag(flag, actor=county_user, reason="病假")
    values = {"months_worked": 3, "basic_yuan": "10000", "bonus_yuan": "0", "allowance_yuan": "0"}
    values |= {"overtime_yuan": "0", "special_yuan": "0", "version": flag.version}
    response = client.post(reverse("pay_guidance:flag_correct", args=[flag.pk]), values)
    html = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in html
    assert 'data-testid="unsaved-text"' in html and "工作月数 3" in html
    assert Employee.objects.get(pk=flag.employee_id).months_worked == 12


def test_the_prefecture_sees_the_flags_on_the_survey_page(client, flag, reviewer):
    client.force_login(reviewer)
    html = client.get(flag.survey.get_absolute_url()).content.decode()
    assert 'data-testid="flags"' in html and "待核实" in html


def test_the_prefecture_may_not_confirm_for_the_county(client, flag, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("pay_guidance:flag_confirm", args=[flag.pk]), {"reason": "x"})
    assert response.status_code == 403


def test_another_county_cannot_see_the_flag(client, flag, other_county_user):
    client.force_login(other_county_user)
    assert client.get(reverse("pay_guidance:flag_detail", args=[flag.pk])).status_code == 404


def test_confirming_requires_post(client, flag, county_user):
    client.force_login(county_user)
    assert client.get(reverse("pay_guidance:flag_confirm", args=[flag.pk])).status_code == 405


def test_the_command_prints_the_flags_and_imports(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(csv_bytes([employee_row(make_credit_code(), parts=LOW)]))
    output = io.StringIO()
    call_command("import_pay_survey", str(path), year=2025, unit="楚雄市", stdout=output)
    assert "低于楚雄市最低工资标准" in output.getvalue() and MinimumWageFlag.objects.count() == 1


def test_the_command_with_strict_refuses_and_writes_nothing(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(csv_bytes([employee_row(make_credit_code(), parts=LOW)]))
    with pytest.raises(CommandError, match="--strict"):
        call_command("import_pay_survey", str(path), year=2025, unit="楚雄市", strict=True, stdout=io.StringIO())
    assert not Employee.objects.exists()


def test_the_todo_lists_many_flags_in_as_many_queries_as_one(flag):
    with CaptureQueriesContext(connection) as one:
        todo.returned_to(unit("楚雄市"))
    code, name = flag.survey.enterprise.credit_code, flag.survey.enterprise.name
    imported([employee_row(code, name, parts=LOW) for _ in range(4)])  # the same enterprise: four flags
    with CaptureQueriesContext(connection) as many:
        items = todo.returned_to(unit("楚雄市"))
    assert len([item for item in items if "低于最低工资" in item.title]) == 4
    assert len(many.captured_queries) == len(one.captured_queries)
