"""What a gold selection is, described once per nominating app (annexes 1, 2 and 3).

An app describes its selection with a ``Selection`` (its candidate model and form, who nominates, its review
panel if it scores, its templates' namespace), registers it, and mounts ``urls.selection_urls(selection)`` in its
``urls.py``. That gives it, under its own namespace, the shared pages of ``views.py`` (their forms are in
``forms.py``): the candidate pages (enter, change, detail, one action, bulk actions), the prefecture's notice
form, the round's deadlines and extensions, and for panel apps the scoring sheet and the editable criteria. The
notice page with its objections is one page for every programme: it finds the programme's ``Selection`` in the
registry to link back to the right year page.

The year page and the recommendation PDF stay in each app: what they show is the app's own. Each app's
``nomination_detail.html`` composes the shared pieces in ``templates/includes/selection/``.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from .. import printing, roles
from ..lib.errors import ActionRefused
from ..lib.jobs import job
from ..lib.pdf import render_batch
from ..printing import Printable
from ..units import Unit
from . import review_panels, workflow
from .todo import register_todo
from .workflow import ACTING_LEVEL, Action, Level, Status

# The actions the prefecture takes on many candidates at once from a year page (a submission is the unit's, a
# notice has its own form, and the province's award needs each certificate).
# The statuses at which the prefecture has decided on a candidate's review: its unit may see the panel's result.
DECIDED = frozenset(set(Status) - {Status.DRAFT, Status.RETURNED, Status.SUBMITTED})

BULK_ACTIONS = [Action.APPROVE, Action.SELECT, Action.REJECT, Action.RECOMMEND, Action.NOT_AWARD, Action.RETURN]


@dataclass(frozen=True)
class Panel:
    """The models of an app's review panel (see ``review_panels``)."""

    criterion: type
    score: type
    conflict: type
    criteria_title: str = "评选标准"
    criteria_note: str = ""


@dataclass(frozen=True)
class Selection:
    """What differs between the gold selections; everything else is written once in this module."""

    app: str  # the URL namespace and template folder
    programme: str  # a ``NominationProgramme``
    title: str  # 金牌……, as it reads after “年度”
    annex: int  # the annex of the plan that runs it (1–3), which the print centre groups by
    subject: str  # the candidate's field naming who or what is nominated (its ``__str__``), loaded with it
    model: type  # the candidate model, a ``NominationBase``
    form: type  # the candidate's entry form: ``form(data, instance=, unit=, round=)``
    open_round: object  # ``open_round(year) -> NominationRound``, with the programme's default deadlines
    nominators: frozenset  # the roles that enter and submit candidates for their own unit
    noun: str = "候选对象"
    panel: Panel | None = None
    action_form: type | None = None  # an ``ActionForm`` subclass when the app needs more fields
    extra_action_fields: str = ""  # a template with those fields, included in the action panel
    act: object = None  # ``act(selection, nomination, data, *, actor)``, when an action needs more than a step
    detail_context: object = None  # ``detail_context(nomination, user=) -> dict`` for the app's detail page
    render_forms: object = None  # ``render_forms(nominations) -> bytes``: the recommendation forms as one PDF
    # The sentences of the source document that set the round's two deadlines (the unit's, the prefecture's),
    # shown as help on the deadline page; "" where the programme's plan sets none.
    deadline_sources: tuple = ("", "")
    scoring_evidence: object = None  # ``scoring_evidence(nomination) -> dict``: what the panel scores with
    # What the year page's name search looks in (lookups on the candidate model) and what its box says.
    search_fields: tuple = ()
    search_label: str = "名称"

    @property
    def measure(self):
        """The measure word counting this selection's candidates (名 or 个), as the candidate model gives it."""
        return self.model.measure

    def url(self, name):
        return f"{self.app}:{name}"

    @property
    def tabs(self):
        return f"{self.app}/_tabs.html"

    def year_url(self, year):
        return reverse(self.url("selection_year"), args=[year])

    # Who may do what: one answer for the views (403) and for the templates.

    def can_nominate(self, user, unit=None):
        """Return whether ``user`` enters and submits candidates (for ``unit``, when given)."""
        if not (user.is_authenticated and user.is_active and user.role in self.nominators and user.unit_id):
            return False
        return unit is None or user.unit_id == unit.pk

    def can_change(self, user, nomination):
        """Return whether ``user`` may change ``nomination``: its unit, before submission or after a return."""
        return self.can_nominate(user, nomination.unit) and nomination.is_editable

    def can_take_action(self, user, nomination, action):
        """Return whether ``user`` may take ``action`` on ``nomination``: the unit submits, the prefecture
        office takes every later step (the province's result included)."""
        if ACTING_LEVEL[Action(action)] == Level.UNIT:
            return self.can_nominate(user, nomination.unit)
        return roles.can_review(user)

    def can_score(self, user, nomination):
        """Return whether ``user`` may fill in a scoring sheet for ``nomination``: a member the prefecture
        appointed to the round's panel, while the candidate is under review."""
        return (
            self.panel is not None
            and review_panels.is_panel_member(user)
            and nomination.status == Status.SUBMITTED
            and nomination.round.is_panel_member(user)
        )

    def score_view(self, user, nomination):
        """Return how much of the panel's scoring ``user`` sees on ``nomination``'s page.

        ``"all"``: every member's named scores and declared conflicts — the prefecture, and a panel member once
        they have scored (or declared a conflict) or the candidate's scoring has closed. ``"own"``: a panel
        member who has not yet scored sees their own sheet only, so the scores stay independent. ``"result"``:
        the nominating unit sees the panel's mean, median and number of scorers once the prefecture has decided,
        never named scores or conflict reasons. ``None``: nothing.
        """
        if self.panel is None:
            return None
        return _score_view(user, nomination, lambda: review_panels.has_scored(self.panel, nomination, user))

    def results_shown(self, user, nominations):
        """Return ``{pk: PanelResult or None}`` for a year page: each candidate's panel result where ``user``
        may see it (``score_view`` "all" or "result"), in three queries."""
        nominations = list(nominations)
        results = review_panels.results_for(nominations, self.panel.score, self.panel.conflict)
        scored = review_panels.scored_by(self.panel, user, nominations)
        return {
            n.pk: results[n.pk] if _score_view(user, n, lambda n=n: n.pk in scored) in ("all", "result") else None
            for n in nominations
        }


