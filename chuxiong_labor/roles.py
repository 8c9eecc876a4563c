"""The portal's roles, in one place. Code asks these questions; it never compares group names."""

from django.db import models


class Role(models.TextChoices):
    COUNTY_STAFF = "county_staff", "县（市）三方办工作人员"
    MEMBER_STAFF = "member_staff", "州级成员单位工作人员"
    REVIEWER = "reviewer", "州三方办审核人员"
    LEADER = "leader", "领导（只读）"
    ADMIN = "admin", "系统管理员"


# The role sets, defined once: views pass them to ``portal_view(roles=…)`` and the rules below read them.
# Unit staff write for their own unit and see only its records.
UNIT_STAFF = frozenset({Role.COUNTY_STAFF, Role.MEMBER_STAFF})
# The county offices alone (annexes 2 and 3: only counties put organisations forward).
COUNTY_STAFF = frozenset({Role.COUNTY_STAFF})
# The prefecture office: reviews, approves and returns, and writes for any unit.
OFFICE = frozenset({Role.REVIEWER, Role.ADMIN})
# Everyone who enters data at all (which unit they may write for is decided per record); leaders only read.
WRITERS = UNIT_STAFF | OFFICE
# Roles that read every unit's records.
PREFECTURE_WIDE = OFFICE | {Role.LEADER}
ADMINS = frozenset({Role.ADMIN})
# Review panels: the member units' staff and the prefecture office.
PANEL_MEMBERS = OFFICE | {Role.MEMBER_STAFF}


def is_unit_scoped(user):
    """Return whether ``user`` sees only the records of their own unit."""
    return user.is_authenticated and user.role in UNIT_STAFF


def sees_all_units(user):
    """Return whether ``user`` may read every unit's records."""
    return user.is_authenticated and user.is_active and user.role in PREFECTURE_WIDE


def can_write(user):
    """Return whether ``user`` enters data at all: unit staff (for their unit) and the prefecture office."""
    return user.is_authenticated and user.is_active and user.role in WRITERS


def can_review(user):
    """Return whether ``user`` reviews, approves and returns on behalf of the prefecture office."""
    return user.is_authenticated and user.is_active and user.role in OFFICE


def can_administer(user):
    """Return whether ``user`` is a system administrator (targets, users, overrides, history)."""
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN


def can_write_for_unit(user, unit):
    """Return whether ``user`` may enter or change records owned by ``unit``.

    Unit staff write for their own unit only; the prefecture office (reviewers, administrators) may write for
    any unit; leaders only read.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role in UNIT_STAFF:
        return unit is not None and user.unit_id == unit.pk
    return user.role in OFFICE
