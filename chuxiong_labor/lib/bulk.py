"""Inserting many new rows of one model at once: PostgreSQL's COPY, or Django's ``bulk_create`` elsewhere.

``bulk_create`` prepares every value through its field's ``get_db_prep_save`` and sends an INSERT of one
parameter per value: for a 10,000-row roster (the enterprises and their 10,000 history entries) preparing and
sending those statements took most of the import's time (issue 21). ``insert_all`` takes the new keys from the
table's sequence in one query, writes each value in COPY's text format with a converter chosen once per field,
and sends each table's rows as one COPY. The objects come back as ``bulk_create`` leaves them: with their keys,
their ``auto_now``/``auto_now_add`` times set, and marked as saved. It writes what ``bulk_create`` would (no
``save()``, no signals: a history entry is written by ``history.record_bulk``, which uses it too), inside the
caller's transaction.
"""

import datetime
import json
import operator

from django.db import connections, models, router
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone

from chuxiong_labor.lib import generation

NULL = r"\N"
CHUNK = 1 << 16  # characters handed to COPY at a time
# COPY's text format: a backslash starts an escape, a tab ends a column and a line break a row.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Kinds whose value, as the field prepares it for the database, reads back from its ``str()``.
PREPARED_AS_TEXT = (
    models.DateField,  # and DateTimeField
    models.TimeField,
    models.DecimalField,
    models.FloatField,
    models.UUIDField,
    models.GenericIPAddressField,
)
_PLAIN_DESCRIPTORS = {DeferredAttribute, ForeignKeyDeferredAttribute}
_PLAIN_PRE_SAVE = {models.Field.pre_save, models.DateField.pre_save, models.DateTimeField.pre_save}


def insert_all(objects, *, batch_size=1000):
    """Insert ``objects`` (new instances of one model) and return them with their keys.

    On PostgreSQL one COPY; elsewhere ``bulk_create`` in batches of ``batch_size``.
    """
    objects = list(objects)
    if not objects:
        return objects
    model = type(objects[0])
    connection = connections[router.db_for_write(model)]
    fields = model._meta.concrete_fields
    converters = [_converter(field, connection) for field in fields] if connection.vendor == "postgresql" else []
    if not converters or None in converters or any(type(field).pre_save not in _PLAIN_PRE_SAVE for field in fields):
        return model._base_manager.using(connection.alias).bulk_create(objects, batch_size=batch_size)
    now, today = timezone.now(), datetime.date.today()  # noqa: DTZ011  DateField(auto_now) takes the same day
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamp = now if isinstance(field, models.DateTimeField) else today
            for obj in objects:
                setattr(obj, field.attname, stamp)
    pk = model._meta.pk
    keyless = [obj for obj in objects if obj.pk is None]
    if keyless:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk.column, len(keyless)],
            )
            for obj, key in zip(keyless, sorted(row[0] for row in cursor.fetchall()), strict=True):
                setattr(obj, pk.attname, key)
    attnames = [field.attname for field in fields]
    values_of = operator.attrgetter(*attnames) if len(attnames) > 1 else lambda obj: (getattr(obj, attnames[0]),)
    lines = (
        "\t".join([convert(value) for convert, value in zip(converters, values_of(obj), strict=True)]) + "\n"
        for obj in objects
    )
    _copy(connection, model, fields, lines)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects


def insert_rows(model, attnames, rows, *, constants=None):
    """Insert ``rows`` of ``model`` without building an instance for each: every row a tuple of values for
    ``attnames`` (in that order), ``constants`` (``{attname: value}``) the same for every row, every other column
    its field's default and the key its sequence's next value.

    Writes what ``insert_all`` would for the same values (no ``save()``, no signals, no keys returned), in the
    caller's transaction: on PostgreSQL one COPY; elsewhere, or when a column left out has a default to call or a
    time to stamp, ``bulk_create`` of the instances.
    """
    constants = dict(constants or {})
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    by_attname = {field.attname: field for field in fields}
    unknown = [name for name in [*attnames, *constants] if name not in by_attname]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
    given = [by_attname[name] for name in attnames]
    defaults = [field for field in fields if field.attname not in attnames and field.attname not in constants]
    same = [(by_attname[name], value) for name, value in constants.items()]
    same += [(field, field.get_default()) for field in defaults]
    on_postgresql = connection.vendor == "postgresql"
    converters = [_converter(field, connection) for field in given] if on_postgresql else []
    rest_converters = [_converter(field, connection) for field, _value in same] if on_postgresql else []
    if (
        not on_postgresql
        or None in converters
        or None in rest_converters
        or any(_stamped_or_called(field) for field in defaults)
    ):
        instances = (model(**dict(zip(attnames, row, strict=True)), **constants) for row in rows)
        model._base_manager.using(connection.alias).bulk_create(instances, batch_size=1000)
        return
    # The columns every row shares hold the same text on every line.
    rest = "".join("\t" + convert(value) for convert, (_field, value) in zip(rest_converters, same, strict=True))
    lines = (
        "\t".join([convert(value) for convert, value in zip(converters, row, strict=True)]) + rest + "\n"
        for row in rows
    )
    _copy(connection, model, [*given, *(field for field, _value in same)], lines)


def _stamped_or_called(field):
    """Whether a field takes a value of its own when a row is saved (an ``auto_now`` time, a default to call)."""
    return (
        (field.has_default() and callable(field.default))
        or type(field).pre_save not in _PLAIN_PRE_SAVE
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    )


