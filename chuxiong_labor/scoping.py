"""Record scope: which rows a user may see. ``visible_to`` is the only place this is decided."""

from django.db import models
from django.http import Http404

from .lib.security import record_security_event
from .roles import UNIT_STAFF, sees_all_units


class UnitScopedQuerySet(models.QuerySet):
    """A QuerySet of records owned by a unit.

    Subclasses set ``unit_path`` to the lookup that reaches the owning ``Unit`` (``"unit"`` by default,
    ``"nomination__unit"`` for a child row).
    """

    unit_path = "unit"

    def visible_to(self, user):
        """Keep the rows ``user`` may read: all for prefecture-wide roles, their own unit's for unit staff."""
        if sees_all_units(user):
            return self
        if user.is_authenticated and user.is_active and user.role in UNIT_STAFF and user.unit_id:
            return self.filter(**{self.unit_path: user.unit_id})
        return self.none()

    def for_unit(self, unit):
        """Keep the rows owned by ``unit``."""
        return self.filter(**{self.unit_path: unit})


class RegionScopedQuerySet(models.QuerySet):
    """A QuerySet of records placed in the region tree (enterprises, organisations).

    Unit staff see the records in their unit's region and below it: a county office its county, a prefecture
    member unit the whole prefecture.
    """

    region_path = "region"

    def visible_to(self, user):
        """Keep the rows ``user`` may read."""
        if sees_all_units(user):
            return self
        if user.is_authenticated and user.is_active and user.role in UNIT_STAFF and user.unit_id:
            return self.filter(**{f"{self.region_path}__path__startswith": user.unit.region.path})
        return self.none()


def get_visible_or_404(queryset, request, **lookup):
    """Return the row matching ``lookup`` that ``request.user`` may see, or raise 404.

    A row that exists but is out of the user's scope is also 404 (its existence is not revealed); the refusal is
    logged as a security event.
    """
    try:
        return queryset.visible_to(request.user).get(**lookup)
    except queryset.model.DoesNotExist:
        if queryset.filter(**lookup).exists():
            record_security_event(
                "access_denied", request=request, detail=f"超出范围：{queryset.model._meta.label} {lookup}"
            )
        raise Http404("没有找到该记录，或您无权查看。") from None


class SharedQuerySet(models.QuerySet):
    """A QuerySet of records every signed-in user may read (plan targets, the calendar)."""

    def visible_to(self, user):
        """Keep every row for an active signed-in user, none otherwise."""
        return self if user.is_authenticated and user.is_active else self.none()
