"""The one edit path: how every create and edit page shows its form and saves it.

A page reads top to bottom as scope → permission → form → versioned save → history → message → redirect:

    @portal_view(model=Visit, roles=WRITERS)          # scope (404) and role (403)
    def visit_edit(request, visit):
        if not permissions.can_change(request.user, visit):
            raise PermissionDenied(...)                 # permission on the record as loaded
        form = VisitForm(request.POST or None, instance=visit)
        return edit_page(request, form, template=..., message="已保存。", success_url=visit.monitored)

``edit_page`` saves through ``lib.concurrency.save_form`` (or the app's own service, given as ``save``): in one transaction, in
the actor's name (so the history names who changed what), and through ``save_versioned`` with the version the
form was loaded with, so a form opened before someone else saved the same record is refused with the kernel's
message (``STALE_MESSAGE``) instead of overwriting that change. Any refusal (``ActionRefused``, of which
``StaleEdit`` is one) re-shows the form with what was typed and the refusal above it; a success is one message
and a redirect. ``permission(instance)`` is asked after the form is valid, for what the form chose (a create's
unit): False is 403, as ``portal_view`` answers for roles.

``tests/test_edit_path.py`` opens every edit page of the project as every role that reaches it and saves a form
opened before another save: each must be refused with ``STALE_MESSAGE`` and keep what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from .lib.concurrency import save_form
from .lib.errors import ActionRefused


def edit_page(
    request,
    form,
    *,
    template,
    message,
    success_url,
    context=None,
    save=save_form,
    permission=None,
    refusal="您无权为该单位登记或修改此记录。",
):
    """Show ``form`` on ``template`` and, on a valid POST, save it and redirect; return the response.

    ``message`` and ``success_url`` may be callables of the saved record. ``save(form, actor=)`` is the service
    that writes (``save_form`` by default); whatever it refuses is shown on the form, with what was typed kept.
    ``permission(instance) -> bool`` is checked on the validated instance before saving (403 with ``refusal``).
    """
    if request.method == "POST" and form.is_valid():
        if permission is not None and not permission(form.instance):
            raise PermissionDenied(refusal)
        try:
            saved = save(form, actor=request.user)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, message(saved) if callable(message) else message)
            return redirect(success_url(saved) if callable(success_url) else success_url)
    return render(request, template, {"form": form, **(context or {})})
