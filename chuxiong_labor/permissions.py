"""Action rights on the kernel's records. False in a view is 403; templates get the same answers."""

from . import roles


def can_add_enterprise(user):
    """Return whether ``user`` may add enterprises to the registry (unit staff and the prefecture office)."""
    return roles.can_write(user)


def can_change_enterprise(user, enterprise):
    """Return whether ``user`` may change ``enterprise``: unit staff within their region, or the prefecture office."""
    if roles.can_review(user):
        return True
    return roles.is_unit_scoped(user) and enterprise.region.is_within(user.unit.region)


def can_override_credit_code(user):
    """Return whether ``user`` may accept a credit code that fails the check (prefecture administrators only)."""
    return roles.can_administer(user)


def can_manage_targets(user):
    """Return whether ``user`` may add plan cycles and their targets."""
    return roles.can_administer(user)


def can_view_history(user):
    """Return whether ``user`` may browse the portal-wide change history and security log."""
    return roles.can_administer(user)


def can_edit_contacts(user):
    """Return whether ``user`` may change the units' contacts (the prefecture office)."""
    return roles.can_review(user)
