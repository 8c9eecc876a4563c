"""What the unit's home page shows from this app: coming follow-ups and included enterprises not yet served."""

import datetime

from django.db.models import Exists, OuterRef

from chuxiong_labor import panels

from .models import Inclusion, ServiceRecord

FOLLOW_UP_DAYS = 30
LIMIT = 10


def home_panel(unit, today, *, days=FOLLOW_UP_DAYS, limit=LIMIT):
    """Return the context of the home panel for ``unit``: follow-ups due in the next ``days`` days (or overdue by
    at most as many) not yet followed by another service and this year's included enterprises without any service, at most ``limit`` of each."""
    # A follow-up is done once a later service of the same enterprise is on record.
    later = ServiceRecord.objects.filter(inclusion=OuterRef("inclusion"), served_on__gt=OuterRef("served_on"))
    horizon = today + datetime.timedelta(days=days)
    follow_ups = (
        ServiceRecord.objects.for_unit(unit)
        .filter(follow_up_on__gte=today - datetime.timedelta(days=days), follow_up_on__lte=horizon)
        .filter(~Exists(later))
        .select_related("inclusion__enterprise")
        .order_by("follow_up_on")
    )
    unserved = Inclusion.objects.for_unit(unit).in_year(today.year).unserved().select_related("enterprise")
    return {
        "today": today,
        "follow_ups": list(follow_ups[:limit]),
        "unserved": list(unserved.order_by("enterprise__name")[:limit]),
        "unserved_count": unserved.count(),
    }


@panels.unit_panel("new_enterprises", order=40, column="main")
def new_enterprises_panel(unit, today):
    """Show the unit's coming follow-ups and unserved enterprises on its home page, when it has any."""
    context = home_panel(unit, today)
    if not (context["follow_ups"] or context["unserved"]):
        return None
    return "new_enterprises/includes/home_panel.html", context
