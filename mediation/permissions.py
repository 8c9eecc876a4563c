"""Action rights on mediation records. False in a view is 403; templates get the same answers."""

from chuxiong_labor import roles


def can_add_org(user):
    """Return whether ``user`` may register mediation organisations (unit staff and the prefecture office)."""
    return roles.can_write(user)


def can_change_org(user, org):
    """Return whether ``user`` may change ``org``, its mediators and its work rules."""
    return roles.can_write_for_unit(user, org.unit)


def can_record_case(user, org):
    """Return whether ``user`` may enter cases in ``org``'s ledger."""
    return org.is_active and roles.can_write_for_unit(user, org.unit)


def can_change_case(user, case):
    """Return whether ``user`` may change ``case``."""
    return roles.can_write_for_unit(user, case.org.unit)


def can_import_cases(user):
    """Return whether ``user`` may import cases from a workbook (unit staff and the prefecture office)."""
    return roles.can_write(user)


def can_inspect(user, org):
    """Return whether ``user`` may record supervision inspections of ``org``."""
    return roles.can_write_for_unit(user, org.unit)


def can_change_inspection(user, inspection):
    """Return whether ``user`` may change ``inspection`` (rectification results included)."""
    return roles.can_write_for_unit(user, inspection.org.unit)


def can_manage_checklist(user):
    """Return whether ``user`` may edit the work-rule checklist (the prefecture office)."""
    return roles.can_review(user)


def can_correct_calendar(user):
    """Return whether ``user`` may correct the holiday calendar (the prefecture office)."""
    return roles.can_review(user)
