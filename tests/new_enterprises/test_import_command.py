"""``manage.py import_roster FILE --unit NAME [--dry-run]``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chuxiong_labor.enterprises import Enterprise
from tests.factories import make_credit_code
from tests.new_enterprises.factories import roster_row, workbook_bytes
from tests.spreadsheet_files import ROSTER_CODES, xls_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(tmp_path):
    def write(rows):
        path = tmp_path / "名册.xlsx"
        path.write_bytes(workbook_bytes(rows))
        return str(path)

    return write


def test_the_command_imports_a_good_roster(roster):
    code = make_credit_code("532301")
    out = StringIO()
    call_command("import_roster", roster([roster_row(code)]), unit="楚雄市", stdout=out)
    assert "新增 1 户" in out.getvalue()
    assert Enterprise.objects.filter(credit_code=code).exists()


def test_a_dry_run_prints_the_counts_and_writes_nothing(roster):
    out = StringIO()
    call_command(
        "import_roster", roster([roster_row(make_credit_code("532301"))]), unit="楚雄", dry_run=True, stdout=out
    )
    assert "新增 1 户" in out.getvalue() and "未写入任何数据" in out.getvalue()
    assert Enterprise.objects.count() == 0


def test_a_bad_row_prints_its_errors_writes_nothing_and_fails(roster):
    rows = [roster_row(make_credit_code("532301"), name="好企业有限公司"), roster_row("91110000600037341N")]
    out = StringIO()
    with pytest.raises(CommandError, match="1 行存在问题"):
        call_command("import_roster", roster(rows), unit="楚雄市", stdout=out)
    assert "第3行" in out.getvalue() and "校验位错误" in out.getvalue()
    assert Enterprise.objects.count() == 0


def test_an_unknown_unit_is_refused(roster):
    with pytest.raises(CommandError, match="找不到名为"):
        call_command("import_roster", roster([roster_row(make_credit_code("532301"))]), unit="昆明市")


def test_the_command_imports_a_roster_saved_as_xls(tmp_path):
    path = tmp_path / "名册.xls"
    path.write_bytes(xls_bytes("roster"))
    call_command("import_roster", str(path), unit="楚雄市", stdout=StringIO())
    assert set(Enterprise.objects.values_list("credit_code", flat=True)) == set(ROSTER_CODES)


def test_a_file_that_is_neither_a_workbook_nor_text_fails_with_a_message(tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(CommandError, match="不是 Excel"):
        call_command("import_roster", str(path), unit="楚雄市")
