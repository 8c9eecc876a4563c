"""Change history of business data, on top of django-auditlog.

Every business model is registered here (``track``), so each create, update and delete is written with who,
when and what changed. Bulk writes, which bypass model signals, call ``record_bulk``. Entries are never edited
and are kept at least ``HISTORY_RETENTION_DAYS`` (≥ 180) days.
"""

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone


def track(model, **options):
    """Register ``model`` for change history; use as a class decorator."""
    auditlog.register(model, **options)
    return model


def history_for(obj):
    """Return the history of ``obj``, newest first, with actors loaded."""
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")


def record_bulk(objects, *, action, actor, note=""):
    """Write one history entry per object of a bulk create or update (which bypasses model signals)."""
    if not objects:
        return
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    fields = [field for field in type(objects[0])._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=str(obj)[:255],
                action=action,
                changes={field.attname: ["None", str(getattr(obj, field.attname))] for field in fields},
                actor=actor,
                timestamp=now,
                additional_data={"bulk": True, "note": note} if note else {"bulk": True},
            )
            for obj in objects
        ],
        batch_size=500,
    )


def acting_as(user):
    """Return a context manager attributing the history written inside it to ``user`` (commands, services)."""
    return set_actor(user)
