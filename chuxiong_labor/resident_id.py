"""公民身份号码 (GB 11643-1999): check character, birth date and masking."""

import re
from datetime import date

from django.core.exceptions import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalize(number):
    """Return ``number`` without blanks and with an upper-case X."""
    return re.sub(r"\s+", "", number or "").upper()


def problem(number):
    """Return a Chinese sentence saying what is wrong with ``number``, or ``None`` when it is valid."""
    number = normalize(number)
    if not SHAPE.match(number):
        return "公民身份号码应为18位：前17位为数字，最后一位为数字或X，请核对后重新填写。"
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "公民身份号码中的出生日期（第7至14位）不是有效日期，请核对后重新填写。"
    if birth.year < 1900 or birth > date.today():
        return "公民身份号码中的出生日期（第7至14位）不在合理范围内，请核对后重新填写。"
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], WEIGHTS, strict=True))
    expected = CHECK[total % 11]
    if number[17] != expected:
        return f"公民身份号码校验位错误：第18位应为“{expected}”，请核对后重新填写。"
    return None


def is_valid(number):
    """Return whether ``number`` is a valid 18-digit resident ID number."""
    return problem(number) is None


def birth_date(number):
    """Return the birth date encoded in a valid ``number``."""
    number = normalize(number)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def is_male(number):
    """Return whether the sequence digit of a valid ``number`` is odd (male)."""
    return int(normalize(number)[16]) % 2 == 1


def mask(number):
    """Return ``number`` with the birth date and sequence hidden: 532301********123X → 5323**********123X."""
    number = normalize(number)
    if len(number) != 18:
        return "*" * len(number)
    return number[:4] + "*" * 10 + number[14:]


def validate_resident_id(value):
    """Django validator: raise ``ValidationError`` with a Chinese message for a bad number."""
    message = problem(value)
    if message:
        raise ValidationError(message, code="resident_id")
