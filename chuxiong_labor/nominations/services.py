"""Everything the nomination workflow writes: transitions, deadline extensions, notices, objections.

``workflow.py`` is the table (statuses, actions, levels, ``TRANSITIONS``) and the pure rules read from it; this
module applies them to the database. ``transition`` is the one function that moves a candidate: it locks the
round (``lock_round``: limits that count other candidates are checked under it) and the row, checks the move, the round's deadline (counting recorded extensions), the public-notice rules and the app's own
rules (``transition_problems``), then records who, when, the level's opinion, the reason of a return and a
snapshot of the candidate, so a resubmission shows what changed since the return. Every function here runs in a
transaction with the actor recorded in the history. Models never import this module.
"""

from django.db import transaction
from django.utils import timezone

from ..lib.concurrency import claim_version, save_versioned
from ..lib.errors import ActionRefused
from ..lib.history import acting_as
from . import review_panels
from .models import DeadlineExtension, NominationRound, NoticeEntry, Objection, PublicNotice, Transition
from .workflow import (
    ACTING_LEVEL,
    DEADLINE_OF,
    FORWARD,
    RETURN_LEVEL,
    Action,
    Change,
    Level,
    Status,
    TransitionRefused,
    notice_text,
    target_status,
)


def save_nomination(nomination, *, actor, version):
    """Save a candidate's entry (before submission or after a return); raises ``StaleEdit`` when it changed
    since ``version`` was read."""
    with transaction.atomic(), acting_as(actor):
        return save_versioned(nomination, version)


def save_round(round, *, actor):
    """Save a round's deadlines and note."""
    with transaction.atomic(), acting_as(actor):
        round.save()
        return round


def appoint_panel(round, *, members, chair, quorum, actor):
    """Appoint ``round``'s review panel: its ``members``, the ``chair`` (one of them) and the ``quorum`` of
    members whose scores make a result. Members added or removed later are recorded in the history."""
    members = list(members)
    if chair is not None and chair not in members:
        raise ActionRefused("评审组组长须是评审组成员，请先勾选该成员。")
    if members and not 1 <= quorum <= len(members):
        raise ActionRefused(f"有效评分人数应在1至{len(members)}人（评审组成员人数）之间，请改正。")
    with transaction.atomic(), acting_as(actor):
        round.panel_chair, round.panel_quorum = chair, quorum
        round.save(update_fields=["panel_chair", "panel_quorum"])
        round.panel_members.set(members)
        return round


def save_criterion(criterion, *, panel, actor, version):
    """Save a review panel's scoring criterion; return ``(saved, frozen_year)``: once a round has scores, a change
    applies from the year after it as a new version (``review_panels.save_criterion``). Raises ``StaleEdit`` when
    the criterion changed since ``version`` was read."""
    with transaction.atomic(), acting_as(actor):
        claim_version(criterion, version)
        return review_panels.save_criterion(criterion, panel=panel)


def lock_round(round_id):
    """Lock the round's row until the current transaction ends; return the round.

    Every rule that counts other rows of a round — the yearly limits in ``transition_problems``, per-county caps,
    annex 1's 1.5× slate and its quotas, and the limits annexes 5 and 6 will add — is checked after this lock.
    Competing writers of one round therefore run one after the other, and the second counts what the first
    wrote: two reviewers cannot both take the last place under a limit. ``transition`` takes the lock before it
    locks the candidate, and so must every service that counts before calling it (slate submission, bulk
    actions); the order round → candidate is the same everywhere, so the locks cannot deadlock.
    """
    return NominationRound.objects.select_for_update().get(pk=round_id)


