"""打印中心: every printable document of a year by programme and unit, scoped, singly or as one batch job."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from chuxiong_labor.lib.jobs import Job
from chuxiong_labor.nominations.selection import BATCH_FORMS_JOB
from chuxiong_labor.printing import BATCH_JOB, printables
from reporting.models import Circular
from tests.coordinators.factories import make_nomination, make_round
from tests.factories import unit
from tests.key_enterprises.factories import make_monitored
from tests.new_enterprises.factories import make_inclusion

pytestmark = pytest.mark.django_db
CENTRE = reverse("reporting:print_centre")
DOCUMENTS = reverse("reporting:print_documents")
BATCH = reverse("reporting:print_batch_pdf")


def pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def batch(client, document, year, unit_pk=None):
    """Start a batch from the print centre; return the job it started (run at once without Redis)."""
    query = f"?document={document}&year={year}" + (f"&unit={unit_pk}" if unit_pk else "")
    response = client.post(BATCH + query)
    assert response.status_code == 302
    return Job.objects.get(pk=re.search(r"/jobs/(\d+)/", response["Location"]).group(1))


def test_every_app_registers_its_documents():
    assert {p.code for p in printables()} >= {
        "coordinators.recommendation_forms",
        "social_orgs.recommendation_forms",
        "mediation.recommendation_forms",
        "new_enterprises.sheet",
        "key_enterprises.dossier",
        "reporting.circular",
    }


def test_the_print_centre_is_in_the_reporting_menu(client, county_user):
    client.force_login(county_user)
    assert f'href="{CENTRE}"' in client.get(reverse("home")).content.decode()


def test_a_county_clerk_sees_only_their_own_units_documents(client, county_user):
    make_inclusion("楚雄市", year=2022)
    make_inclusion("禄丰市", year=2022)
    client.force_login(county_user)
    sections = {s["printable"].code: s for s in client.get(CENTRE + "?year=2022").context["sections"]}
    rows = sections["new_enterprises.sheet"]["rows"]
    assert [(row["unit"].short_name, row["count"]) for row in rows] == [("楚雄市", 1)]


def test_the_prefecture_sees_every_units_documents(client, reviewer):
    make_inclusion("楚雄市", year=2022)
    make_inclusion("禄丰市", year=2022)
    make_inclusion("禄丰市", year=2022)
    client.force_login(reviewer)
    sections = {s["printable"].code: s for s in client.get(CENTRE + "?year=2022").context["sections"]}
    rows = sections["new_enterprises.sheet"]["rows"]
    assert sorted((row["unit"].short_name, row["count"]) for row in rows) == [("楚雄市", 1), ("禄丰市", 2)]


def test_the_print_centre_counts_only_the_chosen_year(client, reviewer):
    make_inclusion("楚雄市", year=2022)
    client.force_login(reviewer)
    sections = {s["printable"].code: s for s in client.get(CENTRE + "?year=2023").context["sections"]}
    assert sections["new_enterprises.sheet"]["total"] == 0


def test_the_print_centre_filters_by_programme(client, reviewer):
    client.force_login(reviewer)
    sections = client.get(CENTRE + "?year=2022&annex=5").context["sections"]
    assert [s["printable"].code for s in sections] == ["key_enterprises.dossier"]


def test_the_list_links_every_document_to_its_single_pdf(client, county_user):
    entry = make_monitored("楚雄市", year=2026)
    client.force_login(county_user)
    response = client.get(DOCUMENTS + "?document=key_enterprises.dossier&year=2026")
    assert [row["url"] for row in response.context["rows"]] == [
        reverse("key_enterprises:monitored_pdf", args=[entry.pk])
    ]


def test_a_single_document_downloads_as_a_pdf_from_the_list(client, county_user):
    make_monitored("楚雄市", year=2026)
    client.force_login(county_user)
    row = client.get(DOCUMENTS + "?document=key_enterprises.dossier&year=2026").context["rows"][0]
    assert client.get(row["url"]).content[:4] == b"%PDF"


def test_a_batch_holds_the_chosen_units_documents_and_no_other(client, reviewer):
    ours = make_inclusion("楚雄市", year=2022).enterprise
    theirs = make_inclusion("禄丰市", year=2022).enterprise
    client.force_login(reviewer)
    started = batch(client, "new_enterprises.sheet", 2022, unit("楚雄市").pk)
    text = pdf_text(client.get(reverse("job_download", args=[started.pk])).content)
    assert (ours.name in text, theirs.name in text) == (True, False)


def test_a_county_clerks_batch_of_every_unit_holds_only_their_own(client, county_user):
    ours = make_monitored("楚雄市", year=2026).enterprise
    theirs = make_monitored("禄丰市", year=2026).enterprise
    client.force_login(county_user)
    started = batch(client, "key_enterprises.dossier", 2026)
    text = pdf_text(client.get(reverse("job_download", args=[started.pk])).content)
    assert (ours.name in text, theirs.name in text) == (True, False)


def test_a_batch_for_another_countys_unit_is_not_found(client, county_user):
    make_monitored("禄丰市", year=2026)
    client.force_login(county_user)
    query = f"?document=key_enterprises.dossier&year=2026&unit={unit('禄丰市').pk}"
    assert client.post(BATCH + query).status_code == 404


def test_the_dossier_batch_runs_as_the_print_centres_job(client, county_user):
    make_monitored("楚雄市", year=2026)
    client.force_login(county_user)
    started = batch(client, "key_enterprises.dossier", 2026)
    assert (started.kind, started.state, started.total) == (BATCH_JOB, "done", 1)


def test_a_selections_batch_runs_as_the_selections_own_job(client, county_user):
    make_nomination("楚雄市", round=make_round(2022))
    client.force_login(county_user)
    started = batch(client, "coordinators.recommendation_forms", 2022, unit("楚雄市").pk)
    assert (started.kind, started.params["unit"], started.state) == (BATCH_FORMS_JOB, unit("楚雄市").pk, "done")


def test_a_batch_with_nothing_to_print_is_refused_with_a_sentence(client, county_user):
    client.force_login(county_user)
    response = client.post(BATCH + "?document=key_enterprises.dossier&year=2026", follow=True)
    assert "2026年度没有可以打印的“重点企业一企一档”" in response.content.decode()
    assert not Job.objects.exists()


def test_a_batch_without_a_document_kind_leads_back_to_the_print_centre(client, county_user):
    client.force_login(county_user)
    assert client.post(BATCH)["Location"] == CENTRE


def test_a_draft_circular_is_not_listed_for_a_county_clerk(client, county_user, reviewer):
    Circular.objects.create(year=2026, month=5, title="5月通报（草稿）")
    Circular.objects.create(year=2026, month=4, title="4月通报", status=Circular.Status.ISSUED)
    client.force_login(county_user)
    labels = [row["label"] for row in client.get(DOCUMENTS + "?document=reporting.circular&year=2026").context["rows"]]
    assert labels == ["4月通报（已印发）"]


def test_the_monitoring_list_offers_its_dossiers_as_a_batch_job(client, county_user):
    make_monitored("楚雄市", year=2026)
    client.force_login(county_user)
    html = client.get(reverse("key_enterprises:monitored_list") + "?year=2026").content.decode()
    action = r'<form method="post" action="([^"]+)"[^>]*><input[^>]*><button[^>]*data-testid="dossier-batch"'
    link = re.search(action, html).group(1).replace("&amp;", "&")
    response = client.post(link)
    assert Job.objects.get().kind == BATCH_JOB and response.status_code == 302


def test_annex_6_registers_its_feedback_reports_and_booklets():
    codes = {p.code: p for p in printables()}
    assert (codes["pay_guidance.feedback"].annex, codes["pay_guidance.booklet"].annex) == (6, 6)


def test_a_batch_of_feedback_reports_of_every_unit_runs_as_annex_6s_own_job(client, reviewer):
    from pay_guidance.services import act_on_publication, draft_publication
    from pay_guidance.views import FEEDBACK_BATCH_JOB
    from tests.pay_guidance.factories import add_employees, make_survey
    from tests.pay_guidance.test_disclosure_attack import office

    add_employees(make_survey("楚雄市", year=2025), [40000, 50000, 60000])
    # Feedback reports compare with what was issued: the prefecture's publication of the year.
    publication = act_on_publication(draft_publication(office(), 2025, actor=reviewer), "approve", actor=reviewer)
    act_on_publication(publication, "issue", actor=reviewer)
    client.force_login(reviewer)
    started = batch(client, "pay_guidance.feedback", 2025)
    assert (started.kind, started.params, started.state) == (FEEDBACK_BATCH_JOB, {"unit": None, "year": 2025}, "done")


def test_a_batch_of_forms_is_one_render_embedding_the_font_once(client, county_user):
    from coordinators.models import Nomination
    from coordinators.recommendation import render_forms

    round = make_round(2022)
    for _ in range(12):  # more than the ten a part held when batches were rendered in parts and joined
        make_nomination("楚雄市", round=round)
    client.force_login(county_user)
    content = Job.objects.get(pk=batch(client, "coordinators.recommendation_forms", 2022, unit("楚雄市").pk).pk).result
    single = render_forms(Nomination.objects.in_year(2022).select_related("unit", "round"))
    assert len(PdfReader(io.BytesIO(content)).pages) == len(PdfReader(io.BytesIO(single)).pages)
    assert len(content) <= 1.2 * len(single)
    assert all(nomination.coordinator.name in pdf_text(content) for nomination in Nomination.objects.all())
