"""The filters of the monthly-report list and the duty list, as django-filter sets."""

import django_filters

from chuxiong_labor import roles
from chuxiong_labor.deadlines import QUARTERS, Duty
from chuxiong_labor.filters import UnitFilter
from chuxiong_labor.quotas import PlanCycle

from .models import MonthlyReport


class ReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="year", min_value=2000, max_value=2100)
    month = django_filters.NumberFilter(label="月份", field_name="month", min_value=1, max_value=12)
    status = django_filters.ChoiceFilter(label="状态", choices=MonthlyReport.Status.choices)
    # Unit staff see their own unit's reports only, so the unit filter is the prefecture office's.
    unit = UnitFilter(label="单位", method="for_unit")

    class Meta:
        model = MonthlyReport
        fields = []

    def for_unit(self, queryset, name, value):
        return queryset.filter(unit=value) if roles.sees_all_units(self.request.user) else queryset


ANNEXES = [(0, "通知正文")] + [(number, f"附件{number}") for number in range(1, 7)]


class DutyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="search")
    annex = django_filters.ChoiceFilter(label="附件", choices=ANNEXES)
    unit = UnitFilter(label="责任单位", method="for_unit")
    quarter = django_filters.ChoiceFilter(label="季度", choices=QUARTERS, method="in_quarter")
    cycle = django_filters.ModelChoiceFilter(label="计划周期", queryset=PlanCycle.objects.all())

    class Meta:
        model = Duty
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.search(value) if value else queryset

    def for_unit(self, queryset, name, value):
        return queryset.for_unit(value)

    def in_quarter(self, queryset, name, value):
        return queryset.due_in_quarter(int(value))