def transition(
    nomination,
    action,
    *,
    actor,
    opinion="",
    reason="",
    return_to=None,
    score=None,
    today=None,
    check_deadline=True,
):
    """Move ``nomination`` by ``action`` and record the step; return the recorded ``Transition``.

    ``opinion`` is the acting level's 推荐意见; a return needs a ``reason`` and ``return_to`` (one of
    ``return_choices``). Raises ``TransitionRefused`` with a Chinese message when the move is not allowed.
    """

    today = today or timezone.localdate()
    action = Action(action)
    with transaction.atomic(), acting_as(actor):
        lock_round(nomination.round_id)
        nomination = type(nomination).objects.select_for_update().get(pk=nomination.pk)
        source = Status(nomination.status)
        target = target_status(nomination, source, action, return_to)
        if action == Action.RETURN and not reason.strip():
            raise TransitionRefused("退回时必须填写退回原因，写明需要修改或补充的内容。")
        if check_deadline and action in DEADLINE_OF and source != Status.RETURNED:
            _check_deadline(nomination, DEADLINE_OF[action], today)
        if action in FORWARD:
            _check_notices(nomination, ACTING_LEVEL[action], today)
        problems = nomination.transition_problems(action, today=today)
        if problems:
            raise TransitionRefused(" ".join(problems))
        snapshot = nomination.snapshot()
        changes = []
        if source == Status.RETURNED and action == Action.SUBMIT:
            changes = [vars(change) for change in changes_since_return(nomination)]
        step = Transition.objects.create(
            subject=nomination,
            round=nomination.round,
            action=action,
            from_status=source,
            to_status=target,
            level=ACTING_LEVEL[action],
            actor=actor,
            opinion=opinion.strip(),
            reason=reason.strip(),
            return_level=RETURN_LEVEL.get(target, "") if action == Action.RETURN else "",
            score=score,
            snapshot=snapshot,
            changes=changes,
        )
        nomination.status = target
        nomination.status_changed_at = step.at
        changed = ["status", "status_changed_at", *nomination.record_step(action, today=today)]
        if hasattr(nomination, "version"):
            # An edit form opened before this step must not save its stale copy over the new status.
            nomination.version += 1
            changed.append("version")
        nomination.save(update_fields=changed)
        return step


def _check_deadline(nomination, level, today):
    due = nomination.round.deadline_for(level, nomination.unit)
    if due is not None and today > due:
        if level == Level.UNIT:
            raise TransitionRefused(
                f"{nomination.round}的报送截止日期为{due}，已经过期，不能再报送候选人。"
                "如确需报送，请联系州三方办登记延期。"
            )
        raise TransitionRefused(
            f"{nomination.round}的推荐至省截止日期为{due}，已经过期。"
            "如省三方办同意延后，请先在本年度“截止日期与延期”页面登记州级延期，再推荐至省。"
        )


def _check_notices(nomination, level, today):

    notices = PublicNotice.objects.covering(nomination).filter(level=level)
    for notice in notices:
        if notice.ends_on >= today:
            raise TransitionRefused(f"“{nomination}”的公示期到{notice.ends_on}结束，公示期满后才能进行下一步。")
    objections = Objection.objects.about(nomination).filter(notice__in=notices)
    if objections.filter(outcome=Objection.Outcome.PENDING).exists():
        raise TransitionRefused(f"“{nomination}”在公示期间收到的异议尚未处理完毕，请先登记处理结果（成立或不成立）。")
    if objections.filter(outcome=Objection.Outcome.UPHELD).exists():
        raise TransitionRefused(f"针对“{nomination}”的异议经核实成立，不能进入下一步；请退回或确定不入选。")


def changes_since_return(nomination):
    """Return the ``Change``s of ``nomination``'s fields since its latest return (empty if never returned)."""

    last_return = Transition.objects.of(nomination).filter(action=Action.RETURN).order_by("-at", "-pk").first()
    if last_return is None:
        return []
    before, after = last_return.snapshot, nomination.snapshot()
    return [
        Change(field, before.get(field, ""), after.get(field, ""))
        for field in after
        if before.get(field, "") != after.get(field, "")
    ]


def opinion_of(nomination, level):
    """Return the latest step taken by ``level`` on ``nomination`` that carries an opinion, or ``None``."""

    return (
        Transition.objects.of(nomination)
        .filter(level=level)
        .exclude(opinion="")
        .exclude(action=Action.RETURN)
        .order_by("-at", "-pk")
        .first()
    )


def grant_extension(round, *, level, unit, new_due_on, reason, actor):
    """Record that the prefecture extends ``level``'s deadline of ``round`` (for ``unit``) to ``new_due_on``."""

    if not reason.strip():
        raise TransitionRefused("批准延期时必须填写延期理由。")
    if level == Level.UNIT and unit is None:
        raise TransitionRefused("县（市）或成员单位报送环节的延期，请选择延期的单位。")
    same = DeadlineExtension.objects.filter(
        round=round, level=level, unit=unit if level == Level.UNIT else None, new_due_on=new_due_on
    )
    if same.exists():
        raise TransitionRefused(
            f"已为{unit or '州三方办'}登记过延期至{new_due_on}的记录，不能重复登记；如需再延期，请填写新的日期。"
        )
    with transaction.atomic(), acting_as(actor):
        return DeadlineExtension.objects.create(
            round=round,
            level=level,
            unit=unit if level == Level.UNIT else None,
            new_due_on=new_due_on,
            reason=reason.strip(),
            granted_by=actor,
        )


