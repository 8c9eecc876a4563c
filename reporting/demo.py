"""Demo data: two years of monthly reports of every county (mostly on time, some late, some missing, a few
returned), done-marks of the calendar, reminders already sent and two circulars."""

import datetime
import random
from zoneinfo import ZoneInfo

from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone

from chuxiong_labor.accounts import User
from chuxiong_labor.deadlines import Duty
from chuxiong_labor.demo import SCALE_BATCH, record_scaled, scaled_count
from chuxiong_labor.lib.history import record_bulk
from chuxiong_labor.roles import Role
from chuxiong_labor.units import Unit

from . import services
from .figures import collect_figures
from .models import Circular, DutyCompletion, MonthlyReport, ReminderLog, ReportingConfig, ReportTransition
from .schedule import due_date_or_default

SHANGHAI = ZoneInfo("Asia/Shanghai")
PROGRESS = [
    "本月深入{n}家重点企业开展用工指导服务，走访新注册企业{m}家，发放政策宣传资料{k}份。",
    "组织劳动关系协调员业务培训1期，参训{m}人；召开三方联席会议1次，研究部署下阶段重点工作。",
    "受理劳动人事争议调解案件{n}件，调解成功{m}件，金牌调解组织创建工作按计划推进。",
    "开展企业薪酬调查数据采集，已完成{n}家样本企业填报，审核{m}家。",
]
PROBLEMS = [
    "部分新注册企业联系方式变更，难以及时对接。",
    "基层劳动关系协调员力量不足，专职人员少。",
    "个别企业对集体协商认识不到位，参与积极性不高。",
    "",
]
PRACTICES = [
    "推行“园区+三方”联动服务模式，在工业园区设立劳动关系服务站，实现企业用工问题“园区内解决”。",
    "建立调解组织“一月一研判”机制，对苗头性矛盾提前介入化解。",
    "与市场监管部门建立新企业信息按季推送机制，做到新企业“注册即服务”。",
    "",
    "",
]


def _text(rng, options, **numbers):
    return rng.choice(options).format(**numbers)


def _progress(rng):
    """Return a progress sentence whose second figure never exceeds the first (调解成功 ≤ 受理, 审核 ≤ 填报)."""
    first = rng.randint(5, 30)
    return _text(rng, PROGRESS, n=first, m=rng.randint(1, first), k=rng.randint(50, 400))


def _months(start, end):
    year, month = start
    while (year, month) <= end:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _at(day, hour):
    return datetime.datetime(day.year, day.month, day.day, hour, 30, tzinfo=SHANGHAI)


def reports(today, reviewer):
    """Create the counties' monthly reports from January 2025 to the current month (idempotent)."""
    counties = list(Unit.objects.counties())
    existing = set(MonthlyReport.objects.values_list("unit_id", "year", "month"))
    staff = {user.unit_id: user for user in User.objects.filter(role=Role.COUNTY_STAFF).order_by("pk")}
    figures = {unit.pk: collect_figures(unit, today.year, today.month) for unit in counties}
    created, transitions = [], []
    for year, month in _months((2025, 1), (today.year, today.month)):
        due_on = due_date_or_default(year, month)
        for unit in counties:
            if (unit.pk, year, month) in existing:
                continue
            # One generator per report, so a second run decides each month exactly as the first did.
            rng = random.Random(f"report-{unit.short_name}-{year}-{month}")  # noqa: S311  demo data
            roll = rng.random()
            current = (year, month) == (today.year, today.month)
            if roll < 0.06 and due_on < today:
                continue  # missing
            report = MonthlyReport(
                unit=unit,
                year=year,
                month=month,
                due_on=due_on,
                progress=_progress(rng),
                problems=_text(rng, PROBLEMS),
                practices=_text(rng, PRACTICES),
                created_by=staff.get(unit.pk),
            )
            if current and due_on >= today and roll < 0.5:
                created.append(report)  # still a draft
                continue
            late = rng.randint(1, 9) if roll > 0.86 else 0
            arrived = due_on + datetime.timedelta(days=late - (0 if late else rng.randint(0, 8)))
            if arrived >= today:
                created.append(report)  # not sent yet: still a draft
                continue
            report.first_submitted_at = report.submitted_at = _at(arrived, rng.randint(8, 23))
            report.figures = figures[unit.pk]
            report.status = MonthlyReport.Status.SUBMITTED
            if not current and arrived + datetime.timedelta(days=2) < today:
                report.status = MonthlyReport.Status.RETURNED if rng.random() < 0.04 else MonthlyReport.Status.ACCEPTED
                report.reviewed_by = reviewer
                report.reviewed_at = _at(arrived + datetime.timedelta(days=2), 10)
                if report.status == MonthlyReport.Status.RETURNED:
                    report.return_reason = "“工作进展情况”未写明本月走访企业的具体数量，请补充后重新报送。"
            created.append(report)
    MonthlyReport.objects.bulk_create(created, batch_size=500)
    saved = list(
        MonthlyReport.objects.filter(first_submitted_at__isnull=False, transitions__isnull=True).select_related("unit")
    )
    for report in saved:
        transitions += _steps(report, staff.get(report.unit_id), reviewer)
    ReportTransition.objects.bulk_create(transitions, batch_size=500)
    record_bulk(
        list(MonthlyReport.objects.filter(pk__in=[r.pk for r in saved])) if saved else [],
        action=LogEntry.Action.CREATE,
        actor=None,
        note="演示数据",
    )


