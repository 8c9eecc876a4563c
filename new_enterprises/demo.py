"""Demo data for annex 4: expert teams, inclusions with services, roster submissions and a summary.

Idempotent: rows are keyed by unit, enterprise and year, and nothing is added twice.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from chuxiong_labor.accounts import User
from chuxiong_labor.demo import SCALE_BATCH, SCALE_MARK, person_name, record_scaled, scaled_count
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.units import Unit

from .models import (
    AnnualSummary,
    ExpertKind,
    ExpertMember,
    Inclusion,
    RosterSubmission,
    ServiceKind,
    ServiceRecord,
    level_for,
)

COUNTIES = ["楚雄市", "禄丰市", "大姚县", "元谋县", "武定县"]
MEMBERS = ["州人社局", "州总工会"]
CONTENTS = {
    ServiceKind.POLICY: "上门宣讲稳岗返还、社保补贴等人社政策，发放用工指南。",
    ServiceKind.CONTRACT: "指导企业规范签订劳动合同，完善合同台账。",
    ServiceKind.SOCIAL_INSURANCE: "指导企业为新招用职工办理参保登记。",
    ServiceKind.RECRUITMENT: "推送招聘信息，协助参加春风行动专场招聘会。",
    ServiceKind.DISPUTE: "排查劳动用工风险，讲解工资支付和加班规定。",
    ServiceKind.TRAINING: "组织企业人事专员参加劳动用工政策培训班。",
}


def _experts(rng, unit):
    if ExpertMember.objects.for_unit(unit).exists():
        return list(ExpertMember.objects.for_unit(unit))
    kinds = [ExpertKind.COORDINATOR, ExpertKind.MEDIATOR, ExpertKind.INSPECTOR, ExpertKind.LAWYER]
    return [
        ExpertMember.objects.create(
            unit=unit,
            name=person_name(rng),
            kind=kind,
            organisation=f"{unit.short_name}{'人社局' if kind != ExpertKind.LAWYER else '律师事务所'}",
            position="科员" if kind != ExpertKind.LAWYER else "律师",
            phone=f"139{rng.randrange(10000000, 99999999)}",
            speciality="劳动合同、工资支付",
        )
        for kind in kinds
    ]


def _include(rng, unit, enterprise, year, experts, today):
    inclusion, created = Inclusion.objects.get_or_create(
        enterprise=enterprise,
        year=year,
        defaults={
            "unit": unit,
            "department": unit.name,
            "contact_person": unit.contact_person or person_name(rng),
            "contact_phone": unit.contact_phone or f"0878-{rng.randrange(3000000, 3999999)}",
            "is_demonstration": unit.kind == Unit.Kind.MEMBER_UNIT,
        },
    )
    if not created or rng.random() < 0.25:
        return
    for _ in range(rng.randrange(1, 4)):
        kind = rng.choice(list(CONTENTS))
        served_on = datetime.date(year, rng.randrange(3, 12), rng.randrange(1, 28))
        if served_on > today:
            served_on = today - datetime.timedelta(days=rng.randrange(1, 30))
        record = ServiceRecord.objects.create(
            inclusion=inclusion,
            served_on=served_on,
            kind=kind,
            content=CONTENTS[kind],
            difficulties="新招用人员流动大，合同签订不及时。" if rng.random() < 0.4 else "",
            resolution="已指导建立入职当日签订合同制度。" if rng.random() < 0.5 else "",
            follow_up_on=served_on + datetime.timedelta(days=rng.choice([20, 30, 45, 60])),
        )
        record.experts.set(rng.sample(experts, 2))


@transaction.atomic
def load(rng):
    """Create annex 4 demo records for several counties and two member units."""
    today = timezone.localdate()
    years = [today.year - 1, today.year]
    admin = User.objects.filter(username="admin").first()
    for name in COUNTIES + MEMBERS:
        unit = Unit.objects.get(short_name=name)
        experts = _experts(rng, unit)
        if unit.is_county:
            pool = list(Enterprise.objects.filter(region=unit.region).order_by("name"))
        else:
            pool = list(Enterprise.objects.order_by("name"))[MEMBERS.index(name) :: 7]
        for index, enterprise in enumerate(pool[:8]):
            _include(rng, unit, enterprise, years[index % 2], experts, today)
        if admin and unit.short_name in ("楚雄市", "州人社局"):
            RosterSubmission.objects.get_or_create(
                unit=unit,
                year=years[0],
                defaults={
                    "submitted_at": timezone.make_aware(datetime.datetime(years[0], 5, 20, 10, 0)),
                    "submitted_by": admin,
                    "enterprise_count": Inclusion.objects.filter(unit=unit, year=years[0]).count(),
                },
            )
        if unit.short_name in ("楚雄市", "禄丰市", "州人社局"):
            AnnualSummary.objects.get_or_create(
                unit=unit,
                year=years[0],
                defaults={
                    "work_done": f"{unit.short_name}按季调取新注册企业信息，建立服务台账，组织专家服务团队上门服务。",
                    "good_practices": "结合人社政策法规“五进”活动开展集中宣讲。",
                    "problems": "部分新企业联系方式变动，回访不及时。",
                    "next_steps": "完善线上用工指导，按季回访。",
                    "submitted_at": timezone.make_aware(datetime.datetime(years[0], 8, 25, 9, 0)),
                },
            )


def scale(rng, *, factor, size=1.0):
    """Include 100 × ``factor`` × ``size`` of the scaled enterprises in this year's plan, each with two services."""
    year = timezone.localdate().year
    wanted = scaled_count(100, factor, size)
    have = Inclusion.objects.filter(enterprise__name__startswith=SCALE_MARK).count()
    counties = {unit.region_id: unit for unit in Unit.objects.counties()}
    enterprises = Enterprise.objects.filter(name__startswith=SCALE_MARK, new_inclusions=None).order_by("pk")
    inclusions = [
        Inclusion(
            unit=counties[enterprise.region_id],
            level=level_for(counties[enterprise.region_id]),
            enterprise=enterprise,
            year=year,
            department=counties[enterprise.region_id].name,
            contact_person=person_name(rng),
        )
        for enterprise in enterprises[: max(0, wanted - have)]
    ]
    created = Inclusion.objects.bulk_create(inclusions, batch_size=SCALE_BATCH)
    record_scaled(created, rng=rng)
    kinds = list(CONTENTS)
    services = ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(
                inclusion=inclusion,
                served_on=datetime.date(year, 1 + (inclusion.pk + step) % 10, 1 + inclusion.pk % 28),
                kind=kinds[(inclusion.pk + step) % len(kinds)],
                content=CONTENTS[kinds[(inclusion.pk + step) % len(kinds)]],
            )
            for inclusion in created
            for step in range(2)
        ],
        batch_size=SCALE_BATCH,
    )
    record_scaled(services, rng=rng, unit_of=lambda service: service.inclusion.unit_id)
