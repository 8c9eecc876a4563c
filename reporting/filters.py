"""The filters of the monthly-report list, as a django-filter set."""

import django_filters

from chuxiong_labor import roles
from chuxiong_labor.units import Unit

from .models import MonthlyReport


class ReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="year", min_value=2000, max_value=2100)
    month = django_filters.NumberFilter(label="月份", field_name="month", min_value=1, max_value=12)
    status = django_filters.ChoiceFilter(label="状态", choices=MonthlyReport.Status.choices)
    # Unit staff see their own unit's reports only, so the unit filter is the prefecture office's.
    unit = django_filters.ModelChoiceFilter(label="单位", queryset=Unit.objects.all(), method="for_unit")

    class Meta:
        model = MonthlyReport
        fields = []

    def for_unit(self, queryset, name, value):
        return queryset.filter(unit=value) if roles.sees_all_units(self.request.user) else queryset
