"""Action rights on monthly reports, duty marks and circulars. False in a view is 403."""

from chuxiong_labor import roles

from .models import Circular, MonthlyReport


def can_create_report(user):
    """Return whether ``user`` writes monthly reports (the staff of a reporting unit)."""
    return roles.is_unit_scoped(user) and user.is_active


def can_edit_report(user, report):
    """Return whether ``user`` may change ``report``: its own unit's staff, while it is a draft or returned."""
    return roles.is_unit_scoped(user) and roles.can_write_for_unit(user, report.unit) and report.is_editable


def can_submit_report(user, report):
    """Return whether ``user`` may submit (or resubmit) ``report``."""
    return can_edit_report(user, report)


def can_review_report(user, report):
    """Return whether ``user`` may accept or return ``report``: the prefecture office, once it is submitted."""
    return roles.can_review(user) and report.status == MonthlyReport.Status.SUBMITTED


def can_manage_calendar(user):
    """Return whether ``user`` may add and change the plan's dated duties (the prefecture office)."""
    return roles.can_review(user)


def can_mark_duty(user, unit):
    """Return whether ``user`` may mark ``unit``'s occurrence of a duty done or not done."""
    return roles.can_write_for_unit(user, unit)


def can_manage_circulars(user):
    """Return whether ``user`` drafts, edits and issues circulars (the prefecture office)."""
    return roles.can_review(user)


def can_edit_circular(user, circular):
    """Return whether ``user`` may change ``circular``: the prefecture office, until it is issued."""
    return can_manage_circulars(user) and circular.status == Circular.Status.DRAFT


def can_change_settings(user):
    """Return whether ``user`` may change the reporting settings."""
    return roles.can_review(user)
