"""Demo social organisations in every county (摸清底数) and one at 州总工会."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from chuxiong_labor import credit_code
from chuxiong_labor.accounts import User
from chuxiong_labor.demo import SCALE_BATCH, SCALE_MARK, person_name, record_scaled, scaled_count
from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.demo import settle_dates
from chuxiong_labor.nominations.models import Transition
from chuxiong_labor.nominations.services import act_on_nomination, appoint_panel
from chuxiong_labor.nominations.workflow import Action, Level, Status
from chuxiong_labor.roles import Role
from chuxiong_labor.units import Unit

from .models import Conflict, Criterion, Nomination, PanelScore, Service, SocialOrg
from .selection import SELECTION
from .services import open_round

NAMES = [
    ("劳动关系协调服务中心", "2", [Service.LEGAL_ADVICE, Service.MEDIATION, Service.COUNSELLING]),
    ("企业人力资源管理协会", "1", [Service.EMPLOYMENT, Service.PAY_GUIDANCE, Service.TRAINING]),
    ("职工法律援助服务社", "2", [Service.LEGAL_ADVICE, Service.MEDIATION]),
]


def _code(rng, region_code, kind_digit):
    body = "5" + kind_digit + region_code + "".join(rng.choice(credit_code.ALPHABET) for _ in range(9))
    return body + credit_code.check_character(body)


@transaction.atomic
def load(rng):
    """Load idempotent demo social organisations (keyed by unit and name) and selection candidates."""
    registry(rng)
    selections(rng)
    settle_selection_dates()


def registry(rng):
    units = list(Unit.objects.counties().select_related("region")) + [Unit.objects.get(short_name="州总工会")]
    for unit in units:
        count = 3 if unit.short_name in ("楚雄市", "禄丰市") else (1 if not unit.is_county else 1 + unit.sort_order % 2)
        for suffix, kind_digit, services in NAMES[:count]:
            name = f"{unit.short_name.removeprefix('州')}{suffix}" if unit.is_county else f"楚雄州{suffix}"
            if SocialOrg.objects.filter(name=name).exists():
                continue
            staff = rng.randrange(3, 25)
            SocialOrg.objects.create(
                unit=unit,
                name=name,
                credit_code=_code(rng, unit.region.code, kind_digit),
                kind=SocialOrg.KIND_BY_CODE[kind_digit],
                registration_authority=f"{unit.short_name}民政局" if unit.is_county else "楚雄州民政局",
                registered_on=datetime.date(2012 + rng.randrange(10), rng.randrange(1, 13), rng.randrange(1, 28)),
                supervisor=rng.choice(["", "总工会", "人力资源和社会保障局"]),
                services=[str(service) for service in services],
                staff_count=staff,
                full_time_staff=rng.randrange(1, staff + 1),
                address=f"云南省楚雄彝族自治州{unit.short_name}{rng.choice(['人民路', '鹿城路'])}{rng.randrange(1, 300)}号",
                contact_person=person_name(rng),
                contact_phone=f"139{rng.randrange(10000000, 99999999)}",
            )


def selections(rng):
    """Candidates of last year's and this year's rounds in several counties, at different steps."""
    reviewer = User.objects.get(username="reviewer")
    panel = [User.objects.get(username=name) for name in ("renshe", "gonghui", "gongxin", "reviewer")]
    today = timezone.localdate()
    criteria = list(Criterion.objects.for_year(today.year))
    plan = {
        today.year - 1: [("楚雄市", "selected"), ("禄丰市", "recommended"), ("大姚县", "not_selected")],
        today.year: [("楚雄市", "approved"), ("禄丰市", "submitted"), ("双柏县", "draft")],
    }
    for year, entries in plan.items():
        round = open_round(year)
        if not round.panel_members.exists():
            appoint_panel(round, members=panel, chair=panel[-1], quorum=3, actor=reviewer)
        for unit_name, goal in entries:
            org = SocialOrg.objects.filter(unit__short_name=unit_name).order_by("pk").first()
            if org is None or Nomination.objects.filter(round=round, org=org).exists():
                continue
            county = User.objects.get(unit=org.unit, role="county_staff")
            nomination = Nomination.objects.create(
                round=round,
                unit=org.unit,
                org=org,
                achievements=f"{org.name}年内为辖区企业和职工提供法律政策咨询{rng.randrange(80, 400)}人次，"
                f"参与调解劳动纠纷{rng.randrange(10, 60)}件，开展心理疏导和劳动用工指导。",
            )
            if goal == "draft":
                continue
            nomination_services.transition(
                nomination, Action.SUBMIT, actor=county, opinion="同意推荐。", check_deadline=False
            )
            for member in panel:
                if member.username == "gongxin" and unit_name == "禄丰市":
                    Conflict.objects.create(nomination=nomination, member=member, reason="本人曾在该组织兼职")
                    continue
                for criterion in criteria:
                    PanelScore.objects.create(
                        nomination=nomination,
                        member=member,
                        criterion=criterion,
                        points=min(criterion.max_points, rng.randrange(12, 21)),
                    )
            if goal == "submitted":
                continue
            act_on_nomination(SELECTION, nomination, Action.APPROVE, actor=reviewer, opinion="经评审，同意。")
            if goal == "approved":
                continue
            start = datetime.date(year, 8, 1)
            nomination_services.publish_notice(
                round,
                [nomination],
                level=Level.PREFECTURE,
                unit=None,
                starts_on=start,
                ends_on=start + datetime.timedelta(days=6),
                actor=reviewer,
            )
            if goal == "not_selected":
                nomination_services.transition(nomination, Action.REJECT, actor=reviewer, opinion="")
                continue
            nomination_services.transition(
                nomination, Action.SELECT, actor=reviewer, opinion="经公示无异议，确定为州级金牌社会组织。"
            )
            nomination.refresh_from_db()
            nomination.plaque_number = f"楚金社〔{year}〕{nomination.pk}号"
            nomination.plaque_on = datetime.date(year, 9, 10)
            nomination.save()
            if goal == "recommended":
                nomination_services.transition(
                    nomination, Action.RECOMMEND, actor=reviewer, opinion="推荐为省级候选对象。", check_deadline=False
                )


def settle_selection_dates():
    """Date the demo rounds' steps, notices and objections by their business dates, none after today."""
    for round in {nomination.round for nomination in Nomination.objects.select_related("round")}:
        settle_dates(Nomination, round)


