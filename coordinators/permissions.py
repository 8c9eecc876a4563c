"""Who may do what in annex 1. Each rule is a small function; views turn False into 403."""

from chuxiong_labor import roles
from chuxiong_labor.roles import Role
from chuxiong_labor.workflow import ACTING_LEVEL, Action, Level

# Roles that may open the entry forms at all (which unit they may write for is decided per object).
WRITERS = frozenset({Role.COUNTY_STAFF, Role.MEMBER_STAFF, Role.REVIEWER, Role.ADMIN})
UNIT_STAFF = frozenset({Role.COUNTY_STAFF, Role.MEMBER_STAFF})
REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})


def can_add_coordinator(user):
    """Return whether ``user`` may register coordinators (for their own unit; the prefecture for any)."""
    return user.role in WRITERS and user.is_active


def can_change_coordinator(user, coordinator):
    """Return whether ``user`` may change ``coordinator``'s record."""
    return roles.can_write_for_unit(user, coordinator.unit)


def can_see_resident_id(user, coordinator):
    """Return whether ``user`` sees ``coordinator``'s full resident ID number.

    The coordinator's own unit (which enters and verifies it) and the prefecture office (which checks
    duplicates and prepares provincial forms) need it; leaders do not. Lists always show it masked.
    """
    return roles.can_write_for_unit(user, coordinator.unit)


def can_export_resident_ids(user):
    """Return whether ``user``'s exports carry full resident ID numbers (every row is their own or they review)."""
    return user.role in WRITERS


def can_add_nomination(user, unit):
    """Return whether ``user`` may enter candidates for ``unit``."""
    return user.role in UNIT_STAFF and user.unit_id == unit.pk


def can_change_nomination(user, nomination):
    """Return whether ``user`` may change ``nomination`` (its own unit, while a draft or returned to the unit)."""
    return can_add_nomination(user, nomination.unit) and nomination.is_editable


def can_submit_slate(user, unit):
    """Return whether ``user`` submits ``unit``'s slate (the unit's own staff)."""
    return user.role in UNIT_STAFF and user.is_active and user.unit_id == unit.pk


def can_take_action(user, nomination, action):
    """Return whether ``user`` may take workflow ``action`` on ``nomination``.

    The unit's staff submit; the prefecture office (reviewers, administrators) takes every later step,
    including recording the province's result.
    """
    if ACTING_LEVEL[Action(action)] == Level.UNIT:
        return can_submit_slate(user, nomination.unit)
    return roles.can_review(user)


def can_review(user):
    """Return whether ``user`` reviews candidates, runs notices and acts in bulk for the prefecture."""
    return roles.can_review(user)


def can_handle_objections(user, notice):
    """Return whether ``user`` records and resolves objections to ``notice``."""
    if notice.unit_id is None:
        return roles.can_review(user)
    return roles.can_write_for_unit(user, notice.unit)
