"""Demo mediation organisations, mediators, ledger cases and inspections in every county and at 州人社局."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from chuxiong_labor.accounts import User
from chuxiong_labor.demo import SCALE_BATCH, SCALE_MARK, person_name, record_scaled, scaled_count
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.demo import settle_dates
from chuxiong_labor.nominations.services import act_on_nomination, appoint_panel
from chuxiong_labor.nominations.workflow import Action, Level
from chuxiong_labor.units import Unit

from .inspections import quarters
from .models import (
    Case,
    Conflict,
    Criterion,
    Finding,
    HolidayCorrection,
    Inspection,
    MediationOrg,
    Mediator,
    Nomination,
    PanelScore,
    WorkRuleItem,
)
from .selection import SELECTION
from .services import open_round

TOWNS = ["鹿城镇", "东瓜镇", "金山镇", "勤丰镇", "龙川镇", "元马镇", "狮山镇", "妥甸镇", "共和镇", "光禄镇"]
CLAIMS = [
    (Case.ClaimKind.PAY, "请求支付拖欠的工资", True),
    (Case.ClaimKind.COMPENSATION, "请求支付解除劳动合同经济补偿", True),
    (Case.ClaimKind.SOCIAL_INSURANCE, "请求补缴社会保险费", False),
    (Case.ClaimKind.INJURY, "请求支付工伤医疗费", True),
    (Case.ClaimKind.CONTRACT, "请求签订书面劳动合同并支付二倍工资差额", True),
    (Case.ClaimKind.WORKING_TIME, "请求支付加班费", True),
]
OUTCOMES = [
    Case.Outcome.AGREEMENT,
    Case.Outcome.AGREEMENT,
    Case.Outcome.AGREEMENT,
    Case.Outcome.COURT_CONFIRMED,
    Case.Outcome.NO_AGREEMENT,
    Case.Outcome.WITHDRAWN,
    Case.Outcome.ARBITRATION,
]


def _orgs_for(unit, rng):
    stem = unit.short_name
    if unit.is_county:
        specs = [
            (f"{stem}劳动人事争议调解中心", MediationOrg.Kind.COUNTY, None),
            (f"{stem}{TOWNS[unit.sort_order % len(TOWNS)]}劳动人事争议调解中心", MediationOrg.Kind.TOWNSHIP, None),
        ]
        enterprise = Enterprise.objects.filter(region=unit.region, size_class__in=["large", "medium"]).first()
        if enterprise:
            specs.append((f"{enterprise.name}劳动争议调解委员会", MediationOrg.Kind.ENTERPRISE, enterprise))
        if unit.short_name in ("楚雄市", "禄丰市"):
            specs.append((f"{stem}建筑行业劳动争议调解委员会", MediationOrg.Kind.INDUSTRY, None))
    else:
        specs = [("楚雄州劳动人事争议调解中心", MediationOrg.Kind.COUNTY, None)]
    return specs


def organisations(rng):
    items = list(WorkRuleItem.objects.filter(is_active=True))
    created = []
    units = list(Unit.objects.counties().select_related("region")) + [Unit.objects.get(short_name="州人社局")]
    for unit in units:
        for index, (name, kind, enterprise) in enumerate(_orgs_for(unit, rng)):
            org, made = MediationOrg.objects.get_or_create(
                unit=unit,
                name=name,
                defaults={
                    "kind": kind,
                    "enterprise": enterprise,
                    "township": TOWNS[unit.sort_order % len(TOWNS)] if kind == MediationOrg.Kind.TOWNSHIP else "",
                    "established_on": datetime.date(2015 + rng.randrange(7), rng.randrange(1, 13), 1),
                    "address": f"{unit.short_name}{rng.choice(['人民路', '鹿城路', '兴华路'])}{rng.randrange(1, 200)}号",
                    "contact_person": person_name(rng),
                    "contact_phone": f"0878-{rng.randrange(3000000, 3999999)}",
                    "has_reception_room": True,
                    "has_mediation_room": index < 2,
                    "has_computer": True,
                    "has_printer": index < 2,
                    "has_copier": index == 0,
                    "has_funding": index == 0,
                    "has_case_subsidy": index == 0 and rng.random() < 0.5,
                    "uses_national_platform": kind in (MediationOrg.Kind.COUNTY, MediationOrg.Kind.TOWNSHIP)
                    and rng.random() < 0.8,
                    "has_electronic_ledger": index == 0,
                },
            )
            if made:
                org.rules.set(rng.sample(items, k=min(len(items), rng.randrange(8, len(items) + 1))))
                # One organisation in 楚雄市 has no mediator, so the flag shows in the demo.
                if not (unit.short_name == "楚雄市" and kind == MediationOrg.Kind.INDUSTRY):
                    Mediator.objects.create(
                        org=org, name=person_name(rng), employment=Mediator.Employment.FULL_TIME, trained_on=None
                    )
                    Mediator.objects.create(
                        org=org,
                        name=person_name(rng),
                        employment=Mediator.Employment.PART_TIME,
                        background=rng.choice([Mediator.Background.LAWYER, Mediator.Background.UNION]),
                    )
            created.append(org)
    return created


def cases(rng, orgs):
    today = timezone.localdate()
    calendar = HolidayCorrection.objects.calendar([today.year - 2, today.year - 1, today.year, today.year + 1])
    for org in orgs:
        if org.kind == MediationOrg.Kind.INDUSTRY and not org.mediators.exists():
            continue
        mediators = list(org.mediators.all())
        enterprises = list(Enterprise.objects.filter(region=org.unit.region)[:6]) or [None]
        for index in range(8):
            number = f"调{org.pk:03d}-{index + 1:02d}"
            if Case.objects.filter(org=org, number=number).exists():
                continue
            kind, claim, monetary = CLAIMS[(org.pk + index) % len(CLAIMS)]
            received = today - datetime.timedelta(days=[4, 13, 19, 40, 75, 160, 300, 420][index])
            enterprise = rng.choice(enterprises)
            worker_count = 12 if index == 3 else rng.choice([1, 1, 1, 2, 3])
            case = Case(
                org=org,
                number=number,
                received_on=received,
                form=Case.Form.ORAL if index % 4 == 1 else Case.Form.WRITTEN,
                employee_party=person_name(rng) + (f"等{worker_count}人" if worker_count > 1 else ""),
                employee_phone=f"137{rng.randrange(10000000, 99999999)}",
                worker_count=worker_count,
                employer_party=enterprise.name if enterprise else f"{org.unit.short_name}某个体工商户",
                enterprise=enterprise,
                claim=claim,
                claim_kind=kind,
                claimed_yuan=Decimal(rng.randrange(3, 80) * 1000) if monetary else None,
                mediator=rng.choice(mediators) if mediators else None,
            )
            if index >= 3:
                outcome = OUTCOMES[(org.pk + index) % len(OUTCOMES)]
                case.outcome = outcome
                case.closed_on = received + datetime.timedelta(days=rng.randrange(3, 15))
                if outcome in Case.AGREEMENT_OUTCOMES:
                    case.agreement_on = case.closed_on
                    if case.claimed_yuan:
                        case.agreement_yuan = (case.claimed_yuan * Decimal("0.8")).quantize(Decimal("1"))
                    case.performance = rng.choice([Case.Performance.PERFORMED, Case.Performance.PARTIAL])
                    case.followed_up_on = case.closed_on + datetime.timedelta(days=20)
            case.limit_on = case.limit(calendar).ends_on
            case.save()


def inspection_days(org, today):
    """Return the days ``org`` is inspected in the demo: about a month ago, and (three organisations in four) once
    in each quarter of this year that ended before that one, from its establishment on, so that the quarterly grid
    has quarters to flag."""
    latest = today - datetime.timedelta(days=30 + org.pk % 20)
    days = [latest]
    latest_quarter_starts = datetime.date(latest.year, 3 * ((latest.month - 1) // 3) + 1, 1)
    for quarter in quarters(today.year, today) if org.pk % 4 else []:
        established = org.established_on is None or org.established_on <= quarter.starts_on
        if quarter.ends_on < latest_quarter_starts and established:
            days.append(quarter.ends_on - datetime.timedelta(days=10 + org.pk % 30))
    return days


def inspections(rng, orgs):
    items = list(WorkRuleItem.objects.filter(is_active=True))
    today = timezone.localdate()
    for org in orgs:
        latest, *earlier = inspection_days(org, today)
        inspect(rng, org, latest, items, needs_rectification=org.pk % 3 == 0)
        for inspected_on in earlier:
            inspect(rng, org, inspected_on, items, needs_rectification=False)


def inspect(rng, org, inspected_on, items, *, needs_rectification):
    inspection, made = Inspection.objects.get_or_create(
        org=org,
        inspected_on=inspected_on,
        defaults={
            "inspectors": f"{person_name(rng)}、{person_name(rng)}",
            "summary": "检查了调解场所、工作制度、台账和调解员配备情况。",
            "needs_rectification": needs_rectification,
            "rectification": "补齐上墙制度，完善电子台账。" if needs_rectification else "",
            "rectify_by": inspected_on + datetime.timedelta(days=20) if needs_rectification else None,
        },
    )
    if made:
        for item in items:
            result = rng.choice([Finding.Result.MEETS] * 4 + [Finding.Result.PARTLY, Finding.Result.FAILS])
            Finding.objects.create(inspection=inspection, item=item, result=result)


def corrections():
    HolidayCorrection.objects.get_or_create(
        on=datetime.date(2026, 10, 9),
        defaults={"is_working_day": False, "name": "（演示）地方更正示例", "source": "演示数据，可撤销"},
    )


def selections(rng):
    """Candidates of last year's and this year's rounds in several counties, at different steps."""
    reviewer = User.objects.get(username="reviewer")
    panel = [User.objects.get(username=name) for name in ("renshe", "gonghui", "gongshanglian", "reviewer")]
    today = timezone.localdate()
    criteria = list(Criterion.objects.for_year(today.year))
    plan = {
        today.year - 1: [("楚雄市", "recommended"), ("禄丰市", "selected"), ("大姚县", "selected")],
        today.year: [("楚雄市", "approved"), ("禄丰市", "submitted"), ("元谋县", "draft")],
    }
    for year, entries in plan.items():
        round = open_round(year)
        if not round.panel_members.exists():
            appoint_panel(round, members=panel, chair=panel[-1], quorum=3, actor=reviewer)
        for unit_name, goal in entries:
            org = (
                MediationOrg.objects.filter(unit__short_name=unit_name, mediators__is_active=True)
                .exclude(nominations__round=round)
                .order_by("kind", "pk")
                .first()
            )
            if org is None or Nomination.objects.filter(round=round, unit=org.unit).exists():
                continue
            county = User.objects.get(unit=org.unit, role="county_staff")
            nomination = Nomination.objects.create(
                round=round,
                unit=org.unit,
                org=org,
                achievements="制度机制：“六规范、五上墙”落实到位。专业程度：专兼职调解员均参加培训。"
                f"服务能力：使用全国调解管理平台，年内调解案件{rng.randrange(20, 90)}件。基础保障：经费和场所落实。",
            )
            if goal == "draft":
                continue
            nomination_services.transition(
                nomination, Action.SUBMIT, actor=county, opinion="同意推荐。", check_deadline=False
            )
            for member in panel:
                if member.username == "gonghui" and unit_name == "禄丰市":
                    Conflict.objects.create(nomination=nomination, member=member, reason="本人曾任该组织兼职调解员")
                    continue
                PanelScore.objects.bulk_create(
                    PanelScore(nomination=nomination, member=member, criterion=c, points=rng.randrange(15, 26))
                    for c in criteria
                )
            if goal == "submitted":
                continue
            act_on_nomination(SELECTION, nomination, Action.APPROVE, actor=reviewer, opinion="经评审，同意。")
            if goal == "approved":
                continue
            start = datetime.date(year, 6, 1)
            nomination_services.publish_notice(
                round,
                [nomination],
                level=Level.PREFECTURE,
                unit=None,
                starts_on=start,
                ends_on=start + datetime.timedelta(days=6),
                actor=reviewer,
            )
            nomination_services.transition(
                nomination, Action.SELECT, actor=reviewer, opinion="经公示无异议，确定入选。"
            )
            if goal == "recommended":
                nomination_services.transition(
                    nomination, Action.RECOMMEND, actor=reviewer, opinion="推荐为省级候选对象。", check_deadline=False
                )


@transaction.atomic
def load(rng):
    """Load idempotent mediation demo data."""
    orgs = organisations(rng)
    cases(rng, orgs)
    inspections(rng, orgs)
    corrections()
    selections(rng)
    settle_selection_dates()


def settle_selection_dates():
    """Date the demo rounds' steps, notices and objections by their business dates, none after today."""
    for round in {nomination.round for nomination in Nomination.objects.select_related("round")}:
        settle_dates(Nomination, round)


