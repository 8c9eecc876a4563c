"""Writes of the new-enterprise ledger: each atomic and recorded in the history, with the actor."""

from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.utils import timezone

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.bulk import insert_all
from chuxiong_labor.lib.concurrency import save_versioned
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.history import acting_as, record_bulk
from chuxiong_labor.lib.spreadsheets import collector_paused

from .models import Inclusion, RosterSubmission, level_for


class RosterChanged(ActionRefused):
    """The registry changed while the roster was being written; nothing was written."""


@collector_paused()  # 10,000 enterprises and history entries: no cycles to collect, many objects to rescan
def import_roster(plan, *, actor):
    """Write a clean ``RosterPlan``: create the new enterprises, update the changed ones and, when the plan has a
    year, include its enterprises in that year's plan for the plan's unit. All or nothing.

    Raises ``ValueError`` when the plan has bad rows and ``RosterChanged`` when another change to the registry
    collided with this one (the transaction is rolled back).
    """
    if not plan.is_clean:
        raise ValueError("a roster with bad rows cannot be imported")
    now = timezone.now()
    try:
        with transaction.atomic(), acting_as(actor):
            insert_all(plan.new)
            record_bulk(plan.new, action=LogEntry.Action.CREATE, actor=actor, note="名册导入")
            updated = [update.enterprise for update in plan.updated]
            if updated:
                fields = sorted({name for update in plan.updated for name in update.changed})
                for enterprise in updated:
                    enterprise.version += 1
                    enterprise.updated_at = now
                Enterprise.objects.bulk_update(updated, [*fields, "version", "updated_at"], batch_size=1000)
                record_bulk(
                    updated,
                    action=LogEntry.Action.UPDATE,
                    actor=actor,
                    note="名册导入",
                    changes=[update.changes for update in plan.updated],
                )
            inclusions = []
            if plan.year is not None and plan.to_include:
                by_code = {e.credit_code: e for e in [*plan.new, *updated, *plan.unchanged]}
                inclusions = [
                    Inclusion(
                        unit=plan.unit,
                        enterprise=by_code[code],
                        year=plan.year,
                        level=level_for(plan.unit),
                        department=plan.unit.name,
                        contact_person=plan.unit.contact_person,
                        contact_phone=plan.unit.contact_phone,
                    )
                    for code in plan.to_include
                ]
                insert_all(inclusions)
                record_bulk(inclusions, action=LogEntry.Action.CREATE, actor=actor, note="名册导入")
    except IntegrityError as error:
        raise RosterChanged(
            "导入期间企业库或纳入名单被他人修改（同一信用代码已存在）。本次导入没有写入任何数据，请重新上传预览。"
        ) from error
    return {
        "new": len(plan.new),
        "updated": len(plan.updated),
        "unchanged": len(plan.unchanged),
        "included": len(inclusions),
    }


def include_enterprise(inclusion, *, actor, version):
    """Save an inclusion (new or edited); raises ``StaleEdit`` when it changed since ``version`` was read."""
    with transaction.atomic(), acting_as(actor):
        return save_versioned(inclusion, version)


def save_service(record, *, actor, version, experts):
    """Save a service record and the expert team members who served (``experts``); raises ``StaleEdit`` when
    stale."""
    with transaction.atomic(), acting_as(actor):
        if record.pk is None:
            record.created_by = actor
        save_versioned(record, version)
        record.experts.set(experts)
        return record


def save_expert(member, *, actor, version):
    """Save a member of the expert service team; raises ``StaleEdit`` when stale."""
    with transaction.atomic(), acting_as(actor):
        return save_versioned(member, version)


def submit_roster(unit, year, *, actor):
    """Report ``unit``'s roster for ``year`` to the prefecture office (again, if already reported: the count and
    time are refreshed)."""
    with transaction.atomic(), acting_as(actor):
        count = Inclusion.objects.filter(unit=unit, year=year).count()
        submission, _ = RosterSubmission.objects.update_or_create(
            unit=unit,
            year=year,
            defaults={"submitted_at": timezone.now(), "submitted_by": actor, "enterprise_count": count},
        )
        return submission


def save_summary(summary, *, actor, version, submit=False):
    """Save a unit's yearly summary; ``submit`` also reports it to the prefecture office."""
    with transaction.atomic(), acting_as(actor):
        if submit:
            summary.submitted_at = timezone.now()
        return save_versioned(summary, version)


def delete_service(record, *, actor):
    """Delete a service record."""
    with transaction.atomic(), acting_as(actor):
        record.delete()
