"""The county's own steps before its slate: 单位推荐、部门审定、县市三方联席会议评选 (dated, minutes optional), 社会公示."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuxiong_labor.nominations.workflow import Status
from coordinators.models import SlateStep

from .factories import make_nomination, make_round

pytestmark = pytest.mark.django_db
MINUTES = b"%PDF-1.4\n% minutes of the meeting\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def record(client, year, **data):
    fields = {"kind": "tripartite_meeting", "held_on": "2022-05-28", "note": "评选出6名"}
    fields.update(data)
    return client.post(reverse("coordinators:slate_step_record", args=[year]), fields)


def test_a_county_records_its_meeting_with_the_minutes(client, county_user):
    make_round(2022)
    client.force_login(county_user)
    record(client, 2022, minutes=SimpleUploadedFile("纪要.pdf", MINUTES, content_type="application/pdf"))
    step = SlateStep.objects.get()
    assert (step.kind, step.held_on, step.unit.short_name) == ("tripartite_meeting", date(2022, 5, 28), "楚雄市")
    response = client.get(reverse("coordinators:slate_step_minutes", args=[step.pk]))
    assert b"".join(response.streaming_content) == MINUTES


def test_the_year_page_shows_each_units_steps_and_its_notice(client, county_user, reviewer):
    make_round(2022)
    client.force_login(county_user)
    record(client, 2022)
    client.force_login(reviewer)
    html = client.get(reverse("coordinators:selection_year", args=[2022])).content.decode()
    row = html.split('data-testid="slate-steps"')[1].split("<td>楚雄市</td>")[1].split("</tr>")[0]
    assert "2022-05-28" in row and "评选出6名" in row and row.count("未登记") == 3


def test_another_county_cannot_download_the_minutes(client, county_user, other_county_user):
    make_round(2022)
    client.force_login(county_user)
    record(client, 2022, minutes=SimpleUploadedFile("纪要.pdf", MINUTES))
    client.force_login(other_county_user)
    assert client.get(reverse("coordinators:slate_step_minutes", args=[SlateStep.objects.get().pk])).status_code == 404


def test_a_step_cannot_change_once_the_slate_is_submitted(client, county_user):
    round = make_round(2022)
    make_nomination("楚雄市", round=round, status=Status.SUBMITTED)
    client.force_login(county_user)
    response = record(client, 2022)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert not SlateStep.objects.exists() and any("已经报送" in m for m in messages)


def test_minutes_that_are_not_a_document_are_refused_in_chinese(client, county_user):
    make_round(2022)
    client.force_login(county_user)
    response = record(client, 2022, minutes=SimpleUploadedFile("纪要.exe", b"MZ"))
    messages = [str(m) for m in response.wsgi_request._messages]
    assert not SlateStep.objects.exists() and any(
        "推荐程序未登记" in m and "不能上传扩展名为“exe”的文件" in m for m in messages
    )
