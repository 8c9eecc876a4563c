"""Action rights on the new-enterprise ledger. False in a view is 403; templates get the same answers."""

from chuxiong_labor import roles
from chuxiong_labor.units import Unit


def can_import_roster(user):
    """Return whether ``user`` may import rosters into the registry (unit staff and the prefecture office)."""
    return roles.can_write(user)


def can_include(user, unit):
    """Return whether ``user`` may include enterprises in ``unit``'s plan."""
    return unit is not None and unit.kind != Unit.Kind.PREFECTURE_OFFICE and roles.can_write_for_unit(user, unit)


def can_change_inclusion(user, inclusion):
    """Return whether ``user`` may change an inclusion or record services for it."""
    return roles.can_write_for_unit(user, inclusion.unit)


def can_change_service(user, record):
    """Return whether ``user`` may change or delete a service record."""
    return roles.can_write_for_unit(user, record.inclusion.unit)


def can_change_expert(user, member):
    """Return whether ``user`` may change a member of an expert service team."""
    return roles.can_write_for_unit(user, member.unit)


def can_submit_roster(user):
    """Return whether ``user`` may report their unit's roster (unit staff, for their own unit)."""
    return roles.is_unit_scoped(user)


def can_write_summary(user, summary):
    """Return whether ``user`` may write ``summary`` (the unit's own staff, before or after reporting it)."""
    return roles.is_unit_scoped(user) and user.unit_id == summary.unit_id
