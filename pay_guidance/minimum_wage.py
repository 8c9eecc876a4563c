"""The minimum-wage check of an employee row: a verification prompt, never a refusal (domain-rules §6).

A low wage found by the survey is a finding, not bad data: the row is imported and flagged
(``MinimumWageFlag``), and the county confirms it with a reason or corrects it before the survey is passed on.

The rule compared (最低工资规定 Art. 12; 劳部发〔1995〕309号 Art. 59):

- the pay compared is pay for normal working hours: basic pay, bonuses and allowances — not overtime pay and not
  pay for special circumstances (the survey's five parts cannot separate the special-condition allowances inside
  津贴补贴, so they count: the check can only miss a low wage, never invent one);
- month by month against the tier of the enterprise's county in force on the first day of each month
  (``MinimumWage.objects.monthly``: the one table annex 5's layoff compensation reads too). The survey gives only
  the number of months worked, not which: the months with the lowest tiers are assumed, so a row is flagged only
  when it falls short whichever months were worked;
- sick pay may lawfully be as low as 80% of the minimum: a row with pay for special circumstances (which holds
  sick pay) is flagged only when normal pay and that pay together fall below 80% of the floor.

``check`` is pure (no database): the preview and the import both call it, with the tiers read once.
"""

from dataclasses import dataclass
from decimal import Decimal

SICK_PAY_PCT = 80


@dataclass(frozen=True)
class Finding:
    normal_yuan: Decimal  # basic + bonus + allowance over the months worked
    floor_yuan: Decimal  # the sum of the monthly tiers over the months worked
    message: str


def normal_pay(basic, bonus, allowance):
    """Return pay for normal working hours (no overtime, no pay for special circumstances)."""
    return basic + bonus + allowance


def floor(monthly, months):
    """Return the least the minimum wage allows over ``months`` months of a year whose monthly tiers are
    ``monthly`` (12 values, ``None`` for a month without a tier): the lowest months are assumed."""
    known = sorted(value for value in monthly if value is not None)
    return sum(known[:months], Decimal(0)) if known else None


def check(monthly, months, basic, bonus, allowance, special, *, place=""):
    """Return the ``Finding`` of a row paid below the minimum wage, or ``None`` when it passes (or no tier is
    known)."""
    least = floor(monthly, months)
    if least is None:
        return None
    normal = normal_pay(basic, bonus, allowance)
    if normal >= least:
        return None
    if special > 0 and (normal + special) * 100 >= least * SICK_PAY_PCT:
        return None  # sick pay (in pay for special circumstances) may be as low as 80% of the minimum
    tiers = "、".join(sorted({f"{value}" for value in monthly if value is not None}))
    message = (
        f"正常工作时间工资（基本工资+奖金+津贴补贴，不含加班工资和特殊情况工资）{normal}元，低于{place}最低工资标准"
        f"按月累计的{least}元（{months}个月，月标准{tiers}元）"
    )
    if special > 0:
        message += f"；计入特殊情况工资{special}元也低于其{SICK_PAY_PCT}%（病假工资的下限）"
    return Finding(normal, least, message + "。请核实：属实的说明原因并确认，有误的更正。")
