import io

import pytest

from chuxiong_labor.lib import uploads
from tests.factories import inert_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_held_file_comes_back_to_the_same_user_with_its_data(county_user):
    token = uploads.hold(io.BytesIO(b"PK-sheet"), user=county_user, purpose="test", unit=3, year=2026)
    path, data = uploads.held(token, user=county_user, purpose="test")
    assert (path.read_bytes(), data["unit"], data["year"]) == (b"PK-sheet", 3, 2026)


def test_another_users_token_is_refused(county_user, other_county_user):
    token = uploads.hold(io.BytesIO(b"x"), user=county_user, purpose="test")
    with pytest.raises(uploads.UploadExpired, match="不是您上传的"):
        uploads.held(token, user=other_county_user, purpose="test")


def test_a_token_for_another_import_is_refused(county_user):
    token = uploads.hold(io.BytesIO(b"x"), user=county_user, purpose="coordinators")
    with pytest.raises(uploads.UploadExpired, match="导入凭据无效"):
        uploads.held(token, user=county_user, purpose="mediation")


def test_a_day_old_token_has_expired(county_user, time_machine):
    time_machine.move_to("2026-03-01 09:00 +08:00")
    token = uploads.hold(io.BytesIO(b"x"), user=county_user, purpose="test")
    time_machine.move_to("2026-03-02 09:01 +08:00")
    with pytest.raises(uploads.UploadExpired, match="24小时"):
        uploads.held(token, user=county_user, purpose="test")


def test_a_file_held_by_one_server_is_confirmed_by_another_with_its_own_media_root(county_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "server-a"
    token = uploads.hold(io.BytesIO(b"PK-roster"), user=county_user, purpose="test")
    settings.MEDIA_ROOT = tmp_path / "server-b"
    stored, _data = uploads.held(token, user=county_user, purpose="test")
    assert stored.open().read() == b"PK-roster"


def test_a_released_file_cannot_be_imported_twice(county_user):
    token = uploads.hold(io.BytesIO(b"x"), user=county_user, purpose="test")
    path, _data = uploads.held(token, user=county_user, purpose="test")
    uploads.release(path)
    with pytest.raises(uploads.UploadExpired, match="已不存在"):
        uploads.held(token, user=county_user, purpose="test")


def test_a_token_held_for_one_record_is_refused_on_another(county_user):
    token = uploads.hold(io.BytesIO(b"x"), user=county_user, purpose="test", plan=7, version=2)
    stored, data = uploads.held_for(token, user=county_user, purpose="test", plan=7)
    assert (stored.read_bytes(), data["version"]) == (b"x", 2)
    with pytest.raises(uploads.UploadExpired, match="与当前页面的记录不符"):
        uploads.held_for(token, user=county_user, purpose="test", plan=8)


def test_a_simple_workbook_escapes_formulas_and_downloads_under_its_chinese_name():
    import openpyxl

    from chuxiong_labor.lib.spreadsheets import simple_workbook, xlsx_response

    response = xlsx_response(
        simple_workbook("台账", ["名称", "金额"], [["=1+1", 5], ["@SUM(A1)", None]]), "调解台账.xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["名称", "金额"],
        ["=1+1", 5],
        ["@SUM(A1)", None],
    ]
    assert (inert_text(sheet["A2"]), inert_text(sheet["A3"]), inert_text(sheet["A1"])) == ("=1+1", "@SUM(A1)", None)
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
