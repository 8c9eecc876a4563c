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

Service is counted from dates (domain-rules §5): full years from the start date, then the remainder: six months
or more count as a year, any shorter remainder, even a few days, as half a year: (2018-03-01, 2024-03-11) → 6.5.

Service before 2008-01-01 (Art. 97 ¶3) is not counted under Art. 47: it is compensated under the rule then in
force (劳部发〔1994〕481号, economic layoff: one month's wage per year of service; by default a part year counts as a
full year and there is no cap, settings ``LAYOFF_PRE2008_*``). Both parts are computed and shown line by line with
the rule used: (2005-03-01, 2024-03-01, 6000, 7000) → 3 × 6000 + 16.5 × 6000 = 117 000.00;
(2005-03-01, 2024-03-01, 30000, 8000) → 3 × 30000 + 12 × 24000 = 378 000.00.

The ``compensation`` management command and every page call these same functions.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

ART41_PEOPLE = 20
ART41_SHARE_TENTHS = 1  # 10% of the workforce
CAP_MULTIPLE = 3
CAP_YEARS = 12
CENT = Decimal("0.01")
ART47_FROM = datetime.date(2008, 1, 1)
ART47_RULE = "劳动合同法第四十七条"
OLD_RULE = "劳部发〔1994〕481号（2008-01-01前的工作年限）"


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


@dataclass(frozen=True)
class OldRule:
    """The rule for service before 2008 (劳部发〔1994〕481号) as the settings state it."""

    months_per_year: int = 1
    part_year_full: bool = True
    cap_years: int = 0  # 0: no cap

    @classmethod
    def from_settings(cls):
        return cls(
            settings.LAYOFF_PRE2008_MONTHS_PER_YEAR,
            settings.LAYOFF_PRE2008_PART_YEAR_FULL,
            settings.LAYOFF_PRE2008_CAP_YEARS,
        )

    def describe(self):
        part = "不满一年的按一年计算" if self.part_year_full else "不满一年的按实际月数折算"
        cap = f"最多{self.cap_years}年" if self.cap_years else "不设上限"
        return f"每满一年支付{self.months_per_year}个月工资，{part}，{cap}"


@dataclass
class Working:
    """A compensation with its working: one line per step, each naming the rule it applies."""

    amount: Decimal
    lines: list = field(default_factory=list)
    years_art47: Decimal = Decimal(0)
    years_old: Decimal = Decimal(0)


def _add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def service_span(start, end):
    """Return ``(full years, remaining months, has_days_over)`` of the service from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, months) > end:
        months -= 1
    return months // 12, months % 12, _add_months(start, months) < end


def service_years_between(start, end):
    """Return N of Art. 47 for service from ``start`` to ``end``: full years, plus 1 for a remainder of six months
    or more, plus 0.5 for any shorter remainder (even a few days)."""
    years, months, days = service_span(start, end)
    if months >= 6:
        return Decimal(years + 1)
    if months or days:
        return Decimal(years) + Decimal("0.5")
    return Decimal(years)


def _old_rule_years(start, end, rule):
    years, months, days = service_span(start, end)
    if months or days:
        extra = Decimal(1) if rule.part_year_full else Decimal(months) / 12
        years = Decimal(years) + extra
    years = Decimal(years)
    if rule.cap_years:
        years = min(years, Decimal(rule.cap_years))
    return years


def _date(value, label):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise CompensationInputError(f"{label}“{value}”不是有效的日期，请按 2024-03-01 的格式填写。") from None


def _yuan(amount):
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}元"


def compensation_from_dates(start, end, base, average, minimum=None, old_rule=None):
    """Return the compensation for service from ``start`` to ``end`` as a ``Working``: service from 2008-01-01
    under Art. 47 (with its 3× cap and 12-year limit), earlier service under ``old_rule`` (the settings by default).

    ``base``: the worker's average monthly wage of the last 12 months; ``average``: the local average monthly wage
    of the previous year; ``minimum``: the local minimum monthly wage in force on the end date, if known.
    """
    start, end = _date(start, "入职日期"), _date(end, "解除劳动合同日期")
    if end < start:
        raise CompensationInputError(
            f"解除劳动合同日期（{end:%Y-%m-%d}）早于入职日期（{start:%Y-%m-%d}），请核对两个日期。"
        )
    base = _decimal(base, "月工资基数")
    if base > Decimal("1000000"):
        raise CompensationInputError("月工资基数超过100万元，请核对是否多填了位数。")
    average = _decimal(average, "当地上年度职工月平均工资")
    if average == 0:
        raise CompensationInputError("当地上年度职工月平均工资必须大于零。")
    old_rule = old_rule or OldRule.from_settings()
    lines = [f"工作年限：{start:%Y-%m-%d}至{end:%Y-%m-%d}。"]
    if minimum is not None:
        minimum = _decimal(minimum, "当地最低工资标准")
        if base < minimum:
            lines.append(f"月工资基数{_yuan(base)}低于当地最低工资标准{_yuan(minimum)}，按最低工资标准计算。")
            base = minimum
    working = Working(amount=Decimal(0), lines=lines)
    total = Decimal(0)
    if start < ART47_FROM:
        old_end = min(end, ART47_FROM)
        years = _old_rule_years(start, old_end, old_rule)
        old_amount = years * old_rule.months_per_year * base
        working.years_old = years
        lines.append(
            f"{start:%Y-%m-%d}至{old_end:%Y-%m-%d}，依{OLD_RULE}（{old_rule.describe()}）：计{years.quantize(CENT).normalize():f}年 × "
            f"{old_rule.months_per_year}个月 × {_yuan(base)} = {_yuan(old_amount)}。"
        )
        total += old_amount
    if end > ART47_FROM or start >= ART47_FROM:
        new_start = max(start, ART47_FROM)
        years = service_years_between(new_start, end)
        new_base = base
        cap = average * CAP_MULTIPLE
        note = f"月工资{_yuan(base)}未高于当地上年度职工月平均工资三倍（{_yuan(cap)}），不封顶"
        if base > cap:
            new_base = cap
            capped_years = min(years, Decimal(CAP_YEARS))
            note = (
                f"月工资{_yuan(base)}高于当地上年度职工月平均工资三倍（{_yuan(cap)}），按三倍计算，"
                f"年限最多{CAP_YEARS}年（{years.normalize():f}年计{capped_years.normalize():f}年）"
            )
            years = capped_years
        new_amount = years * new_base
        working.years_art47 = years
        lines.append(
            f"{new_start:%Y-%m-%d}至{end:%Y-%m-%d}，依{ART47_RULE}（{note}）：补偿月数N = {years.normalize():f}，N × "
            f"{_yuan(new_base)} = {_yuan(new_amount)}。"
        )
        total += new_amount
    working.amount = total.quantize(CENT, rounding=ROUND_HALF_UP)
    lines.append(f"经济补偿合计：{_yuan(working.amount)}。")
    return working
