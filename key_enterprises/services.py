"""Writes of annex 5: each atomic, recorded in the history with its actor, refusing with a Chinese sentence."""

import datetime
from collections import defaultdict
from decimal import Decimal

from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.utils import timezone

from chuxiong_labor.lib.concurrency import claim_version, save_form, save_versioned
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.history import acting_as, record_bulk
from pay_guidance.models import MinimumWage

from .alerts import evaluate
from .compensation import CompensationInputError, OldRule, compensation_from_dates
from .figures import rehires
from .models import (
    LEVEL_ORDER,
    Alert,
    Lead,
    LeadAction,
    Level,
    MonitoredEnterprise,
    MonthlyBatch,
    MonthlyFigures,
    Protection,
    RehireNotice,
    WageSetting,
    WarningRule,
)


class ImportChanged(ActionRefused):
    """The data changed between the preview and the confirmation; nothing was written."""


def remove_from_list(monitored, *, actor, removed_on, reason, expected_version):
    """Take an enterprise off the year's monitoring list (the yearly adjustment), keeping the row and the reason."""
    if not reason.strip():
        raise ActionRefused("调出监测清单须写明原因。")
    with transaction.atomic(), acting_as(actor):
        monitored.removed_on, monitored.removal_reason = removed_on, reason.strip()
        save_versioned(monitored, expected_version)
    return monitored


def import_monitoring_list(plan, *, actor):
    """Write a clean monitoring-list plan (``imports.read_list``): new entries created, changed ones updated.
    All or nothing."""
    if plan.errors:
        raise ActionRefused("文件中有错误的行，未导入任何企业。请改正后重新上传。")
    try:
        with transaction.atomic(), acting_as(actor):
            MonitoredEnterprise.objects.bulk_create(plan.new)
            record_bulk(plan.new, action=LogEntry.Action.CREATE, actor=actor, note="监测清单导入")
            fields = ["reasons", "headcount_last_year_end", "job_policies", "liaison_officer", "liaison_phone"]
            before = MonitoredEnterprise.objects.in_bulk([entry.pk for entry in plan.updated])
            changes = [
                {
                    name: (getattr(before[entry.pk], name), getattr(entry, name))
                    for name in fields
                    if getattr(before[entry.pk], name) != getattr(entry, name)
                }
                for entry in plan.updated
            ]
            for entry in plan.updated:
                entry.version += 1
            MonitoredEnterprise.objects.bulk_update(plan.updated, [*fields, "version"])
            record_bulk(plan.updated, action=LogEntry.Action.UPDATE, actor=actor, note="监测清单导入", changes=changes)
    except IntegrityError as error:
        raise ImportChanged("导入期间监测清单被他人修改。本次导入没有写入任何数据，请重新上传预览。") from error
    return {"new": len(plan.new), "updated": len(plan.updated)}


# Monthly monitoring -----------------------------------------------------------------------------------------


def open_batch(unit, year, month, *, actor, period_months=1):
    """Return ``unit``'s batch of ``year``/``month``, creating it (as a draft) the first time."""
    if month % period_months:
        raise ActionRefused(f"监测周期为每{period_months}个月一期，{month}月不是期末月份，请选择期末月份。")
    if datetime.date(year, month, 1) > timezone.localdate():
        raise ActionRefused("不能填报尚未开始的月份。")
    with transaction.atomic(), acting_as(actor):
        batch, _ = MonthlyBatch.objects.get_or_create(unit=unit, year=year, month=month)
    return batch


def save_figures(batch, rows, *, actor, expected_version, unemployment_rate=None):
    """Replace the figures of an editable ``batch`` with ``rows`` (unsaved ``MonthlyFigures``), all or nothing,
    with the county's unemployment rate of the period. A row without last year's revenue takes the enterprise's
    figure of the same period last year, where one was entered."""
    if not batch.is_editable:
        raise ActionRefused("该月数据已报送，不能修改；如需更正，请联系州三方办退回。")
    _fill_revenue_last_year(batch, rows)
    with transaction.atomic(), acting_as(actor):
        batch.unemployment_rate = unemployment_rate
        save_versioned(batch, expected_version)
        batch.figures.all().delete()
        for row in rows:
            row.batch = batch
        MonthlyFigures.objects.bulk_create(rows)
        record_bulk(rows, action=LogEntry.Action.CREATE, actor=actor, note=f"{batch}")
    return rows


