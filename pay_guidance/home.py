"""What a unit's home page shows from this app: its targeted-service coverage of the latest survey against 10%."""

from chuxiong_labor import panels

from .coverage import COVERAGE_GOAL_PCT, coverage
from .models import SurveyEnterprise


def latest_year(unit):
    """Return the latest data year of ``unit``'s survey, or ``None``."""
    return SurveyEnterprise.objects.for_unit(unit).order_by("-year").values_list("year", flat=True).first()


@panels.unit_panel("pay_guidance", order=45, column="side")
def pay_guidance_panel(unit, today):
    """Show the unit's targeted-service coverage of its latest survey, when it has a survey."""
    year = latest_year(unit)
    if year is None:
        return None
    served, surveyed, percent = coverage([unit], year)[unit.pk]
    return "pay_guidance/includes/home_panel.html", {
        "year": year,
        "served": served,
        "surveyed": surveyed,
        "percent": percent,
        "goal": COVERAGE_GOAL_PCT,
        "below_goal": percent is None or percent < COVERAGE_GOAL_PCT,
    }
