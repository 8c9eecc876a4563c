import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from coordinators.models import Meeting, TrainingBatch
from tests.factories import unit

pytestmark = pytest.mark.django_db


def make_batch(unit_name="楚雄市", **overrides):
    fields = {
        "unit": unit(unit_name),
        "held_on": datetime.date(2022, 5, 1),
        "title": "协调员培训",
        "organiser": "州职校",
        "participants": 30,
    }
    fields.update(overrides)
    return TrainingBatch.objects.create(**fields)


def batch_data(batch, **overrides):
    data = {
        "held_on": "2022-05-02",
        "title": batch.title,
        "organiser": batch.organiser,
        "participants": 30,
        "certified_level_4": 10,
        "certified_level_3": 0,
        "certified_level_2": 0,
        "certified_level_1": 0,
        "version": batch.version,
    }
    data.update(overrides)
    return data


def test_a_county_corrects_its_training_batch(client, county_user):
    batch = make_batch()
    client.force_login(county_user)
    response = client.post(reverse("coordinators:training_edit", args=[batch.pk]), batch_data(batch))
    batch.refresh_from_db()
    assert response.status_code == 302
    assert (batch.held_on, batch.certified_level_4) == (datetime.date(2022, 5, 2), 10)


def test_a_stale_correction_of_a_batch_is_refused(client, county_user):
    batch = make_batch()
    stale = batch_data(batch, title="旧表单")
    TrainingBatch.objects.filter(pk=batch.pk).update(title="别人先改了", version=batch.version + 1)
    client.force_login(county_user)
    response = client.post(reverse("coordinators:training_edit", args=[batch.pk]), stale)
    batch.refresh_from_db()
    assert "已被他人修改" in response.content.decode()
    assert batch.title == "别人先改了"


def test_a_deleted_meeting_stays_in_the_history(client, county_user):
    meeting = Meeting.objects.create(
        unit=unit("楚雄市"), held_on=datetime.date(2022, 9, 1), topic="研判", outcome="措施"
    )
    client.force_login(county_user)
    assert client.post(reverse("coordinators:meeting_delete", args=[meeting.pk])).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert LogEntry.objects.filter(object_pk=str(meeting.pk), action=LogEntry.Action.DELETE, actor=county_user).exists()


def test_another_countys_batch_cannot_be_deleted(client, county_user):
    batch = make_batch("禄丰市")
    client.force_login(county_user)
    assert client.post(reverse("coordinators:training_delete", args=[batch.pk])).status_code == 404
    assert TrainingBatch.objects.filter(pk=batch.pk).exists()
