"""List pages: every filter goes through a django-filter ``FilterSet`` and every page is cut the same way.

A list page binds its ``FilterSet`` to the query string with ``filter_list``. A value that does not validate (a
hand-edited address, a stale bookmark) is left out of the filtering and named in a Chinese message, so the
page shows the rest of the list instead of an error; a page's year or month picker is read the same way
(``query_value``, ``chosen_year``). ``page_of`` cuts the page that
``templates/includes/pagination.html`` links through; it is the only place a list page builds a ``Paginator``.

A list that shows figures per row (counts of related rows, a last date) passes them to ``page_of`` as ``figures``
instead of annotating the list: the page is cut from the bare queryset, ordered by an indexed key, and only the
page's rows are annotated. Annotated first, the database would count for every row of the table (a GROUP BY
sorts or hashes them all) or evaluate the figures of every row the offset skips before the page's rows.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

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


def page_of(request, queryset, per_page=PAGE_SIZE, *, figures=None):
    """Return the page of ``queryset`` the query string asks for (the last one when it asks past the end).

    ``figures``, a function of a queryset returning it annotated, is applied to the page's rows only: the page
    is the same rows in the same order, read in one query that selects them by the page's keys."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    if figures is not None:
        page.object_list = figures(queryset.filter(pk__in=page.object_list.values("pk")))
    return page
