"""An enterprise's imported employee rows, with occupation names beside the codes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.pay_guidance.factories import add_employees, make_survey

pytestmark = pytest.mark.django_db


def rows_url(survey):
    return reverse("pay_guidance:survey_employees", args=[survey.pk])


def test_the_rows_show_the_occupation_name_beside_the_code(client, county_user):
    survey = make_survey()
    add_employees(survey, [50000], occupation="4-03-02-01", education="大学本科")
    client.force_login(county_user)
    html = client.get(rows_url(survey)).content.decode()
    assert "4-03-02-01 中式烹调师" in html and "大学本科" in html


def test_the_survey_page_links_to_the_rows(client, county_user):
    survey = make_survey(employee_count=1)
    add_employees(survey, [50000])
    client.force_login(county_user)
    assert 'data-testid="employee-rows"' in client.get(survey.get_absolute_url()).content.decode()


def test_another_countys_rows_are_404(client, other_county_user):
    survey = make_survey()
    client.force_login(other_county_user)
    assert client.get(rows_url(survey)).status_code == 404


def test_the_rows_page_takes_as_many_queries_for_many_rows_as_for_few(client, county_user):
    survey = make_survey()
    add_employees(survey, [50000] * 2)
    client.force_login(county_user)
    with CaptureQueriesContext(connection) as few:
        client.get(rows_url(survey))
    add_employees(survey, [50000] * 60)
    with CaptureQueriesContext(connection) as many:
        client.get(rows_url(survey))
    assert len(many) == len(few)
