"""Panels: what each annex app adds to a unit's or the prefecture's home page, and to the 督办看板.

A panel is a function ``(unit, today) -> (template name, context) | None`` for a unit's home, or
``(today) -> … | None`` for the prefecture's, registered under a name, for the page's main column (under the
targets) or its side column; a dashboard panel is ``(units, year, today) -> … | None`` (the targets an annex
states in words rather than in a table, shown under the tables' targets). Registering a name again replaces the
earlier panel: the kernel registers a plain "duties" list, and the reporting app replaces it with one that
knows which duties are done.

    @panels.unit_panel("follow_ups", order=30)
    def follow_ups(unit, today): return "new_enterprises/includes/follow_ups.html", {...}
"""

from django.template.loader import render_to_string

from .deadlines import coming_duties, coming_duties_all

_PANELS = {"unit": {}, "prefecture": {}, "dashboard": {}}


COLUMNS = ("main", "side")


def _register(kind, name, order, column):
    if column not in COLUMNS:
        raise ValueError(f"column must be one of {COLUMNS}, not {column!r}")

    def decorate(func):
        _PANELS[kind][name] = (order, column, func)
        return func

    return decorate


def unit_panel(name, *, order=50, column="side"):
    """Register the decorated function as the unit home page's panel ``name``."""
    return _register("unit", name, order, column)


def prefecture_panel(name, *, order=50, column="side"):
    """Register the decorated function as the prefecture home page's panel ``name``."""
    return _register("prefecture", name, order, column)


def dashboard_panel(name, *, order=50):
    """Register the decorated function as the 督办看板's panel ``name``."""
    return _register("dashboard", name, order, "main")


def render(kind, request, *args):
    """Return ``{"main": [html, …], "side": [html, …]}``: every registered panel of ``kind`` that has something to
    show, rendered in order."""
    html = {column: [] for column in COLUMNS}
    for _order, column, func in sorted(_PANELS[kind].values(), key=lambda entry: entry[0]):
        result = func(*args)
        if result:
            template, context = result
            html[column].append(render_to_string(template, context, request=request))
    return html


@unit_panel("duties", order=10)
def coming_duties_panel(unit, today):
    return "includes/duties_card.html", {"duties": coming_duties(unit, today), "title": "即将到期的事项"}


@prefecture_panel("duties", order=10)
def coming_duties_all_panel(today):
    return "includes/duties_card.html", {"duties": coming_duties_all(today), "title": "全州即将到期的事项"}
