"""Action rights of annex 5. False in a view is 403; templates get the same answers."""

from chuxiong_labor import roles
from chuxiong_labor.roles import Role
from chuxiong_labor.units import Unit

WRITERS = frozenset({Role.COUNTY_STAFF, Role.MEMBER_STAFF, Role.REVIEWER, Role.ADMIN})
PREFECTURE = frozenset({Role.REVIEWER, Role.ADMIN})


def can_monitor(user, unit):
    """Return whether ``user`` may put enterprises on ``unit``'s monitoring list or change its entries."""
    return unit is not None and unit.kind != Unit.Kind.PREFECTURE_OFFICE and roles.can_write_for_unit(user, unit)


def can_enter_figures(user, batch):
    """Return whether ``user`` may enter, import or submit ``batch``'s figures (its unit's staff, or the office)."""
    return batch.is_editable and roles.can_write_for_unit(user, batch.unit)


def can_review_batch(user, batch):
    """Return whether ``user`` may accept or return a submitted batch (the prefecture office)."""
    return roles.can_review(user) and batch.status == batch.Status.SUBMITTED


def can_edit_rules(user):
    """Return whether ``user`` may change the early-warning rules, the wage settings and the monitoring period."""
    return roles.can_review(user)


def can_act_on_lead(user, lead):
    """Return whether ``user`` may record guidance on ``lead`` or escalate it (its unit's staff or the office)."""
    return lead.status != lead.Status.CLOSED and roles.can_write_for_unit(user, lead.unit)


def can_close_lead(user, lead):
    """Return whether ``user`` may close ``lead``: the office always; the unit only when the lead is neither red
    nor escalated to the prefecture."""
    if lead.status == lead.Status.CLOSED:
        return False
    if roles.can_review(user):
        return True
    return lead.level != "red" and lead.status != lead.Status.ESCALATED and roles.can_write_for_unit(user, lead.unit)


def can_change_unit_record(user, record):
    """Return whether ``user`` may change a record its ``unit`` owns (meetings, bargaining records)."""
    return roles.can_write_for_unit(user, record.unit)


def can_change_monitored_record(user, record):
    """Return whether ``user`` may change a record of a monitored enterprise (visits, layoff plans)."""
    return roles.can_write_for_unit(user, record.monitored.unit)
