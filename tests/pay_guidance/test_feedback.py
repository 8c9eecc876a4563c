"""Feedback reports come from what was issued: the prefecture's issued publication's frozen figures, accepted
surveys only, the major group standing in (and saying so) for a withheld occupation; handing a report over is a
recorded service that counts towards the 10% coverage."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from chuxiong_labor.lib.errors import ActionRefused
from pay_guidance.coverage import coverage
from pay_guidance.documents import feedback_context, market_table, render_feedback, render_feedbacks
from pay_guidance.models import SurveyEnterprise, SurveyStatus, TargetedService
from pay_guidance.services import act_on_publication, draft_publication
from pay_guidance.wage_levels import wage_table
from tests.factories import unit
from tests.pay_guidance.factories import add_employees, make_survey
from tests.pay_guidance.test_disclosure_attack import office

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveys():
    found = [make_survey() for _ in range(3)]
    for index, survey in enumerate(found):
        add_employees(survey, [50000 + 300 * k + 100 * index for k in range(12)])
        add_employees(survey, [46000 + 250 * k for k in range(12)], occupation="4-01-02-01")
        add_employees(survey, [42000 + 200 * k for k in range(12)], occupation="6-29-01-01")
        add_employees(survey, [44000 + 150 * k for k in range(12)], occupation="6-31-01-03")
    add_employees(found[0], [39000] * 5, occupation="6-17-01-00")  # one enterprise's: withheld
    return found


@pytest.fixture
def issued(surveys, reviewer):
    publication = draft_publication(office(), 2025, actor=reviewer)
    publication = act_on_publication(publication, "approve", actor=reviewer)
    return act_on_publication(publication, "issue", actor=reviewer)


def pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


def row_of(context, label_start):
    return next(row for row in context["rows"] if row["label"].startswith(label_start))


def test_the_report_reads_the_issued_figures_not_the_data_as_it_stands(surveys, issued):
    add_employees(surveys[1], [150000] * 30)  # the data change after issuing; the publication does not
    market = row_of(feedback_context(surveys[0], market_table(2025)), "4-03-02-01")["market"]
    frozen = next(cell for cell in issued.cells if cell["key"] == "4-03-02-01")
    live = next(cell for cell in wage_table(2025) if cell.key == "4-03-02-01")
    assert str(market.p50) == frozen["p50"] and market.p50 != live.p50


def test_a_withheld_occupation_shows_its_major_group_and_says_so(surveys, issued):
    row = row_of(feedback_context(surveys[0], market_table(2025)), "6-17-01-00")
    assert row["market"].key == "6" and "以第6大类" in row["note"]
    assert "以第6大类" in pdf_text(render_feedback(surveys[0]))


def test_a_survey_not_accepted_gets_no_report(surveys, issued):
    pending = make_survey(status=SurveyStatus.SUBMITTED)
    with pytest.raises(ActionRefused, match="尚未州级验收"):
        render_feedback(pending)


def test_no_report_before_the_prefecture_has_issued(surveys):
    with pytest.raises(ActionRefused, match="尚未发布"):
        render_feedback(surveys[0])


def test_a_batch_holds_only_accepted_surveys(surveys, issued):
    pending = make_survey(status=SurveyStatus.CHECKED)
    text = pdf_text(render_feedbacks(SurveyEnterprise.objects.all(), 2025))
    assert surveys[0].enterprise.name in text and pending.enterprise.name not in text


def test_the_report_page_of_a_survey_not_accepted_explains_instead(client, county_user, surveys, issued):
    pending = make_survey(status=SurveyStatus.SUBMITTED)
    client.force_login(county_user)
    response = client.get(reverse("pay_guidance:survey_feedback", args=[pending.pk]), follow=True)
    assert "尚未州级验收" in response.content.decode()


def test_handing_a_report_over_needs_how_it_was_delivered(client, county_user, surveys, issued):
    client.force_login(county_user)
    data = {"survey": surveys[0].pk, "served_on": "2026-06-01", "topic": "feedback", "served_by": "张三"}
    response = client.post(reverse("pay_guidance:service_create"), data)
    assert "请选择送达方式" in response.content.decode() and not TargetedService.objects.exists()
    client.post(reverse("pay_guidance:service_create"), {**data, "delivery": "in_person"})
    handed = TargetedService.objects.get()
    assert (handed.topic, handed.delivery) == ("feedback", "in_person")


def test_a_report_handed_over_counts_towards_the_coverage(client, county_user, surveys, issued):
    client.force_login(county_user)
    data = {"survey": surveys[0].pk, "served_on": "2026-06-01", "topic": "feedback", "served_by": "张三"}
    client.post(reverse("pay_guidance:service_create"), {**data, "delivery": "email"})
    chuxiong = unit("楚雄市")
    assert coverage([chuxiong], 2025)[chuxiong.pk][:2] == (1, 3)


def test_no_handover_is_recorded_for_a_survey_not_accepted(client, county_user, surveys, issued):
    pending = make_survey(status=SurveyStatus.SUBMITTED)
    client.force_login(county_user)
    data = {"survey": pending.pk, "served_on": "2026-06-01", "topic": "feedback", "served_by": "张三"}
    response = client.post(reverse("pay_guidance:service_create"), {**data, "delivery": "post"})
    assert "尚未州级验收" in response.content.decode() and not TargetedService.objects.exists()


def test_the_survey_page_offers_to_record_the_handover(client, county_user, surveys, issued):
    client.force_login(county_user)
    html = client.get(surveys[0].get_absolute_url()).content.decode()
    assert 'data-testid="record-handover"' in html


def test_a_report_is_rendered_once_then_served_from_the_cache(surveys, issued, django_assert_num_queries):
    render_feedback(surveys[0])
    survey = SurveyEnterprise.objects.select_related("enterprise").get(pk=surveys[0].pk)
    with django_assert_num_queries(2):  # the issued publication and the survey's flags: no figures read
        render_feedback(survey)


def test_a_renamed_enterprise_gets_a_new_report(surveys, issued):
    render_feedback(surveys[0])
    enterprise = surveys[0].enterprise
    enterprise.name, enterprise.version = "楚雄更名后的企业", enterprise.version + 1
    enterprise.save()
    assert "楚雄更名后的企业" in pdf_text(render_feedback(SurveyEnterprise.objects.get(pk=surveys[0].pk)))


def test_a_corrected_publication_gets_a_new_report(surveys, issued, reviewer):
    assert "（第1版" in pdf_text(render_feedback(surveys[0]))
    correction = act_on_publication(draft_publication(office(), 2025, actor=reviewer), "approve", actor=reviewer)
    act_on_publication(correction, "issue", actor=reviewer)
    assert "（第2版" in pdf_text(render_feedback(surveys[0]))
