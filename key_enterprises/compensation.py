"""Layoff rules of the Labour Contract Law (劳动合同法, 2012 text), as pure functions.

Art. 41: the mass-layoff procedure applies when an employer cuts 20 people or more, or fewer than 20 but at least
10% of its workforce, both bounds inclusive: ``cut >= 20 or cut * 10 >= total`` (domain-rules §5: (20, 1000) yes,
(19, 300) no, (15, 150) yes, (14, 150) no, (5, 40) yes).

Art. 47: economic compensation is N months' pay. N is the full years of service, plus 1 when the remaining
months are 6 or more, or plus 0.5 when they are 1 to 5. The base is the average monthly wage of the last 12
months, at least the local minimum wage. Only when the base is strictly above three times the local average
monthly wage of the previous year is it capped at three times that average, and N at 12. The amount is rounded
once, half up, to the fen: (63, 6000, 7000) → 33 000.00; (182, 30000, 8000) → 288 000.00; (72, 24001, 8000) →
144 000.00; (30, 1500, 7000, 1900) → 5 700.00.

The ``compensation`` management command and every page call these same functions.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ART41_PEOPLE = 20
ART41_SHARE_TENTHS = 1  # 10% of the workforce
CAP_MULTIPLE = 3
CAP_YEARS = 12
CENT = Decimal("0.01")


class CompensationInputError(ValueError):
    """An input the formula cannot use; the message says in Chinese what to correct."""


def art41_applies(cut, total):
    """Return whether cutting ``cut`` of ``total`` workers needs the mass-layoff procedure of Art. 41."""
    if cut <= 0:
        return False
    return cut >= ART41_PEOPLE or cut * 10 >= total * ART41_SHARE_TENTHS


def service_years(months):
    """Return N of Art. 47 for ``months`` of service: full years, plus 1 for 6–11 months over, 0.5 for 1–5."""
    years, rest = divmod(int(months), 12)
    if rest >= 6:
        return Decimal(years + 1)
    if rest >= 1:
        return Decimal(years) + Decimal("0.5")
    return Decimal(years)


def _decimal(value, label):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise CompensationInputError(f"{label}“{value}”不是有效的数字，请填写阿拉伯数字。") from None
    if not number.is_finite() or number < 0:
        raise CompensationInputError(f"{label}不能为负数，请填写零或正数。")
    return number


def economic_compensation(months, base, average, minimum=None):
    """Return the Art. 47 compensation in yuan as a ``Decimal`` with two places (half up).

    ``months``: months of service; ``base``: the worker's average monthly wage of the last 12 months; ``average``:
    the local average monthly wage of the previous year; ``minimum``: the local minimum monthly wage, if known.
    """
    try:
        months_value = int(str(months))
    except ValueError:
        raise CompensationInputError(f"工作月数“{months}”必须是整数（月）。") from None
    if months_value < 0:
        raise CompensationInputError("工作月数不能为负数，请填写零或正整数。")
    base = _decimal(base, "月工资基数")
    average = _decimal(average, "当地上年度职工月平均工资")
    if average == 0:
        raise CompensationInputError("当地上年度职工月平均工资必须大于零。")
    if minimum is not None:
        base = max(base, _decimal(minimum, "当地最低工资标准"))
    years = service_years(months_value)
    cap = average * CAP_MULTIPLE
    if base > cap:
        base = cap
        years = min(years, Decimal(CAP_YEARS))
    return (years * base).quantize(CENT, rounding=ROUND_HALF_UP)
