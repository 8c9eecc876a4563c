"""Writes of the kernel's records: each one atomic and recorded in the history."""

import re

from django.db import transaction
from django.utils import timezone

from . import credit_code
from .lib.concurrency import claim_version, save_versioned
from .lib.history import acting_as
from .quotas import Programme, Target


def save_enterprise(enterprise, *, actor, version, accept_failing_check=False):
    """Save an enterprise, recording a credit-code override when ``accept_failing_check`` was given for a code
    that fails the check.

    Raises ``StaleEdit`` when the enterprise changed since ``version`` was read.
    """
    with transaction.atomic(), acting_as(actor):
        if credit_code.is_valid(enterprise.credit_code):
            enterprise.credit_code_override_by = None
            enterprise.credit_code_override_at = None
            enterprise.credit_code_override_reason = ""
        elif accept_failing_check:
            enterprise.credit_code_override_by = actor
            enterprise.credit_code_override_at = timezone.now()
        return save_versioned(enterprise, version)


def create_plan_cycle(cycle, *, actor, copy_from=None, copy_values=False):
    """Create the plan cycle ``cycle`` and, when ``copy_from`` is given, copy that cycle's tables and duties
    (with their values when ``copy_values``)."""
    with transaction.atomic(), acting_as(actor):
        cycle.save()
        if copy_from is not None:
            copy_cycle_structure(copy_from, cycle, copy_values=copy_values)
        return cycle


def copy_cycle_structure(source, cycle, *, copy_values):
    """Copy ``source``'s tables and dated duties into ``cycle``, moved by the difference of their start years.

    Table cells start at 0 unless ``copy_values``; stated figures keep their values, since they usually carry
    over (15 gold coordinators a year, …). Duties of ``source`` are moved by whole years.
    """
    offset = cycle.start_year - source.start_year
    for duty in source.duty_set.all():
        duty.pk = None
        duty.cycle = cycle
        duty.due_on = _move(duty.due_on, offset)
        duty.starts_on = _move(duty.starts_on, offset)
        duty.ends_on = _move(duty.ends_on, offset)
        if duty.due_on is not None:
            duty.title = duty.title_for(duty.due_on)  # "（2021年）" copied into 2024 reads "（2024年）"
        if duty.due_on is None or duty.due_on.year <= cycle.end_year:
            duty.save()
    copies = {}
    for programme in source.programmes.all():
        copies[programme.pk] = Programme.objects.create(
            cycle=cycle,
            code=programme.code,
            annex=programme.annex,
            title=programme.title,
            kind=programme.kind,
            measure=programme.measure,
            note=programme.note,
            sort_order=programme.sort_order,
        )
    for target in Target.objects.filter(programme__cycle=source).select_related("programme"):
        if target.year_from + offset > cycle.end_year:
            continue
        keep = copy_values or target.programme.kind == Programme.Kind.STATED
        Target.objects.create(
            programme=copies[target.programme_id],
            unit=target.unit,
            unit_label=target.unit_label,
            period=_shift_years(target.period, offset),
            year_from=target.year_from + offset,
            year_to=min(target.year_to + offset, cycle.end_year),
            per_year=target.per_year,
            value=target.value if keep else 0,
            value_max=target.value_max if keep else None,
            comparator=target.comparator,
            row=target.row,
            column=target.column,
            checks_programme=copies.get(target.checks_programme_id),
            checks_period=_shift_years(target.checks_period, offset),
            checks_unit_label=target.checks_unit_label,
        )


def _shift_years(label, offset):
    return re.sub(r"\d{4}", lambda match: str(int(match.group()) + offset), label)


def _move(day, years):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def set_target_values(programme, values, *, actor, version):
    """Set the values of ``programme``'s cells from ``{target pk: Decimal}``; every change is in the history.

    Raises ``StaleEdit`` when someone saved the programme's values since ``version`` was read.
    """
    with transaction.atomic(), acting_as(actor):
        claim_version(programme, version)
        programme.save(update_fields=["version"])
        for target in programme.targets.filter(pk__in=values):
            if target.value != values[target.pk]:
                target.value = values[target.pk]
                target.save(update_fields=["value"])


def save_contacts(unit, *, actor, version):
    """Save a unit's contact person, phone and e-mail; raises ``StaleEdit`` when they changed since ``version``."""
    with transaction.atomic(), acting_as(actor):
        return save_versioned(unit, version)
