"""The nomination workflow, shared by every programme that selects gold candidates (annexes 1, 2 and 3).

A candidate (a model built on ``nominations.NominationBase``) moves through the statuses below. ``TRANSITIONS``
says, for each status, which actions may be taken and where each leads; ``ACTING_LEVEL`` says which level takes
each action. ``transition`` is the one function that moves a candidate: it checks the move is allowed, applies
the round's deadlines and the public-notice rules, and records who, when, the level's opinion (推荐意见), the
reason of a return and a snapshot of the candidate, so a resubmission shows what changed since the return.

Annex 1 (coordinators): the unit enters candidates (DRAFT) → submits its slate (SUBMITTED) → the prefecture
office approves (APPROVED) or returns → prefecture public notice (IN_NOTICE) → the joint meeting selects or not →
the prefecture recommends to the province (RECOMMENDED) → the province awards or not.
Annexes 2 and 3 run the same path: the review panel's score is recorded with APPROVE (``score=``).
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from .history import acting_as


class Status(models.TextChoices):
    DRAFT = "draft", "待报送"
    RETURNED = "returned", "已退回修改"
    SUBMITTED = "submitted", "待州级审核"
    APPROVED = "approved", "州级审核通过"
    IN_NOTICE = "in_notice", "公示中"
    SELECTED = "selected", "已入选"
    NOT_SELECTED = "not_selected", "未入选"
    RECOMMENDED = "recommended", "已推荐至省"
    AWARDED = "awarded", "省级评定通过"
    NOT_AWARDED = "not_awarded", "省级评定未通过"


class Action(models.TextChoices):
    SUBMIT = "submit", "报送"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回"
    PUBLISH = "publish", "发布公示"
    SELECT = "select", "确定入选"
    REJECT = "reject", "确定不入选"
    RECOMMEND = "recommend", "推荐至省"
    AWARD = "award", "登记省级评定通过"
    NOT_AWARD = "not_award", "登记省级评定未通过"


class Level(models.TextChoices):
    UNIT = "unit", "县（市）或州级成员单位"
    PREFECTURE = "prefecture", "州三方办"
    PROVINCE = "province", "省三方办"


# status → {action: the status it leads to}. A return leads to one of several statuses: the reviewer chooses the
# level it goes back to (the unit, which corrects and resubmits; or the prefecture's own review).
TRANSITIONS = {
    Status.DRAFT: {Action.SUBMIT: Status.SUBMITTED},
    Status.RETURNED: {Action.SUBMIT: Status.SUBMITTED},
    Status.SUBMITTED: {Action.APPROVE: Status.APPROVED, Action.RETURN: (Status.RETURNED,)},
    Status.APPROVED: {Action.PUBLISH: Status.IN_NOTICE, Action.RETURN: (Status.RETURNED, Status.SUBMITTED)},
    Status.IN_NOTICE: {
        Action.SELECT: Status.SELECTED,
        Action.REJECT: Status.NOT_SELECTED,
        Action.RETURN: (Status.RETURNED, Status.SUBMITTED),
    },
    Status.SELECTED: {Action.RECOMMEND: Status.RECOMMENDED, Action.RETURN: (Status.SUBMITTED,)},
    Status.NOT_SELECTED: {Action.RETURN: (Status.SUBMITTED,)},
    Status.RECOMMENDED: {Action.AWARD: Status.AWARDED, Action.NOT_AWARD: Status.NOT_AWARDED},
    Status.AWARDED: {},
    Status.NOT_AWARDED: {},
}

# Which level takes each action (and whose opinion the action's text is). The province's result is recorded by
# the prefecture office on the province's behalf.
ACTING_LEVEL = {
    Action.SUBMIT: Level.UNIT,
    Action.APPROVE: Level.PREFECTURE,
    Action.RETURN: Level.PREFECTURE,
    Action.PUBLISH: Level.PREFECTURE,
    Action.SELECT: Level.PREFECTURE,
    Action.REJECT: Level.PREFECTURE,
    Action.RECOMMEND: Level.PREFECTURE,
    Action.AWARD: Level.PROVINCE,
    Action.NOT_AWARD: Level.PROVINCE,
}

# The level a return sends the candidate back to, by the status it lands in.
RETURN_LEVEL = {Status.RETURNED: Level.UNIT, Status.SUBMITTED: Level.PREFECTURE}

# Actions bound to a deadline of the round, and which deadline. A resubmission after a return is not bound:
# the prefecture asked for it.
DEADLINE_OF = {Action.SUBMIT: Level.UNIT, Action.RECOMMEND: Level.PREFECTURE}

# Actions that move a candidate forward: they wait until the candidate's public notice has ended with every
# objection resolved and none upheld against it. Returning or refusing a candidate never waits.
FORWARD = frozenset({Action.SUBMIT, Action.APPROVE, Action.SELECT, Action.RECOMMEND, Action.AWARD})


# The statuses of the candidates that took a step and were not sent back before it: what a programme's yearly
# limit on that step counts (for example annex 2's “每年选树3—4家”, which counts every candidate selected).
REACHED = {
    Action.SELECT: (Status.SELECTED, Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED),
    Action.RECOMMEND: (Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED),
}


@dataclass(frozen=True)
class YearlyLimit:
    """How many candidates of one round a programme's plan lets take ``action``: ``most`` is a rule (the step
    beyond it is refused), ``fewest`` a target the year page warns about (no single step can enforce it)."""

    action: Action
    fewest: int
    most: int
    text: str  # the plan's own words, quoted in the messages

    def problem(self, nomination, reached):
        """Return the Chinese sentence refusing ``nomination``'s step when ``reached`` others already took it."""
        if reached < self.most:
            return None
        return (
            f"按方案“{self.text}”，{nomination.round.year}年度最多{self.action.label}{self.most}个对象，"
            f"目前已有{reached}个，不能再对“{nomination}”{self.action.label}；如需调换，请先将已办理的对象退回。"
        )


