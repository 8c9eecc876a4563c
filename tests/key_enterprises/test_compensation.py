"""劳动合同法 Art. 41 and Art. 47: every vector of domain-rules §5, through the function and the command."""

import datetime
import subprocess
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from key_enterprises.compensation import (
    CompensationInputError,
    OldRule,
    art41_applies,
    compensation_from_dates,
    economic_compensation,
    service_years_between,
)

ART41 = [((20, 1000), True), ((19, 300), False), ((15, 150), True), ((14, 150), False), ((5, 40), True)]
ART47 = [
    ((63, 6000, 7000), "33000.00"),
    ((66, 6000, 7000), "36000.00"),
    ((4, 5000, 7000), "2500.00"),
    ((182, 30000, 8000), "288000.00"),
    ((182, 20000, 8000), "310000.00"),
    ((72, 24001, 8000), "144000.00"),
    ((72, 24000, 8000), "144000.00"),
    ((30, 1500, 7000, 1900), "5700.00"),
]


@pytest.mark.parametrize(("vector", "applies"), ART41)
def test_art41_applies_exactly_as_the_vectors_say(vector, applies):
    assert art41_applies(*vector) is applies


def test_no_cut_never_needs_the_procedure():
    assert art41_applies(0, 0) is False


@pytest.mark.parametrize(("vector", "amount"), ART47)
def test_the_function_returns_every_art47_vector_as_a_two_place_decimal(vector, amount):
    result = economic_compensation(*vector)
    assert result == Decimal(amount)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(("vector", "amount"), ART47)
def test_the_command_prints_every_art47_vector(vector, amount):
    out = StringIO()
    months, base, average, *minimum = vector
    extra = ["--minimum", str(minimum[0])] if minimum else []
    call_command(
        "compensation", "--months", str(months), "--base", str(base), "--average", str(average), *extra, stdout=out
    )
    assert out.getvalue().strip() == amount


def test_half_a_month_is_rounded_half_up_to_the_fen():
    assert economic_compensation(4, "1000.01", 7000) == Decimal("500.01")  # 500.005 → 500.01


@pytest.mark.parametrize(
    "arguments",
    [
        ["--months", "x", "--base", "6000", "--average", "7000"],
        ["--months", "-3", "--base", "6000", "--average", "7000"],
        ["--months", "12", "--base", "abc", "--average", "7000"],
        ["--months", "12", "--base", "6000", "--average", "0"],
    ],
)
def test_the_command_refuses_bad_input_with_a_chinese_message(arguments):
    with pytest.raises(CommandError) as refused:
        call_command("compensation", *arguments, stdout=StringIO())
    assert any("\u4e00" <= char <= "\u9fff" for char in str(refused.value))


def test_the_function_refuses_a_negative_base():
    with pytest.raises(CompensationInputError):
        economic_compensation(12, -1, 7000)


SERVICE = [
    (("2018-03-01", "2024-03-01"), Decimal("6")),
    (("2018-03-01", "2024-03-11"), Decimal("6.5")),
    (("2018-03-01", "2024-09-01"), Decimal("7")),
]
SPLIT = [
    (("2005-03-01", "2024-03-01", 6000, 7000), "117000.00"),
    (("2005-03-01", "2024-03-01", 30000, 8000), "378000.00"),
]


@pytest.mark.parametrize(("dates", "years"), SERVICE)
def test_service_from_dates_counts_any_remainder_as_half_or_a_whole_year(dates, years):
    start, end = (datetime.date.fromisoformat(day) for day in dates)
    assert service_years_between(start, end) == years


@pytest.mark.parametrize(("vector", "amount"), SPLIT)
def test_service_before_2008_is_paid_under_the_old_rule_and_the_rest_under_art47(vector, amount):
    working = compensation_from_dates(*vector, old_rule=OldRule())
    assert working.amount == Decimal(amount)
    assert working.years_old == 3
    assert any("劳部发〔1994〕481号" in line for line in working.lines)
    assert any("劳动合同法第四十七条" in line for line in working.lines)


def test_the_cap_applies_only_to_service_from_2008():
    working = compensation_from_dates("2005-03-01", "2024-03-01", 30000, 8000, old_rule=OldRule())
    assert working.years_art47 == 12
    assert any("90,000.00元" in line for line in working.lines)


def test_the_old_rule_comes_from_the_settings(settings):
    settings.LAYOFF_PRE2008_PART_YEAR_FULL = False
    working = compensation_from_dates("2005-03-01", "2024-03-01", 6000, 7000)
    # 2 years 10 months before 2008 pro rata: 2 + 10/12 months' wage instead of 3
    assert working.amount == Decimal("116000.00")


def test_a_layoff_within_2008_is_counted_only_under_art47():
    working = compensation_from_dates("2008-01-01", "2013-06-01", 6000, 7000)
    assert working.amount == Decimal("33000.00")
    assert working.years_old == 0


@pytest.mark.parametrize(("vector", "amount"), SPLIT)
def test_the_command_takes_dates_and_prints_the_amount_with_its_working(vector, amount):
    out = StringIO()
    start, end, base, average = vector
    call_command(
        "compensation", "--start", start, "--end", end, "--base", str(base), "--average", str(average), stdout=out
    )
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == amount
    assert any("劳部发〔1994〕481号" in line for line in lines[1:])


def test_the_command_refuses_an_end_before_the_start_naming_both_dates():
    with pytest.raises(CommandError) as refused:
        call_command(
            "compensation", "--start", "2024-03-01", "--end", "2005-03-01", "--base", "6000", "--average", "7000",
            stdout=StringIO(),
        )  # fmt: skip
    assert "解除劳动合同日期（2005-03-01）早于入职日期（2024-03-01）" in str(refused.value)


def test_the_command_refuses_months_and_dates_together():
    with pytest.raises(CommandError):
        call_command(
            "compensation", "--months", "12", "--start", "2020-01-01", "--end", "2021-01-01", "--base", "6000",
            "--average", "7000", stdout=StringIO(),
        )  # fmt: skip


def test_the_command_exits_non_zero_on_an_end_before_the_start():
    finished = subprocess.run(
        [sys.executable, "manage.py", "compensation", "--start", "2024-03-01", "--end", "2005-03-01", "--base", "6000",
         "--average", "7000"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert finished.returncode != 0
    assert "早于入职日期" in finished.stderr