# The state of a scaled candidate by its place in the list: this year's are still moving, earlier years' decided.
OPEN_STATES = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.SUBMITTED]
DECIDED_STATES = [Status.SELECTED, Status.NOT_SELECTED, Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED]


def scale(rng, *, factor, size=1.0):
    """Add social organisations (50 × ``factor`` × ``size``) over the counties, and put each forward in one or two
    of the last four years' rounds (75 candidates per 50 organisations): this year's at every step from draft to
    approved, earlier years' selected or not, recommended, awarded; with their steps and history."""
    counties = list(Unit.objects.counties().select_related("region"))
    have = SocialOrg.objects.filter(name__startswith=SCALE_MARK).count()
    kinds = list(SocialOrg.KIND_BY_CODE)
    services = [str(service) for service in Service]
    batch = []
    for index in range(have, scaled_count(50, factor, size)):
        unit = counties[index % len(counties)]
        kind_digit = kinds[index % 2]
        body = "5" + kind_digit + unit.region.code + f"Y{index:08d}"
        staff = 3 + index % 20
        batch.append(
            SocialOrg(
                unit=unit,
                name=f"{SCALE_MARK}{unit.short_name}劳动关系服务社{index:05d}",
                credit_code=body + credit_code.check_character(body),
                kind=SocialOrg.KIND_BY_CODE[kind_digit],
                registration_authority=f"{unit.short_name}民政局",
                registered_on=datetime.date(2012 + index % 12, 1 + index % 12, 1 + index % 28),
                services=services[index % 4 : index % 4 + 3],
                staff_count=staff,
                full_time_staff=1 + index % staff,
                address=f"云南省楚雄彝族自治州{unit.short_name}人民路{index % 300 + 1}号",
                contact_person=person_name(rng),
                contact_phone=f"139{rng.randrange(10000000, 99999999)}",
                is_active=index % 15 != 0,
            )
        )
    created = SocialOrg.objects.bulk_create(batch, batch_size=SCALE_BATCH)
    record_scaled(created, rng=rng)
    _scale_nominations(rng, created)


def _scale_nominations(rng, orgs):
    this_year = timezone.localdate().year
    rounds = {year: open_round(year) for year in range(this_year - 3, this_year + 1)}
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    staff = {user.unit_id: user for user in User.objects.filter(role=Role.COUNTY_STAFF).order_by("-pk")}
    nominations = []
    for org in orgs:
        offsets = [org.pk % 4] + ([(org.pk + 2) % 4] if org.pk % 2 == 0 else [])
        for offset in offsets:
            year = this_year - offset
            states = OPEN_STATES if year == this_year else DECIDED_STATES
            nominations.append(
                Nomination(
                    round=rounds[year],
                    unit=org.unit,
                    org=org,
                    status=states[(org.pk + offset) % len(states)],
                    status_changed_at=timezone.make_aware(datetime.datetime(year, 7, 1 + org.pk % 9, 10)),
                    achievements=f"{org.name}年内为辖区企业和职工提供法律政策咨询{rng.randrange(80, 400)}人次，"
                    f"参与调解劳动纠纷{rng.randrange(10, 60)}件。",
                    plaque_number=f"楚金社〔{year}〕{org.pk}号" if states is DECIDED_STATES else "",
                )
            )
    nominations = Nomination.objects.bulk_create(nominations, batch_size=SCALE_BATCH)
    kind = ContentType.objects.get_for_model(Nomination)
    steps = []
    for nomination in nominations:
        if nomination.status == Status.DRAFT:
            continue
        actor = staff.get(nomination.unit_id, reviewer)
        step = {"content_type": kind, "object_id": nomination.pk, "round": nomination.round}
        steps.append(
            Transition(
                **step,
                action=Action.SUBMIT,
                from_status=Status.DRAFT,
                to_status=Status.SUBMITTED,
                level=Level.UNIT,
                actor=actor,
                opinion="同意推荐。",
            )
        )
        if nomination.status != Status.SUBMITTED:
            returned = nomination.status == Status.RETURNED
            steps.append(
                Transition(
                    **step,
                    action=Action.RETURN if returned else Action.APPROVE,
                    from_status=Status.SUBMITTED,
                    to_status=nomination.status,
                    level=Level.PREFECTURE,
                    actor=reviewer,
                    opinion="" if returned else "经评审，同意。",
                    reason="主要工作业绩请补充服务人次和调解案件的具体数据。" if returned else "",
                    return_level=Level.UNIT if returned else "",
                )
            )
    Transition.objects.bulk_create(steps, batch_size=SCALE_BATCH)
    record_scaled(
        nominations,
        rng=rng,
        changes=lambda nomination: (
            {"status": (Status.DRAFT, nomination.status)} if nomination.status != Status.DRAFT else None
        ),
    )