def _fill_revenue_last_year(batch, rows):
    missing = {row.monitored.enterprise_id: row for row in rows if row.revenue_last_year_yuan is None}
    if not missing:
        return
    earlier = MonthlyFigures.objects.filter(
        batch__year=batch.year - 1,
        batch__month=batch.month,
        monitored__enterprise_id__in=missing,
        revenue_yuan__isnull=False,
    ).values_list("monitored__enterprise_id", "revenue_yuan")
    for enterprise_id, revenue in earlier:
        missing[enterprise_id].revenue_last_year_yuan = revenue


def _move(batch, action, *, actor, expected_version):
    target = MonthlyBatch.TRANSITIONS[batch.status].get(action)
    if target is None:
        raise ActionRefused(f"该月数据当前为“{batch.get_status_display()}”，不能进行此操作。请刷新页面查看最新状态。")
    batch.status = target
    save_versioned(batch, expected_version)


def submit_batch(batch, *, actor, expected_version, today=None, reply=""):
    """Submit ``batch`` to the prefecture and evaluate the early-warning rules on it; return the leads opened.
    A returned batch is submitted again with the unit's ``reply`` to the return, which replaces the reason."""
    if not batch.figures.exists():
        raise ActionRefused("该月还没有填报任何企业的数据，请先填报或导入后再报送。")
    resubmitting = batch.status == MonthlyBatch.Status.RETURNED
    if resubmitting and not reply.strip():
        raise ActionRefused("该月数据曾被退回：重新报送时请填写对退回意见的答复（改了什么，或为何不改）。")
    with transaction.atomic(), acting_as(actor):
        _move(batch, "submit", actor=actor, expected_version=expected_version)
        batch.submitted_at, batch.submitted_by = timezone.now(), actor
        if resubmitting:
            batch.reply, batch.return_reason = reply.strip(), ""
        batch.save(update_fields=["submitted_at", "submitted_by", "reply", "return_reason"])
        return raise_alerts(
            MonthlyFigures.objects.filter(batch=batch), today=today or timezone.localdate(), actor=actor
        )


def accept_batch(batch, *, actor, expected_version):
    """Accept a submitted batch after the prefecture's check."""
    with transaction.atomic(), acting_as(actor):
        _move(batch, "accept", actor=actor, expected_version=expected_version)
        batch.reviewed_at, batch.reviewed_by, batch.return_reason = timezone.now(), actor, ""
        batch.save(update_fields=["reviewed_at", "reviewed_by", "return_reason"])


def return_batch(batch, *, actor, expected_version, reason):
    """Return a submitted batch to its unit with a reason."""
    if not reason.strip():
        raise ActionRefused("退回须写明原因，以便填报单位修改。")
    with transaction.atomic(), acting_as(actor):
        _move(batch, "return", actor=actor, expected_version=expected_version)
        batch.reviewed_at, batch.reviewed_by, batch.return_reason = timezone.now(), actor, reason.strip()
        batch.reply = ""
        batch.save(update_fields=["reviewed_at", "reviewed_by", "return_reason", "reply"])


