"""Pages: the import through preview and confirmation, the survey's review steps, the home panel, the duties."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor.deadlines import Duty, done_check
from pay_guidance.models import Employee, SurveyStatus, TargetedService
from tests.factories import make_credit_code, unit
from tests.pay_guidance.factories import add_employees, csv_bytes, employee_row, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, content):
    return client.post(
        reverse("pay_guidance:survey_import"),
        {"file": SimpleUploadedFile("survey.csv", content), "year": 2025},
    )


def test_a_preview_writes_nothing_and_confirming_writes_every_row(client, county_user):
    client.force_login(county_user)
    response = upload(client, csv_bytes([employee_row(make_credit_code())] * 3))
    assert "数据 3 行" in response.content.decode() and not Employee.objects.exists()
    client.post(reverse("pay_guidance:survey_import_confirm"), {"token": response.context["token"]})
    assert Employee.objects.count() == 3


def test_a_preview_with_errors_offers_no_confirmation(client, county_user):
    client.force_login(county_user)
    response = upload(client, csv_bytes([employee_row(make_credit_code(), occupation="4-3-2-1")]))
    assert response.context["token"] is None and "职业编码“4-3-2-1”格式不对" in response.content.decode()


@pytest.mark.parametrize("row", [0, 2], ids=["first data row", "third data row"])
def test_a_nul_is_refused_at_the_preview_naming_its_row_with_nothing_to_confirm(client, county_user, row):
    rows = [employee_row(make_credit_code()) for _ in range(3)]
    rows[row][1] = "鹿城\x00公司"
    client.force_login(county_user)
    text = upload(client, csv_bytes(rows)).content.decode()
    assert f"第{row + 2}行含有空字符" in text
    assert 'name="token"' not in text and not Employee.objects.exists()


def test_a_token_cannot_be_confirmed_by_another_user(client, county_user, reviewer):
    client.force_login(county_user)
    token = upload(client, csv_bytes([employee_row(make_credit_code())])).context["token"]
    client.force_login(reviewer)
    client.post(reverse("pay_guidance:survey_import_confirm"), {"token": token})
    assert not Employee.objects.exists()


def test_the_county_checks_and_the_prefecture_accepts(client, county_user, reviewer):
    survey = make_survey(status=SurveyStatus.SUBMITTED)
    client.force_login(county_user)
    client.post(reverse("pay_guidance:survey_action", args=[survey.pk]), {"action": "check", "version": survey.version})
    survey.refresh_from_db()
    client.force_login(reviewer)
    client.post(
        reverse("pay_guidance:survey_action", args=[survey.pk]), {"action": "accept", "version": survey.version}
    )
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.ACCEPTED


def test_a_county_cannot_accept(client, county_user):
    survey = make_survey(status=SurveyStatus.CHECKED)
    client.force_login(county_user)
    response = client.post(reverse("pay_guidance:survey_action", args=[survey.pk]), {"action": "accept"})
    assert response.status_code == 403


def test_a_stale_action_is_refused(client, reviewer):
    survey = make_survey(status=SurveyStatus.CHECKED)
    client.force_login(reviewer)
    client.post(
        reverse("pay_guidance:survey_action", args=[survey.pk]), {"action": "accept", "version": survey.version - 1}
    )
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CHECKED


def test_a_return_needs_a_reason(client, reviewer):
    survey = make_survey(status=SurveyStatus.CHECKED)
    client.force_login(reviewer)
    client.post(reverse("pay_guidance:survey_action", args=[survey.pk]), {"action": "return", "reason": " "})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CHECKED


def test_the_home_page_shows_the_units_service_coverage_against_ten_percent(client, county_user):
    surveys = [make_survey() for _ in range(8)]
    TargetedService.objects.create(
        survey=surveys[0], served_on=datetime.date(2026, 3, 1), topic="feedback", served_by="张三"
    )
    client.force_login(county_user)
    text = client.get(reverse("home")).content.decode()
    assert "12.50%" in text and "已服务1户 ÷ 被调查8户" in text


def test_the_yearly_private_experience_duty_is_in_the_calendar():
    duty = Duty.objects.get(code="pay_private_report", cycle__name="2021—2023年")
    assert (duty.recurrence, duty.month, duty.day, duty.annex) == ("yearly", 12, 31, 6)


def test_the_publication_duty_is_done_on_the_day_the_county_issues_the_previous_year(reviewer, county_user):
    from pay_guidance.services import act_on_publication, draft_publication

    add_employees(make_survey(), [50000] * 3)
    check = done_check("pay_publication")
    publication = draft_publication(unit("楚雄市"), 2025, actor=county_user)
    publication = act_on_publication(publication, "approve", actor=reviewer)
    assert check(unit("楚雄市"), datetime.date(2026, 6, 30)) is None
    act_on_publication(publication, "issue", actor=county_user)
    assert check(unit("楚雄市"), datetime.date(2026, 6, 30)) == timezone.localdate()


def test_a_countys_publication_issued_by_the_prefecture_is_not_the_countys_act(reviewer):
    from pay_guidance.services import act_on_publication, draft_publication

    add_employees(make_survey(), [50000] * 3)
    publication = act_on_publication(draft_publication(unit("楚雄市"), 2025, actor=reviewer), "approve", actor=reviewer)
    act_on_publication(publication, "issue", actor=reviewer)
    assert done_check("pay_publication")(unit("楚雄市"), datetime.date(2026, 6, 30)) is None


def test_a_thematic_report_submitted_after_its_quarter_is_done_on_the_day_it_arrived(county_user):
    from pay_guidance.models import ThematicReport

    arrived = timezone.make_aware(datetime.datetime(2026, 7, 2, 10, 0))
    ThematicReport.objects.create(
        unit=unit("楚雄市"),
        year=2026,
        quarter=2,
        content="指导情况。",
        first_submitted_at=arrived,
        submitted_at=arrived,
    )
    assert done_check("pay_skill_guidance_report")(unit("楚雄市"), datetime.date(2026, 6, 25)) == datetime.date(
        2026, 7, 2
    )


def test_a_county_adds_a_registry_enterprise_to_its_sample(client, county_user):
    from pay_guidance.models import SurveyEnterprise
    from tests.factories import make_enterprise

    enterprise = make_enterprise("楚雄市")
    client.force_login(county_user)
    client.post(reverse("pay_guidance:survey_add"), {"year": 2025, "enterprise_code": enterprise.credit_code})
    assert SurveyEnterprise.objects.get(enterprise=enterprise).status == SurveyStatus.NOT_STARTED


def test_a_county_cannot_add_another_countys_enterprise(client, county_user):
    from pay_guidance.models import SurveyEnterprise
    from tests.factories import make_enterprise

    enterprise = make_enterprise("禄丰市")
    client.force_login(county_user)
    client.post(reverse("pay_guidance:survey_add"), {"year": 2025, "enterprise_code": enterprise.credit_code})
    assert not SurveyEnterprise.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_survey_list_takes_a_fixed_number_of_queries(client, reviewer, django_assert_max_num_queries, count):
    for _ in range(count):
        make_survey()
    client.force_login(reviewer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("pay_guidance:survey_list"), {"year": 2025}).status_code == 200


def test_the_thematic_report_grid_exports_each_units_quarters(client, reviewer, county_user):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    from pay_guidance.models import ThematicReport

    submitted = timezone.make_aware(datetime.datetime(2025, 6, 25, 23, 0))
    ThematicReport.objects.create(
        unit=unit("楚雄市"), year=2025, quarter=2, content="指导情况", status="submitted", first_submitted_at=submitted
    )
    client.force_login(reviewer)
    response = client.get(reverse("pay_guidance:report_grid_export"), {"year": 2025})
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "楚雄市")
    assert row[1:] == (
        "逾期未报（2025-03-25截止）",
        "已报送（按时报送）",
        "逾期未报（2025-09-25截止）",
        "逾期未报（2025-12-25截止）",
        1,
    )


def test_the_thematic_report_grid_tells_overdue_from_not_yet_due(client, county_user):
    from django.utils import timezone

    from pay_guidance.models import ThematicReport
    from pay_guidance.views import _report_rows

    late = timezone.make_aware(datetime.datetime(2021, 7, 2, 9, 0))
    ThematicReport.objects.create(
        unit=county_user.unit, year=2021, quarter=2, content="指导情况", status="accepted", first_submitted_at=late
    )
    ThematicReport.objects.create(unit=county_user.unit, year=2021, quarter=3, content="", status="draft")
    [(_unit, cells)] = _report_rows(county_user, 2021, today=datetime.date(2021, 9, 26))
    assert [(cell.state, cell.words) for cell in cells] == [
        ("not_required", "不需报送（2021年二季度起报送）"),
        ("submitted", "已采用（逾期报送）"),
        ("overdue", "逾期未报（2021-09-25截止）"),  # a draft is not a report
        ("pending", "未到期（2021-12-25截止）"),
    ]
    client.force_login(county_user)
    page = client.get(reverse("pay_guidance:report_grid"), {"year": 2021}).content.decode()
    assert 'data-state="overdue"' in page and "逾期未报" in page and 'name="year"' in page


def test_a_large_confirmed_import_is_written_by_a_job(client, county_user, monkeypatch):
    monkeypatch.setattr("pay_guidance.views.IMPORT_JOB_ROWS", 2)
    client.force_login(county_user)
    token = upload(client, csv_bytes([employee_row(make_credit_code())] * 3)).context["token"]
    started = client.post(reverse("pay_guidance:survey_import_confirm"), {"token": token})
    job_page = client.get(started["Location"])
    assert (job_page.context["job"].state, Employee.objects.count()) == ("done", 3)


def test_a_countys_feedback_reports_are_made_by_a_job_and_hold_only_its_enterprises(client, county_user):
    from io import BytesIO

    from pypdf import PdfReader

    from pay_guidance.services import act_on_publication, draft_publication
    from tests.pay_guidance.test_disclosure_attack import office

    own, other = make_survey("楚雄市"), make_survey("禄丰市")
    for survey in (own, other, make_survey("楚雄市")):
        add_employees(survey, [50000 + 100 * k for k in range(12)])
    publication = draft_publication(office(), 2025, actor=None)
    act_on_publication(act_on_publication(publication, "approve", actor=None), "issue", actor=None)
    client.force_login(county_user)
    started = client.post(reverse("pay_guidance:feedback_batch") + "?year=2025")
    job_page = client.get(started["Location"])
    pdf = client.get(reverse("job_download", args=[job_page.context["job"].pk])).content
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert own.enterprise.name in text and other.enterprise.name not in text


def test_a_thematic_report_is_saved_and_submitted_with_what_was_typed_in_one_step(client, county_user):
    from pay_guidance.models import ThematicReport

    report = ThematicReport.objects.create(unit=unit("楚雄市"), year=2026, quarter=3)
    client.force_login(county_user)
    url = reverse("pay_guidance:report_detail", args=[report.pk])
    response = client.post(url, {"content": "本季度指导12户企业。", "version": report.version, "then": "submit"})
    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.status, report.content) == (ThematicReport.Status.SUBMITTED, "本季度指导12户企业。")


def test_submitting_an_empty_thematic_report_saves_nothing_and_keeps_the_form(client, county_user):
    from pay_guidance.models import ThematicReport

    report = ThematicReport.objects.create(unit=unit("楚雄市"), year=2026, quarter=3, content="初稿")
    client.force_login(county_user)
    url = reverse("pay_guidance:report_detail", args=[report.pk])
    response = client.post(url, {"content": " ", "version": report.version, "then": "submit"})
    report.refresh_from_db()
    assert response.status_code == 200
    assert (report.status, report.content, report.version) == (ThematicReport.Status.DRAFT, "初稿", 1)
