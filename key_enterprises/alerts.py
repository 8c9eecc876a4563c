"""Early warning: the prefecture's rules evaluated over submitted monitoring figures, in SQL.

Each rule is one measure, a threshold the measure must reach and a level. A rule is evaluated by one query over
all the figures given, whatever their number: the measure is an SQL expression of the row's own columns (nothing
is fetched row by row), and only the rows that reach the threshold come back. So evaluating a month, a year or a
province's 200,000 enterprise-months costs one query per rule plus one bulk insert (benchmarks/bench_key_enterprises.py).

Defaults (data migration ``0002_rules_and_duties``; the prefecture edits them on 预警规则):

================================ ============= ======= ================================================
measure                          threshold     level   reading
================================ ============= ======= ================================================
headcount drop against last year 10 %          橙色     (last year's end − now) ÷ last year's end
Art. 41 layoff (window)          20 people     红色     cuts over the window ≥ threshold, or × 10 ≥ headcount
                                                       at the window's start (a month with cuts trips it)
wages unpaid                     1 month       红色     months of wages owed
social insurance unpaid          3 months      黄色     months of contributions owed
collective dispute               10 people     红色     the largest single dispute (劳动争议调解仲裁法 Art. 7)
stoppage                         1 day         橙色     停工停产 days in the period
separation rate                  15 %          黄色     separations ÷ average headcount
================================ ============= ======= ================================================

Art. 41 counts a layoff, not a month of it: a layoff spread over two months must trip the warning. The Art. 41
measure adds the cuts of the enterprise's figures over the last ``settings.LAYOFF_WARNING_MONTHS`` periods up to
the row's own (default 3; the row itself and submitted or accepted months, across the monitoring years), and
compares them with the headcount at the window's start (the row's headcount less the window's hires plus its
separations). It is one correlated subquery per sum, still one query per rule.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import DecimalField, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import MonthlyBatch, MonthlyFigures, WarningRule

Metric = WarningRule.Metric
NUMBER = DecimalField(max_digits=20, decimal_places=4)
COLUMNS = ("headcount", "headcount_last_year_end", "hires", "separations", "layoffs")
SIMPLE = {
    Metric.WAGES_OWED: "wages_owed_months",
    Metric.INSURANCE_OWED: "insurance_owed_months",
    Metric.COLLECTIVE_DISPUTE: "largest_dispute_people",
    Metric.STOPPAGE: "stoppage_days",
}


def _period():
    return ExpressionWrapper(F("batch__year") * 12 + F("batch__month"), output_field=IntegerField())


def _window_sum(column, months):
    """The sum of ``column`` over the enterprise's figures of the ``months`` periods up to the outer row's."""
    rows = (
        MonthlyFigures.objects.filter(monitored__enterprise_id=OuterRef("monitored__enterprise_id"))
        .annotate(period=_period())
        .filter(period__gt=OuterRef("period") - months, period__lte=OuterRef("period"))
        .filter(
            Q(batch__status__in=[MonthlyBatch.Status.SUBMITTED, MonthlyBatch.Status.ACCEPTED]) | Q(pk=OuterRef("pk"))
        )
        .order_by()
        .values("monitored__enterprise_id")
        .annotate(total=Sum(column))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _times(expression, number):
    return ExpressionWrapper(expression * Value(number, output_field=NUMBER), output_field=NUMBER)


def _condition(rule):
    """Return ``(annotations, condition)`` under which a row trips ``rule``. No division, so SQLite's integer
    arithmetic and PostgreSQL's numeric arithmetic agree exactly at the threshold."""
    t = rule.threshold
    if rule.metric == Metric.HEADCOUNT_DROP:
        # (last − now) ÷ last ≥ t % ⟺ (last − now) × 100 ≥ t × last
        return (
            {
                "drop_x100": (F("headcount_last_year_end") - F("headcount")) * 100,
                "bound": _times(F("headcount_last_year_end"), t),
            },
            Q(headcount_last_year_end__gt=0, drop_x100__gte=F("bound")),
        )
    if rule.metric == Metric.ART41_LAYOFF:
        # Art. 41: the cuts of the window reach the threshold (20 people), or 10% of the headcount at its start.
        months = settings.LAYOFF_WARNING_MONTHS
        return (
            {
                "period": _period(),
                "window_layoffs": _window_sum("layoffs", months),
                "window_x10": F("window_layoffs") * 10,
                "start": F("headcount") - _window_sum("hires", months) + _window_sum("separations", months),
            },
            Q(layoffs__gt=0) & (Q(window_layoffs__gte=t) | Q(window_x10__gte=F("start"))),
        )
    if rule.metric == Metric.SEPARATION_RATE:
        # separations ÷ ((start + end) ÷ 2) ≥ t % ⟺ separations × 200 ≥ t × (start + end)
        return (
            {
                "sep_x200": F("separations") * 200,
                "bound": _times(F("headcount") * 2 - F("hires") + F("separations"), t),
            },
            Q(separations__gt=0, sep_x200__gte=F("bound")),
        )
    return {}, Q(**{f"{SIMPLE[rule.metric]}__gte": t})


def measure(metric, row):
    """Return the value of ``metric`` for ``row`` (a ``MonthlyFigures`` or a dict of its columns), for display."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    if metric == Metric.HEADCOUNT_DROP:
        last = get("headcount_last_year_end")
        return Decimal(last - get("headcount")) * 100 / last if last else Decimal(0)
    if metric == Metric.ART41_LAYOFF:
        window = row.get("window_layoffs") if isinstance(row, dict) else getattr(row, "window_layoffs", None)
        return Decimal(get("layoffs") if window is None else window)
    if metric == Metric.SEPARATION_RATE:
        both = 2 * get("headcount") - get("hires") + get("separations")
        return Decimal(get("separations")) * 200 / both if both > 0 else Decimal(0)
    return Decimal(get(SIMPLE[metric]))


def evaluate(figures, rules):
    """Return ``[(figures pk, rule, value)]`` for every rule in ``rules`` that the rows of ``figures`` (a
    ``MonthlyFigures`` queryset) reach: one query per rule, none per row, whatever the number of rows."""
    hits = []
    for rule in rules:
        annotations, tripped = _condition(rule)
        columns = COLUMNS if rule.metric not in SIMPLE else (SIMPLE[rule.metric],)
        if rule.metric == Metric.ART41_LAYOFF:
            columns = (*columns, "window_layoffs")
        rows = figures.order_by().annotate(**annotations).filter(tripped).values("pk", *columns)
        for row in rows:
            value = measure(rule.metric, row).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            hits.append((row["pk"], rule, value))
    return hits