def scale(rng, *, factor, size=1.0):
    """Add mediation organisations (30 × ``factor`` × ``size``), three mediators for each (a full-time one, two
    part-time; one in eight no longer serving), and cases (500 × ``factor`` × ``size``), received over the last two
    years, a sixth of them still open, each handled by one of its organisation's mediators; with their history."""
    counties = list(Unit.objects.counties())
    have = MediationOrg.objects.filter(name__startswith=SCALE_MARK).count()
    created = MediationOrg.objects.bulk_create(
        [
            MediationOrg(
                unit=counties[index % len(counties)],
                name=f"{SCALE_MARK}{counties[index % len(counties)].short_name}调解委员会{index:05d}",
                kind=MediationOrg.Kind.TOWNSHIP,
                established_on=datetime.date(2018, 1, 1),
                contact_person=person_name(rng),
            )
            for index in range(have, scaled_count(30, factor, size))
        ],
        batch_size=SCALE_BATCH,
    )
    record_scaled(created, rng=rng)
    mediators = []
    for org in MediationOrg.objects.filter(name__startswith=SCALE_MARK, mediators=None).order_by("pk"):
        for seat in range(3):
            mediators.append(
                Mediator(
                    org=org,
                    name=person_name(rng),
                    employment=Mediator.Employment.PART_TIME if seat else Mediator.Employment.FULL_TIME,
                    background=MEDIATOR_BACKGROUNDS[(org.pk + seat) % len(MEDIATOR_BACKGROUNDS)],
                    phone=f"137{rng.randrange(10000000, 99999999)}",
                    trained_on=datetime.date(2023 + seat, 1 + org.pk % 12, 10) if seat < 2 else None,
                    is_active=(org.pk * 3 + seat) % 8 != 0,
                )
            )
    mediators = Mediator.objects.bulk_create(mediators, batch_size=SCALE_BATCH)
    record_scaled(mediators, rng=rng, unit_of=lambda mediator: mediator.org.unit_id)
    orgs = list(MediationOrg.objects.filter(name__startswith=SCALE_MARK).select_related("unit").order_by("pk"))
    seats = {}
    for mediator in Mediator.objects.filter(org__in=orgs, is_active=True).order_by("pk"):
        seats.setdefault(mediator.org_id, []).append(mediator)
    today = timezone.localdate()
    calendar = HolidayCorrection.objects.calendar(range(today.year - 2, today.year + 2))
    have = Case.objects.filter(number__startswith=SCALE_MARK).count()
    batch = []
    for index in range(have, scaled_count(500, factor, size)):
        kind, claim, monetary = CLAIMS[index % len(CLAIMS)]
        org = orgs[index % len(orgs)]
        case = Case(
            org=org,
            number=f"{SCALE_MARK}{index:07d}",
            received_on=today - datetime.timedelta(days=index % 730),
            employee_party=person_name(rng),
            employer_party="某企业",
            claim=claim,
            claim_kind=kind,
            claimed_yuan=Decimal(1000 + index % 50 * 1000) if monetary else None,
            mediator=rng.choice(seats[org.pk]) if seats.get(org.pk) else None,
        )
        if index % 6:
            case.outcome = OUTCOMES[index % len(OUTCOMES)]
            case.closed_on = case.received_on + datetime.timedelta(days=5)
            if case.outcome in Case.AGREEMENT_OUTCOMES:
                case.agreement_on = case.closed_on
        case.limit_on = case.limit(calendar).ends_on
        batch.append(case)
    created = Case.objects.bulk_create(batch, batch_size=SCALE_BATCH)
    # A closed case was entered when received and edited when it closed.
    record_scaled(
        created,
        rng=rng,
        unit_of=lambda case: case.org.unit_id,
        changes=lambda case: (
            {"outcome": ("", case.outcome), "closed_on": ("None", case.closed_on)} if case.closed_on else None
        ),
    )


MEDIATOR_BACKGROUNDS = [
    Mediator.Background.STAFF,
    Mediator.Background.LAWYER,
    Mediator.Background.UNION,
    Mediator.Background.HR,
    Mediator.Background.ARBITRATOR,
]
