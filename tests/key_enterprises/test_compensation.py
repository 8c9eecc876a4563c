"""劳动合同法 Art. 41 and Art. 47: every vector of domain-rules §5, through the function and the command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from key_enterprises.compensation import CompensationInputError, art41_applies, economic_compensation

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
