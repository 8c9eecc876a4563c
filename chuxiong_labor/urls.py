from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import downloads, imports, passwords, search, views
from .forms import PortalAuthenticationForm

admin.site.site_header = "楚雄州劳动关系工作平台 · 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", passwords.password_change, name="password_change"),
    path("targets/", views.targets, name="targets"),
    path("targets/cycles/new/", views.cycle_create, name="cycle_create"),
    path("targets/programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/choices/", search.enterprise_choices, name="enterprise_choices"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("history/", views.history_list, name="history_list"),
    path("history/security/", views.security_list, name="security_list"),
    # The public notices of every gold selection (each links back to its programme's year page).
    path("", include("chuxiong_labor.nominations.urls")),
    path("jobs/<int:pk>/", downloads.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", downloads.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", downloads.job_download, name="job_download"),
    path("imports/problems/", imports.import_problems, name="import_problems"),
    path("admin/", admin.site.urls),
]

# Each annex app listed in settings.ANNEX_APPS is mounted under its own namespace.
for app in settings.ANNEX_APPS:
    urlpatterns.append(path(f"{app.replace('_', '-')}/", include(f"{app}.urls")))

handler400 = "chuxiong_labor.views.bad_request"
handler403 = "chuxiong_labor.views.permission_denied"
handler404 = "chuxiong_labor.views.page_not_found"
handler500 = "chuxiong_labor.views.server_error"
