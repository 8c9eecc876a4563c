"""``make_<model>(**overrides)`` factories of annex 1."""

import itertools
from datetime import date

from chuxiong_labor.nominations.models import NominationProgramme, NominationRound
from coordinators.models import Coordinator, Nomination
from tests.factories import unit

_counter = itertools.count(1)


def make_round(year=2022, **overrides):
    """Return the coordinator round of ``year`` (deadlines 30 June and 31 August unless overridden)."""
    fields = {"unit_due_on": date(year, 6, 30), "prefecture_due_on": date(year, 8, 31)}
    fields.update(overrides)
    round, _ = NominationRound.objects.update_or_create(
        programme=NominationProgramme.COORDINATOR, year=year, defaults=fields
    )
    return round


def make_coordinator(unit_name="楚雄市", **overrides):
    """Create a coordinator of ``unit_name`` with ten years in the occupation."""
    number = next(_counter)
    fields = {
        "unit": unit(unit_name),
        "name": f"协调员{number}",
        "gender": "female",
        "born_on": date(1980, 1 + number % 12, 1),
        "employer_name": f"{unit_name}劳动人事争议调解中心",
        "post": "调解员",
        "source": "mediation_body",
        "occupation_since": date(2012, 3, 1),
    }
    fields.update(overrides)
    return Coordinator.objects.create(**fields)


def make_nomination(unit_name="楚雄市", *, round=None, coordinator=None, **overrides):
    """Create a draft candidate of ``unit_name`` in ``round`` (2022 by default)."""
    fields = {
        "round": round or make_round(),
        "unit": unit(unit_name),
        "coordinator": coordinator or make_coordinator(unit_name),
        "achievements": "近三年调处劳动争议50件，调解成功率85%。",
    }
    fields.update(overrides)
    return Nomination.objects.create(**fields)


def make_slate(unit_name="楚雄市", count=6, *, round=None, **overrides):
    """Create ``count`` candidates of ``unit_name`` (drafts unless ``status`` is given)."""
    round = round or make_round()
    return [make_nomination(unit_name, round=round, **overrides) for _ in range(count)]
