"""Demo data of annex 1: coordinators of every unit, the enterprises they serve, training batches, meetings,
and two selection rounds: 2025 finished (some awarded), 2026 under way in every state of the workflow."""

import datetime
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chuxiong_labor import resident_id
from chuxiong_labor.accounts import User
from chuxiong_labor.demo import (
    COUNTY_LOGINS,
    GIVEN,
    MEMBER_LOGINS,
    PEOPLE,
    SCALE_BATCH,
    SCALE_MARK,
    person_name,
    record_scaled,
    scaled_count,
)
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.pdf import render_pdf
from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.demo import settle_dates
from chuxiong_labor.nominations.workflow import Action, Level, Status
from chuxiong_labor.units import Unit

from .models import (
    Coordinator,
    Gender,
    Meeting,
    Nomination,
    ProgressReport,
    Service,
    SkillLevel,
    SlateStep,
    Source,
    StatusChange,
    TrainingBatch,
)
from .services import open_round

POSTS = ["人力资源部经理", "工会主席", "法务专员", "劳动关系专员", "调解员", "集体协商指导员"]
ACHIEVEMENTS = (
    "长期从事劳动关系协调工作，熟悉劳动保障法律法规。近三年参与调处劳动争议{n}件，调解成功率达{rate}%；"
    "推动所在单位建立工资集体协商制度，指导签订集体合同，帮助企业完善劳动规章制度，"
    "在园区开展劳动法律法规宣讲{talks}场，企业和职工认可度高。"
)


def make_resident_id(rng, region_code, born, male):
    """Return a valid resident ID number for a person born on ``born`` in ``region_code``."""
    sequence = rng.randrange(10, 99) * 10 + (rng.choice([1, 3, 5, 7, 9]) if male else rng.choice([0, 2, 4, 6, 8]))
    body = f"{region_code}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, resident_id.WEIGHTS, strict=True))
    return body + resident_id.CHECK[total % 11]


def coordinators(rng, unit, count):
    created = []
    county_enterprises = list(Enterprise.objects.filter(region=unit.region).order_by("name"))
    for index in range(count):
        name = PEOPLE[index % len(PEOPLE)] + GIVEN[(index * 5 + unit.sort_order) % len(GIVEN)]
        existing = Coordinator.objects.filter(unit=unit, name=name).first()
        if existing:
            created.append(existing)
            continue
        male = rng.random() < 0.5
        born = date(rng.randrange(1965, 1995), rng.randrange(1, 13), 1)
        employer = county_enterprises[index % len(county_enterprises)] if county_enterprises else None
        since = date(rng.randrange(2008, 2024), rng.randrange(1, 13), rng.randrange(1, 28))
        level = rng.choice([SkillLevel.LEVEL_4, SkillLevel.LEVEL_3, SkillLevel.LEVEL_2, ""])
        coordinator = Coordinator.objects.create(
            unit=unit,
            name=name,
            gender=Gender.MALE if male else Gender.FEMALE,
            born_on=born,
            resident_id=make_resident_id(rng, unit.region.code, born.replace(day=rng.randrange(1, 28)), male)
            if index % 3
            else "",
            employer=employer if index % 4 else None,
            employer_name="" if (employer and index % 4) else f"{unit.short_name}劳动人事争议调解中心",
            post=rng.choice(POSTS),
            source=rng.choice(Source.values),
            skill_level=level,
            certificate_no=f"S{rng.randrange(10**9, 10**10)}" if level else "",
            certified_on=date(2022, rng.randrange(1, 13), 15) if level else None,
            occupation_since=since,
            phone=f"139{rng.randrange(10000000, 99999999)}",
            status_since=since,
        )
        StatusChange.objects.create(
            coordinator=coordinator, status=coordinator.status, changed_on=since, note="新登记", recorded_by=_admin()
        )
        if employer and county_enterprises:
            for enterprise in rng.sample(county_enterprises, k=min(3, len(county_enterprises))):
                Service.objects.get_or_create(coordinator=coordinator, enterprise=enterprise, defaults={"since": since})
        created.append(coordinator)
    return created


