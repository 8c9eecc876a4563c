"""Writes of the social organisations registry, atomic and recorded in the history."""

import datetime

from django.db import transaction

from chuxiong_labor import review_panels, workflow
from chuxiong_labor.history import acting_as
from chuxiong_labor.nominations import NominationProgramme, NominationRound
from chuxiong_labor.workflow import Action, Level

from .models import Conflict, PanelScore


def save_org(form, *, actor):
    """Save a social organisation from a validated ``SocialOrgForm``.

    Raises ``StaleEdit`` when the organisation changed since the form was loaded.
    """
    with transaction.atomic(), acting_as(actor):
        return form.save()


def open_round(year):
    """Return the round of ``year``, opening it with the seed's deadline (counties recommend by 10 July)."""
    round, _ = NominationRound.objects.get_or_create(
        programme=NominationProgramme.SOCIAL_ORG,
        year=year,
        defaults={"unit_due_on": datetime.date(year, 7, 10), "note": "附件2 三（三）：每年7月10日前报送候选名单"},
    )
    return round


def save_nomination(form, *, actor):
    """Save a candidate from a validated ``NominationForm``."""
    with transaction.atomic(), acting_as(actor):
        return form.save()


def act_on_nomination(nomination, action, *, actor, opinion="", reason="", return_to=None):
    """Take workflow ``action`` on ``nomination``; an approval records the review panel's mean score."""
    score = None
    if action == Action.APPROVE:
        score = review_panels.results_for([nomination], PanelScore, Conflict)[nomination.pk].mean
    return workflow.transition(
        nomination, action, actor=actor, opinion=opinion, reason=reason, return_to=return_to, score=score
    )


def publish_notice(round, nominations, *, starts_on, ends_on, actor):
    """Publish the prefecture's public notice of the approved ``nominations``."""
    return workflow.publish_notice(
        round, nominations, level=Level.PREFECTURE, unit=None, starts_on=starts_on, ends_on=ends_on, actor=actor
    )


def award_plaque(form, *, actor):
    """Record the plaque (授牌) of a selected organisation from a validated ``PlaqueForm``."""
    with transaction.atomic(), acting_as(actor):
        return form.save()


def save_criterion(form, *, actor):
    """Save an item of the scoring standard."""
    with transaction.atomic(), acting_as(actor):
        return form.save()
