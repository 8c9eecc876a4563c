"""The monthly-report figures this app contributes."""

from django.db.models import Count, Q

from chuxiong_labor import indicators

from .models import SkillGuidance, SurveyEnterprise, TargetedService


@indicators.register_figures(6, "企业薪酬指引")
def pay_guidance_figures(units, year, month):
    """Return each unit's surveyed and accepted enterprises (data year ``year`` − 1), and the targeted services
    and skill-talent guidance records of the month."""
    figures = {unit.pk: {} for unit in units}
    surveys = (
        SurveyEnterprise.objects.filter(unit__in=units, year=year - 1)
        .values("unit")
        .annotate(total=Count("pk"), accepted=Count("pk", filter=Q(status="accepted")))
    )
    for row in surveys:
        figures[row["unit"]]["调查企业（户）"] = row["total"]
        figures[row["unit"]]["州级已验收（户）"] = row["accepted"]
    services = (
        TargetedService.objects.filter(survey__unit__in=units, served_on__year=year, served_on__month=month)
        .values("survey__unit")
        .annotate(total=Count("pk"))
    )
    for row in services:
        figures[row["survey__unit"]]["本月针对性薪酬服务（次）"] = row["total"]
    guidance = (
        SkillGuidance.objects.filter(unit__in=units, held_on__year=year, held_on__month=month)
        .values("unit")
        .annotate(total=Count("pk"))
    )
    for row in guidance:
        figures[row["unit"]]["本月技能人才薪酬指导（次）"] = row["total"]
    return figures
