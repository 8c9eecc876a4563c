"""Annex 1's pages: scope, permissions, masking of resident IDs, query counts and the selection page."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuxiong_labor.nominations.workflow import Status
from coordinators.models import Coordinator, Nomination
from tests.factories import inert_text

from .factories import make_coordinator, make_nomination, make_round

pytestmark = pytest.mark.django_db
NUMBER = "532301198001010011"


def download(client, url):
    """Start an export (a job, run at once without Redis) and return the file its page offers."""
    return client.get(client.post(url)["Location"] + "download/").content


def test_the_coordinator_list_masks_resident_ids(client, county_user):
    make_coordinator(resident_id=NUMBER)
    client.force_login(county_user)
    response = client.get(reverse("coordinators:coordinator_list"))
    assert (NUMBER in response.content.decode(), "5323**********0011" in response.content.decode()) == (False, True)


def test_the_coordinators_own_unit_sees_the_full_resident_id_on_the_detail_page(client, county_user):
    coordinator = make_coordinator(resident_id=NUMBER)
    client.force_login(county_user)
    assert NUMBER in client.get(coordinator.get_absolute_url()).content.decode()


def test_a_leader_sees_the_resident_id_masked_on_the_detail_page(client, leader):
    coordinator = make_coordinator(resident_id=NUMBER)
    client.force_login(leader)
    assert NUMBER not in client.get(coordinator.get_absolute_url()).content.decode()


def test_a_leaders_export_masks_resident_ids(client, leader):
    make_coordinator(resident_id=NUMBER)
    client.force_login(leader)
    workbook = load_workbook(io.BytesIO(download(client, reverse("coordinators:coordinator_export"))))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert (NUMBER in values, "5323**********0011" in values) == (False, True)


def test_an_export_escapes_text_that_would_run_as_a_formula(client, county_user):
    make_coordinator(post='=HYPERLINK("http://x")')
    client.force_login(county_user)
    workbook = load_workbook(io.BytesIO(download(client, reverse("coordinators:coordinator_export"))))
    posts = [inert_text(row[6]) for row in workbook.active.iter_rows(min_row=2)]
    assert posts == ['=HYPERLINK("http://x")']


def test_another_countys_coordinator_is_not_found(client, other_county_user):
    coordinator = make_coordinator("楚雄市")
    client.force_login(other_county_user)
    assert client.get(coordinator.get_absolute_url()).status_code == 404


def test_a_leader_may_not_open_the_coordinator_form(client, leader):
    client.force_login(leader)
    assert client.get(reverse("coordinators:coordinator_create")).status_code == 403


def test_a_status_change_answers_get_with_405(client, county_user):
    coordinator = make_coordinator()
    client.force_login(county_user)
    assert client.get(reverse("coordinators:coordinator_status", args=[coordinator.pk])).status_code == 405


def test_county_staff_register_a_coordinator_for_their_own_unit(client, county_user):
    client.force_login(county_user)
    client.post(
        reverse("coordinators:coordinator_create"),
        {
            "name": "罗云峰",
            "gender": "male",
            "born_on": "1982-04",
            "employer_name": "楚雄市劳动人事争议调解中心",
            "occupation": "劳动关系协调员",
            "source": "mediation_body",
            "occupation_since": "2010-05-01",
            "status": "active",
            "status_since": "2010-05-01",
        },
    )
    coordinator = Coordinator.objects.get(name="罗云峰")
    assert (coordinator.unit, coordinator.born_on, coordinator.status_changes.count()) == (
        county_user.unit,
        date(1982, 4, 1),
        1,
    )


def test_a_status_change_is_recorded_with_its_date(client, county_user):
    coordinator = make_coordinator()
    client.force_login(county_user)
    client.post(
        reverse("coordinators:coordinator_status", args=[coordinator.pk]),
        {"status": "left", "changed_on": "2024-03-01", "note": "调离"},
    )
    change = coordinator.status_changes.get()
    assert (change.status, change.changed_on) == ("left", date(2024, 3, 1))


@pytest.mark.parametrize("size", [3, 30])
def test_the_coordinator_list_issues_a_fixed_number_of_queries(client, county_user, django_assert_num_queries, size):
    for _ in range(size):
        make_coordinator()
    client.force_login(county_user)
    with django_assert_num_queries(4):
        client.get(reverse("coordinators:coordinator_list"))


@pytest.mark.parametrize("size", [3, 30])
def test_the_selection_page_issues_a_fixed_number_of_queries(client, reviewer, django_assert_num_queries, size):
    round = make_round(2022)
    for _ in range(size):
        make_nomination(round=round)
    client.force_login(reviewer)
    with django_assert_num_queries(15):
        client.get(reverse("coordinators:selection_year", args=[2022]))


def test_the_selection_page_shows_whether_a_unit_met_one_and_a_half_times_its_quota(client, reviewer):
    round = make_round(2022)
    for _ in range(6):
        make_nomination("楚雄市", round=round)
    client.force_login(reviewer)
    page = client.get(reverse("coordinators:selection_year", args=[2022])).content.decode()
    row = page.split("<td>楚雄市</td>")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:4]] == ["4", "6", "6", ""] and "已达到" in row


def test_county_staff_cannot_edit_a_submitted_candidate(client, county_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    client.force_login(county_user)
    assert client.get(reverse("coordinators:nomination_edit", args=[nomination.pk])).status_code == 403


def test_county_staff_cannot_approve_their_own_candidate(client, county_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    client.force_login(county_user)
    response = client.post(reverse("coordinators:nomination_action", args=[nomination.pk]), {"action": "approve"})
    assert response.status_code == 403


def test_entering_the_same_person_twice_in_a_year_is_refused_with_a_sentence(client, county_user):
    round = make_round(2022)
    make_nomination("禄丰市", round=round, coordinator=make_coordinator("禄丰市", resident_id=NUMBER))
    coordinator = make_coordinator(resident_id=NUMBER)
    client.force_login(county_user)
    response = client.post(
        reverse("coordinators:nomination_create", args=[2022]),
        {"coordinator": coordinator.pk, "achievements": "业绩。"},
    )
    assert (
        "同一人同一年度只能被推荐一次" in response.content.decode()
        and not Nomination.objects.filter(coordinator=coordinator).exists()
    )


def test_the_batch_pdf_of_a_year_is_made_by_a_job_and_downloads_from_its_page(client, reviewer):
    make_nomination(round=make_round(2022))
    client.force_login(reviewer)
    started = client.post(reverse("coordinators:batch_pdf", args=[2022]))
    job_page = client.get(started["Location"])
    response = client.get(reverse("job_download", args=[job_page.context["job"].pk]))
    assert (response.status_code, response["Content-Type"], response.content[:4]) == (200, "application/pdf", b"%PDF")


def test_looking_at_a_new_years_selection_writes_no_history_in_the_viewers_name(client, county_user):
    from auditlog.models import LogEntry

    client.force_login(county_user)
    assert client.get(reverse("coordinators:selection_year", args=[2027])).status_code == 200
    assert not LogEntry.objects.filter(actor=county_user).exists()