class TransitionRefused(Exception):
    """A transition that the rules do not allow; the message says, in Chinese, why and what to do."""


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def allowed_actions(status):
    """Return the actions that may be taken from ``status``."""
    return list(TRANSITIONS.get(status, {}))


def return_choices(status):
    """Return ``[(status, level label)]`` a return from ``status`` may send the candidate back to."""
    targets = TRANSITIONS.get(status, {}).get(Action.RETURN, ())
    return [(target, Level(RETURN_LEVEL[target]).label) for target in targets]


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
    from .nominations import Transition

    today = today or timezone.localdate()
    action = Action(action)
    with transaction.atomic(), acting_as(actor):
        nomination = type(nomination).objects.select_for_update().get(pk=nomination.pk)
        source = Status(nomination.status)
        target = _target(nomination, source, action, return_to)
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
        changed = ["status", "status_changed_at"]
        if hasattr(nomination, "version"):
            # An edit form opened before this step must not save its stale copy over the new status.
            nomination.version += 1
            changed.append("version")
        nomination.save(update_fields=changed)
        return step


def _target(nomination, source, action, return_to):
    choices = TRANSITIONS.get(source, {})
    if action not in choices:
        raise TransitionRefused(
            f"“{nomination}”当前状态为“{source.label}”，不能进行“{action.label}”操作。请刷新页面查看最新状态。"
        )
    target = choices[action]
    if isinstance(target, tuple):
        if return_to not in target:
            levels = "、".join(Level(RETURN_LEVEL[t]).label for t in target)
            raise TransitionRefused(f"请选择退回到哪一级（可选：{levels}）。")
        return Status(return_to)
    return target


def _check_deadline(nomination, level, today):
    due = nomination.round.deadline_for(level, nomination.unit)
    if due is not None and today > due:
        what = "报送候选人" if level == Level.UNIT else "推荐至省"
        raise TransitionRefused(
            f"{nomination.round}的{what}截止日期为{due:%Y年%m月%d日}，已经过期，不能再{what}。"
            "如确需报送，请联系州三方办申请延期。"
        )


def _check_notices(nomination, level, today):
    from .nominations import Objection, PublicNotice

    notices = PublicNotice.objects.covering(nomination).filter(level=level)
    for notice in notices:
        if notice.ends_on >= today:
            raise TransitionRefused(
                f"“{nomination}”的公示期到{notice.ends_on:%Y年%m月%d日}结束，公示期满后才能进行下一步。"
            )
    objections = Objection.objects.about(nomination).filter(notice__in=notices)
    if objections.filter(outcome=Objection.Outcome.PENDING).exists():
        raise TransitionRefused(f"“{nomination}”在公示期间收到的异议尚未处理完毕，请先登记处理结果（成立或不成立）。")
    if objections.filter(outcome=Objection.Outcome.UPHELD).exists():
        raise TransitionRefused(f"针对“{nomination}”的异议经核实成立，不能进入下一步；请退回或确定不入选。")


def changes_since_return(nomination):
    """Return the ``Change``s of ``nomination``'s fields since its latest return (empty if never returned)."""
    from .nominations import Transition

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
    from .nominations import Transition

    return (
        Transition.objects.of(nomination)
        .filter(level=level)
        .exclude(opinion="")
        .exclude(action=Action.RETURN)
        .order_by("-at", "-pk")
        .first()
    )


def notice_text(round, nominations, starts_on, ends_on, *, publisher="楚雄州协调劳动关系三方联席会议办公室"):
    """Return the text of a public notice listing ``nominations`` (each gives its line by ``notice_line``)."""
    lines = [f"{index}. {n.notice_line()}" for index, n in enumerate(nominations, start=1)]
    return "\n".join(
        [
            f"关于{round.year}年度{round.get_programme_display()}拟推荐人选的公示",
            "",
            f"根据有关评选条件和程序，经推荐、审核，拟将以下{len(lines)}名（个）对象确定为"
            f"{round.year}年度{round.get_programme_display()}推荐人选，现予公示。",
            *lines,
            "",
            f"公示期：{starts_on:%Y年%m月%d日}至{ends_on:%Y年%m月%d日}。"
            "公示期间，如对公示对象有异议，请以书面或当面方式向公示单位反映，并提供联系方式和具体事实，以便核实。",
            "",
            publisher,
            f"{starts_on:%Y年%m月%d日}",
        ]
    )


def grant_extension(round, *, level, unit, new_due_on, reason, actor):
    """Record that the prefecture extends ``level``'s deadline of ``round`` (for ``unit``) to ``new_due_on``."""
    from .nominations import DeadlineExtension

    if not reason.strip():
        raise TransitionRefused("批准延期时必须填写延期理由。")
    if level == Level.UNIT and unit is None:
        raise TransitionRefused("县（市）或成员单位报送环节的延期，请选择延期的单位。")
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
    from .nominations import NoticeEntry, PublicNotice

    nominations = list(nominations)
    if not nominations:
        raise TransitionRefused("请至少选择一名公示对象。")
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
    from .nominations import Objection

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
    from .nominations import Objection

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


def latest_opinions(steps):
    """Return ``{level: step}``, the latest step of each level carrying an opinion, from ``steps`` already loaded
    (returns excluded: their text is a reason, not a recommendation)."""
    found = {}
    for step in sorted(steps, key=lambda s: (s.at, s.pk)):
        if step.opinion and step.action != Action.RETURN:
            found[step.level] = step
    return found
