"""Demo data for annex 6: a 2025 survey of 240 enterprises (about 21,000 employees) across the ten counties, with
a few cells that must be suppressed (a smelting occupation found in one enterprise only, a rare title), the
publications of the prefecture and two counties, targeted services, skill-talent guidance, quarterly reports and
demonstration enterprises.

Idempotent: each part is skipped when its rows exist. Rows are bulk-inserted, so loading takes seconds.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from chuxiong_labor.accounts import User
from chuxiong_labor.demo import SCALE_BATCH, SCALE_MARK, make_credit_code, person_name, record_scaled, scaled_count
from chuxiong_labor.enterprises import Enterprise, Industry, Ownership, SizeClass
from chuxiong_labor.roles import Role
from chuxiong_labor.units import Unit

from . import services
from .models import (
    Demonstration,
    DemonstrationEvent,
    DemonstrationKind,
    Employee,
    GuidanceKind,
    GuidanceTopic,
    Publication,
    PublicationBasis,
    PublicationStatus,
    ServiceTopic,
    SkillGuidance,
    SurveyEnterprise,
    SurveyStatus,
    TargetedService,
    ThematicReport,
)
from .targets import DEMONSTRATION_OWNERSHIP

YEAR = 2025
PER_COUNTY = 24
TRADES = [
    ("食品", Industry.C, 1.0),
    ("建材", Industry.C, 1.05),
    ("建筑工程", Industry.E, 1.1),
    ("商贸", Industry.F, 0.9),
    ("物流", Industry.G, 1.0),
    ("酒店", Industry.H, 0.85),
    ("软件", Industry.I, 1.4),
    ("物业", Industry.O, 0.8),
]
# (occupation code, weight, median yearly pay in yuan)
OCCUPATIONS = [
    ("1-06-02-00", 2, 120000),
    ("2-02-07-04", 3, 85000),
    ("2-02-10-01", 3, 88000),
    ("2-06-01-02", 4, 62000),
    ("2-06-07-01", 2, 60000),
    ("3-01-02-01", 8, 48000),
    ("4-01-02-01", 8, 50000),
    ("4-01-06-01", 5, 38000),
    ("4-02-02-02", 6, 56000),
    ("4-02-06-03", 4, 45000),
    ("4-03-02-01", 4, 46000),
    ("4-03-02-05", 5, 36000),
    ("4-10-01-01", 5, 36000),
    ("4-10-06-02", 5, 32000),
    ("6-18-02-04", 5, 60000),
    ("6-29-01-01", 6, 58000),
    ("6-31-01-03", 5, 62000),
    ("6-31-01-09", 4, 64000),
]
GRADES = ["高层管理岗", "中层管理岗", "基层管理岗", "管理类员工岗"]
TITLES = ["副高级职称", "中级职称", "初级职称"]
SKILLS = ["高级技师", "技师", "高级技能", "中级技能", "初级技能"]
EDUCATION = ["研究生", "大学本科", "大学专科", "高中及中专", "初中及以下"]
FLOOR = Decimal(25000)  # its normal-hours part (92%) above any county's minimum wage for a full year


def _money(value):
    return Decimal(value).quantize(Decimal("0.01"))


def _enterprises(rng):
    """Create the sample enterprises (keyed by name) and return them with their pay level."""
    names, created, chosen = {}, [], []
    for unit in Unit.objects.counties().select_related("region"):
        for index in range(PER_COUNTY):
            trade, industry, level = TRADES[index % len(TRADES)]
            # "鑫…" sorts after every other demo enterprise and the sample is small or micro, so the other apps'
            # demos, which run earlier and pick enterprises by name or size, pick the same ones on every run.
            name = f"鑫源{unit.short_name}{trade}第{index + 1}有限公司"
            names[name] = (unit, industry, level)
    existing = {e.name: e for e in Enterprise.objects.filter(name__in=list(names))}
    for name, (unit, industry, _level) in names.items():
        if name not in existing:
            created.append(
                Enterprise(
                    name=name,
                    credit_code=make_credit_code(rng, unit.region.code),
                    region=unit.region,
                    industry=industry,
                    size_class=rng.choice([SizeClass.SMALL, SizeClass.SMALL, SizeClass.MICRO]),
                    ownership=rng.choice([Ownership.PRIVATE, Ownership.PRIVATE, Ownership.STATE]),
                    legal_rep_name=person_name(rng),
                )
            )
    Enterprise.objects.bulk_create(created)
    existing.update({e.name: e for e in created})
    for name, (unit, _industry, level) in names.items():
        chosen.append((unit, existing[name], level))
    return chosen


def _employee(rng, survey, unit, industry, level, code, median, **labels):
    months = 12 if rng.random() < 0.85 else rng.randrange(6, 12)
    pay = Decimal(str(rng.lognormvariate(0, 0.35))) * Decimal(median) * Decimal(str(level)) * months / 12
    pay = max(pay, FLOOR * months / 12)
    basic = _money(pay * Decimal("0.62"))
    bonus = _money(pay * Decimal("0.18"))
    allowance = _money(pay * Decimal("0.12"))
    overtime = _money(pay * Decimal("0.06"))
    special = _money(pay) - basic - bonus - allowance - overtime
    return Employee(
        survey=survey,
        year=YEAR,
        unit=unit,
        industry=industry,
        occupation_code=code,
        months_worked=months,
        basic_yuan=basic,
        bonus_yuan=bonus,
        allowance_yuan=allowance,
        overtime_yuan=overtime,
        special_yuan=special,
        annual_pay_yuan=basic + bonus + allowance + overtime + special,
        management_grade=labels.get("grade", ""),
        title=labels.get("title", ""),
        skill_grade=labels.get("skill", ""),
        education=labels.get("education", ""),
    )


def _survey(rng):
    if SurveyEnterprise.objects.filter(year=YEAR).exists():
        return
    chosen = _enterprises(rng)
    surveys = [SurveyEnterprise(unit=unit, enterprise=enterprise, year=YEAR) for unit, enterprise, _ in chosen]
    SurveyEnterprise.objects.bulk_create(surveys)
    codes = [code for code, weight, _ in OCCUPATIONS for _ in range(weight)]
    medians = {code: median for code, _, median in OCCUPATIONS}
    employees = []
    for index, (survey, (unit, enterprise, level)) in enumerate(zip(surveys, chosen, strict=True)):
        count = rng.randrange(40, 140)
        rows = []
        for _ in range(count):
            code = rng.choice(codes)
            labels = {"education": rng.choice(EDUCATION)}
            if code.startswith(("1", "3")) or rng.random() < 0.05:
                labels["grade"] = rng.choice(GRADES)
            if code.startswith("2") and rng.random() < 0.7:
                labels["title"] = rng.choice(TITLES)
            if code.startswith(("4", "6")) and rng.random() < 0.5:
                labels["skill"] = rng.choice(SKILLS)
            rows.append(_employee(rng, survey, unit, enterprise.industry, level, code, medians[code], **labels))
        if index == 0:
            # One smelter's 40 furnace workers: an occupation only it has, suppressed in every table.
            rows += [_employee(rng, survey, unit, enterprise.industry, 1.2, "6-17-01-00", 70000) for _ in range(40)]
        if index % 60 == 1:
            # A few senior professionals: too few for a published cell.
            rows.append(_employee(rng, survey, unit, enterprise.industry, 1, "2-02-07-04", 160000, title="正高级职称"))
        employees += rows
        _cost_sheet(rng, survey, rows)
        survey.status = SurveyStatus.ACCEPTED
    Employee.objects.bulk_create(employees, batch_size=5000)
    chuxiong = [s for s in surveys if s.unit.short_name == "楚雄市"]
    for survey, status in zip(chuxiong[-6:], ["submitted"] * 3 + ["checked"] * 2 + ["returned"], strict=True):
        survey.status = status
        survey.return_reason = "加班工资与考勤记录不符，请企业核实后重新填报。" if status == "returned" else ""
    fields = ["status", "return_reason", "employee_count", "average_headcount", "wages_yuan", "social_insurance_yuan"]
    fields += ["welfare_yuan", "education_yuan", "protection_yuan", "housing_yuan", "other_cost_yuan"]
    fields += ["total_cost_yuan", "revenue_yuan", "value_added_yuan", "profit_yuan"]
    SurveyEnterprise.objects.bulk_update(surveys, fields, batch_size=500)
    # An apprentice paid below the minimum wage in a survey the county has yet to check: flagged for it to verify.
    submitted = next(survey for survey in chuxiong[-6:] if survey.status == "submitted")
    pay = {name: Decimal(0) for name in ("bonus_yuan", "allowance_yuan", "overtime_yuan", "special_yuan")}
    Employee.objects.create(
        survey=submitted,
        year=YEAR,
        unit=submitted.unit,
        industry=submitted.enterprise.industry,
        occupation_code="6-31-01-03",
        months_worked=12,
        basic_yuan=Decimal("15600.00"),
        annual_pay_yuan=Decimal("15600.00"),
        **pay,
    )
    SurveyEnterprise.objects.filter(pk=submitted.pk).update(employee_count=F("employee_count") + 1)
    services.flag_low_pay([submitted], YEAR)


def _publications(reviewer):
    if Publication.objects.filter(year=YEAR).exists():
        return
    office = Unit.objects.get(kind=Unit.Kind.PREFECTURE_OFFICE)
    for unit, issue in (
        (office, True),
        (Unit.objects.get(short_name="禄丰市"), True),
        (Unit.objects.get(short_name="楚雄市"), False),
    ):
        # A county drafts and issues its own tables; the prefecture office approves before (the portal's rule).
        staff = User.objects.filter(unit=unit, role=Role.COUNTY_STAFF).first() if unit.is_county else reviewer
        publication = services.draft_publication(unit, YEAR, actor=staff)
        if issue:
            publication = services.act_on_publication(publication, "approve", actor=reviewer)
            services.act_on_publication(publication, "issue", actor=staff)


def _services(rng):
    if TargetedService.objects.exists():
        return
    records = []
    for short_name, count in (("楚雄市", 3), ("禄丰市", 1), ("大姚县", 3)):
        surveys = list(SurveyEnterprise.objects.filter(unit__short_name=short_name, year=YEAR)[:count])
        for survey in surveys:
            records.append(
                TargetedService(
                    survey=survey,
                    served_on=datetime.date(YEAR + 1, rng.randrange(3, 6), rng.randrange(1, 28)),
                    topic=rng.choice(ServiceTopic.values),
                    content="结合反馈报告解读本企业各岗位工资与市场价位的差距，提出薪酬结构调整建议。",
                    served_by=f"{short_name}人社局 {person_name(rng)}",
                )
            )
    TargetedService.objects.bulk_create(records)


def _guidance(rng):
    if SkillGuidance.objects.exists():
        return
    records = []
    for short_name in ("楚雄市", "禄丰市"):
        unit = Unit.objects.get(short_name=short_name)
        enterprises = list(Enterprise.objects.filter(region=unit.region).order_by("pk")[:4])
        for index, enterprise in enumerate(enterprises):
            records.append(
                SkillGuidance(
                    unit=unit,
                    kind=GuidanceKind.GUIDANCE,
                    enterprise=enterprise,
                    topic=GuidanceTopic.values[index % 4],
                    held_on=datetime.date(YEAR, 3 + index * 2, 15),
                    summary="指导企业建立技能等级与岗位工资挂钩的薪酬分配办法。",
                )
            )
        records.append(
            SkillGuidance(
                unit=unit,
                kind=GuidanceKind.TRAINING,
                topic=GuidanceTopic.PAY_SYSTEM,
                held_on=datetime.date(YEAR, 9, 20),
                summary="举办技能人才薪酬分配指引培训班。",
                participants=rng.randrange(40, 90),
            )
        )
    SkillGuidance.objects.bulk_create(records)


def _reports():
    if ThematicReport.objects.exists():
        return
    chuxiong, lufeng = Unit.objects.get(short_name="楚雄市"), Unit.objects.get(short_name="禄丰市")
    rows = []
    for quarter in (1, 2, 3, 4):
        due = timezone.make_aware(datetime.datetime(YEAR, quarter * 3, 24 if quarter != 3 else 26, 10))
        rows.append(
            ThematicReport(
                unit=chuxiong,
                year=YEAR,
                quarter=quarter,
                status="accepted",
                content="本季度指导3家企业完善技能人才薪酬制度。",
                first_submitted_at=due,
                submitted_at=due,
            )
        )
        rows.append(
            ThematicReport(
                unit=lufeng,
                year=YEAR,
                quarter=quarter,
                status="submitted",
                content="本季度开展技能人才薪酬宣传。",
                first_submitted_at=due,
                submitted_at=due,
            )
        )
    ThematicReport.objects.bulk_create(rows)


def _demonstrations():
    if Demonstration.objects.exists():
        return
    for short_name, kind, count, year in (
        ("楚雄市", DemonstrationKind.STATE, 3, 2021),
        ("禄丰市", DemonstrationKind.PRIVATE, 2, 2023),
    ):
        unit = Unit.objects.get(short_name=short_name)
        fitting = Enterprise.objects.filter(region=unit.region, ownership__in=DEMONSTRATION_OWNERSHIP[kind])
        for index, enterprise in enumerate(fitting.order_by("-pk")[:count]):
            record = Demonstration.objects.create(
                unit=unit,
                kind=kind,
                enterprise=enterprise,
                selected_on=datetime.date(year, 9, 10 + index),
                key_talent_pay=True,
                performance_pay=index % 2 == 0,
                long_term_incentives=index == 0,
                practice="建立以岗位价值和业绩贡献为导向的薪酬体系。",
            )
            DemonstrationEvent.objects.create(
                demonstration=record,
                kind=DemonstrationEvent.Kind.WRITE_UP,
                held_on=datetime.date(year, 12, 1),
                title=f"{enterprise}薪酬分配经验做法",
            )


@transaction.atomic
def load(rng):
    """Load annex 6's demo data."""
    reviewer = User.objects.filter(username="reviewer").first()
    _survey(rng)
    _publications(reviewer)
    _services(rng)
    _guidance(rng)
    _reports()
    _demonstrations()


