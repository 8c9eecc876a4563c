"""Writes of annex 1: each atomic and recorded in the history with its actor."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from chuxiong_labor.lib.concurrency import save_versioned
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.history import acting_as
from chuxiong_labor.nominations import models as nominations
from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations import workflow
from chuxiong_labor.nominations.models import NominationProgramme
from chuxiong_labor.nominations.workflow import Action, Level, Status, TransitionRefused

from .models import (
    Coordinator,
    CoordinatorStatus,
    Nomination,
    ProgressReport,
    Service,
    SlateStep,
    StatusChange,
    slate_minimum,
)


def open_round(year):
    """Return the coordinator round of ``year``, opening it with annex 1's deadlines (30 June, 31 August)."""
    return nominations.open_round(
        NominationProgramme.COORDINATOR,
        year,
        defaults={"unit_due_on": date(year, 6, 30), "prefecture_due_on": date(year, 8, 31)},
    )


def save_coordinator(coordinator, *, actor, version):
    """Save a coordinator; a new record or a status change writes a dated status entry.

    Raises ``StaleEdit`` when the record changed since ``version`` was read.
    """
    with transaction.atomic(), acting_as(actor):
        is_new = coordinator.pk is None
        saved = Coordinator.objects.filter(pk=coordinator.pk).values_list("status", flat=True).first()
        status_changed = is_new or saved != coordinator.status
        save_versioned(coordinator, version)
        if status_changed:
            StatusChange.objects.create(
                coordinator=coordinator,
                status=coordinator.status,
                changed_on=coordinator.status_since,
                note="新登记" if is_new else "修改信息时变更",
                recorded_by=actor,
            )
        return coordinator


def change_status(coordinator, *, status, changed_on, note, actor):
    """Record that ``coordinator`` is in ``status`` from ``changed_on`` (joined again, or left)."""
    if status not in CoordinatorStatus.values:
        raise ActionRefused("请选择新的状态。")
    if status == coordinator.status:
        raise ActionRefused(f"{coordinator.name}当前已是“{CoordinatorStatus(status).label}”状态。")
    with transaction.atomic(), acting_as(actor):
        coordinator.status = status
        coordinator.status_since = changed_on
        coordinator.version += 1
        coordinator.save(update_fields=["status", "status_since", "version"])
        return StatusChange.objects.create(
            coordinator=coordinator, status=status, changed_on=changed_on, note=note.strip(), recorded_by=actor
        )


def add_service(coordinator, *, enterprise, since, actor):
    """Record that ``coordinator`` serves ``enterprise``."""
    if Service.objects.filter(coordinator=coordinator, enterprise=enterprise).exists():
        raise ActionRefused(f"{coordinator.name}已登记服务“{enterprise}”，无需重复添加。")
    with transaction.atomic(), acting_as(actor):
        return Service.objects.create(coordinator=coordinator, enterprise=enterprise, since=since)


def remove_service(service, *, actor):
    """Remove an enterprise from the ones a coordinator serves."""
    with transaction.atomic(), acting_as(actor):
        service.delete()


def save_record(record, *, actor, version):
    """Save a unit's training batch or meeting; raises ``StaleEdit`` when it changed since ``version`` was read."""
    with transaction.atomic(), acting_as(actor):
        return save_versioned(record, version)


def delete_record(record, *, actor):
    """Delete a training batch or meeting; the deletion stays in the history."""
    with transaction.atomic(), acting_as(actor):
        record.delete()


def submit_slate(round, unit, *, actor, opinion, today=None):
    """Submit ``unit``'s candidates of ``round`` to the prefecture, all or none, with the county's opinion.

    The slate must hold at least ceil(1.5 × the unit's quota) candidates, none of them twice; the round's
    deadline and each candidate's eligibility are checked by the workflow.
    """
    with transaction.atomic():
        # Counted under the round's lock, so a slate and a concurrent change to it cannot both pass.
        nomination_services.lock_round(round.pk)
        slate = list(Nomination.objects.filter(round=round, unit=unit).with_people())
        drafts = [n for n in slate if n.status == Status.DRAFT]
        if not drafts:
            raise TransitionRefused("没有待报送的候选人。请先录入候选人。")
        quota, minimum = slate_minimum(unit, round.year)
        if len(slate) < minimum:
            raise TransitionRefused(
                f"{unit}{round.year}年的推荐名额为{quota.normalize():f}名，候选人数不得少于名额的1.5倍即{minimum}名；"
                f"目前只有{len(slate)}名，请补充候选人后再报送。"
            )
        for nomination in slate:
            duplicate = nomination.duplicates().first()
            if duplicate is not None:
                raise TransitionRefused(
                    f"{nomination.coordinator.name}与{duplicate.unit}推荐的{duplicate}是同一人，"
                    "同一人同一年度只能被推荐一次；请删除其中一条后再报送。"
                )
        for nomination in drafts:
            nomination_services.transition(nomination, Action.SUBMIT, actor=actor, opinion=opinion, today=today)
    return drafts


