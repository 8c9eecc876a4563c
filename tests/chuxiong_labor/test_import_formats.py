"""Every import reads .xlsx, .xls and .csv alike: the kernel's reader yields the same rows from each, and each
import page previews and writes the same records from each (tests/spreadsheet_files.py says how the files are
made)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.spreadsheets import SpreadsheetError, read_sheet
from coordinators.models import Coordinator
from key_enterprises.models import MonitoredEnterprise, MonthlyFigures
from mediation.models import Case
from tests.factories import make_enterprise
from tests.hostile_files import xls_encrypted, xls_with_error_cell
from tests.key_enterprises.factories import make_batch, make_monitored
from tests.mediation.factories import make_mediator, make_org
from tests.spreadsheet_files import (
    CASE_MEDIATOR,
    CASE_ORG,
    KEY_CODE,
    ROSTER_CODES,
    SHEETS,
    csv_bytes,
    xls_bytes,
    xlsx_bytes,
)

FORMATS = {
    "xlsx": lambda name: ("表.xlsx", xlsx_bytes(name)),
    "xls": lambda name: ("表.xls", xls_bytes(name)),
    "csv UTF-8 with BOM": lambda name: ("表.csv", csv_bytes(name)),
    "csv UTF-8": lambda name: ("表.csv", csv_bytes(name, encoding="utf-8")),
    "csv GBK": lambda name: ("表.csv", csv_bytes(name, encoding="gbk")),
    "tab-separated GB18030": lambda name: ("表.txt", csv_bytes(name, encoding="gb18030", delimiter="\t")),
}
CSV_FORMATS = [name for name in FORMATS if name not in ("xlsx", "xls")]


def upload(kind, sheet):
    name, data = FORMATS[kind](sheet)
    return SimpleUploadedFile(name, data)


def as_text(value):
    """A cell as the CSV files of tests/spreadsheet_files.py write it (what Excel writes)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        text = f"{value.year}/{value.month}/{value.day}"
        return text if value.time() == datetime.time() else f"{text} {value:%H:%M}"
    return str(value)


# The reader ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sheet", [name for name in SHEETS if name != "formula"])
def test_an_xls_file_yields_exactly_the_rows_of_the_same_sheet_as_xlsx(sheet):
    assert read_sheet(io.BytesIO(xls_bytes(sheet))) == read_sheet(io.BytesIO(xlsx_bytes(sheet)))


@pytest.mark.parametrize("kind", CSV_FORMATS)
@pytest.mark.parametrize("sheet", [name for name in SHEETS if name != "formula"])
def test_a_csv_file_yields_the_rows_of_the_same_sheet_as_text(sheet, kind):
    headers, rows = read_sheet(io.BytesIO(xlsx_bytes(sheet)))
    expected = (headers, [(number, [as_text(value) for value in row]) for number, row in rows])
    assert read_sheet(io.BytesIO(FORMATS[kind](sheet)[1])) == expected


def test_the_roster_of_the_issue_is_read_below_its_title_row_in_every_format():
    for kind in FORMATS:
        headers, rows = read_sheet(io.BytesIO(FORMATS[kind]("roster")[1]), expected=["企业名称", "统一社会信用代码"])
        assert (headers[:2], [number for number, _ in rows]) == (["企业名称", "统一社会信用代码"], [3, 4]), kind


@pytest.mark.parametrize("kind", ["xls", *CSV_FORMATS])
def test_a_formula_is_refused_naming_its_cell_in_every_format(kind):
    with pytest.raises(SpreadsheetError, match="第2行C列"):
        read_sheet(io.BytesIO(FORMATS[kind]("formula")[1]))


def test_a_boolean_cell_libreoffice_wrote_into_an_xls_is_read_as_a_boolean_not_refused_as_a_formula():
    _headers, rows = read_sheet(io.BytesIO(xls_bytes("mixed")))
    assert (rows[1][1][4], rows[3][1][4]) == (True, False)


def test_an_error_value_in_an_xls_is_refused_naming_its_cell():
    with pytest.raises(SpreadsheetError, match="第4行G列是错误值“#N/A”"):
        read_sheet(io.BytesIO(xls_with_error_cell()))


def test_a_password_protected_xls_is_refused_as_such():
    with pytest.raises(SpreadsheetError, match="设置了打开密码"):
        read_sheet(io.BytesIO(xls_encrypted()))


