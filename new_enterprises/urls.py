from django.urls import path

from . import views

app_name = "new_enterprises"

urlpatterns = [
    path("", views.inclusion_list, name="inclusion_list"),
    path("inclusions/new/", views.inclusion_create, name="inclusion_create"),
    path("inclusions/<int:pk>/", views.inclusion_detail, name="inclusion_detail"),
    path("inclusions/<int:pk>/edit/", views.inclusion_edit, name="inclusion_edit"),
    path("inclusions/<int:pk>/services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("services/<int:pk>/delete/", views.service_delete, name="service_delete"),
    path("roster/", views.roster_status, name="roster_status"),
    path("roster/submit/", views.roster_submit, name="roster_submit"),
    path("roster/import/", views.roster_import, name="roster_import"),
    path("roster/import/confirm/", views.roster_import_confirm, name="roster_import_confirm"),
    path("progress/", views.progress, name="progress"),
    path("export/ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("enterprises/<int:pk>/sheet.pdf", views.enterprise_sheet, name="enterprise_sheet"),
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("summaries/", views.summary_list, name="summary_list"),
    path("summaries/<int:year>/edit/", views.summary_edit, name="summary_edit"),
    path("summaries/<int:pk>/", views.summary_detail, name="summary_detail"),
]
