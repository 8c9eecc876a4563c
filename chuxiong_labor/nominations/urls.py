"""The URLs of the shared selection pages.

``urlpatterns`` holds the notice pages (one for every programme), mounted by the kernel's ``urls.py``.
``selection_urls(selection)`` gives an app its copy of every candidate, round and panel page: each is a view of
``views.py`` wrapped in ``portal_view`` with the selection's model and roles, and called with the selection.
"""

from django.urls import path

from ..access import portal_view
from ..roles import OFFICE, PANEL_MEMBERS, WRITERS
from . import views

urlpatterns = [
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/objections/new/", views.objection_create, name="objection_create"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
]


def selection_urls(selection):
    """Return the URL patterns of ``selection``'s shared pages, to be listed in the app's ``urlpatterns``."""
    model = selection.model

    def page(route, view, name, **access):
        # Every page of a selection lives under selection/, so the menu marks the selection's entry on them.
        route = route if route.startswith("selection/") else f"selection/{route}"
        return path(route, portal_view(**access)(view), {"selection": selection}, name=name)

    patterns = [
        page("selection/", views.selection_current, "selection_current"),
        page("selection/<int:year>/forms.pdf", views.batch_pdf, "batch_pdf", starts_job=True),
        page("candidates/<int:pk>/form.pdf", views.nomination_pdf, "nomination_pdf", model=model),
        page("selection/<int:year>/round/", views.round_edit, "round_edit", roles=OFFICE),
        page(
            "selection/<int:year>/extensions/new/",
            views.extension_create,
            "extension_create",
            roles=OFFICE,
            mutation=True,
        ),
        page(
            "selection/<int:year>/candidates/new/",
            views.nomination_create,
            "nomination_create",
            roles=selection.nominators,
        ),
        page("selection/<int:year>/bulk/", views.nomination_bulk, "nomination_bulk", roles=OFFICE, mutation=True),
        page("selection/<int:year>/notices/new/", views.notice_create, "notice_create", roles=OFFICE),
        page("candidates/<int:pk>/", views.nomination_detail, "nomination_detail", model=model),
        page(
            "candidates/<int:pk>/edit/",
            views.nomination_edit,
            "nomination_edit",
            model=model,
            roles=selection.nominators,
        ),
        page(
            "candidates/<int:pk>/action/",
            views.nomination_action,
            "nomination_action",
            model=model,
            roles=WRITERS,
            mutation=True,
        ),
    ]
    if selection.panel is not None:
        criterion = selection.panel.criterion
        patterns += [
            page(
                "candidates/<int:pk>/score/",
                views.nomination_score,
                "nomination_score",
                model=model,
                roles=PANEL_MEMBERS,
            ),
            page("selection/<int:year>/panel/", views.panel_edit, "panel_edit", roles=OFFICE),
            page("criteria/", views.criterion_list, "criterion_list"),
            page("criteria/new/", views.criterion_create, "criterion_create", roles=OFFICE),
            page("criteria/<int:pk>/edit/", views.criterion_edit, "criterion_edit", model=criterion, roles=OFFICE),
        ]
    return patterns
