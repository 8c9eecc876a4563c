"""The quarterly supervision grid: organisations × the four quarters of a year, with the quarters left uninspected.

附件3 三（二）asks each county to inspect every mediation organisation of its area once a quarter
(「按季对辖区内各类调解组织……进行监督检查」). A quarter is *due* once it has ended, unless the organisation was
established after it ended; a due quarter without an inspection is flagged. The quarter under way is shown apart
(still to inspect, not yet late), and the quarters to come are empty. ``quarters`` is pure (the day is passed in);
``grid`` reads the inspections of a page of organisations in one query, and ``missing_inspection`` keeps the
organisations with a flagged quarter in the database, so the flag can filter a paged list.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from chuxiong_labor.deadlines import QUARTERS

from .models import Inspection

NAMES = dict(QUARTERS)


@dataclass(frozen=True)
class Quarter:
    number: int
    starts_on: datetime.date
    ends_on: datetime.date
    state: str  # "ended", "current" or "coming"

    @property
    def name(self):
        return NAMES[self.number]


def quarters(year, today):
    """Return the four ``Quarter``s of ``year`` as they stand on ``today``."""
    found = []
    for number in range(1, 5):
        starts_on = datetime.date(year, 3 * number - 2, 1)
        ends_on = (datetime.date(year, 3 * number, 28) + datetime.timedelta(days=4)).replace(day=1)
        ends_on -= datetime.timedelta(days=1)
        if ends_on < today:
            state = "ended"
        elif starts_on <= today:
            state = "current"
        else:
            state = "coming"
        found.append(Quarter(number, starts_on, ends_on, state))
    return found


@dataclass
class Cell:
    quarter: Quarter
    inspections: list = field(default_factory=list)
    not_established: bool = False

    @property
    def state(self):
        """``"done"``, ``"missing"`` (a due quarter without an inspection: flagged), ``"to_do"`` (the quarter under
        way), ``"coming"`` or ``"not_established"``."""
        if self.inspections:
            return "done"
        if self.not_established:
            return "not_established"
        return {"ended": "missing", "current": "to_do", "coming": "coming"}[self.quarter.state]


def grid(orgs, year, today):
    """Return ``[(org, [Cell × 4])]`` for ``orgs`` (a page of organisations) in ``year``, in one query."""
    orgs = list(orgs)
    year_quarters = quarters(year, today)
    found = {}
    inspections = Inspection.objects.filter(org__in=orgs, inspected_on__year=year).order_by("inspected_on", "pk")
    for inspection in inspections:
        found.setdefault((inspection.org_id, (inspection.inspected_on.month - 1) // 3 + 1), []).append(inspection)
    return [
        (
            org,
            [
                Cell(
                    quarter,
                    found.get((org.pk, quarter.number), []),
                    not_established=bool(org.established_on and org.established_on > quarter.ends_on),
                )
                for quarter in year_quarters
            ],
        )
        for org in orgs
    ]


def missing_inspection(orgs, year, today):
    """Keep the organisations of ``orgs`` with a flagged quarter in ``year``: one that has ended, after their
    establishment, without an inspection."""
    missing = Q(pk__in=[])
    for quarter in quarters(year, today):
        if quarter.state != "ended":
            continue
        inspected = Inspection.objects.filter(
            org=OuterRef("pk"), inspected_on__range=(quarter.starts_on, quarter.ends_on)
        )
        established = Q(established_on__isnull=True) | Q(established_on__lte=quarter.ends_on)
        missing |= established & ~Q(Exists(inspected))
    return orgs.filter(missing)
