"""Figures from the case ledger, per organisation, county and year.

A case counts as received (and, unless refused, accepted) in the year of its receipt date, and as closed in the
year of its closing date; agreements and their amounts count in the year they closed.

调解成功率 has no official formula (domain-rules §4 [U]). The default is agreements reached ÷ cases closed; the
alternative, agreements ÷ cases accepted, is shown beside it. Both counts are kept so either can be checked by
hand. The plan wants at least 65 % a year (附件3 二（三）); the line is read from the plan's targets.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from chuxiong_labor.quotas import Target

from .models import COLLECTIVE_THRESHOLD, Case

DEFAULT_SUCCESS_LINE = Decimal(65)
FORMULA_TEXT = "调解成功率 = 达成调解协议的案件数 ÷ 结案数 × 100%（默认口径）"
ALTERNATIVE_FORMULA_TEXT = "另一口径：达成调解协议的案件数 ÷ 受理案件数 × 100%"
FORMULA_NOTE = (
    "调解成功率没有统一的官方计算公式。本平台默认以当年结案数为分母，同时列出以当年受理案件数为分母的结果，"
    "并保存分子和分母，便于核对。达成调解协议包括经司法确认或仲裁审查确认的协议。"
)


def _percent(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    received: int = 0
    accepted: int = 0
    collective: int = 0
    closed: int = 0
    agreements: int = 0
    agreement_yuan: Decimal = Decimal(0)

    @property
    def success_rate(self):
        """Agreements ÷ closed × 100, one decimal; ``None`` when nothing closed."""
        return _percent(self.agreements, self.closed)

    @property
    def success_rate_accepted(self):
        """Agreements ÷ accepted × 100, one decimal; ``None`` when nothing was accepted."""
        return _percent(self.agreements, self.accepted)

    def meets(self, line):
        rate = self.success_rate
        return None if rate is None else rate >= line

    def add(self, other):
        for name in ("received", "accepted", "collective", "closed", "agreements", "agreement_yuan"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def ledger_figures(cases, year, *, by=None, until=None):
    """Return ``{key: Figures}`` for ``year``; ``by`` is ``"org"``, ``"org__unit"`` or ``None`` (one total);
    ``until``, a date, leaves out what was received or closed after it.

    Two queries, whatever the number of groups. With ``by=None`` the answer is ``{None: Figures}``.
    """
    agreement = Q(outcome__in=Case.AGREEMENT_OUTCOMES)
    received_counts = {
        "received": Count("id"),
        "accepted": Count("id", filter=Q(is_accepted=True)),
        "collective": Count("id", filter=Q(worker_count__gte=COLLECTIVE_THRESHOLD)),
    }
    closed_counts = {
        "closed": Count("id"),
        "agreements": Count("id", filter=agreement),
        "agreement_yuan": Sum("agreement_yuan", filter=agreement),
    }
    received = cases.filter(received_on__year=year).order_by()
    closed = cases.filter(closed_on__year=year).exclude(outcome=Case.Outcome.PENDING).order_by()
    if until is not None:
        received, closed = received.filter(received_on__lte=until), closed.filter(closed_on__lte=until)
    if by:
        received_rows = received.values(by).annotate(**received_counts)
        closed_rows = closed.values(by).annotate(**closed_counts)
    else:
        received_rows = [received.aggregate(**received_counts)]
        closed_rows = [closed.aggregate(**closed_counts)]
    result = {None: Figures()} if not by else {}
    for row in received_rows:
        figures = result.setdefault(row[by] if by else None, Figures())
        figures.received, figures.accepted, figures.collective = row["received"], row["accepted"], row["collective"]
    for row in closed_rows:
        figures = result.setdefault(row[by] if by else None, Figures())
        figures.closed, figures.agreements = row["closed"], row["agreements"]
        figures.agreement_yuan = row["agreement_yuan"] or Decimal(0)
    return result


def success_line(year):
    """Return the plan's yearly success-rate line in percent (65 unless the prefecture changed the target)."""
    target = (
        Target.objects.filter(programme__code="mediation_gold", unit_label__startswith="年度劳动人事争议调解成功率")
        .for_year(year)
        .order_by("-programme__cycle__start_year")
        .first()
    )
    return target.value if target else DEFAULT_SUCCESS_LINE


def success_rates_by_unit(units, year):
    """Return ``{unit pk: success rate in percent or None}`` for ``units`` in ``year`` (default formula).

    Shaped like an indicator source (``chuxiong_labor.indicators``), for the reporting app to register.
    """
    units = list(units)
    figures = ledger_figures(Case.objects.filter(org__unit__in=units), year, by="org__unit")
    return {unit.pk: figures.get(unit.pk, Figures()).success_rate for unit in units}


def agreements_by_unit(units, year):
    """Return ``{unit pk: agreements reached}`` for ``units`` in ``year``, shaped like an indicator source."""
    units = list(units)
    figures = ledger_figures(Case.objects.filter(org__unit__in=units), year, by="org__unit")
    return {unit.pk: figures.get(unit.pk, Figures()).agreements for unit in units}
