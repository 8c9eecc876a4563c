"""The 15-day mediation limit of 劳动争议调解仲裁法 Art. 14 (domain-rules §4)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mediation.models import HolidayCorrection
from mediation.workdays import WorkCalendar, mediation_limit

from .factories import make_case

D = datetime.date


def limit(received, corrections=(), *, weekends_roll=True):
    calendar = WorkCalendar.for_years(
        [received.year, received.year + 1], corrections=list(corrections), weekends_roll=weekends_roll
    )
    return mediation_limit(received, calendar=calendar)


@pytest.mark.parametrize(
    ("received", "ends"),
    [
        (D(2024, 3, 1), D(2024, 3, 18)),  # day 15 is Saturday 03-16
        (D(2024, 1, 31), D(2024, 2, 18)),  # day 15 in the Spring Festival break; 02-18 is a make-up working Sunday
        (D(2024, 9, 20), D(2024, 10, 8)),  # National Day break
        (D(2024, 9, 14), D(2024, 9, 29)),  # a make-up working Sunday stays
        (D(2024, 5, 6), D(2024, 5, 21)),  # an ordinary Tuesday
    ],
)
def test_domain_rules_vectors_with_weekends_rolling(received, ends):
    assert limit(received).ends_on == ends


def test_a_last_day_on_a_plain_saturday_rolls_to_monday_by_default():
    result = limit(D(2024, 3, 1))
    assert (result.nominal_on.weekday(), result.rolled, result.holiday) == (5, True, "周末")


def test_with_the_prefectures_other_reading_a_plain_weekend_does_not_roll():
    result = limit(D(2024, 3, 1), weekends_roll=False)
    assert (result.ends_on, result.rolled) == (D(2024, 3, 16), False)


def test_with_the_other_reading_a_holiday_break_still_rolls():
    assert limit(D(2024, 9, 20), weekends_roll=False).ends_on == D(2024, 10, 8)


def test_counting_starts_the_day_after_receipt():
    assert limit(D(2024, 6, 3)).ends_on == D(2024, 6, 18)


def test_a_last_day_on_national_day_rolls_to_the_first_working_day_after_the_break():
    result = limit(D(2024, 9, 16))
    assert result.nominal_on == D(2024, 10, 1)
    assert result.ends_on == D(2024, 10, 8)
    assert result.holiday == "国庆节"


def test_a_weekend_day_inside_a_holiday_break_rolls_with_the_break():
    assert limit(D(2024, 9, 20)).ends_on == D(2024, 10, 8)


def test_a_roll_lands_on_a_make_up_working_sunday():
    # Spring Festival 2024: 10–17 February off, Sunday 18 February worked.
    assert limit(D(2024, 1, 28)).ends_on == D(2024, 2, 18)


def test_a_swapped_rest_day_rolls_to_the_make_up_working_day():
    # Qingming 2024: 4–6 April off, Sunday 7 April worked.
    assert limit(D(2024, 3, 21)).ends_on == D(2024, 4, 7)


def test_a_holiday_on_a_weekday_rolls_to_the_next_day():
    # New Year's Day 2025 is a Wednesday.
    assert limit(D(2024, 12, 17)).ends_on == D(2025, 1, 2)


def test_the_limit_crosses_into_the_next_year():
    assert limit(D(2023, 12, 20)).ends_on == D(2024, 1, 4)


def test_a_correction_making_a_day_a_holiday_rolls_the_limit():
    correction = HolidayCorrection(on=D(2024, 3, 18), is_working_day=False, name="地方更正")
    # Received 3 March: nominal end Monday 18 March, now a day off → Tuesday 19 March.
    assert limit(D(2024, 3, 3), [correction]).ends_on == D(2024, 3, 19)


def test_a_correction_cancelling_a_library_holiday_stops_the_roll():
    correction = HolidayCorrection(on=D(2024, 10, 1), is_working_day=True)
    corrections = [correction] + [HolidayCorrection(on=D(2024, 10, day), is_working_day=True) for day in (2, 3, 4, 7)]
    assert limit(D(2024, 9, 16), corrections).ends_on == D(2024, 10, 1)


def test_the_explanation_names_the_holiday_and_the_new_date():
    text = limit(D(2024, 9, 16)).explanation()
    assert "国庆节" in text and "2024-10-08" in text


@pytest.mark.django_db
def test_the_calendar_of_the_saved_corrections_applies_them():
    HolidayCorrection.objects.create(on=D(2024, 3, 18), is_working_day=False)
    calendar = HolidayCorrection.objects.calendar_for([D(2024, 3, 3)])
    assert mediation_limit(D(2024, 3, 3), calendar=calendar).ends_on == D(2024, 3, 19)


@pytest.mark.django_db
def test_saving_a_case_does_not_query_the_calendar():
    case = make_case(received_on=D(2024, 3, 1))
    case.claim = "请求支付加班费"
    with CaptureQueriesContext(connection) as queries:
        case.save()
    assert queries.captured_queries
    assert not [query for query in queries.captured_queries if "holidaycorrection" in query["sql"]]


@pytest.mark.django_db
def test_changing_the_reading_recomputes_the_open_cases_only(reviewer):
    from mediation import services
    from mediation.models import MediationSettings

    open_case = make_case(received_on=D(2024, 3, 1))
    closed_case = make_case(received_on=D(2024, 3, 1), closed_on=D(2024, 3, 10))
    changed = services.set_weekend_rule(False, actor=reviewer)
    open_case.refresh_from_db()
    closed_case.refresh_from_db()
    assert (changed, open_case.limit_on, closed_case.limit_on) == (1, D(2024, 3, 16), D(2024, 3, 18))
    assert MediationSettings.get().weekends_roll is False


@pytest.mark.django_db
def test_the_calendar_page_states_the_reading_in_force(client, reviewer):
    from mediation import services

    services.set_weekend_rule(False, actor=reviewer)
    client.force_login(reviewer)
    html = client.get("/mediation/calendar/").content.decode()
    assert "普通周末不顺延" in html and "2024-03-16（星期六）届满" in html


@pytest.mark.django_db
def test_a_county_cannot_change_the_reading(client, county_user):
    client.force_login(county_user)
    assert client.post("/mediation/calendar/weekend-rule/", {"weekends_roll": ""}).status_code == 403