def _score_view(user, nomination, has_scored):
    if roles.sees_all_units(user):
        return "all"
    if user.role in roles.PANEL_MEMBERS and user.unit_id != nomination.unit_id:
        return "all" if nomination.status != Status.SUBMITTED or has_scored() else "own"
    if nomination.status in DECIDED:
        return "result"
    return None


_REGISTRY = {}


def register(selection):
    """Make ``selection`` known to the shared notice pages, the 待办 panel and the print centre; return it."""
    _REGISTRY[selection.programme] = selection
    register_todo(selection)
    if selection.render_forms is not None:
        printing.register(
            Printable(
                code=f"{selection.app}.recommendation_forms",
                annex=selection.annex,
                title=f"{selection.title}推荐表",
                documents=lambda user, year: (
                    selection.model.objects.visible_to(user)
                    .in_year(year)
                    .select_related("unit", "round", selection.subject)
                    .order_by("unit__sort_order", "pk")
                ),
                render=selection.render_forms,
                url=lambda nomination: reverse(selection.url("nomination_pdf"), args=[nomination.pk]),
                batch_kind=BATCH_FORMS_JOB,
                batch_params=lambda year, unit: {"app": selection.app, "year": year, "unit": unit, "status": ""},
            )
        )
    return selection


def selection_for(programme):
    """Return the registered ``Selection`` of ``programme``, or ``None`` when its app is not installed."""
    return _REGISTRY.get(programme)


# ---------------------------------------------------------------- the batch of recommendation forms, as a job

BATCH_FORMS_JOB = "nominations.recommendation_forms"


@job(BATCH_FORMS_JOB)
def recommendation_forms(run, *, app, year, unit=None, status=""):
    """Render every recommendation form of ``app``'s year that the job's owner may see, as one PDF."""
    selection = next(each for each in _REGISTRY.values() if each.app == app)
    nominations = selection.model.objects.visible_to(run.owner).in_year(year).select_related("unit", "round")
    if unit:
        nominations = nominations.filter(unit_id=unit)
    if status:
        nominations = nominations.filter(status=status)
    nominations = list(nominations)
    if not nominations:
        raise ActionRefused(f"{year}年度没有符合条件的{selection.noun}，无法生成推荐表。")
    content = render_batch(nominations, selection.render_forms, progress=run.progress)
    return f"{year}年度{selection.title}推荐表.pdf", content


# ---------------------------------------------------------------- what the recommendation forms print


def award_result(nomination, title):
    """Return what the form's 评定结果 box says once the province has decided on ``nomination``."""
    if nomination.status == Status.AWARDED:
        return f"评定为云南省{title}。"
    if nomination.status == Status.NOT_AWARDED:
        return f"未评定为云南省{title}。"
    return ""


BOX_LABELS = (
    (Level.UNIT, "县级三方办公室推荐意见"),
    (Level.PREFECTURE, "州(市)级三方办公室推荐意见"),
    (Level.PROVINCE, "省级三方办公室推荐意见"),
)
NOT_APPLICABLE = "—"


def opinion_boxes(nomination):
    """Return the opinion boxes of a recommendation form: ``[{"label", "text", "on"}]``, one per level.

    A prefecture member unit (州人社局 …) is not a county: its opinion is printed in the 州(市)级 box, followed by the
    prefecture office's, and the 县级 box is marked 「—」.
    """
    opinions = workflow.latest_opinions(nomination.steps.all())

    def box(level):
        step = opinions.get(level)
        return (step.opinion if step else ""), (timezone.localtime(step.at).date() if step else None)

    texts = {level: box(level) for level, _ in BOX_LABELS}
    if nomination.unit.kind == Unit.Kind.MEMBER_UNIT:
        (member, member_on), (prefecture, prefecture_on) = texts[Level.UNIT], texts[Level.PREFECTURE]
        lines = [f"{nomination.unit}：{member}" if member else "", f"州三方办：{prefecture}" if prefecture else ""]
        texts[Level.PREFECTURE] = ("\n".join(line for line in lines if line), prefecture_on or member_on)
        texts[Level.UNIT] = (NOT_APPLICABLE, None)
    return [{"label": label, "text": texts[level][0], "on": texts[level][1]} for level, label in BOX_LABELS]
