"""Search-as-you-type for every choice among many (enterprise, organisation, coordinator, person).

A form field keeps its full, scoped queryset for validation but renders with ``SearchSelect``, which writes only
the chosen option into the page; ``static/js/search-select.js`` turns it into a Tom Select field that asks the
field's JSON endpoint as the user types. Every endpoint is a ``portal_view`` that answers through
``visible_to`` with ``choices_response``, so what a user can find is what the user can see, and the access
matrix covers the endpoints. No page renders a list of every enterprise.
"""

import copy

from django import forms
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse

from .access import portal_view
from .enterprises import Enterprise

LIMIT = 20


def choices_response(request, queryset, *, fields, label=str, order_by=("pk",), narrow_by=None):
    """Answer ``{"results": [{"value", "text"}]}``: the first rows of ``queryset`` (already scoped with
    ``visible_to``) where any of ``fields`` contains the typed ``q``.

    ``narrow_by={"org": "org_id"}`` names a query parameter carrying another field's choice (the key of a row
    the user chose in the same form) and the lookup it narrows by: when it is given, only the rows it narrows to
    are searched — within ``queryset``, so a key out of the user's scope finds nothing — and an empty ``q`` lists
    the first of them. A key that is not a number finds nothing.
    """
    query = request.GET.get("q", "").strip()[:50]
    narrowed = False
    for param, lookup in (narrow_by or {}).items():
        key = request.GET.get(param, "").strip()
        if not key:
            continue
        if not (key.isascii() and key.isdigit() and len(key) <= 18):
            return JsonResponse({"results": []})
        queryset, narrowed = queryset.filter(**{lookup: int(key)}), True
    if not query and not narrowed:
        return JsonResponse({"results": []})
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    rows = queryset.filter(condition).order_by(*order_by)[:LIMIT]
    return JsonResponse({"results": [{"value": row.pk, "text": label(row)} for row in rows]})


class SearchSelect(forms.Select):
    """A select that renders only its chosen option and searches the endpoint ``url_name`` for the others.

    ``depends_on`` names another field of the same form (a ``SearchSelect`` too, or a plain select): the search
    sends that field's choice as the endpoint's parameter of the same name (``choices_response(narrow_by=…)``),
    lists the choices it narrows to as soon as the field is opened, waits until that field has a choice, and is
    emptied when that choice changes. The form must still refuse a combination that does not belong together:
    the page only helps.
    """

    def __init__(self, url_name, attrs=None, *, depends_on=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.depends_on = depends_on

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-search-url"] = reverse(self.url_name)
        context["widget"]["attrs"].setdefault("data-placeholder", "输入名称或代码的一部分搜索")
        if self.depends_on:
            context["widget"]["attrs"]["data-depends-on"] = self.depends_on
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [item for item in value if str(item).isdigit()]
        full = self.choices
        if not hasattr(full, "queryset"):
            return super().optgroups(name, value, attrs)
        limited = copy.copy(full)
        limited.queryset = full.queryset.filter(pk__in=chosen) if chosen else full.queryset.none()
        self.choices = limited
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = full


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """The several-choice form of ``SearchSelect``."""


@portal_view()
def enterprise_choices(request):
    return choices_response(
        request,
        Enterprise.objects.visible_to(request.user),
        fields=["name", "credit_code"],
        label=lambda enterprise: f"{enterprise.name}（{enterprise.credit_code}）",
        order_by=("name", "pk"),
    )
