"""Excel import of coordinators: preview with every row's errors in Chinese, then all or nothing."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from chuxiong_labor.lib.errors import ActionRefused
from coordinators import services
from coordinators.models import Coordinator
from coordinators.resources import read_coordinators

pytestmark = pytest.mark.django_db
HEADERS = [
    "姓名",
    "性别",
    "出生年月",
    "公民身份号码",
    "从业单位",
    "岗位",
    "来源",
    "职业技能等级",
    "从事本职业或相关职业起始日期",
]
GOOD = [
    "李建华",
    "男",
    "1980-05",
    "532301198005120015",
    "楚雄市劳动人事争议调解中心",
    "调解员",
    "区域性调解机构",
    "三级",
    "2010-03-01",
]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def workbook(*rows, headers=HEADERS):
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("协调员.xlsx", buffer.getvalue())


def preview(client, *rows, **kwargs):
    return client.post(reverse("coordinators:coordinator_import"), {"file": workbook(*rows, **kwargs)})


def test_the_preview_lists_every_rows_errors_in_chinese(client, county_user):
    client.force_login(county_user)
    bad_gender = [*GOOD[:1], "未知", *GOOD[2:]]
    bad_id = [*GOOD[:3], "532301198005120019", *GOOD[4:]]
    problems = preview(client, GOOD, bad_gender, bad_id).context["problems"]
    assert [(row, message.split("：")[0]) for row, _field, message in problems] == [(3, "性别"), (4, "公民身份号码")]


def test_the_preview_writes_nothing(client, county_user):
    client.force_login(county_user)
    preview(client, GOOD)
    assert not Coordinator.objects.exists()


def test_a_sentence_names_the_missing_columns(client, county_user):
    client.force_login(county_user)
    response = preview(client, GOOD[:2], headers=HEADERS[:2])
    assert "表格缺少以下列：出生年月、从业单位、来源、从事本职业或相关职业起始日期" in response.content.decode()


def test_confirming_a_clean_preview_imports_every_row_into_the_users_unit(client, county_user):
    client.force_login(county_user)
    second = [
        "王丽萍",
        "女",
        "1985-07",
        "",
        "楚雄市某企业",
        "人力资源部经理",
        "用人单位人力资源管理部门",
        "",
        "2015-01-01",
    ]
    token = preview(client, GOOD, second).context["token"]
    client.post(reverse("coordinators:coordinator_import"), {"token": token})
    assert sorted(Coordinator.objects.values_list("name", "unit__short_name")) == [
        ("李建华", "楚雄市"),
        ("王丽萍", "楚雄市"),
    ]


def test_confirming_an_import_over_the_job_threshold_writes_it_in_a_job(client, county_user, monkeypatch):
    from chuxiong_labor.lib.jobs import Job, JobState

    monkeypatch.setattr("coordinators.views.IMPORT_JOB_ROWS", 0)
    client.force_login(county_user)
    token = preview(client, GOOD).context["token"]
    response = client.post(reverse("coordinators:coordinator_import"), {"token": token})
    job = Job.objects.get(owner=county_user, kind="coordinators.import")
    assert (response["Location"], job.state, list(Coordinator.objects.values_list("name", flat=True))) == (
        job.get_absolute_url(),
        JobState.DONE,
        ["李建华"],
    )


def apply(*rows, actor):
    return services.import_coordinators(read_coordinators(workbook(*rows), user=actor), actor=actor)


def test_an_import_with_one_bad_row_writes_nothing(client, county_user):
    bad = [*GOOD[:1], "未知", *GOOD[2:]]
    with pytest.raises(ActionRefused, match="已全部撤销"):
        apply(GOOD, bad, actor=county_user)
    assert not Coordinator.objects.exists()


def test_the_same_person_twice_in_one_file_is_an_error(county_user):
    plan = read_coordinators(workbook(GOOD, GOOD), user=county_user)
    assert plan.errors == [(3, "与第2行是同一人，请删除重复的行")]


def test_importing_the_same_person_again_updates_the_record(client, county_user):
    apply(GOOD, actor=county_user)
    changed = [*GOOD[:5], "工会主席", *GOOD[6:]]
    apply(changed, actor=county_user)
    assert list(Coordinator.objects.values_list("post", flat=True)) == ["工会主席"]


def test_an_export_imports_back_as_unchanged(client, admin_user, county_user):
    apply(GOOD, actor=county_user)
    client.force_login(admin_user)
    job_page = client.get(client.post(reverse("coordinators:coordinator_export"))["Location"])
    exported = client.get(reverse("job_download", args=[job_page.context["job"].pk])).content
    plan = read_coordinators(SimpleUploadedFile("导出.xlsx", exported), user=admin_user)
    assert (plan.errors, len(plan.new), len(plan.updated), len(plan.unchanged)) == ([], 0, 0, 1)


def test_reimporting_unchanged_rows_writes_nothing(county_user):
    apply(GOOD, actor=county_user)
    entries = LogEntry.objects.count()
    counts = apply(GOOD, actor=county_user)
    assert counts == {"new": 0, "updated": 0, "unchanged": 1}
    assert LogEntry.objects.count() == entries


def test_a_file_that_is_not_a_workbook_is_refused_with_a_sentence(client, county_user):
    client.force_login(county_user)
    response = client.post(
        reverse("coordinators:coordinator_import"), {"file": SimpleUploadedFile("a.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00")}
    )
    assert "不是 Excel 文件（.xlsx、.xls），也不是" in response.content.decode()
