"""Writes of the social organisations registry, atomic and recorded in the history."""

import datetime

from django.db import transaction

from chuxiong_labor.lib.concurrency import save_versioned
from chuxiong_labor.lib.history import acting_as
from chuxiong_labor.nominations import models as nominations
from chuxiong_labor.nominations.models import NominationProgramme


def save_org(org, *, actor, version):
    """Save a social organisation; raises ``StaleEdit`` when it changed since ``version`` was read."""
    with transaction.atomic(), acting_as(actor):
        return save_versioned(org, version)


def open_round(year):
    """Return the round of ``year``, opening it with the seed's deadline (counties recommend by 10 July)."""
    return nominations.open_round(
        NominationProgramme.SOCIAL_ORG,
        year,
        defaults={"unit_due_on": datetime.date(year, 7, 10), "note": "附件2 三（三）：每年7月10日前报送候选名单"},
    )


def award_plaque(nomination, *, actor, plaque_number, plaque_on):
    """Record the plaque (授牌) of a selected organisation: its number and the day it was awarded."""
    with transaction.atomic(), acting_as(actor):
        nomination.plaque_number, nomination.plaque_on = plaque_number, plaque_on
        nomination.save(update_fields=["plaque_number", "plaque_on"])
        return nomination
