"""Demo data for annex 5: the 任务分解表's 162 monitored enterprises (州本级's 20 split among the four member
units), 24 months of figures with a few enterprises tripping each early-warning rule, the leads those open (the
older ones closed after guidance), visits, a layoff plan, risk meetings, wage settings and bargaining records.

Idempotent: once the app has monitored enterprises, nothing is added again. Dates are never after today.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from chuxiong_labor.accounts import User
from chuxiong_labor.demo import SCALE_BATCH, SCALE_MARK, person_name, record_scaled, scaled_count
from chuxiong_labor.enterprises import Enterprise, SizeClass
from chuxiong_labor.roles import Role
from chuxiong_labor.units import Unit

from . import services
from .forms import LayoffPlanForm
from .models import (
    Alert,
    BargainingRecord,
    ExperienceReport,
    Ground,
    GuidanceVisit,
    LayoffPerson,
    LayoffPlan,
    Lead,
    LeadAction,
    MonitoredEnterprise,
    MonthlyBatch,
    MonthlyFigures,
    Protection,
    Reason,
    RetainedPerson,
    RetainReason,
    RiskMeeting,
    Topic,
    WageSetting,
    WarningRule,
)

TARGETS = {
    "楚雄市": 20, "禄丰市": 20, "大姚县": 15, "元谋县": 15, "武定县": 15,
    "永仁县": 10, "姚安县": 12, "牟定县": 10, "南华县": 15, "双柏县": 10,
}  # fmt: skip
MEMBER_SHARE = 5  # 州本级's 20, five for each member unit
MONTHS = 24

# (county, index on its list, months before the last month, what happens): a few enterprises trip each rule.
TRIPS = [
    ("楚雄市", 0, 0, "art41"),
    ("楚雄市", 1, 1, "wages"),
    ("楚雄市", 2, 7, "dispute"),
    ("禄丰市", 0, 0, "drop"),
    ("禄丰市", 1, 2, "insurance"),
    ("大姚县", 0, 0, "stoppage"),
    ("大姚县", 1, 9, "separation"),
    ("元谋县", 0, 1, "dispute"),
    ("武定县", 0, 13, "art41"),
    ("南华县", 0, 0, "insurance"),
    ("姚安县", 0, 3, "drop"),
    ("牟定县", 0, 0, "separation"),
    ("双柏县", 0, 16, "wages"),
]


def _months(today):
    """Return the last ``MONTHS`` ended months, oldest first, as ``(year, month)``."""
    year, month = today.year, today.month
    found = []
    for _ in range(MONTHS):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        found.append((year, month))
    return list(reversed(found))


def _enterprises(unit, needed):
    """Return up to ``needed`` of the kernel's demo enterprises in ``unit``'s county (it creates enough)."""
    return list(Enterprise.objects.filter(region=unit.region).order_by("name")[:needed])


def _figures_for(rng, headcount, base, trip):
    """Return one month's figures around ``headcount`` (drawn back towards ``base``), shaped by ``trip`` (or
    ordinary when ``None``)."""
    hires = rng.randrange(0, max(2, headcount // 50)) + (max(headcount // 40, 1) if headcount < base * 0.97 else 0)
    separations = rng.randrange(0, max(2, headcount // 50))
    values = {"hires": hires, "separations": separations, "layoffs": 0}
    if trip == "art41":
        values.update(separations=separations + 25, layoffs=25)
    elif trip == "wages":
        values.update(wages_owed_months=2, wages_owed_people=headcount // 3, wages_owed_yuan=Decimal(headcount * 1100))
    elif trip == "insurance":
        values.update(insurance_owed_months=4, insurance_owed_yuan=Decimal(headcount * 900))
    elif trip == "dispute":
        values.update(disputes=1, dispute_people=12, largest_dispute_people=12, complaints=2, complaint_people=12)
    elif trip == "stoppage":
        values.update(stoppage_days=10)
    elif trip == "separation":
        values.update(separations=separations + headcount // 5)
    return values


@transaction.atomic
def load(rng):
    """Create annex 5 demo records (once)."""
    if MonitoredEnterprise.objects.exists():
        return
    today = timezone.localdate()
    months = _months(today)
    years = sorted({year for year, _month in months})
    reviewer = User.objects.filter(username="reviewer").first()
    counties = list(Unit.objects.counties().select_related("region"))
    members = list(Unit.objects.member_units())
    trips = {(county, index): (offset, kind) for county, index, offset, kind in TRIPS}

    # The list: each county's own enterprises, and five more per member unit drawn from the counties.
    placements = []  # (unit, enterprise, trip or None)
    spare = []
    for unit in counties:
        pool = _enterprises(unit, TARGETS[unit.short_name] + 2)
        for index, enterprise in enumerate(pool[: TARGETS[unit.short_name]]):
            placements.append((unit, enterprise, trips.get((unit.short_name, index))))
        spare.extend(pool[TARGETS[unit.short_name] :])
    for number, unit in enumerate(members):
        for enterprise in spare[number * MEMBER_SHARE : (number + 1) * MEMBER_SHARE]:
            placements.append((unit, enterprise, None))
    enterprise_ids = [enterprise.pk for _unit, enterprise, _trip in placements]
    # Registry flags read by the bargaining rates (annexes 5 and 6); set in bulk, as demo data.
    Enterprise.objects.filter(pk__in=enterprise_ids, size_class__in=[SizeClass.LARGE, SizeClass.MEDIUM]).update(
        is_above_scale=True
    )
    Enterprise.objects.filter(pk__in=enterprise_ids[::4]).update(is_above_scale=True)
    Enterprise.objects.filter(pk__in=[pk for index, pk in enumerate(enterprise_ids) if index % 5 != 3]).update(
        has_union=True, union_founded_on=datetime.date(2015, 6, 1)
    )
    Enterprise.objects.filter(pk__in=enterprise_ids, industry="G").update(is_new_business_form=True)

    reasons = [Reason.LARGE_WORKFORCE, Reason.DIFFICULTY, Reason.KEY_AREA, Reason.EPIDEMIC_INDUSTRY, Reason.ABOVE_SCALE]
    base = {enterprise.pk: rng.randrange(60, 900) for _unit, enterprise, _trip in placements}
    entries = {}
    for year in years:
        rows = []
        for unit, enterprise, _trip in placements:
            chosen = [rng.choice(reasons)] + ([Reason.NEW_FORM] if enterprise.industry == "G" else [])
            rows.append(
                MonitoredEnterprise(
                    unit=unit,
                    enterprise=enterprise,
                    year=year,
                    reasons=sorted(set(chosen)),
                    added_on=min(datetime.date(year, 1, 10), today),
                    headcount_last_year_end=base[enterprise.pk],
                    job_policies=rng.choice(["稳岗返还", "稳岗返还、以工代训补贴", "社保补贴", ""]),
                    liaison_officer=person_name(rng),
                    liaison_phone=f"0878-{rng.randrange(3000000, 3999999)}",
                )
            )
        for entry in MonitoredEnterprise.objects.bulk_create(rows):
            entries[(entry.enterprise_id, year)] = entry

    # 24 months: the last one submitted (one unit still drafting, one returned, one missing); older ones accepted.
    last = months[-1]
    units = counties + members
    headcount = dict(base)
    for position, (year, month) in enumerate(months):
        offset = len(months) - 1 - position
        batches = {}
        for unit in units:
            if (year, month) == last and unit.short_name == "双柏县":
                continue  # missing: the grid shows it
            status = MonthlyBatch.Status.ACCEPTED
            if (year, month) == last:
                status = {"永仁县": MonthlyBatch.Status.RETURNED, "姚安县": MonthlyBatch.Status.DRAFT}.get(
                    unit.short_name, MonthlyBatch.Status.SUBMITTED
                )
            submitted_at = timezone.make_aware(datetime.datetime(year, month, 1, 9)) + datetime.timedelta(days=33)
            submitted_at = min(submitted_at, timezone.now())
            batches[unit.pk] = MonthlyBatch(
                unit=unit,
                year=year,
                month=month,
                status=status,
                submitted_at=None if status == MonthlyBatch.Status.DRAFT else submitted_at,
                reviewed_at=submitted_at if status in ("accepted", "returned") else None,
                reviewed_by=reviewer if status in ("accepted", "returned") else None,
                return_reason="南华路物流公司期末人数与社保登记人数不符，请核实后重报。"
                if status == "returned"
                else "",
            )
        MonthlyBatch.objects.bulk_create(batches.values())
        figures = []
        for unit, enterprise, trip in placements:
            batch = batches.get(unit.pk)
            if batch is None:
                continue
            shaped = trip[1] if trip and trip[0] == offset else None
            values = _figures_for(rng, headcount[enterprise.pk], base[enterprise.pk], shaped)
            now = headcount[enterprise.pk] + values["hires"] - values["separations"]
            if shaped == "drop":
                now = int(base[enterprise.pk] * 0.85)
            headcount[enterprise.pk] = max(now, 5)
            entry = entries[(enterprise.pk, year)]
            figures.append(
                MonthlyFigures(
                    batch=batch,
                    monitored=entry,
                    headcount=headcount[enterprise.pk],
                    headcount_last_year_end=entry.headcount_last_year_end,
                    **values,
                )
            )
            if month == 12:
                MonitoredEnterprise.objects.filter(enterprise=enterprise, year=year + 1).update(
                    headcount_last_year_end=headcount[enterprise.pk]
                )
                if (enterprise.pk, year + 1) in entries:
                    entries[(enterprise.pk, year + 1)].headcount_last_year_end = headcount[enterprise.pk]
        MonthlyFigures.objects.bulk_create(figures)
        submitted = MonthlyFigures.objects.filter(
            batch__year=year, batch__month=month, batch__status__in=["submitted", "accepted"]
        )
        alerted_on = min(datetime.date(year, month, 1) + datetime.timedelta(days=35), today)
        services.raise_alerts(submitted, today=alerted_on)
        if offset > 2:
            _close_older_leads(alerted_on, reviewer)

    _visits_and_meetings(rng, today, reviewer)
    _layoff_plan(today, reviewer)
    _earlier_layoff(reviewer)
    _bargaining(rng, placements, years, today)
    for name, promoted in (("楚雄市", True), ("禄丰市", False)):
        ExperienceReport.objects.create(
            unit=Unit.objects.get(short_name=name),
            year=today.year - 1,
            title=f"{name}重点企业用工监测“月报、季商、年调”工作法",
            monitoring_practice="依托社保登记和用工备案数据按月比对，联络员包保到企，预警线索一周内上门。",
            bargaining_practice="以园区为单位开展区域性工资集体协商，规上企业全覆盖。",
            submitted_on=today - datetime.timedelta(days=60),
            promoted_on=today - datetime.timedelta(days=30) if promoted else None,
        )


def _close_older_leads(on_date, reviewer):
    """Guide and close the leads of earlier months, as a unit and the prefecture would have."""
    for lead in Lead.objects.open().select_related("monitored__enterprise"):
        actor = User.objects.filter(unit=lead.unit).first() or reviewer
        services.act_on_lead(
            lead,
            "guide",
            actor=actor,
            expected_version=lead.version,
            note="上门一对一指导，核实情况并宣讲工资支付和裁员程序规定。",
            acted_on=on_date,
        )
        lead.refresh_from_db()
        services.act_on_lead(
            lead,
            "close",
            actor=reviewer,
            expected_version=lead.version,
            note="州三方办复核。",
            acted_on=on_date,
            outcome="企业已补发工资（或完成整改），职工情绪稳定，风险化解。",
        )


def _visits_and_meetings(rng, today, reviewer):
    entries = MonitoredEnterprise.objects.filter(year=today.year if today.month > 1 else today.year - 1)
    for entry in entries.select_related("unit")[::3]:
        visited_on = today - datetime.timedelta(days=rng.randrange(5, 120))
        GuidanceVisit.objects.create(
            monitored=entry,
            visited_on=visited_on,
            visitors=f"{entry.liaison_officer}、{person_name(rng)}",
            content=rng.choice(
                ["了解用工需求，宣讲稳岗返还政策。", "核查劳动合同签订和工资支付情况。", "指导开展工资集体协商。"]
            ),
            next_step=rng.choice(["跟踪春节后返岗情况", "协助申请以工代训补贴", ""]),
            follow_up_on=visited_on + datetime.timedelta(days=rng.choice([30, 45, 60])),
        )
    for unit in Unit.objects.filter(short_name__in=["楚雄市", "禄丰市", "州人社局"]):
        meeting = RiskMeeting.objects.create(
            unit=unit,
            held_on=today - datetime.timedelta(days=20),
            attendees=f"{unit.short_name}人社局、总工会、工信局、工商联",
            analysis="本季度重点企业用工总体稳定，个别企业存在欠薪和规模裁员风险。",
            measures="对预警企业开展一对一指导；裁员企业严格履行法定程序。",
        )
        meeting.leads.set(Lead.objects.filter(unit=unit)[:3])


def _layoff_plan(today, reviewer):
    """A 25-person layoff under Art. 41 ground (2): two workers hired before 2008, one pregnant worker Art. 42
    protects (entered, blocked, not counted), two people retained first."""
    for year in (today.year - 2, today.year - 1):
        WageSetting.objects.create(
            kind=WageSetting.Kind.AVERAGE,
            year=year,
            amount_yuan=Decimal("7800") + 200 * (year - today.year + 2),
            effective_on=datetime.date(year + 1, 6, 1),
            source="演示数据：请按州统计部门公布的上年度城镇单位就业人员平均工资填写",
        )
    entry = (
        MonitoredEnterprise.objects.filter(year=today.year, unit__short_name="楚雄市")
        .order_by("enterprise__name")
        .first()
        or MonitoredEnterprise.objects.filter(unit__short_name="楚雄市").first()
    )
    layoff_on = today - datetime.timedelta(days=10)
    form = LayoffPlanForm(
        data={
            "ground": Ground.HARDSHIP,
            "workforce": max(entry.headcount_last_year_end, 250),
            "planned_cut": 25,
            "actual_cut": 25,
            "posts": "包装工、叉车司机",
            "planned_on": layoff_on,
            "explained_on": today - datetime.timedelta(days=45),
            "opinions_heard": "工会提出优先留用家庭困难职工、足额支付经济补偿，企业已采纳。",
            "reported_on": today - datetime.timedelta(days=40),
            "funds_stated_yuan": "600000",
        },
        instance=LayoffPlan(monitored=entry),
    )
    assert form.is_valid(), form.errors  # noqa: S101  demo data must be valid
    people = [
        LayoffPerson(
            name=f"职工{number:02d}",
            post="包装工" if number % 3 else "叉车司机",
            started_on=datetime.date(2004 + number % 2, 3, 1)
            if number <= 2
            else layoff_on.replace(year=layoff_on.year - 1 - number % 9, day=1) - datetime.timedelta(days=7 * number),
            ended_on=layoff_on,
            base_wage_yuan=Decimal(3600 + 50 * number),
            protection=Protection.MATERNITY if number == 26 else "",
        )
        for number in range(1, 27)
    ]
    retained = [
        RetainedPerson(name="职工甲", reason=RetainReason.OPEN_ENDED),
        RetainedPerson(name="职工乙", reason=RetainReason.SOLE_EARNER),
    ]
    services.save_layoff_plan(form, people, retained, actor=reviewer)


def _earlier_layoff(reviewer):
    """A 20-person layoff at a 楚雄市 enterprise that hired again in a submitted month within six months after it:
    the Art. 41 ¶3 reminder waits in 楚雄市's 待办 for the notice to be recorded."""
    hired = (
        MonthlyFigures.objects.filter(
            batch__unit__short_name="楚雄市", batch__status__in=["submitted", "accepted"], hires__gt=0
        )
        .exclude(monitored__layoff_plans__isnull=False)
        .select_related("batch", "monitored")
        .order_by("-batch__year", "-batch__month", "monitored__enterprise__name")
        .first()
    )
    if hired is None:
        return
    month_before = datetime.date(hired.batch.year, hired.batch.month, 1) - datetime.timedelta(days=1)
    layoff_on = month_before.replace(day=min(15, month_before.day))
    form = LayoffPlanForm(
        data={
            "ground": Ground.CONVERSION,
            "workforce": max(hired.monitored.headcount_last_year_end, 200),
            "planned_cut": 20,
            "actual_cut": 20,
            "posts": "装配工",
            "planned_on": layoff_on,
            "explained_on": layoff_on - datetime.timedelta(days=35),
            "opinions_heard": "工会要求六个月内重新招用时优先通知被裁减人员。",
            "reported_on": layoff_on - datetime.timedelta(days=30),
            "funds_stated_yuan": "300000",
        },
        instance=LayoffPlan(monitored=hired.monitored),
    )
    assert form.is_valid(), form.errors  # noqa: S101  demo data must be valid
    people = [
        LayoffPerson(
            name=f"装配工{number:02d}",
            post="装配工",
            started_on=layoff_on.replace(year=layoff_on.year - 2 - number % 5, day=1),
            ended_on=layoff_on,
            base_wage_yuan=Decimal(3800 + 40 * number),
        )
        for number in range(1, 21)
    ]
    services.save_layoff_plan(form, people, [], actor=reviewer)


