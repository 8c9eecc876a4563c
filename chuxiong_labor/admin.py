import io

from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotAllowed, QueryDict
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ExportMixin
from import_export.resources import modelresource_factory

from .downloads import redirect_to_job
from .lib.errors import ActionRefused
from .lib.jobs import job
from .lib.spreadsheets import ChineseResource, simple_workbook
from .lockout import unlock_account
from .models import Duty, Enterprise, PlanCycle, Programme, Region, RegionAlias, SecurityEvent, Target, Unit, User
from .passwords import AdminCreateUserForm, AdminSetPasswordForm

# Pages of other apps that the admin leaves out: the change history is read in Chinese on 变更记录 (auditlog's own
# page shows raw field names and values); django-axes keeps no access logs here (AXES_DISABLE_ACCESS_LOG), so
# its two log pages would always be empty; and rights come from each user's role (roles.py), never from Django's
# groups or permissions, so neither is offered (an administrator is a superuser).
admin.site.unregister(LogEntry)
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)
admin.site.unregister(Group)


ADMIN_EXPORT_JOB = "chuxiong_labor.admin_export"


class ChineseExportMixin(ExportMixin):
    """The admin's 导出 button: a POST that starts a job (``lib/jobs``) writing the list as filtered (xlsx, the
    only format), every column under its Chinese name and every value as the pages show it (``ChineseResource``).
    At ×100 the enterprise list took longer than the web worker's timeout when written in the request."""

    skip_export_form = True
    skip_export_form_from_action = True

    class Media:
        css = {"all": ["css/admin-export.css"]}

    def get_export_resource_classes(self, request):
        return [modelresource_factory(self.model, resource_class=ChineseResource)]

    def export_action(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_export_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        listing = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        query = request.GET.urlencode()
        return redirect_to_job(
            request,
            ADMIN_EXPORT_JOB,
            title=f"导出{opts.verbose_name_plural}",
            params={"model": opts.label_lower, "query": query},
            source_url=listing + (f"?{query}" if query else ""),
        )


@job(ADMIN_EXPORT_JOB)
def admin_export(run, *, model, query):
    """Write the admin's list of ``model`` filtered by ``query`` (the list's query string) as the owner sees it,
    a row at a time into a streamed workbook."""
    model_admin = admin.site._registry[apps.get_model(model)]
    request = HttpRequest()
    request.method, request.GET, request.user = "GET", QueryDict(query), run.owner
    if not (run.owner.is_active and run.owner.is_staff and model_admin.has_view_permission(request)):
        raise ActionRefused("您没有查看该列表的权限，无法导出。")
    queryset = model_admin.get_export_queryset(request)
    run.progress(0, queryset.count())
    resource = model_admin.get_export_resource_classes(request)[0]()
    rows = (resource.export_resource(item) for item in resource.iter_queryset(queryset))
    workbook = simple_workbook(str(model_admin.opts.verbose_name_plural), resource.get_export_headers(), rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    run.progress(run.total)
    return f"{model_admin.opts.verbose_name_plural}-{timezone.localdate():%Y-%m-%d}.xlsx", buffer.getvalue()


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows records and never changes them (logs)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegionAliasInline(admin.TabularInline):
    model = RegionAlias
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    inlines = [RegionAliasInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "region", "contact_person", "contact_phone", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "aliases"]


@admin.register(Enterprise)
class EnterpriseAdmin(ChineseExportMixin, admin.ModelAdmin):
    list_display = ["name", "credit_code", "region", "industry", "size_class", "registered_on"]
    list_filter = ["region", "industry", "size_class", "ownership"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["credit_code_override_by", "credit_code_override_at", "version"]


class TargetInline(admin.TabularInline):
    model = Target
    fk_name = "programme"
    extra = 0
    fields = ["unit_label", "unit", "period", "year_from", "year_to", "per_year", "comparator", "value", "value_max"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "annex", "kind"]
    list_filter = ["cycle", "annex", "kind"]
    inlines = [TargetInline]


@admin.register(PlanCycle)
class PlanCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "document", "start_year", "end_year"]


@admin.register(Duty)
class DutyAdmin(admin.ModelAdmin):
    list_display = ["title", "annex", "scope", "recurrence", "due_on", "month", "day", "cycle"]
    list_filter = ["cycle", "annex", "scope", "recurrence"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    add_form = AdminCreateUserForm
    change_password_form = AdminSetPasswordForm
    list_display = ["username", "full_name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "unit", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["full_name", "email", "phone"]}),
        ("平台角色", {"fields": ["role", "unit", "must_change_password"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("重要日期", {"fields": ["last_login", "date_joined"]}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (("平台角色", {"fields": ["full_name", "role", "unit", "phone"]}),)
    actions = ["unlock_sign_in"]

    @admin.action(description="解除登录锁定")
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            unlock_account(user, actor=request.user)
        self.message_user(request, f"已解除{queryset.count()}个账号的登录锁定，记录见安全事件。")


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "ip_address", "path", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
