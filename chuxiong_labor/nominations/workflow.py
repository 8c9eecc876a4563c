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

from django.db import models

from ..lib.dates import written
from ..lib.errors import ActionRefused


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


class TransitionRefused(ActionRefused):
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


def target_status(nomination, source, action, return_to):
    """Return the status ``action`` leads ``nomination`` to from ``source``; raise ``TransitionRefused`` if none."""
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


def notice_text(round, nominations, starts_on, ends_on, *, publisher="楚雄州协调劳动关系三方联席会议办公室"):
    """Return the text of a public notice listing ``nominations`` (each gives its line by ``notice_line``)."""
    lines = [f"{index}. {n.notice_line()}" for index, n in enumerate(nominations, start=1)]
    measure = nominations[0].measure if nominations else "个"
    return "\n".join(
        [
            f"关于{round.year}年度{round.get_programme_display()}拟推荐人选的公示",
            "",
            f"根据有关评选条件和程序，经推荐、审核，拟将以下{len(lines)}{measure}对象确定为"
            f"{round.year}年度{round.get_programme_display()}推荐人选，现予公示。",
            *lines,
            "",
            f"公示期：{written(starts_on)}至{written(ends_on)}。"
            "公示期间，如对公示对象有异议，请以书面或当面方式向公示单位反映，并提供联系方式和具体事实，以便核实。",
            "",
            publisher,
            f"{written(starts_on)}",
        ]
    )


def latest_opinions(steps):
    """Return ``{level: step}``, the latest step of each level carrying an opinion, from ``steps`` already loaded
    (returns excluded: their text is a reason, not a recommendation)."""
    found = {}
    for step in sorted(steps, key=lambda s: (s.at, s.pk)):
        if step.opinion and step.action != Action.RETURN:
            found[step.level] = step
    return found
