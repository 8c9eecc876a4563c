"""The filters of the shared selection pages: every year page's candidate list (by name, nominating unit and
status) and the batch of recommendation forms, as one django-filter set.

It declares its filters without a model, so it serves every programme's candidate model; the name search reads
the selection's ``search_fields``. The unit's choices are the units of the candidates the user sees, never more:
a county user is offered their own unit only, and a panel member the units whose candidates they score.
"""

import django_filters
from django.db.models import Q

from ..units import Unit
from .workflow import Status


class CandidateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称", method="search")
    unit = django_filters.ModelChoiceFilter(label="推荐单位", queryset=Unit.objects.none())
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices)

    def __init__(self, data=None, queryset=None, *, selection, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.selection = selection
        self.filters["q"].label = selection.search_label
        self.filters["unit"].queryset = Unit.objects.filter(pk__in=self.queryset.values("unit")).in_table_order()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.selection.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)
