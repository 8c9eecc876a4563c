import datetime

import pytest

from chuxiong_labor.deadlines import done_check
from tests.mediation.factories import make_inspection, make_org

pytestmark = pytest.mark.django_db


def test_an_inspection_in_the_quarter_marks_that_quarters_duty_done():
    org = make_org("楚雄市")
    make_inspection(org, inspected_on=datetime.date(2024, 5, 10))
    check = done_check("mediation_inspection")
    assert check(org.unit, datetime.date(2024, 6, 30))
    assert not check(org.unit, datetime.date(2024, 3, 31))
    assert not check(org.unit, datetime.date(2024, 9, 30))
