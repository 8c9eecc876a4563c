"""待办: what was sent back to a unit, and what waits for the prefecture office's review.

Each app registers sources: ``@todo.returned`` functions ``(unit) -> [Item]`` (its records returned to ``unit``,
with the reason and the page to fix them) and ``@todo.awaiting`` functions ``() -> [Item]`` (its records waiting for
the prefecture). The kernel shows them as a panel on every unit's home page and on the prefecture's, so a returned
candidate, report or month is never found only by browsing. Each source runs a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import datetime

from . import panels

_RETURNED = []
_AWAITING = []


@dataclass(frozen=True)
class Item:
    kind: str  # what it is, e.g. 金牌协调员候选人
    title: str  # which one
    url: str  # where to act on it
    since: datetime | None = None  # when it was returned or submitted
    reason: str = ""  # why it was returned


def returned(func):
    """Register ``func(unit) -> [Item]`` as a source of records returned to a unit."""
    _RETURNED.append(func)
    return func


def awaiting(func):
    """Register ``func() -> [Item]`` as a source of records waiting for the prefecture office's review."""
    _AWAITING.append(func)
    return func


def _newest_first(items):
    return sorted(items, key=lambda item: item.since.timestamp() if item.since else 0, reverse=True)


def returned_to(unit):
    """Return every record sent back to ``unit``, newest first."""
    return _newest_first(item for source in _RETURNED for item in source(unit))


def awaiting_review():
    """Return every record waiting for the prefecture office, oldest first (the longest waiting on top)."""
    return list(reversed(_newest_first(item for source in _AWAITING for item in source())))


@panels.unit_panel("todo", order=5, column="main")
def unit_todo_panel(unit, today):
    """List what was sent back to the unit, with the reason and a link to fix it."""
    return "includes/todo.html", {"items": returned_to(unit), "title": "待办：退回修改", "returned": True}


@panels.prefecture_panel("todo", order=5, column="main")
def prefecture_todo_panel(today):
    """List what waits for the prefecture office's review."""
    return "includes/todo.html", {"items": awaiting_review(), "title": "待办：待州三方办审核", "returned": False}