def _admin():
    return User.objects.get(username="admin")


def _staff(unit):
    login = COUNTY_LOGINS.get(unit.short_name) or MEMBER_LOGINS.get(unit.short_name)
    return User.objects.get(username=login)


def training_and_meetings(rng, unit):
    for year in (2025, 2026):
        TrainingBatch.objects.get_or_create(
            unit=unit,
            title=f"{year}年劳动关系协调员职业技能培训",
            defaults={
                "held_on": date(year, rng.randrange(3, 11), 12),
                "organiser": f"{unit.short_name}职业技能培训中心",
                "participants": 40,
                "certified_level_4": rng.randrange(10, 25),
                "certified_level_3": rng.randrange(0, 8),
            },
        )
    Meeting.objects.get_or_create(
        unit=unit,
        held_on=date(2026, 8, 20),
        defaults={
            "topic": "打造金牌劳动关系协调员工作分析研判会",
            "outcome": "梳理协调员覆盖小微企业情况，明确下半年培训认定和选树工作措施。",
        },
    )


def nominate(rng, round, unit, people, count):
    nominations = []
    for person in people:
        if len(nominations) == count:
            break
        if person.years_in_occupation(date(round.year, 6, 1)) < 5:
            continue
        nomination, _ = Nomination.objects.get_or_create(
            round=round,
            coordinator=person,
            defaults={
                "unit": unit,
                "achievements": ACHIEVEMENTS.format(
                    n=rng.randrange(20, 90), rate=rng.randrange(70, 96), talks=rng.randrange(5, 30)
                ),
            },
        )
        nominations.append(nomination)
    return nominations


def advance(nominations, actions, *, unit_user, reviewer, on):
    for nomination in nominations:
        for action in actions:
            actor = unit_user if action == Action.SUBMIT else reviewer
            opinion = {
                Action.SUBMIT: f"经{nomination.unit}三方联席会议评选并公示无异议，同意推荐。",
                Action.APPROVE: "经审核，符合评选条件。",
                Action.SELECT: "经州协调劳动关系三方联席会议审定，同意推荐。",
                Action.RECOMMEND: "同意推荐为云南省金牌劳动关系协调员。",
                Action.AWARD: "经评定，符合条件。",
            }.get(action, "")
            if action == Action.AWARD:
                nomination.certificate_no = f"YNJP{nomination.round.year}{nomination.pk:04d}"
                nomination.save(update_fields=["certificate_no"])
            nomination_services.transition(
                nomination, action, actor=actor, opinion=opinion, today=on, check_deadline=False
            )


def progress_reports(by_name, reviewer):
    """2025's progress reports: 楚雄市 accepted, 禄丰市 waiting for review, 大姚县 returned (idempotent)."""
    submitted = timezone.make_aware(datetime.datetime(2025, 8, 28, 10))
    for short_name, status, reason in (
        ("楚雄市", ProgressReport.Status.ACCEPTED, ""),
        ("禄丰市", ProgressReport.Status.SUBMITTED, ""),
        ("大姚县", ProgressReport.Status.RETURNED, "请补充全年培训认定人数和分析研判会议情况。"),
    ):
        ProgressReport.objects.get_or_create(
            unit=by_name[short_name],
            year=2025,
            defaults={
                "progress": f"{short_name}2025年完成协调员培训认定1批次，召开分析研判会议1次，推荐金牌协调员候选人3名。",
                "problems": "基层协调员流动性较大。",
                "status": status,
                "first_submitted_at": submitted,
                "submitted_at": submitted,
                "reviewed_at": None
                if status == ProgressReport.Status.SUBMITTED
                else submitted + datetime.timedelta(days=3),
                "reviewed_by": None if status == ProgressReport.Status.SUBMITTED else reviewer,
                "return_reason": reason,
            },
        )


