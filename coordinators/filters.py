"""The filters of annex 1's list pages, as django-filter sets."""

import django_filters

from chuxiong_labor.filters import UnitFilter

from .models import Coordinator, CoordinatorStatus


class CoordinatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名或从业单位", method="search")
    status = django_filters.ChoiceFilter(label="状态", choices=CoordinatorStatus.choices)
    unit = UnitFilter(label="单位")

    class Meta:
        model = Coordinator
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.search(value) if value else queryset