def completions(today):
    """Mark most past yearly duties of 2025 and 2026 done for each unit (idempotent)."""
    start = datetime.date(2025, 1, 1)
    for unit in Unit.objects.owning_records():
        duties = Duty.objects.for_unit(unit).filter(recurrence=Duty.Recurrence.YEARLY, cycle__start_year=2024)
        for duty in duties:
            for due in duty.occurrences(start, today):
                rng = random.Random(f"done-{unit.short_name}-{duty.code}-{due}")  # noqa: S311  demo data
                if rng.random() < 0.7:
                    DutyCompletion.objects.get_or_create(
                        unit=unit,
                        duty=duty,
                        due_on=due,
                        defaults={"done_on": due - datetime.timedelta(days=rng.randint(0, 10)), "note": "已按时完成"},
                    )


def reminder_logs(today):
    """Record a few reminders as already sent (idempotent)."""
    duty = Duty.objects.filter(code="monthly_report", cycle__start_year=2024).first()
    if duty is None:
        return
    due = due_date_or_default(today.year, today.month)
    if due - datetime.timedelta(days=3) > today:  # this month's reminder is not due yet: last month's was sent
        last = today.replace(day=1) - datetime.timedelta(days=1)
        due = due_date_or_default(last.year, last.month)
    for unit in Unit.objects.counties()[:4]:
        ReminderLog.objects.get_or_create(
            unit=unit,
            duty=duty,
            due_on=due,
            kind=ReminderLog.Kind.BEFORE,
            defaults={"sent_on": due - datetime.timedelta(days=3), "recipients": unit.contact_email},
        )


def circulars(today, reviewer):
    """Draft and issue the circulars of the two months before the current one (idempotent)."""
    months = []
    year, month = today.year, today.month
    for _ in range(2):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append((year, month))
    for index, (year, month) in enumerate(sorted(months)):
        if Circular.objects.filter(year=year, month=month).exists():
            continue
        drafted_on = due_date_or_default(year, month) + datetime.timedelta(days=5)
        circular = services.draft_circular(year, month, actor=reviewer, today=drafted_on)
        if index == 0:
            circular.number = f"楚三方办通〔{year}〕{month}号"
            circular.status = Circular.Status.ISSUED
            circular.issued_on = drafted_on
            circular.issued_by = reviewer
            circular.save()


@transaction.atomic
def load(rng=None):
    """Load the reporting app's demo data; each record draws from a generator of its own (``rng`` is unused)."""
    today = timezone.localdate()
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    ReportingConfig.get()
    reports(today, reviewer)
    completions(today)
    reminder_logs(today)
    circulars(today, reviewer)


SCALE_BEFORE = 2025  # the demo's reports start in January 2025; the scaled ones reach back from December 2024


def scale(rng, *, factor, size=1.0):
    """Add 120 × ``factor`` × ``size`` monthly reports, a year of the ten counties' reports per factor, reaching back
    month by month from December 2024 (a unit reports once a month, so more reports means older ones): most
    accepted, some returned or still awaiting review; each with its steps and history."""
    counties = list(Unit.objects.counties())
    staff = {user.unit_id: user for user in User.objects.filter(role=Role.COUNTY_STAFF).order_by("-pk")}
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    sample = MonthlyReport.objects.exclude(figures={}).order_by("-pk").first()
    have = MonthlyReport.objects.filter(year__lt=SCALE_BEFORE).count()
    due_dates = {}
    created = []
    for index in range(have, scaled_count(120, factor, size)):
        unit = counties[index % len(counties)]
        back = index // len(counties)  # months before January 2025
        year, month = SCALE_BEFORE - 1 - back // 12, 12 - back % 12
        if (year, month) not in due_dates:
            due_dates[year, month] = due_date_or_default(year, month)
        due_on = due_dates[year, month]
        status = MonthlyReport.Status.ACCEPTED
        if index % 20 == 7:
            status = MonthlyReport.Status.RETURNED
        elif index % 25 == 3:
            status = MonthlyReport.Status.SUBMITTED
        arrived = due_on + datetime.timedelta(days=rng.randint(1, 6) if index % 9 == 0 else -rng.randint(0, 8))
        created.append(
            MonthlyReport(
                unit=unit,
                year=year,
                month=month,
                due_on=due_on,
                status=status,
                progress=_progress(rng),
                problems=_text(rng, PROBLEMS),
                practices=_text(rng, PRACTICES),
                figures=sample.figures if sample else {},
                first_submitted_at=_at(arrived, 9),
                submitted_at=_at(arrived, 9),
                reviewed_at=None if status == MonthlyReport.Status.SUBMITTED else _at(arrived, 15),
                reviewed_by=None if status == MonthlyReport.Status.SUBMITTED else reviewer,
                return_reason="“工作进展情况”未写明本月走访企业的具体数量，请补充后重新报送。"
                if status == MonthlyReport.Status.RETURNED
                else "",
                created_by=staff.get(unit.pk),
            )
        )
    created = MonthlyReport.objects.bulk_create(created, batch_size=SCALE_BATCH)
    transitions = []
    for report in created:
        transitions += _steps(report, staff.get(report.unit_id), reviewer)
    ReportTransition.objects.bulk_create(transitions, batch_size=SCALE_BATCH)
    record_scaled(
        created,
        rng=rng,
        changes=lambda report: {"status": (MonthlyReport.Status.DRAFT, report.status)},
    )


def _steps(report, sender, reviewer):
    """The transitions a submitted demo report has been through: submitted, then accepted or returned."""
    steps = [
        ReportTransition(
            report=report,
            from_status=MonthlyReport.Status.DRAFT,
            to_status=MonthlyReport.Status.SUBMITTED,
            actor=sender,
            at=report.first_submitted_at,
        )
    ]
    if report.status != MonthlyReport.Status.SUBMITTED:
        steps.append(
            ReportTransition(
                report=report,
                from_status=MonthlyReport.Status.SUBMITTED,
                to_status=report.status,
                actor=reviewer,
                at=report.reviewed_at,
                reason=report.return_reason,
            )
        )
    return steps
