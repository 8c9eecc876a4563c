"""Template filters for the plan's dated duties."""

from django import template

register = template.Library()


@register.filter
def title_on(duty, due_on):
    """Return ``duty``'s title labelled by the year ``due_on`` falls in."""
    return duty.title_for(due_on)
