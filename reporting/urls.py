from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("timeliness/", views.timeliness, name="timeliness"),
    path("timeliness/export/", views.timeliness_export, name="timeliness_export"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/duties/", views.duty_list, name="duty_list"),
    path("calendar/duties/new/", views.duty_create, name="duty_create"),
    path("calendar/duties/<int:pk>/edit/", views.duty_edit, name="duty_edit"),
    path("calendar/duties/<int:pk>/reschedule/", views.duty_reschedule, name="duty_reschedule"),
    path("calendar/duties/<int:pk>/done/", views.duty_mark, name="duty_mark"),
    path("calendar/marks/<int:pk>/delete/", views.completion_delete, name="completion_delete"),
    path("circulars/", views.circular_list, name="circular_list"),
    path("circulars/new/", views.circular_create, name="circular_create"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular_detail"),
    path("circulars/<int:pk>/edit/", views.circular_edit, name="circular_edit"),
    path("circulars/<int:pk>/issue/", views.circular_issue, name="circular_issue"),
    path("circulars/<int:pk>/pdf/", views.circular_pdf, name="circular_pdf"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("print/", views.print_centre, name="print_centre"),
    path("print/documents/", views.print_documents, name="print_documents"),
    path("print/batch/", views.print_batch_pdf, name="print_batch_pdf"),
    path("settings/", views.settings_edit, name="settings_edit"),
]
