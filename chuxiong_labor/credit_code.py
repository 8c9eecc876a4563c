"""统一社会信用代码 (GB 32100-2015): shape and check character.

python-stdnum is not used: it rejects valid codes whose first character is a letter (domain-rules §2).
"""

import operator
import re
import unicodedata

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
VALUES = {char: index for index, char in enumerate(ALPHABET)}
SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def normalize(code):
    """Return ``code`` as the standard writes it: full-width characters made half-width (a Chinese input method
    types ９１５３…), every blank removed (a pasted code often carries a leading space) and letters upper-cased."""
    if code and code.isascii() and code.isalnum():  # the usual case, with nothing to fold or remove
        return code.upper()
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", code or "")).upper()


def check_character(first17):
    """Return the check character for the first 17 characters of a code."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(f"a check character is computed from 17 characters, not {len(first17)}")
    total = sum(map(operator.mul, map(VALUES.__getitem__, first17), WEIGHTS))  # no Python code per character
    return ALPHABET[(31 - total % 31) % 31]


def problem(code):
    """Return a Chinese sentence saying what is wrong with ``code``, or ``None`` when it is valid."""
    code = normalize(code)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位，请核对后重新填写。"
    if not SHAPE.match(code):
        return "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z），或第3至8位不是数字，请核对后重新填写。"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第18位应为“{expected}”，请核对后重新填写。"
    return None


def is_valid(code):
    """Return whether ``code`` has the right shape and check character."""
    return problem(code) is None


def validate_credit_code(value):
    """Django validator: raise ``ValidationError`` with a Chinese message for a bad code."""
    message = problem(value)
    if message:
        raise ValidationError(message, code="credit_code")


def validate_social_org_credit_code(value):
    """Validate a social organisation's code: a valid code registered by civil affairs (first character 5)."""
    validate_credit_code(value)
    if normalize(value)[0] != "5":
        raise ValidationError(
            "社会组织的统一社会信用代码应以“5”开头（民政部门登记），请核对后重新填写。", code="credit_code_kind"
        )
