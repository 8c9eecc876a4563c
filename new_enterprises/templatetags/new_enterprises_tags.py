from django import template
from django.utils import timezone

from new_enterprises.home import home_panel

register = template.Library()


@register.inclusion_tag("new_enterprises/includes/home_panel.html")
def new_enterprise_panel(unit):
    """Render the unit's coming follow-ups and not-yet-served enterprises for its home page."""
    return home_panel(unit, timezone.localdate())
