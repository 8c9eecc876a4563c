"""The filters of the mediation list pages and the case export, as django-filter sets."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from chuxiong_labor.deadlines import QUARTERS
from chuxiong_labor.filters import UnitFilter
from chuxiong_labor.lib import listing

from .inspections import missing_inspection
from .models import Case, Inspection, MediationOrg

CASE_STATES = [("open", "调解中"), ("approaching", "临近15日期限"), ("past", "已超过15日期限"), ("closed", "已结案")]


class OrgFilter(django_filters.FilterSet):
    unit = UnitFilter(label="县（市）")
    kind = django_filters.ChoiceFilter(label="类型", choices=MediationOrg.Kind.choices)
    flag = django_filters.ChoiceFilter(label="提示", choices=[("no_mediator", "没有调解员")], method="flagged")
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")

    class Meta:
        model = MediationOrg
        fields = []

    def flagged(self, queryset, name, value):
        return queryset.without_mediators()


class CaseFilter(django_filters.FilterSet):
    org = django_filters.ModelChoiceFilter(label="调解组织", queryset=MediationOrg.objects.all())
    unit = UnitFilter(label="县（市）", field_name="org__unit")
    year = django_filters.NumberFilter(label="收到申请年度", method="received_in", min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(label="办理状态", choices=CASE_STATES, method="in_state")
    collective = django_filters.CharFilter(label="仅集体争议", method="only_collective")
    q = django_filters.CharFilter(label="案号或当事人", method="search")

    class Meta:
        model = Case
        fields = []

    def received_in(self, queryset, name, value):
        return queryset.received_in(int(value))

    def in_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "open":
            return queryset.open()
        if value == "past":
            return queryset.past_limit(today)
        if value == "approaching":
            return queryset.approaching_limit(today)
        return queryset.closed()

    def only_collective(self, queryset, name, value):
        return queryset.collective() if value else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(employee_party__icontains=value) | Q(employer_party__icontains=value)
        )


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="调解组织或检查人员", method="search")
    unit = UnitFilter(label="县（市）", field_name="org__unit")
    year = django_filters.NumberFilter(label="年度", field_name="inspected_on__year", min_value=2000, max_value=2100)
    quarter = django_filters.ChoiceFilter(label="季度", choices=QUARTERS, field_name="inspected_on__quarter")
    flag = django_filters.ChoiceFilter(label="整改", choices=[("rectification", "待整改")], method="flagged")

    class Meta:
        model = Inspection
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(org__name__icontains=value) | Q(inspectors__icontains=value)) if value else queryset

    def flagged(self, queryset, name, value):
        return queryset.awaiting_rectification()


def grid_years(today):
    """The years the grid offers: this year back to 2021, the plan's first."""
    return [(year, f"{year}年") for year in range(today.year, 2020, -1)]


class InspectionGridFilter(django_filters.FilterSet):
    """The organisations of the quarterly grid (``inspections.grid``) of a year (this year unless chosen); the
    ``flag`` keeps those with an uninspected quarter of that year as of ``today``."""

    year = django_filters.ChoiceFilter(label="年度", choices=[], empty_label=None, method="for_year")
    q = django_filters.CharFilter(label="调解组织名称", field_name="name", lookup_expr="icontains")
    unit = UnitFilter(label="县（市）")
    kind = django_filters.ChoiceFilter(label="类型", choices=MediationOrg.Kind.choices)
    flag = django_filters.ChoiceFilter(label="检查情况", choices=[("missing", "有未检查的季度")], method="flagged")

    class Meta:
        model = MediationOrg
        fields = []

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["year"].extra["choices"] = grid_years(today)

    @property
    def chosen_year(self):
        """The grid's year: the chosen one, or this year."""
        return int(listing.value(self, "year", self.today.year))

    def for_year(self, queryset, name, value):
        return queryset  # the year chooses the grid's columns, not its rows

    def flagged(self, queryset, name, value):
        return missing_inspection(queryset, self.chosen_year, self.today)
