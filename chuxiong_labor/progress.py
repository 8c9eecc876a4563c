"""Targets against achievements, per unit and programme, for home pages and dashboards."""

from dataclasses import dataclass
from decimal import Decimal

from . import indicators
from .quotas import Programme, Target


@dataclass
class ProgressRow:
    programme: Programme
    target: Target
    achieved: Decimal | None

    @property
    def gap(self):
        if self.achieved is None:
            return None
        return max(self.target.value - Decimal(self.achieved), Decimal(0))

    @property
    def percent(self):
        if self.achieved is None or not self.target.value:
            return None
        return min(int(Decimal(self.achieved) * 100 / self.target.value), 100)


def progress_for(units, year):
    """Return ``{unit pk: [ProgressRow, …]}`` for the table targets of ``year``, in a fixed number of queries."""
    units = list(units)
    targets = (
        Target.objects.cells()
        .for_year(year)
        .filter(unit__in=units, programme__kind=Programme.Kind.TABLE)
        .select_related("programme")
        .order_by("programme__annex", "programme__sort_order")
    )
    by_code = {}
    rows = {unit.pk: [] for unit in units}
    for target in targets:
        by_code.setdefault(target.programme.code, []).append(target)
    for code, code_targets in by_code.items():
        figures = indicators.achieved(code, units, year)
        for target in code_targets:
            achieved = None if figures is None else figures.get(target.unit_id, 0)
            rows[target.unit_id].append(ProgressRow(target.programme, target, achieved))
    return rows
