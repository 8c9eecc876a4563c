"""The import templates: the importer's own headers, drop-down lists of the allowed labels, read back cleanly."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pay_guidance import labels
from pay_guidance.survey_import import read_survey
from tests.factories import make_credit_code, unit
from tests.pay_guidance.factories import employee_row

pytestmark = pytest.mark.django_db


def download(client, user, kind):
    client.force_login(user)
    response = client.get(reverse("pay_guidance:survey_template"), {"kind": kind})
    assert response.status_code == 200
    return response.content


def test_the_employee_template_offers_the_education_list_as_a_drop_down(client, county_user):
    workbook = load_workbook(io.BytesIO(download(client, county_user, "employees")))
    sheet = workbook["职工薪酬表"]
    headers = [cell.value for cell in sheet[1]]
    column = chr(ord("A") + headers.index("学历"))
    rules = [rule for rule in sheet.data_validations.dataValidation if f"{column}2" in str(rule.sqref).split(":")[0]]
    assert rules and rules[0].type == "list"
    source = rules[0].formula1.split("!")[1].replace("$", "")
    values = [cell.value for row in workbook["可选值"][source] for cell in row]
    assert values == list(labels.ALLOWED["education"])


def test_a_filled_employee_template_reads_cleanly(client, county_user):
    workbook = load_workbook(io.BytesIO(download(client, county_user, "employees")))
    sheet = workbook["职工薪酬表"]
    headers = [cell.value for cell in sheet[1]]
    row = dict(zip(headers[:13], employee_row(make_credit_code(), education="大学本科"), strict=True))
    sheet.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_survey(SimpleUploadedFile("t.xlsx", buffer.getvalue()), unit=unit("楚雄市"), year=2025)
    assert plan.is_clean and plan.row_count == 1


def test_the_labour_cost_template_is_recognised_as_the_enterprise_sheet(client, county_user):
    workbook = load_workbook(io.BytesIO(download(client, county_user, "enterprises")))
    assert workbook.active.title == "企业人工成本表"
    assert "从业人员平均人数" in [cell.value for cell in workbook.active[1]]


def test_an_unknown_template_is_404(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("pay_guidance:survey_template"), {"kind": "x"}).status_code == 404
