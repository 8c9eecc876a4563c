"""The shared selection layer: one notice page for every programme, and the pages each app gets from it."""

import datetime

import pytest
from django.urls import reverse

from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations import workflow
from chuxiong_labor.nominations.models import NominationProgramme
from chuxiong_labor.nominations.selection import selection_for
from chuxiong_labor.nominations.workflow import Level, Status
from mediation.models import Nomination
from mediation.services import open_round
from tests.mediation.factories import make_mediator, make_org

pytestmark = pytest.mark.django_db
YEAR = 2024


def approved_candidate():
    org = make_org("楚雄市")
    make_mediator(org)
    return Nomination.objects.create(
        round=open_round(YEAR), unit=org.unit, org=org, achievements="成效明显。", status=Status.APPROVED
    )


def publish(candidate, actor):
    start = datetime.date(YEAR, 5, 1)
    return nomination_services.publish_notice(
        candidate.round,
        [candidate],
        level=Level.PREFECTURE,
        unit=None,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=5),
        actor=actor,
    )


def test_every_selection_app_registers_its_programme(db):
    assert {selection_for(p).app for p in NominationProgramme.values} == {"coordinators", "social_orgs", "mediation"}


def test_a_notice_page_links_back_to_its_own_programmes_year_page(client, reviewer):
    notice = publish(approved_candidate(), reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("notice_detail", args=[notice.pk])).content.decode()
    assert f'href="/mediation/selection/{YEAR}/">返回本年度' in page


def test_the_year_page_links_each_notice_to_the_shared_notice_page(client, reviewer):
    notice = publish(approved_candidate(), reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("mediation:selection_year", args=[YEAR])).content.decode()
    assert reverse("notice_detail", args=[notice.pk]) in page


def test_an_objection_recorded_on_the_shared_page_blocks_the_candidate(client, reviewer):
    candidate = approved_candidate()
    notice = publish(candidate, reviewer)
    client.force_login(reviewer)
    client.post(
        reverse("objection_create", args=[notice.pk]),
        {"received_on": f"{YEAR}-05-02", "content": "反映该中心台账不实。"},
    )
    with pytest.raises(workflow.TransitionRefused, match="异议尚未处理完毕"):
        nomination_services.transition(
            candidate, workflow.Action.SELECT, actor=reviewer, today=datetime.date(YEAR, 6, 1)
        )


def test_a_round_deadline_extension_is_granted_from_an_organisation_selection(client, reviewer):
    client.force_login(reviewer)
    client.post(
        reverse("mediation:extension_create", args=[YEAR]),
        {"ext-level": "prefecture", "ext-new_due_on": f"{YEAR}-09-30", "ext-reason": "省里推迟截止日期。"},
    )
    assert open_round(YEAR).deadline_for(Level.PREFECTURE) == datetime.date(YEAR, 9, 30)
