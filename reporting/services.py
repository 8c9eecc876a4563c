"""Writes of the reporting app: each atomic, recorded in the history with who did it."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from chuxiong_labor.deadlines import Duty, DutyDateChange
from chuxiong_labor.lib.concurrency import claim_version, save_versioned
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.history import acting_as

from .circulars import draft_text
from .figures import collect_figures
from .models import Circular, DutyCompletion, MonthlyReport, ReportTransition
from .schedule import due_date_or_default

Status = MonthlyReport.Status

# The monthly report's workflow: which state may follow which.
TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.ACCEPTED, Status.RETURNED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.ACCEPTED: set(),
}


class TransitionError(ActionRefused):
    """A state change the report's workflow does not allow."""


def transition(report, to_status, *, actor, reason=""):
    """Move ``report`` to ``to_status`` and record who, when and why; refuse a step ``TRANSITIONS`` lacks."""
    if to_status not in TRANSITIONS[report.status]:
        raise TransitionError(
            f"该月报当前为“{report.get_status_display()}”，不能改为“{Status(to_status).label}”。请刷新页面查看最新状态。"
        )
    ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to_status, actor=actor, reason=reason
    )
    report.status = to_status


def create_report(unit, year, month, *, actor, progress="", problems="", practices=""):
    """Create ``unit``'s draft report for ``month`` of ``year``."""
    if MonthlyReport.objects.filter(unit=unit, year=year, month=month).exists():
        raise ActionRefused(f"{unit}{year}年{month}月的月报已经存在，请在月报列表中打开它继续填写。")
    with transaction.atomic(), acting_as(actor):
        return MonthlyReport.objects.create(
            unit=unit,
            year=year,
            month=month,
            due_on=due_date_or_default(year, month),
            progress=progress,
            problems=problems,
            practices=practices,
            created_by=actor,
        )


def save_report(report, *, actor, version):
    """Save a report's texts; raises ``StaleEdit`` when it changed since ``version`` was read."""
    with transaction.atomic(), acting_as(actor):
        return save_versioned(report, version)


def submit_report(report, *, actor):
    """Submit (or resubmit) ``report``: time-stamp it and freeze the unit's figures as they stand now."""
    if not report.progress.strip():
        raise ActionRefused("请先填写“工作进展情况”再报送。")
    with transaction.atomic(), acting_as(actor):
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        transition(report, Status.SUBMITTED, actor=actor)
        now = timezone.now()
        report.figures = collect_figures(report.unit, report.year, report.month)
        report.submitted_at = now
        if report.first_submitted_at is None:
            report.first_submitted_at = now
        report.return_reason = ""
        report.version += 1
        report.save()
        return report


def accept_report(report, *, actor):
    """Accept a submitted report on behalf of the prefecture office."""
    with transaction.atomic(), acting_as(actor):
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        transition(report, Status.ACCEPTED, actor=actor)
        report.reviewed_at, report.reviewed_by = timezone.now(), actor
        report.version += 1
        report.save()
        return report


