"""List filters of annex 5 (django-filter)."""

import django_filters
from django.db.models import Q

from chuxiong_labor.filters import UnitFilter

from .models import Lead, Level, MonitoredEnterprise, Reason


class MonitoredFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度")
    unit = UnitFilter(empty_label="全部单位")
    reason = django_filters.ChoiceFilter(
        label="原因", choices=Reason.choices, method="with_reason", empty_label="全部原因"
    )
    q = django_filters.CharFilter(label="企业名称或信用代码", method="search")
    removed = django_filters.BooleanFilter(label="已调出", field_name="removed_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = MonitoredEnterprise
        fields = ["year", "unit", "reason", "q", "removed"]

    def with_reason(self, queryset, name, value):
        # JSON containment is not available on SQLite; the quoted code inside the stored list is unambiguous.
        return queryset.filter(reasons__icontains=f'"{value}"')

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(enterprise__name__icontains=value) | Q(enterprise__credit_code__icontains=value.upper())
        )


class LeadOrdering(django_filters.OrderingFilter):
    """The lead list's sort choices, each a whole order that ends with the key (the same direction throughout), so
    that an index of ``Lead`` serves it and the last page costs what the first does."""

    ORDERS = {
        "level": ("level_rank", "due_on", "pk"),
        "due_on": ("due_on", "pk"),
        "opened_on": ("opened_on", "pk"),
        "unit": ("unit_id", "pk"),
    }

    def filter(self, qs, value):
        if not value:
            return qs
        fields = []
        for param in value:
            descending = param.startswith("-")
            fields += [("-" if descending else "") + name for name in self.ORDERS[param.lstrip("-")]]
        return qs.order_by(*fields)


class LeadFilter(django_filters.FilterSet):
    unit = UnitFilter(empty_label="全部单位")
    level = django_filters.ChoiceFilter(label="等级", choices=Level.choices, empty_label="全部等级")
    status = django_filters.ChoiceFilter(label="状态", choices=Lead.Status.choices, empty_label="全部状态")
    overdue = django_filters.BooleanFilter(label="仅看逾期", method="only_overdue")
    order = LeadOrdering(
        label="排序",
        fields=(
            ("level_rank", "level"),
            ("due_on", "due_on"),
            ("opened_on", "opened_on"),
            ("unit__sort_order", "unit"),
        ),
        field_labels={"level_rank": "等级", "due_on": "办结时限", "opened_on": "发现日期", "unit__sort_order": "单位"},
        empty_label="默认排序",
    )

    class Meta:
        model = Lead
        fields = ["unit", "level", "status"]

    def only_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
