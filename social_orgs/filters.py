"""The filters of the social organisations registry, as a django-filter set."""

import django_filters
from django.db.models import Q

from chuxiong_labor.filters import UnitFilter

from .models import Service, SocialOrg


class SocialOrgFilter(django_filters.FilterSet):
    unit = UnitFilter(label="县（市）")
    kind = django_filters.ChoiceFilter(label="类型", choices=SocialOrg.Kind.choices)
    service = django_filters.ChoiceFilter(label="服务内容", choices=Service.choices, method="offering")
    q = django_filters.CharFilter(label="名称或统一社会信用代码", method="search")

    class Meta:
        model = SocialOrg
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(name__icontains=value) | Q(credit_code__icontains=value.upper())) if value else queryset
        )

    def offering(self, queryset, name, value):
        # JSON containment differs between SQLite and PostgreSQL; the registry is small, so filter the ids here.
        ids = [pk for pk, offered in queryset.values_list("pk", "services") if value in (offered or [])]
        return queryset.filter(pk__in=ids)
