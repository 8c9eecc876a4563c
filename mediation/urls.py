from django.urls import path

from chuxiong_labor.nominations.urls import selection_urls

from . import views
from .selection import SELECTION

app_name = "mediation"

urlpatterns = [
    path("", views.org_list, name="org_list"),
    path("choices/", views.org_choices, name="org_choices"),
    path("mediators/choices/", views.mediator_choices, name="mediator_choices"),
    path("orgs/new/", views.org_create, name="org_create"),
    path("orgs/<int:pk>/", views.org_detail, name="org_detail"),
    path("orgs/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("orgs/<int:pk>/mediators/new/", views.mediator_create, name="mediator_create"),
    path("orgs/<int:pk>/inspections/new/", views.inspection_create, name="inspection_create"),
    path("mediators/<int:pk>/edit/", views.mediator_edit, name="mediator_edit"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/export/", views.case_export, name="case_export"),
    path("cases/import/", views.case_import, name="case_import"),
    path("cases/import/confirm/", views.case_import_confirm, name="case_import_confirm"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("figures/", views.figures, name="figures"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/quarters/", views.inspection_grid, name="inspection_grid"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("checklist/", views.rule_list, name="rule_list"),
    path("checklist/new/", views.rule_create, name="rule_create"),
    path("checklist/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("calendar/", views.holiday_list, name="holiday_list"),
    path("calendar/new/", views.holiday_create, name="holiday_create"),
    path("calendar/weekend-rule/", views.weekend_rule_edit, name="weekend_rule_edit"),
    path("calendar/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
    path("selection/<int:year>/", views.selection_year, name="selection_year"),
    *selection_urls(SELECTION),
]