@transaction.atomic
def load(rng):
    """Load annex 1's demo data (idempotent), its workflow records dated by their business dates."""
    selections(rng)
    for round in {nomination.round for nomination in Nomination.objects.select_related("round")}:
        settle_dates(Nomination, round)


def selections(rng):
    """Coordinators, training, meetings, progress reports and two years of the selection (idempotent)."""
    reviewer = User.objects.get(username="reviewer")
    units = list(Unit.objects.owning_records().select_related("region"))
    people = {}
    for unit in units:
        people[unit.pk] = coordinators(rng, unit, 9 if unit.is_county else 5)
        training_and_meetings(rng, unit)
    by_name = {unit.short_name: unit for unit in units}

    last_year = open_round(2025)
    if not Nomination.objects.filter(round=last_year).exists():
        for short_name in ("楚雄市", "禄丰市", "大姚县"):
            unit = by_name[short_name]
            slate = nominate(rng, last_year, unit, people[unit.pk], 3)
            advance(
                slate[:1],
                [Action.SUBMIT, Action.APPROVE],
                unit_user=_staff(unit),
                reviewer=reviewer,
                on=date(2025, 6, 20),
            )
            advance(slate[1:], [Action.SUBMIT], unit_user=_staff(unit), reviewer=reviewer, on=date(2025, 6, 20))
            first = Nomination.objects.get(pk=slate[0].pk)
            nomination_services.publish_notice(
                last_year,
                [first],
                level=Level.PREFECTURE,
                unit=None,
                starts_on=date(2025, 7, 10),
                ends_on=date(2025, 7, 16),
                actor=reviewer,
            )
            advance(
                [first],
                [Action.SELECT, Action.RECOMMEND, Action.AWARD],
                unit_user=None,
                reviewer=reviewer,
                on=date(2025, 8, 20),
            )

    progress_reports(by_name, reviewer)

    this_year = open_round(2026)
    if Nomination.objects.filter(round=this_year).exists():
        return
    chuxiong, lufeng, dayao, renshe = (by_name[n] for n in ("楚雄市", "禄丰市", "大姚县", "州人社局"))
    # 楚雄市 is late: its candidates are drafts, and the prefecture extended its deadline.
    nominate(rng, this_year, chuxiong, people[chuxiong.pk], 6)
    nomination_services.grant_extension(
        this_year,
        level=Level.UNIT,
        unit=chuxiong,
        new_due_on=date(2026, 12, 31),
        reason="该市因人员调整未能按期完成评选，经州三方办研究同意延期。",
        actor=reviewer,
    )
    # 禄丰市 submitted; two candidates approved and in the prefecture's notice, which drew an objection.
    lufeng_slate = nominate(rng, this_year, lufeng, people[lufeng.pk], 6)
    for kind, held_on, note in (
        (SlateStep.Kind.UNIT_RECOMMENDATION, date(2026, 5, 12), "各乡镇、园区推荐12人"),
        (SlateStep.Kind.DEPARTMENT_REVIEW, date(2026, 5, 20), "市人社局、总工会联合审定"),
        (SlateStep.Kind.TRIPARTITE_MEETING, date(2026, 5, 28), "市协调劳动关系三方联席会议评选出6名"),
    ):
        step, created = SlateStep.objects.get_or_create(
            round=this_year,
            unit=lufeng,
            kind=kind,
            defaults={"held_on": held_on, "note": note, "recorded_by": _staff(lufeng)},
        )
        if created:
            minutes = render_pdf("pdf/demo_minutes.html", {"unit": lufeng, "held_on": held_on, "step": step})
            step.minutes.save(f"禄丰市{step.get_kind_display()}纪要.pdf", ContentFile(minutes), save=True)
    unit_notice = nomination_services.publish_notice(
        this_year,
        lufeng_slate,
        level=Level.UNIT,
        unit=lufeng,
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 6, 7),
        actor=_staff(lufeng),
    )
    nomination_services.record_objection(
        unit_notice,
        actor=_staff(lufeng),
        content="反映候选人所在企业曾有拖欠工资情况。",
        received_on=date(2026, 6, 3),
        entry=unit_notice.entries.first(),
    )
    nomination_services.resolve_objection(
        unit_notice.objections.first(),
        outcome="dismissed",
        resolution="经核实，所反映情况发生在候选人入职前，且已整改完毕。",
        actor=_staff(lufeng),
    )
    advance(lufeng_slate, [Action.SUBMIT], unit_user=_staff(lufeng), reviewer=reviewer, on=date(2026, 6, 25))
    approved = lufeng_slate[:2]
    advance(approved, [Action.APPROVE], unit_user=None, reviewer=reviewer, on=date(2026, 7, 5))
    notice = nomination_services.publish_notice(
        this_year,
        [Nomination.objects.get(pk=n.pk) for n in approved],
        level=Level.PREFECTURE,
        unit=None,
        starts_on=date(2026, 7, 10),
        ends_on=date(2026, 7, 16),
        actor=reviewer,
    )
    nomination_services.record_objection(
        notice,
        actor=reviewer,
        content="来电反映该候选人从业年限不实，请核实。",
        received_on=date(2026, 7, 12),
        entry=notice.entries.first(),
        objector="匿名",
    )
    # 大姚县 submitted its slate; the prefecture returned one candidate to the county.
    dayao_slate = nominate(rng, this_year, dayao, people[dayao.pk], 6)
    advance(dayao_slate, [Action.SUBMIT], unit_user=_staff(dayao), reviewer=reviewer, on=date(2026, 6, 28))
    nomination_services.transition(
        dayao_slate[-1],
        Action.RETURN,
        actor=reviewer,
        reason="主要业绩评价过于笼统，请补充近三年调处劳动争议的具体案例和数据。",
        return_to=Status.RETURNED,
    )
    # 州人社局 has entered its candidates and not yet submitted.
    nominate(rng, this_year, renshe, people[renshe.pk], 2)