def test_a_csv_cell_that_is_a_signed_number_is_text_not_a_formula():
    data = "企业名称,人数,电话\r\n甲公司,-3,+86 0878 3123456\r\n".encode()
    assert read_sheet(io.BytesIO(data))[1] == [(2, ["甲公司", "-3", "+86 0878 3123456"])]


def test_a_csv_file_too_large_is_refused_before_it_is_read(settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(SpreadsheetError, match="超过了"):
        read_sheet(io.BytesIO(("企业名称\r\n" + "甲公司\r\n" * 500).encode()))


# Every import page ---------------------------------------------------------------------------------------------


def preview_and_confirm(client, preview_url, confirm_url, file, **data):
    preview = client.post(preview_url, {"file": file, **data})
    assert preview.context.get("token"), preview.content.decode()[:2000]
    return client.post(confirm_url, {"token": preview.context["token"]})


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FORMATS)
def test_the_roster_import_writes_the_same_enterprises_from_every_format(client, county_user, settings, tmp_path, kind):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(county_user)
    url = reverse("new_enterprises:roster_import")
    preview_and_confirm(client, url, reverse("new_enterprises:roster_import_confirm"), upload(kind, "roster"))
    written = Enterprise.objects.order_by("credit_code").values_list("credit_code", "registered_on", "phone")
    assert list(written) == [
        (ROSTER_CODES[0], datetime.date(2026, 1, 5), "0878-3123456"),
        (ROSTER_CODES[1], datetime.date(2026, 2, 9), "13800000000"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FORMATS)
def test_the_coordinator_import_writes_the_same_coordinator_from_every_format(client, county_user, kind):
    client.force_login(county_user)
    url = reverse("coordinators:coordinator_import")
    preview_and_confirm(client, url, url, upload(kind, "coordinators"))
    assert list(Coordinator.objects.values_list("name", "occupation_since", "unit__short_name")) == [
        ("李建华", datetime.date(2010, 3, 1), "楚雄市")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FORMATS)
def test_the_case_import_writes_the_same_case_from_every_format(client, county_user, kind):
    make_mediator(make_org("楚雄市", name=CASE_ORG), name=CASE_MEDIATOR)
    client.force_login(county_user)
    preview_and_confirm(
        client, reverse("mediation:case_import"), reverse("mediation:case_import_confirm"), upload(kind, "cases")
    )
    case = Case.objects.get()
    assert (case.number, case.received_on, case.worker_count, case.mediator.name, case.agreement_yuan) == (
        "格式-1",
        datetime.date(2024, 3, 1),
        1,
        CASE_MEDIATOR,
        3000,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FORMATS)
def test_the_monitoring_list_import_writes_the_same_entry_from_every_format(
    client, county_user, settings, tmp_path, kind
):
    settings.MEDIA_ROOT = tmp_path
    make_enterprise("楚雄市", credit_code=KEY_CODE)
    client.force_login(county_user)
    preview_and_confirm(
        client,
        reverse("key_enterprises:list_import"),
        reverse("key_enterprises:list_import_confirm"),
        upload(kind, "key_list"),
        year=2026,
    )
    entry = MonitoredEnterprise.objects.get()
    assert (entry.enterprise.credit_code, entry.reasons, entry.headcount_last_year_end) == (
        KEY_CODE,
        ["difficulty", "new_form"],
        57,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FORMATS)
def test_the_monthly_figures_import_writes_the_same_figures_from_every_format(
    client, county_user, settings, tmp_path, kind
):
    settings.MEDIA_ROOT = tmp_path
    make_monitored(enterprise=make_enterprise("楚雄市", credit_code=KEY_CODE))
    batch = make_batch()
    client.force_login(county_user)
    preview_and_confirm(
        client,
        reverse("key_enterprises:batch_import", args=[batch.pk]),
        reverse("key_enterprises:batch_import_confirm", args=[batch.pk]),
        upload(kind, "key_figures"),
    )
    assert list(MonthlyFigures.objects.values_list("monitored__enterprise__credit_code", "headcount")) == [
        (KEY_CODE, 91)
    ]


@pytest.mark.django_db
def test_every_import_form_offers_the_three_formats(client, county_user):
    client.force_login(county_user)
    for name in ("new_enterprises:roster_import", "coordinators:coordinator_import", "mediation:case_import"):
        assert 'accept=".xlsx,.xls,.csv"' in client.get(reverse(name)).content.decode(), name
