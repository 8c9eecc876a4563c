from django.urls import path

from . import views

app_name = "social_orgs"

urlpatterns = [
    path("", views.org_list, name="org_list"),
    path("summary/", views.org_summary, name="org_summary"),
    path("orgs/new/", views.org_create, name="org_create"),
    path("orgs/<int:pk>/", views.org_detail, name="org_detail"),
    path("orgs/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("selection/", views.selection_current, name="selection_current"),
    path("selection/<int:year>/", views.selection_year, name="selection_year"),
    path("selection/<int:year>/candidates/new/", views.nomination_create, name="nomination_create"),
    path("selection/<int:year>/notices/new/", views.notice_create, name="notice_create"),
    path("candidates/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("candidates/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("candidates/<int:pk>/action/", views.nomination_action, name="nomination_action"),
    path("candidates/<int:pk>/score/", views.nomination_score, name="nomination_score"),
    path("candidates/<int:pk>/plaque/", views.nomination_plaque, name="nomination_plaque"),
    path("candidates/<int:pk>/form.pdf", views.nomination_pdf, name="nomination_pdf"),
    path("criteria/", views.criterion_list, name="criterion_list"),
    path("criteria/new/", views.criterion_create, name="criterion_create"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
]
