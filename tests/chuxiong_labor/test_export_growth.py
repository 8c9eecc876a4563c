"""Every export is written in time linear in its rows (issue 21): four times the rows cost at most five times the
work. Work is counted, not timed (the machine is shared): every Python and C function call made while the export
runs, through ``sys.setprofile``, and every worksheet cell a scan visits, after a warm-up. The measure is the growth over an empty export, so the fixed
cost of a request or a saved file does not hide a quadratic term: reading ``sheet.max_row`` for every row (the old
``append_row``) makes the same count grow about 16 times. The speed itself is measured in
``benchmarks/bench_exports.py``."""

import re
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from chuxiong_labor.lib.spreadsheets import Problem, append_row, problems_workbook, simple_workbook
from tests.coordinators.factories import make_coordinator
from tests.factories import make_enterprise
from tests.mediation.factories import make_case, make_org
from tests.new_enterprises.factories import make_inclusion, make_service

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ROWS = 40
ALLOWED_GROWTH = 5

# Every module that writes a workbook, and the test below that walks it. A module added to the portal that writes a
# workbook fails test_every_module_that_writes_a_workbook_is_walked until it is named here.
WALKED = {
    "chuxiong_labor/lib/spreadsheets.py": "the writers",
    "chuxiong_labor/admin.py": "test_the_admin_export_grows_linearly",
    "chuxiong_labor/demo.py": "simple_workbook (one row)",
    "chuxiong_labor/imports.py": "test_the_problem_list_grows_linearly",
    "mediation/resources.py": "test_the_case_ledger_export_grows_linearly",
    "coordinators/jobs.py": "test_the_coordinator_export_grows_linearly",
    "new_enterprises/exports.py": "test_the_information_ledger_export_grows_linearly",
    "key_enterprises/views.py": "simple_workbook (its rows are read once from a queryset)",
    "key_enterprises/imports.py": "simple_workbook (its rows are read once from a queryset)",
    "reporting/views.py": "simple_workbook (one row per unit)",
    "pay_guidance/views.py": "simple_workbook (one row per unit)",
    "pay_guidance/documents.py": "test_append_row_grows_linearly (one row per published cell)",
    "pay_guidance/management/commands/wage_levels.py": "simple_workbook",
    "pay_guidance/templates_xlsx.py": "append_row (a header row and the fixed lists of allowed values)",
}
WRITES_A_WORKBOOK = re.compile(r"\b(Workbook\(|simple_workbook\(|append_row\(|problems_workbook\()")


class ScannedCells(dict):
    """A worksheet's cells that count every cell a scan of them visits (``max(sheet._cells)``, which
    ``sheet.max_row`` runs in C, makes no function call per cell)."""

    scanned = 0

    def __iter__(self):
        ScannedCells.scanned += len(self)
        return super().__iter__()


@pytest.fixture(autouse=True)
def scanned_cells(monkeypatch):
    """Give every worksheet opened in memory cells that count their scans."""
    opened = Worksheet.__init__

    def counting_init(sheet, *args, **kwargs):
        opened(sheet, *args, **kwargs)
        sheet._cells = ScannedCells(sheet._cells)

    monkeypatch.setattr(Worksheet, "__init__", counting_init)


def calls(action):
    """Return the work ``action()`` does: every function call it makes (Python and C alike) and every worksheet
    cell a scan visits."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    scanned = ScannedCells.scanned
    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count + ScannedCells.scanned - scanned


def growth(export, add_rows):
    """Return how much more work ``export()`` does for 4×ROWS rows than for ROWS, each over the export of none."""
    export()  # warm-up: templates, imports and caches the first run fills
    empty = calls(export)
    add_rows(ROWS)
    small = calls(export) - empty
    add_rows(3 * ROWS)
    large = calls(export) - empty
    return large / small


def row(number):
    return [f"名称{number}", number, "=1+1", "2024-03-01", "备注文字" * 3, None, 12.5, "是"]


def test_simple_workbook_grows_linearly():
    def export(rows):
        simple_workbook("表", ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"], [row(n) for n in range(rows)]).save(
            "/dev/null"
        )

    assert calls(lambda: export(4 * 4 * ROWS)) / calls(lambda: export(4 * ROWS)) <= ALLOWED_GROWTH


def test_append_row_grows_linearly():
    def export(rows):
        workbook = Workbook()
        for number in range(rows):
            append_row(workbook.active, row(number))
        assert workbook.active.max_row == rows
        workbook.save("/dev/null")

    export(1)
    assert calls(lambda: export(4 * 4 * ROWS)) / calls(lambda: export(4 * ROWS)) <= ALLOWED_GROWTH


def test_the_problem_list_grows_linearly():
    def export(rows):
        problems_workbook([Problem(number, "企业名称", "请填写企业名称。") for number in range(rows)])

    assert calls(lambda: export(4 * 4 * ROWS)) / calls(lambda: export(4 * ROWS)) <= ALLOWED_GROWTH


def started_download(client, url):
    """Start an export job (run at once without Redis) and download its file."""
    started = client.post(url)
    response = client.get(started["Location"] + "download/")
    assert response.status_code == 200
    return response


def test_the_case_ledger_export_grows_linearly(client, county_user):
    client.force_login(county_user)
    org = make_org("楚雄市")

    def add_rows(count):
        for _ in range(count):
            make_case(org, note="=1+1")

    assert growth(lambda: started_download(client, reverse("mediation:case_export")), add_rows) <= ALLOWED_GROWTH


def test_the_coordinator_export_grows_linearly(client, county_user):
    client.force_login(county_user)

    def add_rows(count):
        for _ in range(count):
            make_coordinator("楚雄市")

    export = lambda: started_download(client, reverse("coordinators:coordinator_export"))  # noqa: E731
    assert growth(export, add_rows) <= ALLOWED_GROWTH


def test_the_information_ledger_export_grows_linearly(client, county_user):
    client.force_login(county_user)

    def add_rows(count):
        for _ in range(count):
            make_service(make_inclusion("楚雄市"))

    export = lambda: started_download(client, reverse("new_enterprises:ledger_export"))  # noqa: E731
    assert growth(export, add_rows) <= ALLOWED_GROWTH


def test_the_admin_export_grows_linearly(client, admin_user):
    client.force_login(admin_user)

    def add_rows(count):
        for _ in range(count):
            make_enterprise("楚雄市")

    export = lambda: started_download(client, reverse("admin:chuxiong_labor_enterprise_export"))  # noqa: E731
    assert growth(export, add_rows) <= ALLOWED_GROWTH


def test_every_module_that_writes_a_workbook_is_walked():
    writers = set()
    packages = [
        path for path in ROOT.iterdir() if (path / "__init__.py").exists() and path.name not in ("tests", "benchmarks")
    ]
    for path in (module for package in packages for module in package.rglob("*.py")):
        if "migrations" not in path.parts and WRITES_A_WORKBOOK.search(path.read_text(encoding="utf-8")):
            writers.add(path.relative_to(ROOT).as_posix())
    assert writers == set(WALKED)
