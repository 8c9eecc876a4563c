from django.urls import path

from . import views

app_name = "pay_guidance"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("sample/add/", views.survey_add, name="survey_add"),
    path("import/", views.survey_import, name="survey_import"),
    path("import/confirm/", views.survey_import_confirm, name="survey_import_confirm"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/action/", views.survey_action, name="survey_action"),
    path("surveys/<int:pk>/feedback.pdf", views.survey_feedback, name="survey_feedback"),
    path("feedback.pdf", views.feedback_batch, name="feedback_batch"),
    path("wage-levels/", views.wage_table, name="wage_table"),
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/new/", views.publication_create, name="publication_create"),
    path("publications/<int:pk>/", views.publication_detail, name="publication_detail"),
    path("publications/<int:pk>/action/", views.publication_action, name="publication_action"),
    path("publications/<int:pk>/refresh/", views.publication_refresh, name="publication_refresh"),
    path("publications/<int:pk>/revise/", views.publication_revise, name="publication_revise"),
    path("publications/<int:pk>/tables.xlsx", views.publication_workbook, name="publication_workbook"),
    path("publications/<int:pk>/booklet.pdf", views.publication_booklet, name="publication_booklet"),
    path("public/", views.public_index, name="public_index"),
    path("public/<int:year>/", views.public_year, name="public_year"),
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("guidance/", views.guidance_list, name="guidance_list"),
    path("guidance/new/", views.guidance_create, name="guidance_create"),
    path("guidance/<int:pk>/edit/", views.guidance_edit, name="guidance_edit"),
    path("reports/", views.report_grid, name="report_grid"),
    path("reports/grid.xlsx", views.report_grid_export, name="report_grid_export"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/action/", views.report_action, name="report_action"),
    path("demonstrations/", views.demonstration_list, name="demonstration_list"),
    path("demonstrations/new/", views.demonstration_create, name="demonstration_create"),
    path("demonstrations/<int:pk>/edit/", views.demonstration_edit, name="demonstration_edit"),
    path("demonstrations/<int:pk>/events/new/", views.event_create, name="event_create"),
]