def raise_alerts(figures, *, today, actor=None):
    """Evaluate the active rules on ``figures``, store the new alerts and open a lead for each enterprise that has
    new ones (or add them to its open lead, raising its level if need be). Returns the leads opened. A fixed
    number of queries per call, whatever the number of rows, alerts or leads."""
    rules = list(WarningRule.objects.filter(is_active=True))
    hits = evaluate(figures, rules)
    if not hits:
        return []
    known = set(Alert.objects.filter(figures__in=figures).values_list("figures_id", "rule_id"))
    new = [
        Alert(figures_id=pk, rule=rule, level=rule.level, value=value)
        for pk, rule, value in hits
        if (pk, rule.pk) not in known
    ]
    if not new:
        return []
    Alert.objects.bulk_create(new)
    rows = MonthlyFigures.objects.filter(pk__in={alert.figures_id for alert in new}).select_related(
        "batch", "monitored__enterprise", "monitored__unit"
    )
    rows = {row.pk: row for row in rows}
    by_monitored = defaultdict(list)
    for alert in new:
        alert.figures = rows[alert.figures_id]
        by_monitored[alert.figures.monitored].append(alert)
    open_leads = {lead.monitored_id: lead for lead in Lead.objects.open().filter(monitored__in=list(by_monitored))}
    opened, raised, raised_changes, links = [], [], [], []
    now = timezone.now()
    for monitored, alerts in by_monitored.items():
        level = min((alert.level for alert in alerts), key=LEVEL_ORDER.__getitem__)
        lead = open_leads.get(monitored.pk)
        if lead is None:
            batch = alerts[0].figures.batch
            text = "；".join(dict.fromkeys(alert.rule.text for alert in alerts))
            lead = Lead(
                unit=monitored.unit,
                monitored=monitored,
                level=level,
                summary=f"{batch.year}年{batch.month}月监测：{text}"[:300],
                status=Lead.Status.ESCALATED if level == Level.RED else Lead.Status.OPEN,
                escalated_at=now if level == Level.RED else None,
                opened_on=today,
                due_on=today + datetime.timedelta(days=min(alert.rule.days_to_close for alert in alerts)),
                assignee=monitored.liaison_officer,
                assignee_phone=monitored.liaison_phone,
            )
            opened.append(lead)
        elif LEVEL_ORDER[level] < LEVEL_ORDER[lead.level]:
            raised_changes.append({"level": (lead.level, level)})
            lead.level = level
            raised.append(lead)
        links.extend((lead, alert) for alert in alerts)
    # Bulk writes, so a month of a province costs the same few queries as a month of a county.
    Lead.objects.bulk_create(opened)
    record_bulk(opened, action=LogEntry.Action.CREATE, actor=actor, note="监测预警")
    Lead.objects.bulk_update(raised, ["level"])
    record_bulk(raised, action=LogEntry.Action.UPDATE, actor=actor, note="监测预警：等级提高", changes=raised_changes)
    LeadAction.objects.bulk_create(
        [LeadAction(lead=lead, action="open", acted_on=today, note=f"预警触发：{lead.summary}") for lead in opened]
    )
    Lead.alerts.through.objects.bulk_create(
        [Lead.alerts.through(lead_id=lead.pk, alert_id=alert.pk) for lead, alert in links]
    )
    return opened


# Leads ------------------------------------------------------------------------------------------------------


def act_on_lead(lead, action, *, actor, expected_version, note, acted_on=None, outcome=""):
    """Record ``action`` on ``lead`` (``guide``, ``escalate`` or ``close``) with its note, moving the lead as
    ``Lead.TRANSITIONS`` says. Closing needs an outcome and at least one guidance on record."""
    target = Lead.TRANSITIONS[lead.status].get(action)
    if target is None:
        raise ActionRefused(f"该线索当前为“{lead.get_status_display()}”，不能进行此操作。请刷新页面查看最新状态。")
    acted_on = acted_on or timezone.localdate()
    if acted_on > timezone.localdate():
        raise ActionRefused("日期不能晚于今天。")
    if not note.strip():
        raise ActionRefused("请填写指导服务或处置的具体内容。")
    if action == "close":
        if not outcome.strip():
            raise ActionRefused("办结线索须写明办结情况（化解结果和稳控措施）。")
        if not lead.actions.filter(action="guide").exists():
            raise ActionRefused("该线索还没有任何一对一指导服务记录，不能办结。请先记录指导服务。")
    with transaction.atomic(), acting_as(actor):
        lead.status = target
        if action == "escalate":
            lead.escalated_at = timezone.now()
        if action == "close":
            lead.closed_on, lead.outcome = acted_on, outcome.strip()
        save_versioned(lead, expected_version)
        LeadAction.objects.create(lead=lead, action=action, acted_on=acted_on, actor=actor, note=note.strip())
    return lead