def publish_notice(round, nominations, *, level, unit, starts_on, ends_on, actor, text=""):
    """Publish a public notice of ``nominations`` and return it.

    A prefecture notice moves each candidate to IN_NOTICE (they must all be APPROVED); a unit's own notice,
    held before it submits its slate, records the notice without changing statuses.
    """

    nominations = list(nominations)
    if not nominations:
        raise TransitionRefused("请至少选择一个公示对象。")
    if ends_on < starts_on:
        raise TransitionRefused("公示结束日期不能早于开始日期，请改正。")
    with transaction.atomic(), acting_as(actor):
        notice = PublicNotice.objects.create(
            round=round,
            level=level,
            unit=unit if level == Level.UNIT else None,
            starts_on=starts_on,
            ends_on=ends_on,
            text=text or notice_text(round, nominations, starts_on, ends_on),
            published_by=actor,
        )
        NoticeEntry.objects.bulk_create(
            [NoticeEntry(notice=notice, subject=n, line=n.notice_line()[:300]) for n in nominations]
        )
        if level == Level.PREFECTURE:
            for nomination in nominations:
                transition(nomination, Action.PUBLISH, actor=actor, opinion="")
        return notice


def record_objection(notice, *, actor, content, received_on, entry=None, objector="", contact=""):
    """Record an objection received during ``notice`` (against one listed candidate, or the whole notice)."""

    if not content.strip():
        raise TransitionRefused("请填写异议内容。")
    if entry is not None and entry.notice_id != notice.pk:
        raise TransitionRefused("所选对象不在该公示名单中，请重新选择。")
    with transaction.atomic(), acting_as(actor):
        return Objection.objects.create(
            notice=notice,
            entry=entry,
            content=content.strip(),
            received_on=received_on,
            objector=objector.strip(),
            contact=contact.strip(),
            recorded_by=actor,
        )


def resolve_objection(objection, *, outcome, resolution, actor):
    """Record the outcome of ``objection`` (upheld or dismissed) with the reasons found on checking it."""

    if outcome not in (Objection.Outcome.UPHELD, Objection.Outcome.DISMISSED):
        raise TransitionRefused("请选择处理结果：异议成立或异议不成立。")
    if not resolution.strip():
        raise TransitionRefused("请填写核实情况及处理理由。")
    if objection.outcome != Objection.Outcome.PENDING:
        raise TransitionRefused("该异议已处理，不能重复处理。")
    with transaction.atomic(), acting_as(actor):
        objection.outcome = outcome
        objection.resolution = resolution.strip()
        objection.resolved_by = actor
        objection.resolved_at = timezone.now()
        objection.save()
        return objection


def _score(selection, nomination, action):
    if action != Action.APPROVE or selection.panel is None:
        return None
    panel = selection.panel
    result = review_panels.results_for([nomination], panel.score, panel.conflict)[nomination.pk]
    return result.mean if result.is_complete else None


def act_on_nomination(selection, nomination, action, *, actor, opinion="", reason="", return_to=None, today=None):
    """Take workflow ``action`` on ``nomination``; an approval records the review panel's mean score."""
    return transition(
        nomination,
        action,
        actor=actor,
        opinion=opinion,
        reason=reason,
        return_to=return_to,
        score=_score(selection, nomination, Action(action)),
        today=today,
    )


def act_on_nominations(selection, nominations, action, *, actor, opinion="", reason="", return_to=None, today=None):
    """Take ``action`` on every one of ``nominations``, all or none; return the recorded steps.

    Raises ``TransitionRefused`` listing every candidate that cannot take the step.
    """
    nominations = list(nominations)
    if not nominations:
        raise TransitionRefused(f"请至少勾选一{selection.measure}{selection.noun}。")
    steps, problems = [], []
    with transaction.atomic():
        for round_id in sorted({nomination.round_id for nomination in nominations}):
            lock_round(round_id)
        for nomination in nominations:
            try:
                with transaction.atomic():
                    steps.append(
                        act_on_nomination(
                            selection,
                            nomination,
                            action,
                            actor=actor,
                            opinion=opinion,
                            reason=reason,
                            return_to=return_to,
                            today=today,
                        )
                    )
            except TransitionRefused as refused:
                problems.append(str(refused))
        if problems:
            transaction.set_rollback(True)
            raise TransitionRefused(f"以下{selection.noun}未能办理，本次操作全部未生效：" + "；".join(problems))
    return steps


def publish_prefecture_notice(round, nominations, *, starts_on, ends_on, actor):
    """Publish the prefecture's public notice of the approved ``nominations`` of ``round``."""
    nominations = list(nominations)
    not_approved = [str(n) for n in nominations if n.status != Status.APPROVED]
    if not_approved:
        raise TransitionRefused(f"只有州级审核通过的对象才能公示；{'、'.join(not_approved)}尚未审核通过。")
    return publish_notice(
        round, nominations, level=Level.PREFECTURE, unit=None, starts_on=starts_on, ends_on=ends_on, actor=actor
    )
