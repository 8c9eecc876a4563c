"""Importing a roster of newly registered enterprises through the portal: preview, confirm, all or nothing."""

import io
import re
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuxiong_labor.enterprises import Enterprise
from new_enterprises.models import Inclusion
from tests.factories import make_credit_code, make_enterprise, make_user
from tests.new_enterprises.factories import HEADERS, make_inclusion, roster_row, roster_upload, workbook_bytes

IMPORT_URL = reverse("new_enterprises:roster_import")
CONFIRM_URL = reverse("new_enterprises:roster_import_confirm")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, file, **data):
    return client.post(IMPORT_URL, {"file": file, **data})


def token_of(response):
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


def test_a_good_roster_shows_a_preview_and_writes_nothing(client, county_user):
    client.force_login(county_user)
    response = upload(client, roster_upload([roster_row(make_credit_code("532301"))]))
    assert response.status_code == 200
    assert "新增 1 户" in response.content.decode()
    assert token_of(response)
    assert Enterprise.objects.count() == 0


def test_confirming_the_preview_creates_the_enterprises_with_history(client, county_user):
    client.force_login(county_user)
    codes = [make_credit_code("532301") for _ in range(3)]
    rows = [roster_row(code, name=f"楚雄新企{n}有限公司") for n, code in enumerate(codes)]
    token = token_of(upload(client, roster_upload(rows)))
    response = client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 302
    assert set(Enterprise.objects.values_list("credit_code", flat=True)) == set(codes)
    entries = LogEntry.objects.filter(object_repr__startswith="楚雄新企", actor=county_user)
    assert entries.count() == 3


def test_an_enterprise_already_registered_is_updated_not_duplicated(client, county_user):
    existing = make_enterprise("楚雄市", name="旧名称有限公司", address="原地址")
    client.force_login(county_user)
    row = [existing.name + "（更名）", existing.credit_code, "", "", "0878-3999999", "", "", ""]
    response = upload(client, roster_upload([row]))
    assert "更新 1 户" in response.content.decode()
    client.post(CONFIRM_URL, {"token": token_of(response)})
    existing.refresh_from_db()
    assert Enterprise.objects.count() == 1
    assert (existing.name, existing.phone) == ("旧名称有限公司（更名）", "0878-3999999")


def test_a_reimport_with_one_changed_cell_records_exactly_that_change(client, county_user):
    client.force_login(county_user)
    codes = [make_credit_code("532301") for _ in range(3)]
    rows = [roster_row(code, name=f"楚雄复导企业{n}有限公司") for n, code in enumerate(codes)]
    client.post(CONFIRM_URL, {"token": token_of(upload(client, roster_upload(rows)))})
    rows[1][4] = "0878-3888888"
    client.post(CONFIRM_URL, {"token": token_of(upload(client, roster_upload(rows)))})
    updates = LogEntry.objects.filter(action=LogEntry.Action.UPDATE)
    assert [(entry.object_repr, entry.changes) for entry in updates] == [
        ("楚雄复导企业1有限公司", {"phone": ["0878-3123456", "0878-3888888"]})
    ]


def test_a_blank_cell_keeps_what_the_registry_holds(client, county_user):
    existing = make_enterprise("楚雄市", address="原地址")
    client.force_login(county_user)
    row = [existing.name, existing.credit_code, "", "", "", "", "", ""]
    response = upload(client, roster_upload([row]))
    assert "无变化 1 户" in response.content.decode()
    client.post(CONFIRM_URL, {"token": token_of(response)})
    existing.refresh_from_db()
    assert existing.address == "原地址"


def test_headers_are_matched_whatever_their_spacing_punctuation_and_width(client, county_user):
    client.force_login(county_user)
    headers = [
        "企业 名称",
        "统一社会信用代码：",
        "注册时间",
        "住  所",
        "联系电话（企业）",
        "邮政编码",
        "法定代表人",
        "联 络 员",
    ]
    headers[4] = "联系 电话"
    code = make_credit_code("532301")
    response = upload(client, roster_upload([roster_row(code)], headers, title_rows=[["2022年第一季度新注册企业"]]))
    client.post(CONFIRM_URL, {"token": token_of(response)})
    enterprise = Enterprise.objects.get(credit_code=code)
    assert (enterprise.phone, enterprise.legal_rep_name, enterprise.liaison_name) == ("0878-3123456", "张三", "李四")


def test_a_wrong_check_character_is_reported_in_chinese_and_nothing_can_be_confirmed(client, county_user):
    client.force_login(county_user)
    code = make_credit_code("532301")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = upload(client, roster_upload([roster_row(wrong)]))
    body = response.content.decode()
    assert "校验位错误" in body
    assert token_of(response) is None


