"""The 待办 sources of a gold selection: its candidates returned to a unit, and those waiting for review."""

from django.contrib.contenttypes.models import ContentType

from .. import todo
from .models import NominationProgramme, Transition
from .workflow import Action, Status


def register_todo(selection):
    """Register ``selection``'s returned and awaiting candidates with the kernel's 待办 panels."""
    kind = f"{NominationProgramme(selection.programme).label}{selection.noun}"
    model = selection.model

    @todo.returned
    def returned(unit):
        candidates = {c.pk: c for c in model.objects.filter(unit=unit, status=Status.RETURNED)}
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

    @todo.awaiting
    def awaiting():
        waiting = model.objects.filter(status=Status.SUBMITTED).select_related("unit")
        return [todo.Item(kind, f"{c}（{c.unit}）", c.get_absolute_url(), c.status_changed_at) for c in waiting]
