"""待办: every record that waits on someone, on the home page of whoever must act.

A workflow declares, once, each of its states that waits on a role (``wait``) and each that waits on no one
(``settled``: a draft still being written, an end state). A state waits either on the **unit** that owns the
record (returned to it, or waiting for its own check) or on the **office** (the prefecture office's review).
Sources that need more than a state — the reason of the latest return kept in a transition log, a panel member's
own unscored candidates — register a function instead: ``@returned`` ``(unit) -> [Item]``, ``@awaiting``
``() -> [Item]`` or ``@personal`` ``(user, shown=None) -> [Item]`` (given ``shown``, it may return only the first
``shown`` items of one kind as ``Some(items, total)``, so a panel member with thousands to score costs two queries).

A model's ``STR_RELATED`` names the relations its ``__str__`` reads (a lead's enterprise), fetched with the records,
and the declared states of one model are read in two queries (which to show and how many wait, then those shown), so
the panel costs two queries per model whatever the number of records waiting.

``items_for(user)`` gathers what the user can act on: a unit's staff what waits on their unit, the office what
waits on the office, everyone their personal items; the leader, who changes nothing, has no 待办. The home view
shows them as the first panel. ``tests/test_todo_crawl.py`` walks every declared waiting state for every role (the
record is on the home page of exactly the roles that act on it, and every 待办 link opens for that role) and fails
on a workflow model whose states are not all declared.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime

from django.db.models import Case, Count, F, When, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string

from . import roles

UNIT = "unit"
OFFICE = "office"

_RETURNED = []
_AWAITING = []
_PERSONAL = []
WAITS = []  # every declared waiting state (``Wait``)
SETTLED = {}  # model → the states that wait on no one


@dataclass(frozen=True)
class Item:
    kind: str  # what it is, e.g. 金牌协调员候选人
    title: str  # which one
    url: str  # where to act on it
    since: datetime | None = None  # when it was returned or submitted
    reason: str = ""  # why it was returned


@dataclass(frozen=True)
class Wait:
    model: type
    state: str
    on: str  # UNIT or OFFICE
    kind: str
    since: str | None = None  # the record's attribute holding when it began waiting
    reason: str | None = None  # the record's attribute holding why it was returned
    field: str = "status"
    listed_by_source: bool = False  # a registered function lists these (with what a state cannot tell)

    def item(self, record, *, with_unit):
        title = f"{record}（{record.unit}）" if with_unit and str(record.unit) not in str(record) else str(record)
        return Item(
            self.kind,
            title,
            record.get_absolute_url(),
            getattr(record, self.since) if self.since else None,
            (getattr(record, self.reason) or "") if self.reason else "",
        )


def wait(model, state, *, on, kind, since=None, reason=None, field="status", listed_by_source=False):
    """Declare that ``model`` records in ``state`` wait on ``on`` (``UNIT`` or ``OFFICE``); with
    ``listed_by_source``, a function registered with ``returned``/``awaiting`` lists them."""
    if on not in (UNIT, OFFICE):
        raise ValueError(f"on must be {UNIT!r} or {OFFICE!r}, not {on!r}")
    WAITS.append(Wait(model, str(state), on, kind, since, reason, field, listed_by_source))


def settled(model, *states):
    """Declare that ``model`` records in ``states`` wait on no one (drafts being written, end states)."""
    SETTLED.setdefault(model, set()).update(str(state) for state in states)


def returned(func):
    """Register ``func(unit) -> [Item]`` as a source of records returned to (or waiting on) a unit."""
    _RETURNED.append(func)
    return func


def awaiting(func):
    """Register ``func() -> [Item]`` as a source of records waiting for the prefecture office's review."""
    _AWAITING.append(func)
    return func


class Some(list):
    """The first items of one kind a source lists, and how many there are in all (``total``)."""

    def __init__(self, items, total):
        super().__init__(items)
        self.total = total


def personal(func):
    """Register ``func(user, shown=None) -> [Item]`` as a source of what waits on one user (a panel member's
    scoring)."""
    _PERSONAL.append(func)
    return func


def related(model):
    """Return what to ``select_related`` to show ``model`` records by name: the unit and what ``__str__`` reads."""
    return ("unit", *getattr(model, "STR_RELATED", ()))