def set_certificate(nomination, *, certificate_no, actor):
    """Record the provincial certificate number of ``nomination``."""
    with transaction.atomic(), acting_as(actor):
        nomination.certificate_no = certificate_no.strip()
        nomination.save(update_fields=["certificate_no"])


def publish_unit_notice(round, unit, *, starts_on, ends_on, actor):
    """Record ``unit``'s own public notice of its candidates, held before it submits its slate."""
    nominations = list(Nomination.objects.filter(round=round, unit=unit).with_people())
    return nomination_services.publish_notice(
        round,
        nominations,
        level=Level.UNIT,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        actor=actor,
        text=workflow.notice_text(round, nominations, starts_on, ends_on, publisher=f"{unit.name}"),
    )


def import_coordinators(plan, *, actor):
    """Write a clean ``CoordinatorPlan`` (from ``resources.read_coordinators``) in one transaction: create the new
    coordinators and update the changed ones, each change in the history with its fields.

    Returns ``{"new", "updated", "unchanged"}`` counts; raises ``ActionRefused`` when any row has an error, and
    then writes nothing.
    """
    if not plan.is_clean:
        raise ActionRefused("导入的数据有错误，已全部撤销：" + "；".join(f"第{n}行：{m}" for n, m in plan.errors[:5]))
    with transaction.atomic(), acting_as(actor):
        for coordinator in plan.new:
            coordinator.save()
        for update in plan.updated:
            update.coordinator.version += 1
            update.coordinator.save()
    return {"new": len(plan.new), "updated": len(plan.updated), "unchanged": len(plan.unchanged)}


def record_slate_step(round, unit, *, actor, kind, held_on, note="", minutes=None):
    """Record (or replace) ``unit``'s step ``kind`` before its slate of ``round``; return it.

    Raises ``ActionRefused`` once the unit has submitted its slate: its steps are part of what it submitted.
    """
    if Nomination.objects.filter(round=round, unit=unit).submitted().exists():
        raise ActionRefused("本单位的推荐名单已经报送，推荐程序不能再修改；如有错误，请联系州三方办退回后再改。")
    with transaction.atomic(), acting_as(actor):
        step, _ = SlateStep.objects.get_or_create(
            round=round, unit=unit, kind=kind, defaults={"held_on": held_on, "recorded_by": actor}
        )
        step.held_on, step.note, step.recorded_by = held_on, note.strip(), actor
        if minutes:
            step.minutes = minutes
        step.save()
        return step


def delete_slate_step(step, *, actor):
    """Delete a step recorded by mistake (before the slate is submitted); the deletion is in the history."""
    if Nomination.objects.filter(round=step.round, unit=step.unit).submitted().exists():
        raise ActionRefused("本单位的推荐名单已经报送，推荐程序不能再删除。")
    with transaction.atomic(), acting_as(actor):
        if step.minutes:
            step.minutes.delete(save=False)
        step.delete()


def save_progress_report(report, *, actor, version):
    """Save the texts of a unit's progress report; raises ``StaleEdit`` when it changed since ``version`` was read
    and ``ActionRefused`` once it is submitted."""
    if report.pk and not type(report).objects.get(pk=report.pk).is_editable:
        raise ActionRefused("该报告已报送，不能再修改；如需修改，请联系州三方办退回。")
    with transaction.atomic(), acting_as(actor):
        return save_versioned(report, version)


def _move_report(report, target, *, actor, **changes):
    with transaction.atomic(), acting_as(actor):
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if target not in ProgressReport.TRANSITIONS[report.status]:
            raise ActionRefused(
                f"“{report}”当前为“{report.get_status_display()}”，不能改为“{ProgressReport.Status(target).label}”；"
                "请刷新页面查看最新状态。"
            )
        report.status = target
        for name, value in changes.items():
            setattr(report, name, value)
        report.version += 1
        report.save()
        return report


def submit_progress_report(report, *, actor):
    """Submit (or resubmit after a return) ``report`` to the prefecture office."""
    if not report.progress.strip():
        raise ActionRefused("请先填写“工作推进情况”再报送。")
    now = timezone.now()
    return _move_report(
        report,
        ProgressReport.Status.SUBMITTED,
        actor=actor,
        submitted_at=now,
        first_submitted_at=report.first_submitted_at or now,
        return_reason="",
    )


def accept_progress_report(report, *, actor):
    """Accept a submitted progress report."""
    return _move_report(
        report, ProgressReport.Status.ACCEPTED, actor=actor, reviewed_at=timezone.now(), reviewed_by=actor
    )


def return_progress_report(report, *, actor, reason):
    """Return a submitted progress report to its unit; ``reason`` is required and says what to change."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("退回时必须填写退回原因，写明需要补充或修改的内容。")
    return _move_report(
        report,
        ProgressReport.Status.RETURNED,
        actor=actor,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
        return_reason=reason,
    )