def escalate_overdue_leads(today):
    """Send every open lead past its time limit to the prefecture (逾期提交州三方办), in a fixed number of
    queries; return how many were sent. Run daily by ``manage.py escalate_leads``."""
    overdue = list(Lead.objects.overdue(today).exclude(status=Lead.Status.ESCALATED))
    if not overdue:
        return 0
    now = timezone.now()
    with transaction.atomic():
        changes = [{"status": (lead.status, Lead.Status.ESCALATED)} for lead in overdue]
        for lead in overdue:
            lead.status, lead.escalated_at, lead.version = Lead.Status.ESCALATED, now, lead.version + 1
        Lead.objects.bulk_update(overdue, ["status", "escalated_at", "version"])
        record_bulk(
            overdue, action=LogEntry.Action.UPDATE, actor=None, note="逾期未办结，自动提交州三方办", changes=changes
        )
        LeadAction.objects.bulk_create(
            [
                LeadAction(
                    lead=lead,
                    action="escalate",
                    acted_on=today,
                    note=f"超过办结时限（{lead.due_on:%Y-%m-%d}）仍未办结，自动提交州三方办督办。",
                )
                for lead in overdue
            ]
        )
    return len(overdue)


# Layoffs ----------------------------------------------------------------------------------------------------


def average_wage_for(on_date):
    """Return the ``WageSetting`` of the local average monthly wage of the year before ``on_date``, or ``None``."""
    return WageSetting.objects.filter(kind=WageSetting.Kind.AVERAGE, year=on_date.year - 1).first()


def minimum_wage_for(region, on_date):
    """Return the minimum-wage tier of ``region`` in force on ``on_date`` from annex 6's table, or ``None``."""
    return MinimumWage.objects.in_force(region, on_date)


def price_person(person, region, *, old_rule=None):
    """Compute ``person``'s compensation and working in place (nothing saved): the average wage of the year before
    the end date, the minimum-wage tier of ``region`` in force on it; a person Art. 42 protects is not priced.
    Raises ``ActionRefused`` naming the year when the average wage is not set."""
    if person.protection:
        label = Protection(person.protection).label
        person.compensation_yuan = Decimal(0)
        person.working = f"不得裁减：属于劳动合同法{label}，不计算经济补偿。"
        return person
    average = average_wage_for(person.ended_on)
    if average is None:
        raise ActionRefused(
            f"尚未设置{person.ended_on.year - 1}年度当地职工月平均工资，无法计算{person.name}的经济补偿。"
            "请州三方办先在“工资标准”中填写。"
        )
    minimum = minimum_wage_for(region, person.ended_on)
    try:
        working = compensation_from_dates(
            person.started_on,
            person.ended_on,
            person.base_wage_yuan,
            average.amount_yuan,
            minimum.monthly_yuan if minimum else None,
            old_rule=old_rule,
        )
    except CompensationInputError as problem:
        raise ActionRefused(f"{person.name}：{problem}") from None
    basis = [f"当地上年度职工月平均工资：{average}（{average.source}）。"]
    basis.append(
        f"最低工资标准：{minimum}（薪酬指导的最低工资标准表{'' if minimum.is_confirmed else '，档次待核实'}）。"
        if minimum
        else f"{region}在解除日期尚无最低工资标准，未作比较。"
    )
    person.compensation_yuan = working.amount
    person.working = "\n".join([*basis, *working.lines])
    return person


