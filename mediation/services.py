"""Writes of mediation records: each atomic and recorded in the history with who acted."""

import datetime

from auditlog.models import LogEntry
from django.db import transaction

from chuxiong_labor.lib.concurrency import save_versioned
from chuxiong_labor.lib.history import acting_as, record_bulk
from chuxiong_labor.nominations import models as nominations
from chuxiong_labor.nominations.models import NominationProgramme

from .models import Case, Finding, HolidayCorrection, MediationSettings


def save_org(org, *, actor, version, rules):
    """Save a mediation organisation and the work rules it has put in place (``rules``).

    Raises ``StaleEdit`` when the organisation changed since ``version`` was read.
    """
    with transaction.atomic(), acting_as(actor):
        save_versioned(org, version)
        org.rules.set(rules)
        return org


def save_mediator(mediator, org, *, actor, version):
    """Save a mediator of ``org``; raises ``StaleEdit`` when it changed since ``version`` was read."""
    with transaction.atomic(), acting_as(actor):
        mediator.org = org
        return save_versioned(mediator, version)


def save_case(case, *, actor, version):
    """Save a ledger case, its 15-day limit following its receipt date; raises ``StaleEdit`` on a stale edit."""
    with transaction.atomic(), acting_as(actor):
        case.limit_on = case.limit(HolidayCorrection.objects.calendar_for([case.received_on])).ends_on
        return save_versioned(case, version)


def import_cases(cases, *, actor):
    """Insert the checked, unsaved ``cases`` in one transaction and record one history entry each."""
    with transaction.atomic(), acting_as(actor):
        created = Case.objects.bulk_create(cases)
        record_bulk(created, action=LogEntry.Action.CREATE, actor=actor, note="从 Excel 导入调解台账")
    return created


def save_inspection(inspection, org, *, actor, version, findings):
    """Save a supervision inspection of ``org`` and its ``findings``, ``[(item, result, note)]`` per checklist item."""
    with transaction.atomic(), acting_as(actor):
        inspection.org = org
        save_versioned(inspection, version)
        wanted = {item.pk: (result, note) for item, result, note in findings}
        for finding in inspection.findings.all():
            if finding.item_id not in wanted:
                finding.delete()
                continue
            result, note = wanted.pop(finding.item_id)
            if (finding.result, finding.note) != (result, note):
                finding.result, finding.note = result, note
                finding.save()
        for item_id, (result, note) in wanted.items():
            Finding.objects.create(inspection=inspection, item_id=item_id, result=result, note=note)
        return inspection


def add_holiday_correction(correction, *, actor):
    """Save a calendar correction and recompute the limits of the cases it may move."""
    with transaction.atomic(), acting_as(actor):
        correction.save()
        recompute_limits(correction.on, actor=actor)
        return correction


def delete_holiday_correction(correction, *, actor):
    """Remove a calendar correction and recompute the limits of the cases it may have moved."""
    with transaction.atomic(), acting_as(actor):
        day = correction.on
        correction.delete()
        recompute_limits(day, actor=actor)


def recompute_limits(day, *, actor):
    """Recompute the 15-day limit of every case whose limit could depend on ``day``; return how many changed.

    A limit ends 15 days after receipt and a holiday break rolls it by at most a few weeks, so cases received
    in the 60 days before ``day`` are enough.
    """
    cases = list(Case.objects.filter(received_on__range=(day - datetime.timedelta(days=60), day)))
    if not cases:
        return 0
    calendar = HolidayCorrection.objects.calendar_for([case.received_on for case in cases] + [day])
    changed, changes = [], []
    for case in cases:
        ends_on = case.limit(calendar).ends_on
        if ends_on != case.limit_on:
            changes.append({"limit_on": (case.limit_on, ends_on)})
            case.limit_on = ends_on
            changed.append(case)
    if changed:
        Case.objects.bulk_update(changed, ["limit_on"])
        record_bulk(
            changed, action=LogEntry.Action.UPDATE, actor=actor, note="节假日更正后重新计算调解期限", changes=changes
        )
    return len(changed)


def set_weekend_rule(weekends_roll, *, actor):
    """Set whether a limit ending on an ordinary weekend rolls, and recompute every open case's limit; return how
    many limits changed."""
    with transaction.atomic(), acting_as(actor):
        setting = MediationSettings.get()
        if setting.weekends_roll == weekends_roll:
            return 0
        setting.weekends_roll = weekends_roll
        setting.save()
        cases = list(Case.objects.filter(closed_on__isnull=True))
        if not cases:
            return 0
        calendar = HolidayCorrection.objects.calendar_for([case.received_on for case in cases])
        changed, changes = [], []
        for case in cases:
            ends_on = case.limit(calendar).ends_on
            if ends_on != case.limit_on:
                changes.append({"limit_on": (case.limit_on, ends_on)})
                case.limit_on = ends_on
                changed.append(case)
        if changed:
            Case.objects.bulk_update(changed, ["limit_on"])
            record_bulk(
                changed,
                action=LogEntry.Action.UPDATE,
                actor=actor,
                note="调解期限计算口径调整后重新计算",
                changes=changes,
            )
        return len(changed)


# Gold selection ----------------------------------------------------------------------------------------------

# 附件3 三（四）：各县（市）分别于2021年8月、2022年6月、2023年4月20日前推荐候选对象.
ROUND_DEADLINES = {2021: datetime.date(2021, 8, 31), 2022: datetime.date(2022, 6, 30), 2023: datetime.date(2023, 4, 20)}


def open_round(year):
    """Return the round of ``year``, opening it with the seed's deadline (20 April after 2023, as in 2023)."""
    return nominations.open_round(
        NominationProgramme.MEDIATION_ORG,
        year,
        defaults={
            "unit_due_on": ROUND_DEADLINES.get(year, datetime.date(year, 4, 20)),
            "note": "附件3 三（四）：2021年8月、2022年6月、2023年4月20日前推荐1-2个候选对象",
        },
    )
