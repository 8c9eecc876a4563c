"""Demo data only: give the workflow records of a demo round the dates their business dates imply.

The demo takes a year's steps in a few seconds, so every ``auto_now_add`` stamp (a step, a notice's publication,
an extension, an objection) would read "today" beside a notice that ran in July. ``settle_dates`` moves each stamp
to the day the step would have been taken: a notice is published the day it starts, a step that waits for a notice
comes after it ends, a submission before the unit's deadline, and nothing after ``today``.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import DeadlineExtension, Objection, PublicNotice, Transition
from .workflow import Action, Level


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def settle_dates(model, round, *, today=None):
    """Move the stamps of ``round``'s workflow records of candidates of ``model`` to plausible business dates."""
    today = today or timezone.localdate()
    notices = list(PublicNotice.objects.filter(round=round))
    for notice in notices:
        PublicNotice.objects.filter(pk=notice.pk).update(published_at=_at(min(notice.starts_on, today), 9))
    for objection in Objection.objects.filter(notice__in=notices).select_related("notice"):
        resolved = min(objection.received_on + datetime.timedelta(days=2), today)
        Objection.objects.filter(pk=objection.pk).update(
            recorded_at=_at(min(objection.received_on, today), 11),
            resolved_at=_at(resolved, 16) if objection.resolved_at else None,
        )
    for extension in DeadlineExtension.objects.filter(round=round):
        due = round.unit_due_on if extension.level == Level.UNIT else round.prefecture_due_on
        DeadlineExtension.objects.filter(pk=extension.pk).update(granted_at=_at(min(due or today, today), 15))
    prefecture_notice_end = max(
        (n.ends_on for n in notices if n.level == Level.PREFECTURE), default=round.unit_due_on or today
    )
    submit_on = min((round.unit_due_on or today) - datetime.timedelta(days=10), today)
    on_action = {
        Action.SUBMIT: submit_on,
        Action.RETURN: submit_on + datetime.timedelta(days=3),
        Action.APPROVE: submit_on + datetime.timedelta(days=7),
        Action.PUBLISH: min((n.starts_on for n in notices if n.level == Level.PREFECTURE), default=submit_on),
        Action.SELECT: prefecture_notice_end + datetime.timedelta(days=3),
        Action.REJECT: prefecture_notice_end + datetime.timedelta(days=3),
        Action.RECOMMEND: prefecture_notice_end + datetime.timedelta(days=10),
        Action.AWARD: prefecture_notice_end + datetime.timedelta(days=40),
        Action.NOT_AWARD: prefecture_notice_end + datetime.timedelta(days=40),
    }
    content_type = ContentType.objects.get_for_model(model)
    last = {}
    for step in Transition.objects.filter(round=round, content_type=content_type).order_by("object_id", "at", "pk"):
        day = min(on_action.get(step.action, today), today)
        day = max(day, last.get(step.object_id, day))  # a candidate's steps keep their order
        Transition.objects.filter(pk=step.pk).update(at=_at(day, 10 + len(str(step.action)) % 6))
        last[step.object_id] = day
    for object_id, day in last.items():
        model.objects.filter(pk=object_id).update(status_changed_at=_at(day, 17))
