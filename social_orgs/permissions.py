"""Action rights on the social organisations registry. False in a view is 403; templates get the same answers."""

from chuxiong_labor import review_panels, roles
from chuxiong_labor.workflow import Action, Status

GOLD_STATUSES = (Status.SELECTED, Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED)


def can_add_org(user):
    """Return whether ``user`` may register social organisations (unit staff and the prefecture office)."""
    return roles.is_unit_scoped(user) or roles.can_review(user)


def can_change_org(user, org):
    """Return whether ``user`` may change ``org``."""
    return roles.can_write_for_unit(user, org.unit)


def can_nominate(user):
    """Return whether ``user`` recommends candidates (county offices: the seed's table gives each county a quota)."""
    return user.is_authenticated and user.is_active and user.role == roles.Role.COUNTY_STAFF


def can_change_nomination(user, nomination):
    """Return whether ``user`` may change ``nomination``: its county, before submission or after a return."""
    return can_nominate(user) and user.unit_id == nomination.unit_id and nomination.is_editable


def can_take_action(user, nomination, action):
    """Return whether ``user`` may take workflow ``action`` on ``nomination``: the county submits, the prefecture
    office does the rest."""
    if action == Action.SUBMIT:
        return can_nominate(user) and user.unit_id == nomination.unit_id
    return roles.can_review(user)


def can_score(user, nomination):
    """Return whether ``user`` may fill in a scoring sheet for ``nomination`` (panel members, while under review)."""
    return review_panels.is_panel_member(user) and nomination.status == Status.SUBMITTED


def can_award_plaque(user, nomination):
    """Return whether ``user`` may record the plaque of a selected organisation (the prefecture office)."""
    return roles.can_review(user) and nomination.status in GOLD_STATUSES


def can_manage_criteria(user):
    """Return whether ``user`` may edit the scoring standard (the prefecture office)."""
    return roles.can_review(user)
