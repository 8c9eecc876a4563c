"""The case ledger in and out of Excel: all-or-nothing imports with a preview, escaped exports."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mediation.models import Case
from mediation.resources import COLUMNS
from tests.factories import inert_text

from .factories import make_case, make_mediator, make_org

pytestmark = pytest.mark.django_db

HEADERS = [
    "调解组织",
    "案号",
    "收到申请日期",
    "申请方式",
    "劳动者一方",
    "涉及劳动者人数",
    "用人单位一方",
    "争议类型",
    "请求事项",
    "调解员",
    "调解结果",
    "结案日期",
    "协议签订日期",
    "协议金额（元）",
]


def download(client, url):
    """Start an export (a job, run at once without Redis) and return the file its page offers."""
    return client.get(client.post(url)["Location"] + "download/").content


def workbook(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ledger.xlsx", buffer.getvalue())


def good_rows(org, mediator):
    return [
        [
            org.name,
            "A-1",
            "2024-03-01",
            "书面申请",
            "张三",
            1,
            "某公司",
            "劳动报酬",
            "请求支付工资",
            mediator.name,
            "达成调解协议",
            "2024-03-05",
            "2024-03-05",
            "3000",
        ],
        [
            org.name,
            "A-2",
            datetime.date(2024, 9, 16),
            "口头",
            "李四等12人",
            12,
            "某公司",
            "社会保险",
            "请求补缴社会保险",
            "",
            "调解中",
            "",
            "",
            "",
        ],
    ]


def preview(client, upload):
    return client.post(reverse("mediation:case_import"), {"file": upload})


def confirm(client, preview_response):
    return client.post(reverse("mediation:case_import_confirm"), {"token": preview_response.context.get("token", "")})


def test_a_good_file_shows_a_preview_and_saves_nothing(client, county_user):
    org = make_org("楚雄市")
    mediator = make_mediator(org)
    client.force_login(county_user)
    response = preview(client, workbook(good_rows(org, mediator)))
    assert "全部 2 行都通过了检查" in response.content.decode()
    assert not Case.objects.exists()


def test_confirming_the_preview_imports_every_row_with_its_limit(client, county_user):
    org = make_org("楚雄市")
    mediator = make_mediator(org)
    client.force_login(county_user)
    confirm(client, preview(client, workbook(good_rows(org, mediator))))
    limits = dict(Case.objects.values_list("number", "limit_on"))
    assert limits == {"A-1": datetime.date(2024, 3, 18), "A-2": datetime.date(2024, 10, 8)}


def test_confirming_an_import_over_the_job_threshold_writes_it_in_a_job(client, county_user, monkeypatch):
    from chuxiong_labor.lib.jobs import Job, JobState

    monkeypatch.setattr("mediation.views.IMPORT_JOB_ROWS", 1)
    org = make_org("楚雄市")
    mediator = make_mediator(org)
    client.force_login(county_user)
    response = confirm(client, preview(client, workbook(good_rows(org, mediator))))
    job = Job.objects.get(owner=county_user, kind="mediation.case_import")
    assert (response["Location"], job.state, job.done, Case.objects.count()) == (
        job.get_absolute_url(),
        JobState.DONE,
        2,
        2,
    )


def test_imported_cases_keep_their_mediator_and_outcome(client, county_user):
    org = make_org("楚雄市")
    mediator = make_mediator(org)
    client.force_login(county_user)
    confirm(client, preview(client, workbook(good_rows(org, mediator))))
    case = Case.objects.get(number="A-1")
    assert (case.mediator, case.outcome, str(case.agreement_yuan)) == (mediator, "agreement", "3000.00")


def test_one_bad_row_stops_the_whole_file(client, county_user):
    org = make_org("楚雄市")
    mediator = make_mediator(org)
    rows = good_rows(org, mediator)
    rows[1][2] = "三月一日"
    client.force_login(county_user)
    response = preview(client, workbook(rows))
    confirm(client, response)
    assert "第3行" in response.content.decode()
    assert not Case.objects.exists()


def test_a_rows_problems_read_as_one_sentence_with_single_punctuation(client, county_user):
    org = make_org("楚雄市")
    rows = good_rows(org, make_mediator(org))
    rows[0][11] = ""
    client.force_login(county_user)
    page = preview(client, workbook(rows)).content.decode()
    assert "<td>第2行</td><td>—</td><td>“结案日期”：已有调解结果的案件请填写结案日期。</td>" in page
    assert "。。" not in page


def test_another_countys_organisation_is_refused_in_an_import(client, county_user):
    org = make_org("禄丰市")
    client.force_login(county_user)
    rows = [
        [org.name, "B-1", "2024-03-01", "书面申请", "张三", 1, "某公司", "劳动报酬", "请求", "", "调解中", "", "", ""]
    ]
    response = preview(client, workbook(rows))
    assert "不在您可以录入的调解组织中" in response.content.decode()


def test_a_case_number_already_in_the_ledger_is_refused(client, county_user):
    org = make_org("楚雄市")
    make_case(org, number="A-1")
    client.force_login(county_user)
    rows = [
        [org.name, "A-1", "2024-03-01", "书面申请", "张三", 1, "某公司", "劳动报酬", "请求", "", "调解中", "", "", ""]
    ]
    assert "已在台账中" in preview(client, workbook(rows)).content.decode()


def test_a_file_missing_required_columns_is_refused_with_the_names(client, county_user):
    client.force_login(county_user)
    response = preview(client, workbook([["x"]], headers=["调解组织", "案号"]))
    assert "表头缺少必填列" in response.content.decode() and "请求事项" in response.content.decode()


def test_a_text_file_whose_first_cell_would_run_as_a_formula_is_refused(client, county_user):
    client.force_login(county_user)
    response = preview(client, SimpleUploadedFile("ledger.csv", b"=cmd|' /C calc'!A0\n"))
    assert "第1行A列以“=”开头，会被 Excel 当作公式运行" in response.content.decode()


def test_a_zip_bomb_is_refused(client, county_user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 30_000_000)
    client.force_login(county_user)
    response = preview(client, SimpleUploadedFile("ledger.xlsx", buffer.getvalue()))
    assert "压缩炸弹" in response.content.decode()


def test_confirming_without_a_preview_imports_nothing(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("mediation:case_import_confirm"), follow=True)
    assert "导入凭据无效" in response.content.decode()


def test_a_leader_may_not_import(client, leader):
    client.force_login(leader)
    assert client.get(reverse("mediation:case_import")).status_code == 403


def test_the_export_escapes_formulas_in_text_cells(client, county_user):
    make_case(make_org("楚雄市"), employee_party='=HYPERLINK("http://x")', claim="+1+1")
    client.force_login(county_user)
    sheet = load_workbook(io.BytesIO(download(client, reverse("mediation:case_export")))).active
    row = [inert_text(cell) for cell in sheet[2]]
    assert '=HYPERLINK("http://x")' in row and "+1+1" in row


def test_the_export_holds_only_the_users_cases(client, county_user):
    make_case(make_org("楚雄市"), employee_party="本县劳动者")
    make_case(make_org("禄丰市"), employee_party="外县劳动者")
    client.force_login(county_user)
    sheet = load_workbook(io.BytesIO(download(client, reverse("mediation:case_export")))).active
    parties = [row[list(COLUMNS).index("employee_party")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert parties == ["本县劳动者"]


def test_an_export_imports_back_unchanged_into_an_empty_ledger(client, county_user):
    org = make_org("楚雄市")
    mediator = make_mediator(org)
    make_case(org, number="R-1", mediator=mediator, worker_count=11)
    client.force_login(county_user)
    content = download(client, reverse("mediation:case_export"))
    Case.objects.all().delete()
    confirm(client, preview(client, SimpleUploadedFile("ledger.xlsx", content)))
    case = Case.objects.get()
    assert (case.number, case.mediator, case.worker_count) == ("R-1", mediator, 11)


def test_a_choice_may_be_written_as_its_bracketed_short_form(client, county_user):
    org = make_org("楚雄市")
    client.force_login(county_user)
    rows = [
        [
            org.name,
            "C-1",
            "2024-03-01",
            "书面申请",
            "张三",
            1,
            "某公司",
            "劳动报酬",
            "请求",
            "",
            "调解不成",
            "2024-03-10",
            "",
            "",
        ]
    ]
    confirm(client, preview(client, workbook(rows)))
    assert Case.objects.get().outcome == Case.Outcome.NO_AGREEMENT
