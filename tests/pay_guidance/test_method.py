"""The method note: a publication records the settings its tables were computed with, and every page, download
and booklet of it states those, whatever the settings are now."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from chuxiong_labor.lib.errors import ActionRefused
from pay_guidance.documents import publication_workbook, render_booklet
from pay_guidance.method import Method
from pay_guidance.services import act_on_publication, draft_publication
from tests.factories import unit
from tests.pay_guidance.factories import add_employees, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(reviewer):
    for _ in range(3):
        add_employees(make_survey(), [50000 + index * 100 for index in range(12)])
    publication = draft_publication(unit("楚雄市"), 2025, actor=reviewer)
    publication = act_on_publication(publication, "approve", actor=reviewer)
    return act_on_publication(publication, "issue", actor=reviewer)


@pytest.fixture
def changed_settings(settings):
    settings.PAY_MIN_PEOPLE = 50
    settings.PAY_PART_YEAR_RULE = "as_paid"
    return settings


def test_a_publication_records_the_settings_in_force_when_computed(issued):
    assert issued.method == Method.current().as_json()
    assert issued.method["min_people"] == 30 and issued.method["part_year_rule"] == "annualise"


def test_the_public_page_states_the_recorded_thresholds_after_the_settings_change(issued, changed_settings):
    html = Client().get(reverse("pay_guidance:public_year", args=[2025])).content.decode()
    assert "人数少于30人" in html and "人数少于50人" not in html
    assert "年工资 × 12 ÷ 工作月数" in html


def test_the_open_data_states_the_recorded_thresholds_after_the_settings_change(issued, changed_settings):
    url = reverse("pay_guidance:public_year", args=[2025])
    data = Client().get(url, {"format": "json"}).json()
    assert data["thresholds"]["min_people"] == 30 and data["thresholds"]["part_year_rule"] == "annualise"
    assert "人数少于30人" in data["disclosure"] and "12 ÷ 工作月数" in data["part_year"]
    text = Client().get(url, {"format": "csv"}).content.decode()
    assert "min_people=30" in text and "part_year_rule=annualise" in text


def test_the_workbook_and_booklet_state_the_recorded_thresholds(issued, changed_settings):
    sheet = load_workbook(io.BytesIO(_saved(publication_workbook(issued))))["工资价位"]
    assert "人数少于30人" in sheet["A2"].value and "12 ÷ 工作月数" in sheet["A2"].value
    pages = PdfReader(io.BytesIO(render_booklet(issued))).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "")
    assert "人数少于30人" in text and "人数少于50人" not in text


def test_the_internal_table_states_the_settings_in_force(issued, changed_settings, reviewer):
    client = Client()
    client.force_login(reviewer)
    html = client.get(reverse("pay_guidance:wage_table"), {"year": 2025}).content.decode()
    assert "人数少于50人" in html and "按实际领取的年工资计入" in html


def test_a_draft_computed_under_other_settings_cannot_be_issued(reviewer, settings):
    for _ in range(3):
        add_employees(make_survey(), [50000] * 12)
    publication = draft_publication(unit("楚雄市"), 2025, actor=reviewer)
    publication = act_on_publication(publication, "approve", actor=reviewer)
    settings.PAY_PART_YEAR_RULE = "as_paid"
    with pytest.raises(ActionRefused, match="全年口径"):
        act_on_publication(publication, "issue", actor=reviewer)


def _saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
