"""What the public sees: the page, its JSON and CSV, the workbook, the booklet and ``wage_levels --public`` all
show the same cells from one function; withheld cells show nothing from which a total can be rebuilt."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from chuxiong_labor.lib.errors import ActionRefused
from pay_guidance.documents import publication_workbook, render_booklet
from pay_guidance.models import Publication, PublicationStatus, SurveyEnterprise
from pay_guidance.public_tables import public_table
from pay_guidance.services import act_on_publication, draft_publication
from tests.factories import unit
from tests.pay_guidance.factories import add_employees
from tests.pay_guidance.test_disclosure_attack import issue_everything, make_trap_survey, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def prefecture(reviewer):
    make_trap_survey()
    return issue_everything(reviewer)[0]


def page_json(year=2025, **query):
    response = Client().get(reverse("pay_guidance:public_year", args=[year]), {"format": "json", **query})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_page_the_open_data_and_the_command_agree(prefecture, tmp_path):
    expected = json.loads(json.dumps(public_table(prefecture).as_json()))
    assert page_json(unit=prefecture.unit_id) == expected
    call_command("wage_levels", year=2025, public=True, output=str(tmp_path / "public.json"), stdout=io.StringIO())
    assert json.loads((tmp_path / "public.json").read_text(encoding="utf-8")) == expected
    text = Client().get(reverse("pay_guidance:public_year", args=[2025]), {"format": "csv"}).content.decode()
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert [row["key"] for row in rows] == [cell["key"] for cell in expected["cells"]]
    for row, cell in zip(rows, expected["cells"], strict=True):
        assert row["mean"] == (cell["mean"] or "") and row["suppressed"] == str(cell["suppressed"])


def test_the_page_withholds_the_same_cells_as_the_open_data(prefecture):
    html = Client().get(reverse("pay_guidance:public_year", args=[2025])).content.decode()
    withheld = [cell for cell in page_json()["cells"] if cell["suppressed"]]
    assert withheld and html.count('data-testid="suppressed"') == len(withheld)
    assert 'data-testid="disclosure-note"' in html


def test_a_withheld_cell_publishes_no_figure_anywhere(prefecture):
    for cell in page_json()["cells"]:
        if cell["suppressed"]:
            figures = [cell[name] for name in ("n_people", "n_enterprises", "p10", "p25", "p50", "p75", "p90", "mean")]
            assert figures == [None] * 8


def test_the_workbook_shows_the_public_cells(prefecture):
    sheet = load_workbook(io.BytesIO(_saved(publication_workbook(prefecture))))["工资价位"]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True)]
    cells = public_table(prefecture).cells
    assert len(rows) == len(cells)
    for row, cell in zip(rows, cells, strict=True):
        assert row[5] == ("是" if cell.suppressed else "否")
        if cell.suppressed:
            assert row[2:5] == (None, None, None) and set(row[6:13]) == {None}


def test_the_booklet_states_the_withholding_in_general_words(prefecture):
    pages = PdfReader(io.BytesIO(render_booklet(prefecture))).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "")  # lines wrap anywhere
    assert "不予公布" in text and "推算" in text
    assert "企业少于3户" in text and "单户企业人数或工资总额占比超过70%" in text


def test_the_command_without_public_stays_the_internal_table(prefecture, tmp_path):
    call_command("wage_levels", year=2025, output=str(tmp_path / "internal.json"), stdout=io.StringIO())
    cells = json.loads((tmp_path / "internal.json").read_text(encoding="utf-8"))
    lone = next(cell for cell in cells if cell["key"] == "4-02-02-02")
    assert lone["suppressed"] and lone["n_people"] == 40


def test_the_open_data_states_the_definition_and_the_thresholds(prefecture):
    data = page_json()
    assert "线性插值" in data["definition"]
    assert data["thresholds"] == {
        "min_people": 30,
        "min_enterprises": 3,
        "max_enterprise_share_pct": 70,
        "min_complement_pct": 20,
        "rse_mark_pct": 30,
        "part_year_rule": "annualise",
    }


def test_open_data_of_a_year_with_nothing_issued_is_404(db):
    response = Client().get(reverse("pay_guidance:public_year", args=[2025]), {"format": "json"})
    assert response.status_code == 404


def test_an_issued_pattern_is_kept_by_a_correction(prefecture, reviewer):
    withheld = set(map(tuple, prefecture.basis.withheld))
    correction = draft_publication(prefecture.unit, 2025, actor=reviewer)
    assert withheld <= set(map(tuple, correction.basis.withheld))


def test_a_draft_is_not_issued_when_the_data_changed_since(reviewer):
    make_trap_survey()
    publication = draft_publication(office(), 2025, actor=reviewer)
    publication = act_on_publication(publication, "approve", actor=reviewer)
    add_employees(publication_survey(), [900000] * 3)
    with pytest.raises(ActionRefused, match="刷新数据"):
        act_on_publication(publication, "issue", actor=reviewer)


def publication_survey():
    return SurveyEnterprise.objects.filter(unit=unit("楚雄市")).order_by("pk").first()


def test_a_publication_drafted_before_secondary_suppression_is_shown_with_it(reviewer):
    cells = [
        _snapshot("all", "all", 300),
        _snapshot("education", "大学本科", 100),
        _snapshot("education", "大学专科", 160),
        _snapshot("education", "研究生", 40, suppressed=True),
    ]
    legacy = Publication.objects.create(
        unit=unit("楚雄市"),
        year=2025,
        title="旧版",
        status=PublicationStatus.ISSUED,
        cells=cells,
        cost_figures=[],
    )
    shown = {cell.key: cell.suppressed for cell in public_table(legacy).cells}
    assert shown["研究生"] and sum(shown.values()) >= 2


def _snapshot(dimension, key, people, *, suppressed=False):
    figures = None if suppressed else "50000.00"
    return {
        "dimension": dimension,
        "key": key,
        "n_people": people,
        "n_enterprises": 1 if suppressed else 5,
        "suppressed": suppressed,
        "p10": figures,
        "p25": figures,
        "p50": figures,
        "p75": figures,
        "p90": figures,
        "mean": figures,
        "rse_pct": None if suppressed else "1.0",
        "is_unreliable": False,
        "reasons": [],
    }


def _saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
