"""The filters of the kernel's list pages (enterprises, change history, security log), as django-filter sets."""

import django_filters
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .enterprises import Enterprise
from .lib.security import SecurityEvent
from .regions import Region


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="企业名称或统一社会信用代码", method="search")
    region = django_filters.ModelChoiceFilter(label="所在县（市）", queryset=Region.objects.all())

    class Meta:
        model = Enterprise
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(name__icontains=value) | Q(credit_code__icontains=value.upper())) if value else queryset
        )


class HistoryFilter(django_filters.FilterSet):
    model = django_filters.ModelChoiceFilter(
        label="数据类型", field_name="content_type", queryset=ContentType.objects.all()
    )
    actor = django_filters.CharFilter(label="操作人", method="by_actor")

    class Meta:
        model = LogEntry
        fields = []

    def by_actor(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(actor__username=value) | Q(actor__full_name=value)) if value else queryset


class SecurityEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="事件类型", choices=SecurityEvent.Kind.choices)

    class Meta:
        model = SecurityEvent
        fields = []
