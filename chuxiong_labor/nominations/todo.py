"""The 待办 of a gold selection: its candidates returned to a unit (a source: the reason is in the transition log),
those waiting for review and the steps after approval (declared states), and a panel member's unscored ones."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import reverse

from .. import todo
from . import review_panels
from .models import NominationProgramme, Transition
from .workflow import Action, Status


def register_todo(selection):
    """Register ``selection``'s returned and awaiting candidates with the kernel's 待办 panels."""
    kind = f"{NominationProgramme(selection.programme).label}{selection.noun}"
    model = selection.model

    @todo.returned
    def returned(unit):
        returned = model.objects.filter(unit=unit, status=Status.RETURNED).select_related(*todo.related(model))
        candidates = {c.pk: c for c in returned}
        if not candidates:
            return []
        steps = Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=candidates, action=Action.RETURN
        ).order_by("object_id", "at", "pk")
        latest = {step.object_id: step for step in steps}
        return [
            todo.Item(
                kind,
                str(c),
                c.get_absolute_url(),
                getattr(latest.get(pk), "at", None),
                getattr(latest.get(pk), "reason", ""),
            )
            for pk, c in candidates.items()
        ]

    todo.wait(model, Status.RETURNED, on=todo.UNIT, kind=kind, listed_by_source=True)
    todo.wait(model, Status.SUBMITTED, on=todo.OFFICE, kind=kind, since="status_changed_at")
    # After approval every step is the prefecture office's: publish the notice, select, recommend to the
    # province, record the province's result.
    for state in (Status.APPROVED, Status.SELECTED, Status.RECOMMENDED):
        todo.wait(model, state, on=todo.OFFICE, kind=f"{kind}（{state.label}）", since="status_changed_at")
    # A draft is still being written; a candidate in notice waits for the notice to end; the rest are ends.
    todo.settled(model, Status.DRAFT, Status.IN_NOTICE, Status.NOT_SELECTED, Status.AWARDED, Status.NOT_AWARDED)

    if selection.panel is None:
        return
    panel = selection.panel

    @todo.personal
    def to_score(user, shown=None):
        """The candidates under review in rounds whose panel ``user`` sits on, not yet scored by them (with
        ``shown``: the first ``shown`` of them and how many there are, without reading the rest)."""
        if not review_panels.is_panel_member(user):
            return []
        unscored = model.objects.filter(status=Status.SUBMITTED, round__panel_members=user).exclude(
            Exists(panel.score.objects.filter(member=user, nomination=OuterRef("pk")))
            | Exists(panel.conflict.objects.filter(member=user, nomination=OuterRef("pk")))
        )
        rows = unscored.select_related(*todo.related(model), "round")
        if shown is None:
            chosen = list(rows)
            total = len(chosen)
        else:
            total = unscored.count()
            chosen = list(rows[:shown])  # even when none waits: the count of queries does not grow with the data
        items = [
            todo.Item(
                f"{kind}评分",
                f"{c}（{c.unit}）",
                reverse(selection.url("nomination_score"), args=[c.pk]),
                c.status_changed_at,
            )
            for c in chosen
        ]
        return todo.Some(items, total)
