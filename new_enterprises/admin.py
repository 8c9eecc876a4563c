from django.contrib import admin

from chuxiong_labor.admin import ChineseExportMixin

from .models import AnnualSummary, ExpertMember, Inclusion, RosterSubmission, ServiceExpert, ServiceRecord


class ServiceRecordInline(admin.TabularInline):
    model = ServiceRecord
    extra = 0
    fields = ["served_on", "kind", "content", "follow_up_on"]


@admin.register(Inclusion)
class InclusionAdmin(ChineseExportMixin, admin.ModelAdmin):
    list_display = ["enterprise", "unit", "year", "level", "department", "is_demonstration"]
    list_filter = ["year", "level", "unit", "is_demonstration"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    raw_id_fields = ["enterprise"]
    inlines = [ServiceRecordInline]


class ServiceExpertInline(admin.TabularInline):
    model = ServiceExpert
    extra = 0


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ChineseExportMixin, admin.ModelAdmin):
    list_display = ["inclusion", "served_on", "kind", "follow_up_on"]
    list_filter = ["kind", "inclusion__unit"]
    search_fields = ["inclusion__enterprise__name", "content"]
    raw_id_fields = ["inclusion"]
    inlines = [ServiceExpertInline]


@admin.register(ExpertMember)
class ExpertMemberAdmin(ChineseExportMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "organisation", "phone", "is_active"]
    list_filter = ["kind", "unit", "is_active"]
    search_fields = ["name", "organisation"]


@admin.register(RosterSubmission)
class RosterSubmissionAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "submitted_at", "submitted_by", "enterprise_count"]
    list_filter = ["year"]


@admin.register(AnnualSummary)
class AnnualSummaryAdmin(ChineseExportMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "submitted_at", "updated_at"]
    list_filter = ["year"]
