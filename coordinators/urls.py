from django.urls import path

from . import views

app_name = "coordinators"

urlpatterns = [
    path("", views.coordinator_list, name="coordinator_list"),
    path("new/", views.coordinator_create, name="coordinator_create"),
    path("export/", views.coordinator_export, name="coordinator_export"),
    path("import/", views.coordinator_import, name="coordinator_import"),
    path("coverage/", views.coverage, name="coverage"),
    path("<int:pk>/", views.coordinator_detail, name="coordinator_detail"),
    path("<int:pk>/edit/", views.coordinator_edit, name="coordinator_edit"),
    path("<int:pk>/status/", views.coordinator_status, name="coordinator_status"),
    path("<int:pk>/services/add/", views.service_add, name="service_add"),
    path("services/<int:pk>/delete/", views.service_delete, name="service_delete"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.training_create, name="training_create"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("selection/", views.selection_current, name="selection_current"),
    path("selection/<int:year>/", views.selection_year, name="selection_year"),
    path("selection/<int:year>/round/", views.round_edit, name="round_edit"),
    path("selection/<int:year>/extensions/new/", views.extension_create, name="extension_create"),
    path("selection/<int:year>/candidates/new/", views.nomination_create, name="nomination_create"),
    path("selection/<int:year>/submit/", views.slate_submit, name="slate_submit"),
    path("selection/<int:year>/bulk/", views.nomination_bulk, name="nomination_bulk"),
    path("selection/<int:year>/notices/new/", views.notice_create, name="notice_create"),
    path("selection/<int:year>/unit-notice/", views.unit_notice_create, name="unit_notice_create"),
    path("selection/<int:year>/forms.pdf", views.batch_pdf, name="batch_pdf"),
    path("candidates/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("candidates/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("candidates/<int:pk>/action/", views.nomination_action, name="nomination_action"),
    path("candidates/<int:pk>/form.pdf", views.nomination_pdf, name="nomination_pdf"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/objections/new/", views.objection_create, name="objection_create"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
]
