"""Action rights in the pay-guidance app. False in a view is 403; templates get the same answers."""

from chuxiong_labor import roles
from chuxiong_labor.roles import Role

from .models import FlagStatus, PublicationStatus, SurveyStatus

# The roles that enter data at all; leaders only read.
WRITERS = frozenset({Role.COUNTY_STAFF, Role.MEMBER_STAFF, Role.REVIEWER, Role.ADMIN})


def can_import_survey(user):
    """Return whether ``user`` may import survey files (county staff for their county, the prefecture office)."""
    return (roles.is_unit_scoped(user) and user.unit.is_county) or roles.can_review(user)


def can_act_on_survey(user, survey, action):
    """Return whether ``user`` may take ``action`` on ``survey``: the county checks and may return what it
    has not passed on; the prefecture accepts and may return at any stage."""
    if roles.can_review(user):
        return action in ("accept", "return") or (action == "check" and survey.status == SurveyStatus.SUBMITTED)
    if action == "check" or (action == "return" and survey.status == SurveyStatus.SUBMITTED):
        return roles.can_write_for_unit(user, survey.unit)
    return False


def can_draft_publication(user, unit):
    """Return whether ``user`` may draft ``unit``'s publication (its own staff, or the prefecture office)."""
    return unit is not None and (unit.is_county or roles.can_review(user)) and roles.can_write_for_unit(user, unit)


def can_refresh_publication(user, publication):
    """Return whether ``user`` may recompute a draft's tables."""
    return publication.status == PublicationStatus.DRAFT and roles.can_write_for_unit(user, publication.unit)


def can_review_publication(user):
    """Return whether ``user`` approves or returns a draft before it is issued: the prefecture office. The plan
    gives publication to both levels and asks for no such check; it is the portal's rule ("稳慎公开"), labelled so
    on the pages."""
    return roles.can_review(user)


def can_issue_publication(user, publication):
    """Return whether ``user`` issues ``publication``: the publishing unit's own act ("各县市…向社会稳慎公开发布"),
    so a county's own staff issue its tables and the prefecture office issues the prefecture's."""
    if publication.unit.is_county:
        return roles.is_unit_scoped(user) and user.is_active and user.unit_id == publication.unit_id
    return roles.can_review(user)


def can_change_unit_record(user, unit):
    """Return whether ``user`` may enter or change a record owned by ``unit`` (services, guidance, reports,
    demonstrations)."""
    return roles.can_write_for_unit(user, unit)


def can_write_thematic_report(user):
    """Return whether ``user`` writes the quarterly thematic reports: county staff, for their county ("各县市…专题于
    季末25日前报州级协调劳动关系三方办公室"); the prefecture office receives them and member units have none."""
    return roles.is_unit_scoped(user) and user.unit.is_county


def can_review_report(user):
    """Return whether ``user`` accepts or returns quarterly thematic reports."""
    return roles.can_review(user)


def resolves_flags_of(user, flag):
    """Return whether ``user`` is one who verifies ``flag``: the county's own staff (whatever the flag's state: a
    confirmation sent after someone else's is refused as stale, with the page shown again, not as forbidden)."""
    return user.is_authenticated and user.role == Role.COUNTY_STAFF and user.unit_id == flag.unit_id


def can_resolve_flag(user, flag):
    """Return whether ``user`` may confirm or correct a minimum-wage flag now: the county's own staff, while the
    flag is open and the survey has not been passed on (the county verifies; the prefecture sees the outcome)."""
    return (
        resolves_flags_of(user, flag)
        and flag.status == FlagStatus.OPEN
        and flag.survey.status in (SurveyStatus.SUBMITTED, SurveyStatus.RETURNED)
    )
