"""The filters of the ledger's list pages and export, as django-filter sets.

The prefecture office may narrow a list to one unit; unit staff always see their own unit's rows, so the unit
filter means nothing for them and is ignored.
"""

import django_filters
from django.db.models import Q

from chuxiong_labor import roles
from chuxiong_labor.filters import UnitFilter

from .models import ExpertKind, ExpertMember, Inclusion


class UnitFilterMixin(django_filters.FilterSet):
    unit = UnitFilter(label="单位", method="for_unit")

    def for_unit(self, queryset, name, value):
        return queryset.for_unit(value) if roles.sees_all_units(self.request.user) else queryset


class InclusionFilter(UnitFilterMixin):
    year = django_filters.NumberFilter(label="年度", method="in_year", min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(label="服务状态", choices=[("unserved", "尚未服务")], method="by_state")
    q = django_filters.CharFilter(label="企业名称或信用代码", method="search")

    class Meta:
        model = Inclusion
        fields = []

    def in_year(self, queryset, name, value):
        return queryset.in_year(int(value))

    def by_state(self, queryset, name, value):
        return queryset.unserved()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(enterprise__name__icontains=value) | Q(enterprise__credit_code__icontains=value.upper())
        )


class ExpertFilter(UnitFilterMixin):
    kind = django_filters.ChoiceFilter(label="类别", choices=ExpertKind.choices)

    class Meta:
        model = ExpertMember
        fields = []
