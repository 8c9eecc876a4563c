"""The achieved figures and monthly-report figures this app contributes to home pages, dashboards and reports."""

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
    """Return a sentence for each open lead past its time limit on ``today``."""
    leads = (
        Lead.objects.overdue(today)
        .select_related("unit", "monitored__enterprise")
        .order_by("unit__sort_order", "due_on")
    )
    return [
        f"{lead.unit}：{lead.monitored.enterprise}{lead.get_level_display()}预警线索（{lead.summary}）"
        f"已逾期{(today - lead.due_on).days}天未办结，请抓紧一对一指导和化解。"
        for lead in leads
    ]
