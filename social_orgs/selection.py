"""The gold-organisation selection's figures: each county's quota against its candidates, and the plan's own
numbers (10 gold organisations over 2021—2023, 3—4 selected a year, 2 recommended to the province a year)."""

from django.db.models import Count, Q

from chuxiong_labor.quotas import PlanCycle, Target
from chuxiong_labor.units import Unit
from chuxiong_labor.workflow import Status

from .models import GOLD_CODE, QUOTA_CODE, Nomination

GOLD = [Status.SELECTED, Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED]
PROVINCE = [Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED]


def quota_rows(year, units):
    """Return ``[(unit, quota, recommended)]``: the seed's quota of ``year`` and the candidates submitted."""
    quotas = {
        target.unit_id: target.value
        for target in Target.objects.cells()
        .filter(programme__code=QUOTA_CODE, unit__isnull=False)
        .for_year(year)
        .order_by("programme__cycle__start_year")
    }
    submitted = dict(
        Nomination.objects.filter(round__year=year)
        .submitted()
        .order_by()
        .values_list("unit")
        .annotate(count=Count("id"))
    )
    return [(unit, quotas.get(unit.pk), submitted.get(unit.pk, 0)) for unit in units]


def _stated(label_start, year):
    target = (
        Target.objects.filter(programme__code=GOLD_CODE, unit_label__startswith=label_start)
        .for_year(year)
        .order_by("-programme__cycle__start_year")
        .first()
    )
    return target


def plan_progress(year):
    """Return the plan's figures for the cycle holding ``year``, with what the selections reached so far."""
    cycle = PlanCycle.objects.filter(start_year__lte=year, end_year__gte=year).first()
    years = cycle.years if cycle else [year]
    counts = Nomination.objects.filter(round__year__in=years).aggregate(
        gold=Count("id", filter=Q(status__in=GOLD)),
        gold_year=Count("id", filter=Q(status__in=GOLD, round__year=year)),
        province_year=Count("id", filter=Q(status__in=PROVINCE, round__year=year)),
    )
    return {
        "cycle": cycle,
        "whole": _stated("全州打造", year),
        "per_year": _stated("每年选树", year),
        "province": _stated("每年向省推荐", year),
        **counts,
    }


def county_units(user):
    from chuxiong_labor import roles

    units = Unit.objects.counties()
    if roles.is_unit_scoped(user):
        units = units.filter(pk=user.unit_id)
    return units
