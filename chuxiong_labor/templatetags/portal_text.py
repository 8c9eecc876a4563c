"""``{{ delta|chinese_duration }}``: a length of time in Chinese words ("15 分钟", "1 小时 30 分钟", "1 天")."""

from django import template

register = template.Library()


@register.filter
def chinese_duration(delta):
    """Return ``delta`` (a ``timedelta``) as days, hours and minutes in Chinese, largest first."""
    if delta is None:
        return ""
    minutes = max(0, round(delta.total_seconds() / 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{value} {unit}" for value, unit in ((days, "天"), (hours, "小时"), (minutes, "分钟")) if value]
    return " ".join(parts) or "不到 1 分钟"