def bulky(model):
    """The fields a 待办 item never reads: a record's large documents (JSON, such as a publication's whole tables),
    left in the database when the records waiting are listed."""
    return [f.name for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"]


def _declared_by_model(on):
    by_model = {}
    for w in WAITS:
        if w.on == on and not w.listed_by_source:
            by_model.setdefault((w.model, w.field), {})[w.state] = w
    return by_model


def _waiting(model, field, waits, unit):
    rows = model.objects.filter(**{f"{field}__in": list(waits)})
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows.select_related(*related(model)).defer(*bulky(model))


def _declared(on, unit=None):
    """Yield ``(wait, record)`` for every record in a state declared as waiting on ``on`` (of ``unit``), one query
    per model."""
    for (model, field), waits in _declared_by_model(on).items():
        for record in _waiting(model, field, waits, unit):
            yield waits[str(getattr(record, field))], record


def _declared_first(on, unit, shown):
    """Yield ``(wait, [record, …], total)`` per declared state waiting on ``on``: the ``shown`` first records of the
    state in the panel's order (the longest waiting first for the office, the newest first for a unit) and how many
    there are, in two queries per model however many records wait: a window numbers and counts each state's rows
    in the model's own table, then the records shown are read with what they are shown by. (Numbered with those
    joined, every waiting row was joined first: at ×100, 150 ms for the surveyed enterprises, joined to every
    enterprise.)"""
    for (model, field), waits in _declared_by_model(on).items():
        dated = {state: w.since for state, w in waits.items() if w.since}
        order = [F("pk").asc() if on == OFFICE else F("pk").desc()]
        if dated:
            kind = model._meta.get_field(next(iter(dated.values())))
            since = Case(*(When(**{field: s}, then=F(name)) for s, name in dated.items()), output_field=kind)
            order.insert(0, since.asc(nulls_last=True) if on == OFFICE else since.desc(nulls_last=True))
        states = model.objects.filter(**{f"{field}__in": list(waits)})
        if unit is not None:
            states = states.filter(unit=unit)
        first = states.annotate(
            place=Window(RowNumber(), partition_by=[F(field)], order_by=order),
            waiting=Window(Count("pk"), partition_by=[F(field)]),
        ).filter(place__lte=shown)
        ranked = list(first.order_by(field, "place").values_list("pk", field, "waiting"))
        # The records by the same subquery rather than by the pks just read, so that the query is made even when
        # nothing waits: the page's count of queries does not grow with the data.
        records = {r.pk: r for r in _waiting(model, field, waits, unit).filter(pk__in=first.values("pk"))}
        found = {}
        for pk, state, waiting in ranked:
            if pk in records:  # not deleted between the two queries
                found.setdefault(str(state), ([], waiting))[0].append(records[pk])
        for state, (shown_records, waiting) in found.items():
            yield waits[state], shown_records, waiting


def _newest_first(items):
    return sorted(items, key=lambda item: item.since.timestamp() if item.since else 0, reverse=True)


def returned_to(unit):
    """Return every record waiting on ``unit`` (returned to it, or waiting for its own check), newest first."""
    declared = (w.item(r, with_unit=False) for w, r in _declared(UNIT, unit))
    return _newest_first([*declared, *(item for source in _RETURNED for item in source(unit))])


def awaiting_review():
    """Return every record waiting for the prefecture office, oldest first (the longest waiting on top)."""
    declared = (w.item(r, with_unit=True) for w, r in _declared(OFFICE))
    return list(reversed(_newest_first([*declared, *(item for source in _AWAITING for item in source())])))


def items_for(user):
    """Return what ``user`` can act on: their unit's waits, the office's, and their own."""
    items = []
    if roles.is_unit_scoped(user) and user.unit_id:
        items += returned_to(user.unit)
    if roles.can_review(user):
        items += awaiting_review()
    return items + [item for source in _PERSONAL for item in source(user)]


SHOWN = 5  # items of each kind the panel lists; the rest are counted


@dataclass
class Group:
    """One kind of item in the panel: the first ``SHOWN`` and how many there are."""

    kind: str
    total: int
    items: list = dataclass_field(default_factory=list)

    @property
    def more(self):
        return self.total - len(self.items)


def groups_for(user, shown=SHOWN):
    """Return what ``user`` can act on as the panel shows it, by kind: the first ``shown`` of each (the same ones
    ``items_for`` puts first) and the count of all, without reading every waiting record."""
    groups = {}

    def add(kind, items, total):
        group = groups.setdefault(kind, Group(kind, 0))
        group.items += items
        group.total += total

    sourced = []
    if roles.is_unit_scoped(user) and user.unit_id:
        for wait, records, total in _declared_first(UNIT, user.unit, shown):
            add(wait.kind, [wait.item(r, with_unit=False) for r in records], total)
        sourced += _newest_first([item for source in _RETURNED for item in source(user.unit)])
    if roles.can_review(user):
        for wait, records, total in _declared_first(OFFICE, None, shown):
            add(wait.kind, [wait.item(r, with_unit=True) for r in records], total)
        sourced += list(reversed(_newest_first([item for source in _AWAITING for item in source()])))
    for source in _PERSONAL:
        items = source(user, shown=shown)
        if isinstance(items, Some):
            if items:
                add(items[0].kind, list(items), items.total)
        else:
            sourced += items
    for item in sourced:
        add(item.kind, [item], 1)
    for group in groups.values():
        group.items = group.items[:shown]
    return sorted(groups.values(), key=lambda group: group.kind)


def panel(request):
    """Render the 待办 panel of ``request.user``'s home page, or ``""`` for a role that acts on nothing."""
    user = request.user
    groups = groups_for(user)
    if not groups and not (roles.is_unit_scoped(user) or roles.can_review(user)):
        return ""
    title = "待办：待州三方办审核" if roles.can_review(user) else "待办：退回修改与待本单位处理"
    total = sum(group.total for group in groups)
    return render_to_string(
        "includes/todo.html", {"groups": groups, "total": total, "title": title, "shown": SHOWN}, request=request
    )