SCALE_SURVEYS = 100  # per factor: ten more sample enterprises per county
SURVEY_STATES = [SurveyStatus.ACCEPTED] * 6 + [
    SurveyStatus.SUBMITTED,
    SurveyStatus.CHECKED,
    SurveyStatus.RETURNED,
    SurveyStatus.NOT_STARTED,
]


def scale(rng, *, factor, size=1.0):
    """Survey 100 × ``factor`` × ``size`` of the scaled enterprises in ``YEAR`` (30–70 employees each, the labour-cost
    sheet filled; most accepted, the rest submitted, checked, returned or not started), a targeted service for one
    in five, and 10 × ``factor`` × ``size`` publications of earlier years (issued, approved, drafts, corrections)
    carrying the tables of the demo's prefecture publication; with history."""
    wanted = scaled_count(SCALE_SURVEYS, factor, size)
    have = SurveyEnterprise.objects.filter(enterprise__name__startswith=SCALE_MARK, year=YEAR).count()
    counties = {unit.region_id: unit for unit in Unit.objects.counties()}
    chosen = list(
        Enterprise.objects.filter(name__startswith=SCALE_MARK)
        .exclude(pay_surveys__year=YEAR)
        .order_by("-pk")[: max(0, wanted - have)]
    )
    for start in range(0, len(chosen), SCALE_CHUNK):  # a slice at a time, so memory stays flat at any factor
        _scale_surveys(rng, chosen[start : start + SCALE_CHUNK], counties)
    _scale_publications(rng, factor, size)