def _bargaining(rng, placements, years, today):
    topics = [choice for choice, _label in Topic.choices]
    rows = []
    for year in years:
        for unit, enterprise, _trip in placements:
            has_system = rng.random() < 0.85
            signed = has_system and rng.random() < 0.9
            rows.append(
                BargainingRecord(
                    unit=unit,
                    enterprise=enterprise,
                    year=year,
                    has_system=has_system,
                    held_annual=signed,
                    wage_contract_signed_on=min(datetime.date(year, 3, 15), today) if signed else None,
                    wage_contract_term_months=12 if signed else None,
                    wage_contract_filed_on=min(datetime.date(year, 3, 25), today) if signed else None,
                    has_women_provisions=signed and rng.random() < 0.7,
                    topics=rng.sample(topics, 3) if has_system else [],
                )
            )
    BargainingRecord.objects.bulk_create(rows)


SCALE_MONITORED = 160  # per factor, as many as the 任务分解表's list
LEAD_STATES = [Lead.Status.OPEN, Lead.Status.HANDLING, Lead.Status.ESCALATED, Lead.Status.CLOSED, Lead.Status.CLOSED]


def scale(rng, *, factor, size=1.0):
    """Monitor 160 × ``factor`` × ``size`` of the scaled enterprises (this year and last), with the last twelve
    months' figures in their county's monthly batches, a lead for one in four (open, in hand, escalated, closed;
    each with its alert and steps), a visit for one in three and each year's bargaining record; with history."""
    today = timezone.localdate()
    months = _months(today)[-12:]
    years = sorted({year for year, _month in months})
    wanted = scaled_count(SCALE_MONITORED, factor, size)
    have = MonitoredEnterprise.objects.filter(enterprise__name__startswith=SCALE_MARK, year=years[-1]).count()
    if have >= wanted:
        return
    counties = {unit.region_id: unit for unit in Unit.objects.counties()}
    chosen = list(
        Enterprise.objects.filter(name__startswith=SCALE_MARK, key_monitoring=None).order_by("pk")[: wanted - have]
    )
    reasons = [Reason.LARGE_WORKFORCE, Reason.DIFFICULTY, Reason.KEY_AREA, Reason.ABOVE_SCALE]
    base = {enterprise.pk: rng.randrange(60, 900) for enterprise in chosen}
    entries = MonitoredEnterprise.objects.bulk_create(
        [
            MonitoredEnterprise(
                unit=counties[enterprise.region_id],
                enterprise=enterprise,
                year=year,
                reasons=[reasons[enterprise.pk % len(reasons)]],
                added_on=min(datetime.date(year, 1, 10), today),
                headcount_last_year_end=base[enterprise.pk],
                liaison_officer=person_name(rng),
                liaison_phone=f"0878-{rng.randrange(3000000, 3999999)}",
            )
            for year in years
            for enterprise in chosen
        ],
        batch_size=SCALE_BATCH,
    )
    record_scaled(entries, rng=rng)
    figures = _scale_figures(rng, entries, months, base)
    current = [entry for entry in entries if entry.year == years[-1]]
    _scale_leads(rng, current, figures, today)
    visits = GuidanceVisit.objects.bulk_create(
        [
            GuidanceVisit(
                monitored=entry,
                visited_on=today - datetime.timedelta(days=5 + entry.pk % 200),
                visitors=f"{entry.liaison_officer}、{person_name(rng)}",
                content="核查劳动合同签订和工资支付情况，宣讲稳岗返还政策。",
                follow_up_on=today + datetime.timedelta(days=entry.pk % 60),
            )
            for entry in current[::3]
        ],
        batch_size=SCALE_BATCH,
    )
    record_scaled(visits, rng=rng, unit_of=lambda visit: visit.monitored.unit_id)
    topics = [choice for choice, _label in Topic.choices]
    bargaining = BargainingRecord.objects.bulk_create(
        [
            BargainingRecord(
                unit=entry.unit,
                enterprise=entry.enterprise,
                year=entry.year,
                has_system=entry.pk % 7 != 0,
                held_annual=entry.pk % 7 not in (0, 1),
                wage_contract_signed_on=min(datetime.date(entry.year, 3, 15), today) if entry.pk % 7 > 1 else None,
                wage_contract_term_months=12 if entry.pk % 7 > 1 else None,
                has_women_provisions=entry.pk % 3 == 0,
                topics=topics[entry.pk % 3 : entry.pk % 3 + 3] if entry.pk % 7 else [],
            )
            for entry in entries
        ],
        batch_size=SCALE_BATCH,
    )
    record_scaled(bargaining, rng=rng)


