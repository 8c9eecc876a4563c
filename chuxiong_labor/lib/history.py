"""Change history of business data, on top of django-auditlog.

Every business model is registered here (``track``), so each create, update and delete is written with who,
when and what changed. Bulk writes, which bypass model signals, call ``record_bulk``. Entries are never edited
and are kept at least ``HISTORY_RETENTION_DAYS`` (≥ 180) days.
"""

import ast
import datetime
import json
import operator
from collections import defaultdict
from contextlib import contextmanager
from json.encoder import encode_basestring as encode_text

from auditlog.context import auditlog_value, set_actor
from auditlog.diff import get_mask_function
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .bulk import JSONText, insert_rows
from .security import client_address

# Bookkeeping fields no reader of the history needs to see.
HIDDEN_FIELDS = {"id", "version"}
EMPTY = "（空）"


def track(model, **options):
    """Register ``model`` for change history; use as a class decorator.

    Bookkeeping fields (the stale-edit ``version``, ``auto_now`` time stamps) are left out of the diff, so a save
    that changes nothing a user sees writes no entry (it would read 「各栏目均未变化」)."""
    bookkeeping = [
        field.name
        for field in model._meta.concrete_fields
        if field.name in HIDDEN_FIELDS or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    options["exclude_fields"] = sorted({*options.get("exclude_fields", ()), *bookkeeping})
    auditlog.register(model, **options)
    return model


def history_for(obj):
    """Return the history of ``obj``, newest first, with actors loaded."""
    return LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-timestamp")


def _field(model, name):
    """The model field a change is recorded under: its name (model signals) or its attname (``record_bulk``)."""
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return next((f for f in model._meta.concrete_fields if f.attname == name), None)


def _shown(field, name):
    if name in HIDDEN_FIELDS or field is None or not field.concrete or field.many_to_many:
        return False
    return not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def describe_changes(entries):
    """Return ``[(entry, [(label, old, new), ...])]`` for history entries, in words a user reads: the fields'
    Chinese names, choice labels, 是/否, related records by name (one query per related model for all the
    entries), local times; bookkeeping fields are left out. A new record lists only its filled-in values."""
    entries = list(entries)
    plans = []
    wanted = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        rows = []
        for name, values in (entry.changes_dict or {}).items():
            if isinstance(values, dict) and values.get("type") == "m2m":
                field = _field(model, name) if model is not None else None
                rows.append((field, name, _m2m_change(values)))
                continue
            if not isinstance(values, list | tuple) or len(values) != 2:
                continue
            field = _field(model, name) if model is not None else None
            if model is not None and not _shown(field, name):
                continue
            if field is not None and field.many_to_one:
                for value in values:
                    if value not in (None, "None", ""):
                        wanted[field.related_model].add(str(value))
            rows.append((field, name, values))
        plans.append((entry, rows))
    names = {}
    for related, pks in wanted.items():
        pk_field = related._meta.pk
        valid = [pk for pk in pks if _is_key(pk_field, pk)]
        for obj in related._base_manager.filter(pk__in=valid):
            names[related, str(obj.pk)] = str(obj)
    described = []
    for entry, rows in plans:
        changes = []
        for field, name, (old, new) in rows:
            label = str(field.verbose_name) if field is not None else name
            if field is not None and field.many_to_many:
                changes.append((label, old, new))
                continue
            old, new = _value(field, old, names), _value(field, new, names)
            if entry.action == LogEntry.Action.CREATE and new == EMPTY:
                continue
            changes.append((label, old, new))
        described.append((entry, changes))
    return described


def _m2m_change(values):
    """Return ``(old, new)`` words for auditlog's record of a many-to-many change (items added or removed)."""
    items = "、".join(str(item) for item in values.get("objects", [])) or EMPTY
    if values.get("operation") == "add":
        return "—", f"新增：{items}"
    if values.get("operation") == "delete":
        return f"移除：{items}", "—"
    return "全部清除", "—"


def _is_key(pk_field, value):
    """Whether a stored value can still be read as a key (one that cannot is shown as it is)."""
    try:
        pk_field.to_python(value)
    except ValidationError:
        return False
    return True


def describe_json(value, labels=None):
    """A JSON field's value: a list of names joined (each read through ``labels`` when given), a structured one
    (tables of figures) left out."""
    try:
        data = json.loads(value)
    except ValueError:
        try:
            data = ast.literal_eval(value)  # older entries hold the Python form
        except (ValueError, SyntaxError):
            return value
    if isinstance(data, list) and all(isinstance(item, str | int | float) for item in data):
        labels = labels or {}
        return "、".join(str(labels.get(item, item)) for item in data) or EMPTY
    if isinstance(data, dict | list):
        return "（数据表，从略）" if data else EMPTY
    return str(data)


def _value(field, value, names):
    if value is None or value in ("None", ""):
        return EMPTY
    value = str(value)
    if field is None:
        return value
    if field.many_to_one:
        return names.get((field.related_model, value), f"（已删除，编号{value}）")
    if field.choices:
        return str(dict(field.flatchoices).get(field.to_python(value), value))
    internal = field.get_internal_type()
    if internal in ("BooleanField", "NullBooleanField"):
        return {"True": "是", "False": "否"}.get(value, value)
    if internal == "JSONField":
        # A list of choice values (a social organisation's services) reads as its labels: the model names the
        # choices of such a field in ``history_choices``.
        choices = getattr(field.model, "history_choices", {}).get(field.name)
        return describe_json(value, labels=dict(choices.choices) if choices else None)
    if internal == "DateTimeField":
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    return value


def record_bulk(objects, *, action, actor, note="", changes=None, at=None):
    """Write one history entry per object of a bulk write (which bypasses model signals), as the model signals
    would have written it.

    ``action`` is one of auditlog's ``LogEntry.Action`` constants. A creation records each field the history
    shows (not the bookkeeping ones ``track`` leaves out) that has a value, from empty to that value: what the
    history page lists for a new record, without the empty fields it would skip. An update records exactly what
    changed: ``changes`` gives, for each object in order, its changed fields as ``{field name: (old value, new
    value)}``. ``at`` gives each object's time (now when omitted), for data loaded as if written over a past
    period. A field the registration masks (``track(..., mask_fields=…)``: a resident ID number) is written masked,
    old and new value alike, as auditlog masks it. The entries are written by one COPY (``insert_rows``), without
    building one for each.
    """
    if not objects:
        return
    if action == LogEntry.Action.UPDATE and (changes is None or len(changes) != len(objects)):
        raise ValueError("record_bulk needs the changed fields of every updated object")
    if action not in (LogEntry.Action.CREATE, LogEntry.Action.UPDATE):
        raise ValueError(f"record_bulk records creations and updates, not action {action!r}")
    if at is not None and len(at) != len(objects):
        raise ValueError("record_bulk needs one time per object")
    model = type(objects[0])
    now = timezone.now()
    attnames = _recorded_attnames(model)
    values_of = operator.attrgetter(*attnames) if len(attnames) > 1 else lambda obj: (getattr(obj, attnames[0]),)

    # Read before the COPY starts: a record's name may need a query, which cannot run while a COPY is under way.
    reprs = [str(obj)[:255] for obj in objects]

    mask = _masks(model)
    hidden = [(index, mask[name]) for index, name in enumerate(attnames) if name in mask]

    # As auditlog writes a creation: each field from "None" to its value, all as text, a masked field's both
    # masked. Written as the JSON encoder would write ``{name: ["None", str(value)], …}`` (the same text), without
    # building the dictionary.
    opening = [
        f"{json.dumps(name)}: [{encode_text(mask[name]('None') if name in mask else 'None')}, " for name in attnames
    ]

    def created(obj):
        values = values_of(obj)
        if hidden:
            values = list(values)
            for index, hide in hidden:
                if values[index] is not None and values[index] != "":
                    values[index] = hide(str(values[index]))
        return JSONText(
            "{"
            + ", ".join(
                [
                    start + encode_text(value if value.__class__ is str else str(value)) + "]"
                    for start, value in zip(opening, values, strict=True)
                    if value is not None and value != ""
                ]
            )
            + "}"
        )

    def updated(change):
        return {
            name: [str(old), str(new)] if name not in mask else [mask[name](str(old)), mask[name](str(new))]
            for name, (old, new) in change.items()
        }

    def rows():
        for index, obj in enumerate(objects):
            diff = created(obj) if action == LogEntry.Action.CREATE else updated(changes[index])
            pk = obj.pk
            yield str(pk), pk if isinstance(pk, int) else None, reprs[index], diff, now if at is None else at[index]

    insert_rows(
        LogEntry,
        ["object_pk", "object_id", "object_repr", "changes", "timestamp"],
        rows(),
        constants={
            "content_type_id": ContentType.objects.get_for_model(model).pk,
            "action": action,
            "actor_id": actor.pk if actor is not None else None,
            "additional_data": {"bulk": True, "note": note} if note else {"bulk": True},
        },
    )


def _masks(model):
    """``{field name and attname: mask function}`` of the fields ``model``'s registration masks (a resident ID
    number), each written to the history masked, as auditlog writes it."""
    if not auditlog.contains(model):
        return {}
    options = auditlog.get_model_fields(model)
    if not options["mask_fields"]:
        return {}
    hide = get_mask_function(options["mask_callable"])
    fields = [model._meta.get_field(name) for name in options["mask_fields"]]
    return {name: hide for field in fields for name in {field.name, field.attname}}


def _recorded_attnames(model):
    """The attnames a bulk creation of ``model`` records: its concrete fields but the key and those its ``track``
    registration leaves out (bookkeeping and the ones named there)."""
    excluded = set(auditlog.get_model_fields(model)["exclude_fields"]) if auditlog.contains(model) else HIDDEN_FIELDS
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in excluded and field.attname not in excluded
    ]


class HistoryMiddleware(AuditlogMiddleware):
    """auditlog's middleware, recording the client's address as ``client_address`` finds it (auditlog's own
    would trust the first ``X-Forwarded-For`` entry, which any client can write)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None


@contextmanager
def acting_as(user):
    """Attribute the history written inside the block to ``user`` (commands, services).

    Inside a request, auditlog's middleware has already set an actor. ``set_actor`` replaces that context and
    never puts it back, so the middleware would later disconnect the wrong signal receiver and leave its own
    connected for the life of the process; the outer context is therefore restored on the way out.
    """
    outer = auditlog_value.get(None)
    remote_addr = outer.get("remote_addr") if outer else None  # the request's client keeps being recorded
    try:
        with set_actor(user, remote_addr=remote_addr):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)