SCALE_CHUNK = 200  # enterprises surveyed per step: about 9,000 employee rows


def _scale_surveys(rng, chosen, counties):
    """Survey ``chosen`` (scaled enterprises) with their employee rows, labour-cost sheets, services and history."""
    levels = {industry: level for _trade, industry, level in TRADES}
    codes = [code for code, weight, _ in OCCUPATIONS for _ in range(weight)]
    medians = {code: median for code, _, median in OCCUPATIONS}
    surveys, employees = [], []
    for enterprise in chosen:
        unit = counties[enterprise.region_id]
        survey = SurveyEnterprise(
            unit=unit, enterprise=enterprise, year=YEAR, status=SURVEY_STATES[enterprise.pk % len(SURVEY_STATES)]
        )
        surveys.append(survey)
        if survey.status == SurveyStatus.NOT_STARTED:
            continue
        rows = []
        for _ in range(rng.randrange(30, 71)):
            code = rng.choice(codes)
            labels = {"education": rng.choice(EDUCATION)}
            if code.startswith(("4", "6")) and rng.random() < 0.5:
                labels["skill"] = rng.choice(SKILLS)
            level = levels.get(enterprise.industry, 1.0)
            rows.append(_employee(rng, survey, unit, enterprise.industry, level, code, medians[code], **labels))
        employees.append(rows)
        _cost_sheet(rng, survey, rows)
        if survey.status == SurveyStatus.RETURNED:
            survey.return_reason = "加班工资与考勤记录不符，请企业核实后重新填报。"
    SurveyEnterprise.objects.bulk_create(surveys, batch_size=SCALE_BATCH)
    Employee.objects.bulk_create([row for rows in employees for row in rows], batch_size=SCALE_BATCH)
    record_scaled(
        surveys,
        rng=rng,
        changes=lambda survey: (
            {"status": (SurveyStatus.NOT_STARTED, survey.status)} if survey.status != SurveyStatus.NOT_STARTED else None
        ),
    )
    served = TargetedService.objects.bulk_create(
        [
            TargetedService(
                survey=survey,
                served_on=datetime.date(YEAR + 1, 3 + survey.pk % 3, 1 + survey.pk % 28),
                topic=ServiceTopic.values[survey.pk % len(ServiceTopic.values)],
                content="结合反馈报告解读本企业各岗位工资与市场价位的差距，提出薪酬结构调整建议。",
                served_by=f"{survey.unit.short_name}人社局 {person_name(rng)}",
            )
            for survey in surveys
            if survey.status == SurveyStatus.ACCEPTED and survey.pk % 5 == 0
        ],
        batch_size=SCALE_BATCH,
    )
    record_scaled(served, rng=rng, unit_of=lambda service: service.survey.unit_id)


