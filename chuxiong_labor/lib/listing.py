"""List pages: every filter goes through a django-filter ``FilterSet`` and every page is cut the same way.

A list page binds its ``FilterSet`` to the query string with ``filter_list``. A value that does not validate (a
hand-edited address, a stale bookmark) is left out of the filtering and named in a Chinese message, so the
page shows the rest of the list instead of an error; a page's year or month picker is read the same way
(``query_value``, ``chosen_year``). ``page_of`` cuts the page that
``templates/includes/pagination.html`` links through; it is the only place a list page builds a ``Paginator``.

``page_of`` reads a page past the first in one query that first takes the page's keys from the list (its filter
and its order, an index's, without the related rows it selects) and then reads those rows with their related
rows. Read in one step, the database would join every row the offset skips to its related rows (at ×10 the
reviewer's last page of the case ledger took 54 ms of joins and a sort spilled to disk, against 3 ms). The first
page skips nothing and is read as it is, saving the second query's compilation. A list that shows figures per row
(counts of related rows, a last date) passes them to ``page_of`` as ``figures`` instead of annotating the list,
so only the page's rows are counted: annotated first, the database would count for every row of the table (a
GROUP BY sorts or hashes them all) or evaluate the figures of every row the offset skips.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

PAGE_SIZE = 50
YEAR = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
MONTH = forms.DateField(label="月份", input_formats=["%Y-%m"])


def filter_list(request, filterset_class, queryset, **kwargs):
    """Return ``filterset_class`` bound to the request's query string over ``queryset``; its ``qs`` is the list."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request, **kwargs)
    if not filterset.is_valid():
        for name, errors in filterset.form.errors.items():
            field = filterset.form.fields.get(name)
            label = field.label if field is not None and field.label else "筛选条件"
            messages.warning(request, f"“{label}”的筛选值无效，已忽略该条件：{errors[0]}")
    return filterset


def value(filterset, name, default=None):
    """Return the validated value of filter ``name`` (``default`` when it is empty or invalid)."""
    found = filterset.form.cleaned_data.get(name) if hasattr(filterset.form, "cleaned_data") else None
    return default if found in (None, "") else found


def query_value(request, name, field, default=None):
    """Return the query parameter ``name`` cleaned by the form field ``field`` (a page's year or month picker),
    or ``default`` when it is absent or invalid; an invalid value is named in a Chinese message."""
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        return field.clean(raw)
    except ValidationError as invalid:
        messages.warning(request, f"“{field.label or name}”的筛选值无效，已忽略该条件：{invalid.messages[0]}")
        return default


def chosen_year(request, default):
    """Return the year a page's year picker asks for, or ``default``."""
    return query_value(request, "year", YEAR, default)


def page_of(request, queryset, per_page=PAGE_SIZE, *, figures=None, count=None):
    """Return the page of ``queryset`` the query string asks for (the last one when it asks past the end).

    Past the first page, and whenever there are ``figures``, the page's rows are read by their keys (``pk IN`` the
    page's keys, in the list's order); ``figures``, a function of a queryset returning it annotated, is applied
    to those rows only. ``count``, when the page has already counted the list (a count per status), spares
    counting it again."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value
    page = paginator.get_page(request.GET.get("page"))
    of_models = isinstance(queryset, QuerySet) and queryset._iterable_class is ModelIterable
    if of_models and not queryset.query.combinator and (page.number > 1 or figures is not None):
        rows = queryset.filter(pk__in=page.object_list.values("pk"))
        page.object_list = figures(rows) if figures is not None else rows
    elif figures is not None:
        raise TypeError("page_of annotates the figures of a page of model instances only.")
    return page
