"""Bulk 审核/验收 of many enterprises: all or none, each refusal explained."""

import pytest
from django.urls import reverse

from chuxiong_labor.lib.errors import ActionRefused
from pay_guidance.models import SurveyEnterprise, SurveyStatus
from pay_guidance.services import act_on_surveys
from tests.pay_guidance.factories import make_survey

pytestmark = pytest.mark.django_db

URL = reverse("pay_guidance:survey_bulk_action")


def statuses():
    return list(SurveyEnterprise.objects.order_by("pk").values_list("status", flat=True))


def test_the_county_checks_many_enterprises_at_once(client, county_user):
    surveys = [make_survey(status=SurveyStatus.SUBMITTED) for _ in range(3)]
    client.force_login(county_user)
    client.post(URL, {"action": "check", "survey": [s.pk for s in surveys]})
    assert statuses() == [SurveyStatus.CHECKED] * 3


def test_one_refusal_changes_none_and_names_the_enterprise_and_why(reviewer):
    ready = [make_survey(status=SurveyStatus.CHECKED) for _ in range(2)]
    early = make_survey(status=SurveyStatus.SUBMITTED)
    with pytest.raises(ActionRefused) as refused:
        act_on_surveys([*ready, early], "accept", actor=reviewer)
    assert statuses() == [SurveyStatus.CHECKED, SurveyStatus.CHECKED, SurveyStatus.SUBMITTED]
    assert f"{early.enterprise}（已填报）" in str(refused.value) and "本次没有处理任何企业" in str(refused.value)
    assert str(ready[0].enterprise) not in str(refused.value)


def test_the_refusal_is_shown_on_the_list(client, reviewer):
    early = make_survey(status=SurveyStatus.SUBMITTED)
    client.force_login(reviewer)
    response = client.post(URL, {"action": "accept", "survey": [early.pk]}, follow=True)
    assert "不能验收" in response.content.decode() and str(early.enterprise) in response.content.decode()


def test_a_county_cannot_accept(client, county_user):
    survey = make_survey(status=SurveyStatus.CHECKED)
    client.force_login(county_user)
    client.post(URL, {"action": "accept", "survey": [survey.pk]})
    assert statuses() == [SurveyStatus.CHECKED]


def test_another_countys_enterprise_in_the_batch_refuses_it_all(client, county_user):
    own, other = make_survey(status=SurveyStatus.SUBMITTED), make_survey("禄丰市", status=SurveyStatus.SUBMITTED)
    client.force_login(county_user)
    response = client.post(URL, {"action": "check", "survey": [own.pk, other.pk]}, follow=True)
    assert "本次没有处理任何企业" in response.content.decode()
    assert statuses() == [SurveyStatus.SUBMITTED] * 2


def test_returning_in_bulk_is_refused(reviewer):
    with pytest.raises(ActionRefused, match="退回请逐户填写原因"):
        act_on_surveys([make_survey(status=SurveyStatus.CHECKED)], "return", actor=reviewer)


def test_bulk_actions_require_post(client, county_user):
    client.force_login(county_user)
    assert client.get(URL).status_code == 405
