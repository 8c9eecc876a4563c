"""The achieved figures this app contributes to home pages, dashboards and reports."""

from chuxiong_labor import indicators

from .models import DEMO_POINTS_CODE, PROGRAMME_CODE
from .progress import included_per_unit


@indicators.register(PROGRAMME_CODE)
def included_enterprises(units, year):
    """Return the enterprises each unit included in ``year``; 州本级 counts its four member units'."""
    return included_per_unit(units, year)


@indicators.register(DEMO_POINTS_CODE)
def demonstration_points(units, year):
    """Return the enterprises each member unit included in ``year`` (its contact and demonstration points)."""
    return included_per_unit(units, year)
