"""Writes of the social organisations registry, atomic and recorded in the history."""

import datetime

from django.db import transaction

from chuxiong_labor.lib.history import acting_as
from chuxiong_labor.nominations import models as nominations
from chuxiong_labor.nominations.models import NominationProgramme


def save_org(form, *, actor):
    """Save a social organisation from a validated ``SocialOrgForm``.

    Raises ``StaleEdit`` when the organisation changed since the form was loaded.
    """
    with transaction.atomic(), acting_as(actor):
        return form.save()


def open_round(year):
    """Return the round of ``year``, opening it with the seed's deadline (counties recommend by 10 July)."""
    return nominations.open_round(
        NominationProgramme.SOCIAL_ORG,
        year,
        defaults={"unit_due_on": datetime.date(year, 7, 10), "note": "附件2 三（三）：每年7月10日前报送候选名单"},
    )


def award_plaque(form, *, actor):
    """Record the plaque (授牌) of a selected organisation from a validated ``PlaqueForm``."""
    with transaction.atomic(), acting_as(actor):
        return form.save()
