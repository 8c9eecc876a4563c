"""``{% history_rows entries as rows %}``: history entries with their changes in words (see
``chuxiong_labor.lib.history.describe_changes``)."""

from django import template

from ..lib.history import describe_changes

register = template.Library()


@register.simple_tag
def history_rows(entries):
    return describe_changes(entries)
