"""The filters of the kernel's list pages (enterprises, change history, security log), as django-filter sets, and
``UnitFilter``, the unit filter of any list: it offers only the units whose records the user sees."""

import django_filters
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .enterprises import Enterprise
from .lib.security import SecurityEvent
from .regions import Region
from .roles import is_unit_scoped, sees_all_units
from .units import Unit


def visible_units(request):
    """Return the units a list's unit filter offers ``request.user``: every unit to the prefecture-wide roles,
    their own unit to unit staff, none to anyone else."""
    user = getattr(request, "user", None)
    if user is None:
        return Unit.objects.none()
    if sees_all_units(user):
        return Unit.objects.in_table_order()
    if is_unit_scoped(user) and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


class UnitFilter(django_filters.ModelChoiceFilter):
    """A filter by unit whose choices are ``visible_units``: a county user is offered their own unit only, so a
    hand-written key of another unit is refused like any invalid value (``listing.filter_list``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "单位")
        kwargs.setdefault("queryset", visible_units)
        super().__init__(*args, **kwargs)


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