def return_report(report, *, actor, reason):
    """Return a submitted report to its unit; ``reason`` says what to change and is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("退回月报时必须填写退回原因，请写明需要补充或修改的内容。")
    with transaction.atomic(), acting_as(actor):
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        transition(report, Status.RETURNED, actor=actor, reason=reason)
        report.reviewed_at, report.reviewed_by = timezone.now(), actor
        report.return_reason = reason
        report.version += 1
        report.save()
        return report


def save_duty(duty, *, actor, version):
    """Save a duty of the deadline calendar; raises ``StaleEdit`` when it changed since ``version`` was read.

    A new duty gets a generated internal code (``annex4_custom_1``, …): the office never types one.
    """
    with transaction.atomic(), acting_as(actor):
        if duty.pk is None:
            duty.code = _new_duty_code(duty.cycle, duty.annex)
        return save_versioned(duty, version)


def _new_duty_code(cycle, annex):
    taken = set(Duty.objects.filter(cycle=cycle).values_list("code", flat=True))
    number = 1
    while f"annex{annex}_custom_{number}" in taken:
        number += 1
    return f"annex{annex}_custom_{number}"


def reschedule_duty(duty, *, actor, version, from_year, day, reason, month=None, only_that_year=False, today=None):
    """Move recurring ``duty``'s date from ``from_year`` on (or in that year only); return the ``DutyDateChange``.

    Occurrences already due today keep their dates (see ``deadlines.DutyDateChange``). Raises ``ActionRefused``
    when the duty is not recurring or when the change could not move any occurrence, and ``StaleEdit`` when the
    duty changed (or was moved by someone else) since ``version`` was read.
    """
    today = today or timezone.localdate()
    if duty.recurrence == Duty.Recurrence.ONCE:
        raise ActionRefused("一次性事项请直接修改截止日期。")
    last_year = from_year if only_that_year else duty.cycle.end_year
    if duty.ends_on:
        last_year = min(last_year, duty.ends_on.year)
    if last_year < from_year or not [
        due for due in duty.occurrences(max(today, date(from_year, 1, 1)), date(last_year, 12, 31))
    ]:
        raise ActionRefused(
            f"“{duty}”在{from_year}年{'' if only_that_year else '及以后'}已没有未到期的截止节点，"
            "已到期的日期保持原样，不能调整；请选择以后的年份。"
        )
    with transaction.atomic(), acting_as(actor):
        claim_version(duty, version)
        duty.save(update_fields=["version"])
        return DutyDateChange.objects.create(
            duty=duty,
            from_year=from_year,
            only_that_year=only_that_year,
            month=month if duty.recurrence == Duty.Recurrence.YEARLY else None,
            day=day,
            reason=reason.strip(),
            made_on=today,
            made_by=actor,
        )


def mark_duty_done(duty, unit, due_on, *, actor, note=""):
    """Mark ``unit``'s occurrence of ``duty`` due on ``due_on`` as done (again marking changes nothing)."""
    if due_on not in duty.occurrences(due_on, due_on):
        raise ActionRefused(f"“{duty}”在{due_on}没有截止节点，请从工作日历中选择要标记的事项。")
    with transaction.atomic(), acting_as(actor):
        mark, _ = DutyCompletion.objects.get_or_create(
            unit=unit,
            duty=duty,
            due_on=due_on,
            defaults={"marked_by": actor, "note": note, "done_on": timezone.localdate()},
        )
        return mark


def unmark_duty_done(mark, *, actor):
    """Remove a done mark made by mistake."""
    with transaction.atomic(), acting_as(actor):
        mark.delete()


def draft_circular(year, month, *, actor, today=None):
    """Draft the circular for ``month`` of ``year`` from the reports, timeliness and progress of the units."""
    today = today or timezone.localdate()
    if Circular.objects.filter(year=year, month=month).exists():
        raise ActionRefused(f"{year}年{month}月的通报已经起草，请在通报列表中打开它修改。")
    due_on = due_date_or_default(year, month)
    if today <= due_on:
        raise ActionRefused(
            f"{year}年{month}月的工作月报截止日期为{due_on}，尚未截止；截止日期过后才能起草该月通报，"
            "以免通报与实际报送情况不符。"
        )
    text = draft_text(year, month, today=today)
    with transaction.atomic(), acting_as(actor):
        return Circular.objects.create(year=year, month=month, **text)


def save_circular(circular, *, actor, version):
    """Save an edited circular; raises ``StaleEdit`` when it changed since ``version`` was read."""
    with transaction.atomic(), acting_as(actor):
        return save_versioned(circular, version)


def issue_circular(circular, *, actor):
    """Issue a drafted circular, dated today; it cannot be changed afterwards."""
    with transaction.atomic(), acting_as(actor):
        circular = Circular.objects.select_for_update().get(pk=circular.pk)
        if circular.status != Circular.Status.DRAFT:
            raise ActionRefused("该通报已经印发，不能重复印发。")
        circular.status = Circular.Status.ISSUED
        circular.issued_on = timezone.localdate()
        circular.issued_by = actor
        circular.version += 1
        circular.save()
        return circular


def save_settings(config, *, actor):
    """Save the reporting settings."""
    with transaction.atomic(), acting_as(actor):
        config.save()
        return config