def save_layoff_plan(form, people, retained, *, actor):
    """Save a layoff plan with its people and the people it retains first: each person's compensation from their
    dates (``price_person``) and the total. Refuses (``ActionRefused``) when a wage setting is missing; nothing is
    written then."""
    plan = form.instance
    region = plan.monitored.enterprise.region
    old_rule = OldRule.from_settings()
    for person in people:
        price_person(person, region, old_rule=old_rule)
    with transaction.atomic(), acting_as(actor):
        plan = save_form(form, actor=actor)
        plan.people.all().delete()
        plan.retained.all().delete()
        for person in people:
            person.plan = plan
            person.save()
        for kept in retained:
            kept.plan = plan
            kept.save()
        plan.compensation_total_yuan = sum((person.compensation_yuan for person in people), start=Decimal(0))
        plan.save(update_fields=["compensation_total_yuan"])
    return plan


def replace_layoff_people(plan, people, *, actor, expected_version):
    """Replace the people of ``plan`` with ``people`` (an imported sheet), all or nothing: each priced as on the
    page, the total recomputed, the plan's version checked (a plan changed since the preview is refused)."""
    region = plan.monitored.enterprise.region
    old_rule = OldRule.from_settings()
    for person in people:
        price_person(person, region, old_rule=old_rule)
    with transaction.atomic(), acting_as(actor):
        plan.compensation_total_yuan = sum((person.compensation_yuan for person in people), start=Decimal(0))
        save_versioned(plan, expected_version)
        plan.people.all().delete()
        for person in people:
            person.plan = plan
            person.save()
    return plan


def record_rehire_notice(plan, *, actor, expected_version, year, month, outcome, acted_on, means="", note=""):
    """Record what the unit did about the hires of ``year``/``month`` after ``plan``'s layoff (劳动合同法 Art. 41
    ¶3): the people laid off notified on ``acted_on`` by ``means``, or no rehire the paragraph covers (``note``
    says why). The month must be one the reminder names; the plan's version is claimed, so a page opened before
    another change to the plan is refused. Returns the notice."""
    months = {(row.batch.year, row.batch.month) for row in rehires([plan]).get(plan.pk, [])}
    if (year, month) not in months:
        raise ActionRefused(f"{year}年{month}月不是该裁员后六个月内有新招用的月份，请刷新页面后从列出的月份中选择。")
    if acted_on > timezone.localdate():
        raise ActionRefused("通知或核实日期不能晚于今天。")
    if acted_on < plan.planned_on:
        raise ActionRefused(
            f"通知或核实日期（{acted_on:%Y-%m-%d}）早于裁员日期（{plan.planned_on:%Y-%m-%d}），请核对。"
        )
    if outcome == RehireNotice.Outcome.NOTIFIED and not means:
        raise ActionRefused("已通知被裁减人员的，请选择通知方式。")
    if outcome == RehireNotice.Outcome.NOT_APPLICABLE and not note.strip():
        raise ActionRefused("认定不属于重新招用的，请在说明中写明理由（例如新招用的岗位和人员情况）。")
    try:
        with transaction.atomic(), acting_as(actor):
            claim_version(plan, expected_version)
            plan.save(update_fields=["version"])
            return RehireNotice.objects.create(
                plan=plan, year=year, month=month, outcome=outcome, acted_on=acted_on,
                means=means if outcome == RehireNotice.Outcome.NOTIFIED else "", note=note.strip(), recorded_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise ActionRefused(f"{year}年{month}月新招用的处理已由他人记录，请刷新页面查看。") from None


def promote_experience(report, *, actor, expected_version):
    """Pick a reported summary for promotion across the prefecture (选择一批可复制、可借鉴的经验做法在全州推广)."""
    if report.submitted_on is None:
        raise ActionRefused("该总结尚未报送，不能选为推广经验。")
    if report.promoted_on is not None:
        raise ActionRefused("该总结已选为全州推广经验。")
    with transaction.atomic(), acting_as(actor):
        report.promoted_on = timezone.localdate()
        save_versioned(report, expected_version)
    return report
