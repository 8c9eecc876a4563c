from django.urls import path

from chuxiong_labor.nominations.urls import selection_urls

from . import views
from .selection import SELECTION

app_name = "coordinators"

urlpatterns = [
    path("", views.coordinator_list, name="coordinator_list"),
    path("choices/", views.coordinator_choices, name="coordinator_choices"),
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
    path("training/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("training/<int:pk>/delete/", views.training_delete, name="training_delete"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("selection/<int:year>/", views.selection_year, name="selection_year"),
    path("selection/<int:year>/submit/", views.slate_submit, name="slate_submit"),
    path("selection/<int:year>/unit-notice/", views.unit_notice_create, name="unit_notice_create"),
    path("selection/<int:year>/steps/", views.slate_step_record, name="slate_step_record"),
    path("selection/steps/<int:pk>/minutes/", views.slate_step_minutes, name="slate_step_minutes"),
    path("selection/steps/<int:pk>/delete/", views.slate_step_delete, name="slate_step_delete"),
    path("progress-reports/<int:year>/", views.progress_report_list, name="progress_report_list"),
    path("progress-reports/<int:year>/edit/", views.progress_report_edit, name="progress_report_edit"),
    path("progress-reports/report/<int:pk>/", views.progress_report_detail, name="progress_report_detail"),
    path("progress-reports/report/<int:pk>/submit/", views.progress_report_submit, name="progress_report_submit"),
    path("progress-reports/report/<int:pk>/accept/", views.progress_report_accept, name="progress_report_accept"),
    path("progress-reports/report/<int:pk>/return/", views.progress_report_return, name="progress_report_return"),
    *selection_urls(SELECTION),
]
