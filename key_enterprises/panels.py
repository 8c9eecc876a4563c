"""What home pages show from annex 5: a unit's open leads and coming follow-ups; the prefecture's leads that
need it (red, escalated or overdue), so nothing red stays unattended silently."""

import datetime

from chuxiong_labor import panels

from .models import GuidanceVisit, Lead

LIMIT = 10
FOLLOW_UP_DAYS = 30


@panels.unit_panel("key_enterprises", order=45, column="main")
def unit_leads_panel(unit, today):
    """Show the unit's open leads (overdue first) and guidance follow-ups due within a month."""
    leads = Lead.objects.for_unit(unit).open().select_related("monitored__enterprise").order_by("due_on")
    follow_ups = (
        GuidanceVisit.objects.for_unit(unit)
        .filter(follow_up_on__gte=today, follow_up_on__lte=today + datetime.timedelta(days=FOLLOW_UP_DAYS))
        .select_related("monitored__enterprise")
        .order_by("follow_up_on")
    )
    context = {"today": today, "leads": list(leads[:LIMIT]), "follow_ups": list(follow_ups[:LIMIT])}
    if not (context["leads"] or context["follow_ups"]):
        return None
    return "key_enterprises/includes/unit_panel.html", context


@panels.prefecture_panel("key_enterprises", order=20, column="main")
def prefecture_leads_panel(today):
    """Show the prefecture the open leads that are red, escalated or overdue."""
    leads = Lead.objects.for_prefecture(today).select_related("monitored__enterprise", "unit").order_by("due_on")
    context = {"today": today, "leads": list(leads[:LIMIT]), "count": leads.count(), "title": "需州三方办关注的线索"}
    if not context["leads"]:
        return None
    return "key_enterprises/includes/prefecture_panel.html", context
