from django.urls import path

from chuxiong_labor.nominations.urls import selection_urls

from . import views
from .selection import SELECTION

app_name = "social_orgs"

urlpatterns = [
    path("", views.org_list, name="org_list"),
    path("choices/", views.org_choices, name="org_choices"),
    path("summary/", views.org_summary, name="org_summary"),
    path("orgs/new/", views.org_create, name="org_create"),
    path("orgs/<int:pk>/", views.org_detail, name="org_detail"),
    path("orgs/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("selection/<int:year>/", views.selection_year, name="selection_year"),
    path("candidates/<int:pk>/plaque/", views.nomination_plaque, name="nomination_plaque"),
    *selection_urls(SELECTION),
]
