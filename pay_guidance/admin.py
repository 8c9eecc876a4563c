from django.contrib import admin

from .models import MinimumWage, WageGuideline


@admin.register(WageGuideline)
class WageGuidelineAdmin(admin.ModelAdmin):
    list_display = ["year", "baseline_pct", "upper_pct", "lower_pct", "is_confirmed", "source"]


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ["region", "tier", "monthly_yuan", "effective_from", "is_confirmed", "source"]
    list_filter = ["tier", "is_confirmed"]