def scale(rng, *, factor, size=1.0):
    """Add coordinators until there are 200 × ``factor`` × ``size`` scaled ones, over the counties and member units."""
    units = list(Unit.objects.owning_records().exclude(short_name="州三方办"))
    have = Coordinator.objects.filter(employer_name__startswith=SCALE_MARK).count()
    batch = [
        Coordinator(
            unit=units[index % len(units)],
            name=person_name(rng),
            gender=Gender.FEMALE if index % 2 else Gender.MALE,
            born_on=date(1970 + index % 25, 1 + index % 12, 1 + index % 28),
            employer_name=f"{SCALE_MARK}{units[index % len(units)].short_name}调解中心{index:05d}",
            post="调解员",
            source=Source.MEDIATION_BODY,
            occupation_since=date(2005 + index % 15, 3, 1),
        )
        for index in range(have, scaled_count(200, factor, size))
    ]
    record_scaled(Coordinator.objects.bulk_create(batch, batch_size=SCALE_BATCH), rng=rng)
    scale_candidates()


BENCH_YEAR = 2020  # the year of the candidates ``scale`` adds, outside the demo's rounds
BENCH_CANDIDATES = 100


def scale_candidates():
    """Put ``BENCH_CANDIDATES`` scaled coordinators forward in ``BENCH_YEAR``'s round (a batch of forms to print)."""
    round = open_round(BENCH_YEAR)
    have = Nomination.objects.filter(round=round).count()
    if have >= BENCH_CANDIDATES:
        return
    people = Coordinator.objects.filter(employer_name__startswith=SCALE_MARK).exclude(nominations__round=round)
    achievements = "近三年调处劳动争议86件，调解成功率88%；指导企业签订工资专项集体合同，开展劳动法律法规宣讲20场。" * 3
    Nomination.objects.bulk_create(
        [
            Nomination(round=round, unit_id=person.unit_id, coordinator=person, achievements=achievements)
            for person in people.order_by("pk")[: BENCH_CANDIDATES - have]
        ]
    )
