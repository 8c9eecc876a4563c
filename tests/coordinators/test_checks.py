import datetime

import pytest

from chuxiong_labor.deadlines import done_check
from coordinators.models import Meeting, TrainingBatch
from tests.factories import unit

pytestmark = pytest.mark.django_db
DUE = datetime.date(2022, 12, 31)


def test_a_training_batch_in_the_year_marks_the_training_duty_done():
    check = done_check("coordinator_training")
    assert not check(unit("楚雄市"), DUE)
    TrainingBatch.objects.create(
        unit=unit("楚雄市"), held_on=datetime.date(2022, 5, 1), title="协调员培训", organiser="州职校", participants=30
    )
    assert check(unit("楚雄市"), DUE)
    assert not check(unit("禄丰市"), DUE)
    assert not check(unit("楚雄市"), datetime.date(2023, 12, 31))


def test_an_analysis_meeting_in_the_year_marks_the_analysis_duty_done():
    check = done_check("coordinator_analysis")
    assert not check(unit("楚雄市"), DUE)
    Meeting.objects.create(
        unit=unit("楚雄市"), held_on=datetime.date(2022, 9, 1), topic="年度分析研判", outcome="形成三项措施"
    )
    assert check(unit("楚雄市"), DUE)
