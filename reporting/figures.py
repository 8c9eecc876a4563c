"""The figures a monthly report carries: each unit's targets and achievements, and every annex's own figures."""

from decimal import Decimal

from django.utils import timezone

from chuxiong_labor import indicators
from chuxiong_labor.progress import progress_for


def plain(value):
    """Return ``value`` as JSON can hold it (Decimals as plain numbers)."""
    if isinstance(value, Decimal):
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)


def collect_figures(unit, year, month):
    """Return the figures of ``unit`` for ``month`` of ``year`` as they stand now, ready to be frozen."""
    rows = progress_for([unit], year)[unit.pk]
    groups = indicators.figures([unit], year, month)[unit.pk]
    return {
        "collected_on": timezone.localdate().isoformat(),
        "progress": [
            {
                "annex": row.programme.annex,
                "title": row.programme.title,
                "measure": row.programme.measure,
                "target": row.target.display_value,
                "achieved": plain(row.achieved),
                "gap": plain(row.gap),
            }
            for row in rows
        ],
        "groups": [
            {"annex": annex, "label": label, "figures": [[name, plain(value)] for name, value in values.items()]}
            for annex, label, values in groups
        ],
    }
