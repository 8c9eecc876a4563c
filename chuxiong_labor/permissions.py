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


def enterprise_outside_unit(unit, enterprise):
    """Return why a record of ``unit`` may not concern ``enterprise`` (a Chinese sentence), or "" when it may.

    A county office's records (monitoring, bargaining, inclusions, guidance) concern the enterprises placed in its
    county; the prefecture's units act across the prefecture. The prefecture office picking a county must pick
    that county's enterprise, as the county's own staff can only see theirs.
    """
    if unit is None or enterprise is None or not unit.is_county or enterprise.region.is_within(unit.region):
        return ""
    return f"该企业不在{unit}辖区内，不能登记为{unit}的记录。请改选企业所在的县（市），或选择{unit}辖区内的企业。"


def can_record_enterprise_for_unit(unit, enterprise):
    """Return whether a record owned by ``unit`` may concern ``enterprise`` (``enterprise_outside_unit``)."""
    return unit is not None and enterprise is not None and not enterprise_outside_unit(unit, enterprise)
