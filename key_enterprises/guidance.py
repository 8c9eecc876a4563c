"""跟踪指导情况: an enterprise's guidance, entered once and shown everywhere it is asked for.

Guidance reaches a monitored enterprise two ways: a visit recorded on its page (``GuidanceVisit``), or one-to-one
guidance and the outcome recorded while handling one of its leads (``LeadAction`` ``guide`` and ``close``). The plan's
service ledger asks for the enterprise's 跟踪指导情况 whichever way it was given, so the enterprise's page, the ledger
and the 一企一档 all read ``guidance_of``, which merges both in date order; nothing is typed twice.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import GuidanceVisit, Lead, LeadAction

# The lead steps that are guidance given to the enterprise (an escalation is the unit asking the prefecture).
GUIDANCE_ACTIONS = ("guide", "close")


@dataclass(frozen=True)
class Guidance:
    on: datetime.date
    by: str
    content: str
    next_step: str = ""
    follow_up_on: datetime.date | None = None
    visit: GuidanceVisit | None = None  # recorded as a visit (editable there)
    lead: Lead | None = None  # recorded on a lead (read there)
    step: str = ""  # the lead step's label

    @property
    def text(self):
        """The entry as one line of the ledger."""
        source = f"（线索“{self.lead.summary}”{self.step}）" if self.lead else ""
        follow = f"（下一步：{self.next_step}）" if self.next_step else ""
        return f"{self.on:%Y-%m-%d} {self.by}：{self.content}{follow}{source}"


def guidance_prefetches():
    """What ``guidance_of`` reads, to prefetch on a queryset of monitored enterprises (two queries in all)."""
    steps = LeadAction.objects.filter(action__in=GUIDANCE_ACTIONS).select_related("actor").order_by("acted_on", "pk")
    return [
        Prefetch("visits", queryset=GuidanceVisit.objects.order_by("visited_on", "pk")),
        Prefetch(
            "leads", queryset=Lead.objects.prefetch_related(Prefetch("actions", queryset=steps, to_attr="guidance"))
        ),
    ]


def guidance_of(entry):
    """Return ``entry``'s guidance, visits and lead steps together, oldest first (prefetch with
    ``guidance_prefetches`` when reading many)."""
    found = [
        Guidance(v.visited_on, v.visitors, v.content, v.next_step, v.follow_up_on, visit=v) for v in entry.visits.all()
    ]
    for lead in entry.leads.all():
        steps = getattr(lead, "guidance", None)
        if steps is None:
            steps = lead.actions.filter(action__in=GUIDANCE_ACTIONS).select_related("actor").order_by("acted_on", "pk")
        for step in steps:
            content = f"{step.note}；办结情况：{lead.outcome}" if step.action == "close" and lead.outcome else step.note
            by = str(step.actor) if step.actor else lead.assignee
            found.append(Guidance(step.acted_on, by, content, lead=lead, step=step.action_label))
    return sorted(found, key=lambda g: g.on)