def _scale_figures(rng, entries, months, base):
    """Add each entry's figures for the months of its year to its county's batch (made when missing: accepted,
    the last month's spread over submitted, returned and draft); return the last month's figures by entry."""
    last = months[-1]
    units = {entry.unit_id: entry.unit for entry in entries}
    batches = {
        (batch.unit_id, batch.year, batch.month): batch
        for batch in MonthlyBatch.objects.filter(unit__in=list(units), year__in={year for year, _month in months})
    }
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    missing = []
    for unit_id, unit in units.items():
        for year, month in months:
            if (unit_id, year, month) in batches:
                continue
            status = MonthlyBatch.Status.ACCEPTED
            if (year, month) == last:
                status = [MonthlyBatch.Status.SUBMITTED, MonthlyBatch.Status.RETURNED, MonthlyBatch.Status.DRAFT][
                    unit_id % 3
                ]
            submitted_at = min(
                timezone.make_aware(datetime.datetime(year, month, 1, 9)) + datetime.timedelta(days=33), timezone.now()
            )
            reviewed = status in (MonthlyBatch.Status.ACCEPTED, MonthlyBatch.Status.RETURNED)
            missing.append(
                MonthlyBatch(
                    unit=unit,
                    year=year,
                    month=month,
                    status=status,
                    submitted_at=None if status == MonthlyBatch.Status.DRAFT else submitted_at,
                    reviewed_at=submitted_at if reviewed else None,
                    reviewed_by=reviewer if reviewed else None,
                    return_reason="期末人数与社保登记人数不符，请核实后重报。"
                    if status == MonthlyBatch.Status.RETURNED
                    else "",
                )
            )
    for batch in MonthlyBatch.objects.bulk_create(missing):
        batches[batch.unit_id, batch.year, batch.month] = batch
    record_scaled(missing, rng=rng)
    headcount = dict(base)
    latest = {}
    for year, month in months:  # a month at a time, so memory stays flat at any factor
        rows = []
        for entry in entries:
            if entry.year != year:
                continue
            values = _figures_for(rng, headcount[entry.enterprise_id], base[entry.enterprise_id], None)
            headcount[entry.enterprise_id] = max(
                headcount[entry.enterprise_id] + values["hires"] - values["separations"], 5
            )
            row = MonthlyFigures(
                batch=batches[entry.unit_id, year, month],
                monitored=entry,
                headcount=headcount[entry.enterprise_id],
                headcount_last_year_end=entry.headcount_last_year_end,
                **values,
            )
            rows.append(row)
            latest[entry.pk] = row
        MonthlyFigures.objects.bulk_create(rows, batch_size=SCALE_BATCH)
        record_scaled(rows, rng=rng, unit_of=lambda row: row.batch.unit_id)
    return latest


