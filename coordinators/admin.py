from django.contrib import admin

from .models import Coordinator, Meeting, Nomination, TrainingBatch


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "employer", "skill_level", "status"]
    list_filter = ["unit", "status", "skill_level"]
    search_fields = ["name", "employer_name"]
    raw_id_fields = ["employer"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["coordinator", "unit", "round", "status"]
    list_filter = ["round", "status", "unit"]
    raw_id_fields = ["coordinator"]
    readonly_fields = ["status", "status_changed_at"]


admin.site.register(TrainingBatch)
admin.site.register(Meeting)
