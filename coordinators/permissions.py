"""Who may do what in annex 1. Each rule is a small function; views turn False into 403."""

from chuxiong_labor import roles


def can_add_coordinator(user):
    """Return whether ``user`` may register coordinators (for their own unit; the prefecture for any)."""
    return roles.can_write(user)


def can_change_coordinator(user, coordinator):
    """Return whether ``user`` may change ``coordinator``'s record."""
    return roles.can_write_for_unit(user, coordinator.unit)


def can_change_record(user, record):
    """Return whether ``user`` may change or delete a unit's training batch or meeting."""
    return roles.can_write_for_unit(user, record.unit)


def can_see_resident_id(user, coordinator):
    """Return whether ``user`` sees ``coordinator``'s full resident ID number.

    The coordinator's own unit (which enters and verifies it) and the prefecture office (which checks
    duplicates and prepares provincial forms) need it; leaders do not. Lists always show it masked.
    """
    return roles.can_write_for_unit(user, coordinator.unit)


def can_export_resident_ids(user):
    """Return whether ``user``'s exports carry full resident ID numbers (every row is their own or they review)."""
    return roles.can_write(user)