def _scale_leads(rng, entries, latest, today):
    """Open a lead on one in four ``entries``, each with the alert that raised it and the steps taken since."""
    rules = list(WarningRule.objects.filter(is_active=True).order_by("pk"))
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    staff = {user.unit_id: user for user in User.objects.filter(role=Role.COUNTY_STAFF).order_by("-pk")}
    chosen = entries[::4]
    alerts = []
    if rules:
        alerts = Alert.objects.bulk_create(
            [
                Alert(
                    figures=latest[entry.pk],
                    rule=rules[entry.pk % len(rules)],
                    level=rules[entry.pk % len(rules)].level,
                    value=rules[entry.pk % len(rules)].threshold,
                )
                for entry in chosen
            ],
            batch_size=SCALE_BATCH,
        )
    leads = []
    for index, entry in enumerate(chosen):
        status = LEAD_STATES[index % len(LEAD_STATES)]
        opened_on = today - datetime.timedelta(days=3 + entry.pk % 90)
        rule = rules[entry.pk % len(rules)] if rules else None
        leads.append(
            Lead(
                unit=entry.unit,
                monitored=entry,
                level=rule.level if rule else "yellow",
                summary=rule.text if rule else "用工人数较上年底明显下降",
                status=status,
                opened_on=opened_on,
                due_on=opened_on + datetime.timedelta(days=rule.days_to_close if rule else 15),
                assignee=entry.liaison_officer,
                escalated_at=timezone.now() if status == Lead.Status.ESCALATED else None,
                closed_on=min(opened_on + datetime.timedelta(days=10), today) if status == Lead.Status.CLOSED else None,
                outcome="企业已补发工资（或完成整改），职工情绪稳定，风险化解。"
                if status == Lead.Status.CLOSED
                else "",
            )
        )
    leads = Lead.objects.bulk_create(leads, batch_size=SCALE_BATCH)
    if alerts:
        Lead.alerts.through.objects.bulk_create(
            [Lead.alerts.through(lead=lead, alert=alert) for lead, alert in zip(leads, alerts, strict=True)],
            batch_size=SCALE_BATCH,
        )
    steps = {
        Lead.Status.OPEN: ["open"],
        Lead.Status.HANDLING: ["open", "guide"],
        Lead.Status.ESCALATED: ["open", "guide", "escalate"],
        Lead.Status.CLOSED: ["open", "guide", "close"],
    }
    actions = [
        LeadAction(
            lead=lead,
            action=action,
            acted_on=lead.opened_on + datetime.timedelta(days=number),
            actor=reviewer if action == "close" else staff.get(lead.unit_id, reviewer),
            note="上门一对一指导，核实情况并宣讲工资支付和裁员程序规定。"
            if action == "guide"
            else "按预警规则建立线索。",
        )
        for lead in leads
        for number, action in enumerate(steps[lead.status])
    ]
    LeadAction.objects.bulk_create(actions, batch_size=SCALE_BATCH)
    record_scaled(
        leads,
        rng=rng,
        changes=lambda lead: {"status": (Lead.Status.OPEN, lead.status)} if lead.status != Lead.Status.OPEN else None,
    )