def _cost_sheet(rng, survey, rows):
    """Fill ``survey``'s labour-cost sheet from its employee rows (the demo's sample and the scaled set)."""
    total = sum((row.annual_pay_yuan for row in rows), Decimal(0))
    survey.employee_count = len(rows)
    survey.average_headcount = Decimal(len(rows))
    survey.wages_yuan = total
    survey.social_insurance_yuan = _money(total * Decimal("0.22"))
    survey.welfare_yuan = _money(total * Decimal("0.04"))
    survey.education_yuan = _money(total * Decimal("0.015"))
    survey.protection_yuan = _money(total * Decimal("0.01"))
    survey.housing_yuan = _money(total * Decimal("0.05"))
    survey.other_cost_yuan = _money(total * Decimal("0.005"))
    labour = total * Decimal("1.34")
    survey.total_cost_yuan = _money(labour * Decimal(str(rng.uniform(3, 6))))
    survey.revenue_yuan = _money(survey.total_cost_yuan * Decimal(str(rng.uniform(1.02, 1.2))))
    survey.value_added_yuan = _money(labour * Decimal(str(rng.uniform(1.6, 2.6))))
    survey.profit_yuan = survey.revenue_yuan - survey.total_cost_yuan


def _scale_publications(rng, factor, size):
    """Add publications of the ten years before ``YEAR``, one per county and year per ten, later versions as
    corrections; each carries the tables of the demo's prefecture publication (empty without the demo)."""
    template = Publication.objects.filter(year=YEAR, status=PublicationStatus.ISSUED).order_by("pk").first()
    counties = list(Unit.objects.counties())
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    staff = {user.unit_id: user for user in User.objects.filter(role=Role.COUNTY_STAFF).order_by("-pk")}
    have = Publication.objects.filter(title__startswith=SCALE_MARK).count()
    now = timezone.now()
    publications = []
    for index in range(have, scaled_count(10, factor, size)):
        unit = counties[index % len(counties)]
        year = YEAR - 1 - index // len(counties) % 10
        number = 1 + index // (len(counties) * 10)
        status = [PublicationStatus.DRAFT, PublicationStatus.APPROVED][index % 2] if index % 7 == 0 else "issued"
        publications.append(
            Publication(
                unit=unit,
                year=year,
                number=number,
                status=status,
                title=f"{SCALE_MARK}{unit.short_name}{year}年度人力资源市场工资价位和人工成本信息",
                correction_reason="更正版" if number > 1 else "",
                cells=template.cells if template else [],
                cost_figures=template.cost_figures if template else [],
                computed_at=now,
                has_disclosure_control=template.has_disclosure_control if template else False,
                drafted_by=staff.get(unit.pk),
                approved_by=reviewer if status != PublicationStatus.DRAFT else None,
                approved_at=now if status != PublicationStatus.DRAFT else None,
                issued_by=staff.get(unit.pk) if status == PublicationStatus.ISSUED else None,
                issued_at=now if status == PublicationStatus.ISSUED else None,
            )
        )
    publications = Publication.objects.bulk_create(publications, batch_size=SCALE_BATCH)
    basis = PublicationBasis.objects.filter(publication=template).first()
    PublicationBasis.objects.bulk_create(
        [
            PublicationBasis(
                publication=publication,
                withheld=basis.withheld if basis else [],
                contributions=basis.contributions if basis else {},
            )
            for publication in publications
        ],
        batch_size=SCALE_BATCH,
    )
    record_scaled(
        publications,
        rng=rng,
        changes=lambda publication: (
            {"status": (PublicationStatus.DRAFT, publication.status)}
            if publication.status != PublicationStatus.DRAFT
            else None
        ),
    )