def _copy(connection, model, fields, lines):
    """COPY ``lines`` (the values of ``fields`` in COPY's text format) into ``model``'s table."""
    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        # The buffer size is positional: Django's debug cursor passes on no keyword arguments.
        # Django turns only execute's errors into its own: a duplicate key is an IntegrityError here too.
        with connection.wrap_database_errors:
            cursor.copy_expert(
                f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", LineStream(lines), CHUNK
            )
    # COPY goes past the connection's execute wrappers, so it tells the data generation itself.
    generation.note_write(table, connection.alias)


def new_instances(model, rows):
    """Return a new, unsaved ``model`` instance for each of ``rows`` (``{attname or field name: value}``), every
    other field at its default.

    Each holds what ``model(**values)`` would, in less time (10,000 enterprises: 0.06 s, against 0.10 s built
    positionally and about twice that with keywords): when the model keeps Django's ``__init__``, its fields
    Django's plain descriptors and nothing listens for its ``pre_init``/``post_init`` signals, the values go
    straight into the instance's ``__dict__`` (where ``Model.__init__`` would put them through ``setattr``);
    otherwise as Django builds a row read from the database (the values in field order, no keyword arguments). A
    related object given by its field name (``region=…``) is set after, through its descriptor, so it is cached on
    the instance as ``model(region=…)`` would cache it.
    """
    fields = model._meta.concrete_fields
    position = {field.attname: index for index, field in enumerate(fields)}
    attnames = [field.attname for field in fields]
    template, called = [], []
    for index, field in enumerate(fields):
        if field.has_default() and callable(field.default):
            template.append(None)
            called.append((index, field))
        else:
            template.append(field.get_default())
    direct = (
        model.__init__ is models.Model.__init__
        and not models.signals.pre_init.has_listeners(model)
        and not models.signals.post_init.has_listeners(model)
        # Every field read and set through Django's plain descriptor, which keeps the value in ``__dict__`` as
        # given (a file field's or a third-party field's own descriptor may convert it on the way in).
        and all(type(getattr(model, name, None)) in _PLAIN_DESCRIPTORS for name in attnames)
    )
    made = []
    for row in rows:
        values = template.copy()
        related = []
        for index, field in called:
            if field.attname not in row:
                values[index] = field.get_default()
        for name, value in row.items():
            if name in position:
                values[position[name]] = value
            else:
                related.append((name, value))
        if direct:
            obj = model.__new__(model)
            obj._state = ModelState()
            obj.__dict__.update(zip(attnames, values, strict=True))
        else:
            obj = model(*values)
        for name, value in related:
            setattr(obj, name, value)
        made.append(obj)
    return made


class JSONText(str):
    """A JSON field's value already written as JSON text, which ``insert_all`` and ``insert_rows`` send as it is
    (``history.record_bulk`` writes 10,000 creations' changes faster than the encoder walks their dictionaries).
    """

    __slots__ = ()


class LineStream:
    """A file that COPY reads, made of ``lines`` written as it reads them: PostgreSQL stores one part of the rows
    (on the other core) while the next part is being written, and the rows' text is never all in memory."""

    def __init__(self, lines):
        self.lines, self.rest = iter(lines), ""

    def read(self, size=-1):
        size = size if size and size > 0 else CHUNK
        parts, length = [self.rest], len(self.rest)
        for line in self.lines:
            parts.append(line)
            length += len(line)
            if length >= size:
                break
        text = "".join(parts)
        self.rest = text[size:]
        return text[:size]


def escaped(text):
    """``text`` as COPY reads it back (most text has nothing to escape, and four scans cost less than one
    ``translate``)."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def _text(value):
    if value.__class__ is not str:
        return NULL if value is None else escaped(str(value))
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:  # as ``escaped``, one call less per cell
        return value.translate(_ESCAPES)
    return value


def _boolean(value):
    return NULL if value is None else ("t" if value else "f")


def _number(value):
    return NULL if value is None else str(int(value))


def _iso(value):
    return NULL if value is None else value.isoformat()


def _converter(field, connection):
    """The function writing ``field``'s Python value in COPY's text format."""

    def prepared(value):
        value = field.get_db_prep_save(value, connection)
        return NULL if value is None else escaped(str(value))

    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.BooleanField):
        return _boolean
    if isinstance(field, models.IntegerField | models.AutoField):
        return _number
    if isinstance(field, models.CharField | models.TextField) and not isinstance(field, models.JSONField):
        return _text
    if type(field) is models.DateField:
        return _iso
    if isinstance(field, models.DateTimeField):
        last = [None, NULL]  # the last time written and its text: a bulk write stamps every row alike

        def moment(value):  # an aware time as it is; a naive one (a warning) as the field prepares it
            if value is last[0]:
                return last[1]
            if value.tzinfo is None:
                return prepared(value)
            last[:] = value, value.isoformat()
            return last[1]

        return moment
    if isinstance(field, models.JSONField):
        # Unescaped Chinese: shorter, and PostgreSQL stores the same JSON either way. One encoder for every value.
        encode = (field.encoder or json.JSONEncoder)(ensure_ascii=False).encode

        def json_text(value):
            if value.__class__ is JSONText:
                return escaped(value)
            return NULL if value is None else escaped(encode(value))

        return json_text

    if not isinstance(field, PREPARED_AS_TEXT):
        return None  # binary data, arrays and other kinds: ``bulk_create``
    return prepared
