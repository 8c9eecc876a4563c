"""Action rights on the social organisations registry. False in a view is 403; templates get the same answers."""

from chuxiong_labor import roles
from chuxiong_labor.nominations.workflow import Status

GOLD_STATUSES = (Status.SELECTED, Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED)


def can_add_org(user):
    """Return whether ``user`` may register social organisations (unit staff and the prefecture office)."""
    return roles.can_write(user)


def can_change_org(user, org):
    """Return whether ``user`` may change ``org``."""
    return roles.can_write_for_unit(user, org.unit)


def can_award_plaque(user, nomination):
    """Return whether ``user`` may record the plaque of a selected organisation (the prefecture office)."""
    return roles.can_review(user) and nomination.status in GOLD_STATUSES