def test_one_bad_row_in_a_mixed_file_blocks_the_whole_file(client, county_user):
    client.force_login(county_user)
    rows = [roster_row(make_credit_code("532301"), name="好企业有限公司"), roster_row("9111000060003IOZSV")]
    response = upload(client, roster_upload(rows))
    body = response.content.decode()
    assert "第3行" in body and "不允许的字符" in body
    assert token_of(response) is None
    assert Enterprise.objects.count() == 0


def test_a_code_repeated_in_the_file_is_a_bad_row(client, county_user):
    client.force_login(county_user)
    code = make_credit_code("532301")
    response = upload(client, roster_upload([roster_row(code), roster_row(code)]))
    assert "与第2行的统一社会信用代码相同" in response.content.decode()


def test_an_enterprise_of_another_county_is_refused_for_a_county_roster(client, county_user):
    client.force_login(county_user)
    response = upload(client, roster_upload([roster_row(make_credit_code("532302"))]))
    assert "不在楚雄市辖区" in response.content.decode()


def test_an_existing_enterprise_outside_the_users_region_cannot_be_updated(client, county_user):
    elsewhere = make_enterprise("禄丰市", credit_code=make_credit_code("532300"))
    client.force_login(county_user)
    response = upload(client, roster_upload([roster_row(elsewhere.credit_code, name="改名有限公司")]))
    assert "不属于您的辖区" in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.name != "改名有限公司"


