import datetime

import pytest
from django.utils import timezone

from chuxiong_labor.deadlines import done_check
from new_enterprises.models import AnnualSummary, RosterSubmission
from tests.factories import unit
from tests.new_enterprises.factories import make_inclusion

pytestmark = pytest.mark.django_db


def test_a_reported_roster_marks_the_roster_duty_done(county_user):
    check = done_check("new_enterprise_roster")
    assert not check(unit("楚雄市"), datetime.date(2022, 5, 31))
    RosterSubmission.objects.create(
        unit=unit("楚雄市"), year=2022, submitted_at=timezone.now(), submitted_by=county_user, enterprise_count=3
    )
    assert check(unit("楚雄市"), datetime.date(2022, 5, 31))


def test_an_inclusion_marks_the_directory_duty_done():
    make_inclusion("楚雄市", year=2022)
    check = done_check("new_enterprise_directory")
    assert check(unit("楚雄市"), datetime.date(2022, 3, 31))
    assert not check(unit("禄丰市"), datetime.date(2022, 3, 31))


def test_only_a_submitted_summary_marks_the_summary_duty_done():
    summary = AnnualSummary.objects.create(unit=unit("楚雄市"), year=2022)
    check = done_check("new_enterprise_summary")
    assert not check(unit("楚雄市"), datetime.date(2022, 8, 31))
    summary.submitted_at = timezone.now()
    summary.save()
    assert check(unit("楚雄市"), datetime.date(2022, 8, 31))
