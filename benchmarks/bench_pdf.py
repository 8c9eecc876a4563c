"""PDF speed: one recommendation form in a warm process (goal ≤ 0.3 s) and a batch of 100 forms (goal ≤ 10 s)."""

import time
from datetime import date


def _candidates(count):
    from chuxiong_labor.nominations.models import NominationProgramme, NominationRound
    from chuxiong_labor.units import Unit
    from coordinators.models import Coordinator, Nomination

    round, _ = NominationRound.objects.get_or_create(programme=NominationProgramme.COORDINATOR, year=2022)
    unit = Unit.objects.get(short_name="楚雄市")
    achievements = "近三年调处劳动争议86件，调解成功率88%；指导企业签订工资专项集体合同，开展劳动法律法规宣讲20场。" * 3
    nominations = []
    for index in range(count):
        coordinator = Coordinator.objects.create(
            unit=unit,
            name=f"基准{index}",
            gender="female",
            born_on=date(1982, 3, 1),
            employer_name="楚雄市劳动人事争议调解中心",
            post="调解员",
            source="mediation_body",
            occupation_since=date(2010, 1, 1),
        )
        nominations.append(
            Nomination.objects.create(round=round, unit=unit, coordinator=coordinator, achievements=achievements)
        )
    return nominations


def run():
    from coordinators.recommendation import render_forms

    nominations = _candidates(100)
    render_forms(nominations[:1])  # warm: fonts loaded, templates compiled
    repeats = 5
    started = time.perf_counter()
    for _ in range(repeats):
        render_forms(nominations[:1])
    one = (time.perf_counter() - started) / repeats
    started = time.perf_counter()
    render_forms(nominations)
    batch = time.perf_counter() - started
    return [
        ("recommendation form, one, warm (goal ≤ 0.3 s)", one, "s"),
        ("recommendation forms, batch of 100 (goal ≤ 10 s)", batch, "s"),
    ]
