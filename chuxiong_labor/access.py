"""One decorator for every portal view: login, role gate, POST-only mutations and the scoped object fetch.

    @portal_view(model=Enterprise, roles=WRITERS, mutation=True)
    def enterprise_delete(request, enterprise): ...

    @public_view
    def published_tables(request, year): ...    # no login: public pages only

The decorator records what it was told on the view (``view.portal_access``), which is how the access-matrix
test finds, for every URL of the project, which model it reads, who may use it and whether it changes data.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from .scoping import get_visible_or_404


@dataclass(frozen=True)
class Access:
    model: type | None
    roles: frozenset | None
    mutation: bool
    public: bool = False
    starts_job: bool = False


def portal_view(*, model=None, roles=None, mutation=False, starts_job=False):
    """Wrap a function view.

    ``model``: the view takes ``pk`` from the URL and receives the object, fetched through
    ``model.objects.visible_to(user)`` (404 when out of scope) as its second argument.
    ``roles``: the roles that may use the view at all (others get 403); ``None`` for every signed-in role.
    Scope comes before role: an object out of the user's scope is 404 whatever the role, so that no answer
    (403 rather than 404) tells that another unit's record exists.
    ``mutation``: the view changes data and answers POST only (GET is 405).
    ``starts_job``: the view starts a job (an export, a batch of PDFs) for whoever may read what it makes, the
    leader too: POST only like a mutation (a link must not start work), though it changes no record.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if model is not None:
                args = (get_visible_or_404(model.objects.all(), request, pk=kwargs.pop("pk")), *args)
            if roles is not None and request.user.role not in roles:
                raise PermissionDenied("您的角色无权进行此操作。")
            return view(request, *args, **kwargs)

        gated = login_required(wrapper)
        if mutation or starts_job:
            gated = require_POST(gated)
        gated.portal_access = Access(
            model=model,
            roles=frozenset(roles) if roles else None,
            mutation=mutation or starts_job,
            starts_job=starts_job,
        )
        return gated

    return decorate


def public_view(view):
    """Declare a page anyone may read without signing in (GET only, no object by ``pk``).

    Such a page must show only what is meant for the public (for example issued wage tables); the access
    matrix checks that an anonymous visitor gets it and that it changes nothing.
    """
    from django.views.decorators.http import require_safe

    gated = require_safe(view)
    gated.portal_access = Access(model=None, roles=None, mutation=False, public=True)
    return gated
