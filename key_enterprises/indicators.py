"""The achieved figures and monthly-report figures this app contributes to home pages, dashboards and reports."""

import calendar
import datetime

from django.db.models import Q
from django.utils import timezone

from chuxiong_labor import indicators

from .figures import bargaining_rates, layoffs_in_month, leads_by_unit_and_level, monitored_per_unit
from .models import PROGRAMME_CODE, Lead, Level


@indicators.register(PROGRAMME_CODE)
def monitored_enterprises(units, year):
    """Return the enterprises on each unit's monitoring list of ``year``; 州本级 counts its member units'."""
    return monitored_per_unit(units, year)


@indicators.register_figures(5, "重点企业用工指导")
def monthly_figures(units, year, month):
    """Return each unit's monitored enterprises, open leads by level, the month's layoffs and bargaining rates."""
    monitored = monitored_per_unit(units, year)
    leads, _totals = leads_by_unit_and_level(Lead.objects.all())
    layoffs = layoffs_in_month(units, year, month)
    rates, _total = bargaining_rates(year, units)
    result = {}
    for unit in units:
        unit_leads = leads.get(unit.pk, dict.fromkeys(Level.values, 0))
        unit_rates = rates.get(unit.pk)
        result[unit.pk] = {
            "监测企业（户）": monitored[unit.pk],
            "未办结线索·红色（条）": unit_leads[Level.RED],
            "未办结线索·橙色（条）": unit_leads[Level.ORANGE],
            "未办结线索·黄色（条）": unit_leads[Level.YELLOW],
            "本月裁员（人）": layoffs.get(unit.pk, 0),
            "集体协商建制率（%）": unit_rates.system_rate if unit_rates else None,
            "规上企业年度协商并签订工资专项合同（%）": unit_rates.wage_contract_rate if unit_rates else None,
        }
    return result


@indicators.register_circular_notes("附件5 重点问题线索")
def overdue_leads(year, month, today):
    """Return a sentence for each lead a county should act on, as things stood at the end of ``month`` (or on
    ``today``, if the month has not yet ended), whenever the circular is drafted: leads opened by then, still open
    then and past their time limit then, days overdue counted to that day; leads already with the prefecture
    (escalated by then) are the prefecture's to act on and are left out."""
    as_of = min(datetime.date(year, month, calendar.monthrange(year, month)[1]), today)
    next_day = timezone.make_aware(datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time()))
    leads = (
        Lead.objects.filter(opened_on__lte=as_of, due_on__lt=as_of)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
        .exclude(escalated_at__lt=next_day)
        .select_related("unit", "monitored__enterprise")
        .order_by("unit__sort_order", "due_on")
    )
    return [
        f"{lead.unit}：{lead.monitored.enterprise}{lead.get_level_display()}预警线索（{lead.summary}）"
        f"截至{as_of.month}月{as_of.day}日已逾期{(as_of - lead.due_on).days}天未办结，请抓紧一对一指导和化解。"
        for lead in leads
    ]