def test_a_bad_date_postcode_and_email_are_each_reported(client, county_user):
    client.force_login(county_user)
    headers = [*HEADERS, "联络员电子邮箱"]
    row = [*roster_row(make_credit_code("532301"), registered="去年三月"), "not-an-email"]
    row[5] = "6750"
    body = upload(client, roster_upload([row], headers)).content.decode()
    assert "不是有效日期" in body and "应为6位数字" in body and "不是有效的电子邮箱地址" in body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "不是 Excel 文件（.xlsx、.xls），也不是"),
        (b"", "上传的文件是空的"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(client, county_user, content, message):
    client.force_login(county_user)
    response = upload(client, SimpleUploadedFile("名册.xlsx", content))
    assert message in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_a_zip_bomb_is_refused_without_being_unpacked(client, county_user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    client.force_login(county_user)
    response = upload(client, SimpleUploadedFile("名册.xlsx", buffer.getvalue()))
    assert "压缩炸弹" in response.content.decode()


def test_an_empty_sheet_is_refused_with_a_message(client, county_user):
    client.force_login(county_user)
    response = upload(client, SimpleUploadedFile("名册.xlsx", workbook_bytes([], headers=None)))
    assert "工作表中没有数据" in response.content.decode()


def test_a_sheet_with_headers_but_no_rows_is_refused_with_a_message(client, county_user):
    client.force_login(county_user)
    response = upload(client, roster_upload([]))
    assert "文件只有表头，没有数据行" in response.content.decode()


def test_a_missing_required_column_is_named_in_the_message(client, county_user):
    client.force_login(county_user)
    response = upload(client, roster_upload([["某公司", "2022-01-01"]], ["企业名称", "注册时间"]))
    assert "找不到“统一社会信用代码”列" in response.content.decode()


def test_a_50_mb_upload_is_refused_with_a_message(client, county_user):
    client.force_login(county_user)
    response = upload(client, SimpleUploadedFile("名册.xlsx", b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)))
    assert "超过了 20 MB 的上限" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_a_preview_cannot_be_confirmed_by_another_user(client, county_user):
    client.force_login(county_user)
    token = token_of(upload(client, roster_upload([roster_row(make_credit_code("532301"))])))
    client.force_login(make_user(username="chuxiong-colleague"))
    response = client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "该预览不是您上传的" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_a_tampered_token_is_refused(client, county_user):
    client.force_login(county_user)
    token = token_of(upload(client, roster_upload([roster_row(make_credit_code("532301"))])))
    response = client.post(CONFIRM_URL, {"token": token[:-2] + "xx"}, follow=True)
    assert "导入凭据无效" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_a_preview_overtaken_by_a_change_to_the_registry_is_shown_again_instead_of_written(client, county_user):
    client.force_login(county_user)
    code = make_credit_code("532301")
    token = token_of(upload(client, roster_upload([roster_row(code, name="新企业有限公司")])))
    make_enterprise("楚雄市", credit_code=code, name="他人刚录入有限公司")
    response = client.post(CONFIRM_URL, {"token": token})
    body = response.content.decode()
    assert "预览之后企业库已有变化" in body and "更新 1 户" in body
    assert Enterprise.objects.get(credit_code=code).name == "他人刚录入有限公司"


def test_confirming_twice_writes_once(client, county_user):
    client.force_login(county_user)
    token = token_of(upload(client, roster_upload([roster_row(make_credit_code("532301"))])))
    client.post(CONFIRM_URL, {"token": token})
    response = client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "已不存在" in response.content.decode()
    assert Enterprise.objects.count() == 1


def test_importing_with_a_year_includes_the_enterprises_in_that_years_plan(client, county_user):
    already = make_inclusion("楚雄市", year=2022)
    client.force_login(county_user)
    rows = [roster_row(make_credit_code("532301"), name="新企一有限公司"), roster_row(already.enterprise.credit_code)]
    response = upload(client, roster_upload(rows), year="2022")
    assert "另有1户此前已纳入" in response.content.decode()
    client.post(CONFIRM_URL, {"token": token_of(response)})
    included = Inclusion.objects.filter(year=2022, unit__short_name="楚雄市")
    assert included.count() == 2
    assert included.get(enterprise__name="新企一有限公司").level == "county"


def test_a_member_unit_roster_places_each_enterprise_in_the_county_of_its_code(client, member_user):
    client.force_login(member_user)
    code = make_credit_code("532331")  # 禄丰县's former code
    token = token_of(upload(client, roster_upload([roster_row(code)])))
    client.post(CONFIRM_URL, {"token": token})
    assert Enterprise.objects.get(credit_code=code).region.name == "禄丰市"


def test_confirm_answers_post_only(client, county_user):
    client.force_login(county_user)
    assert client.get(CONFIRM_URL).status_code == 405


def test_a_leader_may_not_import(client, leader):
    client.force_login(leader)
    assert client.get(IMPORT_URL).status_code == 403


def test_a_preview_taken_on_one_server_is_confirmed_on_another_with_its_own_media_root(
    client, county_user, settings, tmp_path
):
    client.force_login(county_user)
    settings.MEDIA_ROOT = tmp_path / "app1"
    token = token_of(upload(client, roster_upload([roster_row(make_credit_code("532301"), name="甲新企有限公司")])))
    settings.MEDIA_ROOT = tmp_path / "app2"
    client.post(CONFIRM_URL, {"token": token})
    assert Enterprise.objects.filter(name="甲新企有限公司").exists()


def test_confirming_a_roster_over_the_job_threshold_writes_it_in_a_job(client, county_user, monkeypatch):
    from chuxiong_labor.lib.jobs import Job, JobState

    monkeypatch.setattr("new_enterprises.views.JOB_ROWS", 2)
    client.force_login(county_user)
    rows = [roster_row(make_credit_code("532301"), name=f"批量新企{n}有限公司") for n in range(3)]
    response = client.post(CONFIRM_URL, {"token": token_of(upload(client, roster_upload(rows)))})
    job = Job.objects.get(owner=county_user, kind="new_enterprises.roster_import")
    assert (
        response["Location"],
        job.state,
        job.done,
        Enterprise.objects.filter(name__startswith="批量新企").count(),
    ) == (
        job.get_absolute_url(),
        JobState.DONE,
        3,
        3,
    )


def test_a_large_roster_overtaken_by_a_change_fails_its_job_in_chinese_and_writes_nothing(
    client, county_user, monkeypatch
):
    from chuxiong_labor.lib.jobs import Job

    monkeypatch.setattr("new_enterprises.views.JOB_ROWS", 2)
    client.force_login(county_user)
    codes = [make_credit_code("532301") for _ in range(3)]
    token = token_of(
        upload(client, roster_upload([roster_row(code, name=f"变化新企{n}有限公司") for n, code in enumerate(codes)]))
    )
    make_enterprise(credit_code=codes[0], name="已被别人登记的企业")
    client.post(CONFIRM_URL, {"token": token})
    job = Job.objects.get(owner=county_user, kind="new_enterprises.roster_import")
    assert ("企业库已有变化" in job.error, Enterprise.objects.filter(name__startswith="变化新企").count()) == (True, 0)


def _queries_to_read(rows, county_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from new_enterprises.roster import read_roster

    with CaptureQueriesContext(connection) as queries:
        plan = read_roster(io.BytesIO(workbook_bytes(rows)), unit=county_user.unit, user=county_user, year=2024)
    assert plan.is_clean, plan.bad_rows
    return len(queries)


def test_a_roster_reads_the_registry_in_as_many_queries_whatever_its_size(county_user):
    known = [make_enterprise("楚雄市").credit_code for _ in range(3)]
    small_rows = [roster_row(code) for code in [*known[:1], make_credit_code("532301")]]
    _queries_to_read(small_rows, county_user)  # the user's unit and region, loaded once and kept on the user
    small = _queries_to_read(small_rows, county_user)
    rows = [roster_row(code, name=f"楚雄新企{n}有限公司") for n, code in enumerate(known)]
    rows += [roster_row(make_credit_code("532301"), name=f"楚雄另一新企{n}有限公司") for n in range(40)]
    assert _queries_to_read(rows, county_user) == small
