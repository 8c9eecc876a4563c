"""The navigation menu for the user's role, given to every template."""

from django.urls import NoReverseMatch, reverse

from . import roles

# (label, url name, icon, who sees it). Annex apps add their entries to NAV as they are built.
NAV = [
    ("首页", "home", "house", lambda user: True),
    ("目标任务", "targets", "bullseye", lambda user: True),
    ("企业库", "enterprise_list", "building", lambda user: True),
    ("时间节点", "duty_list", "calendar-event", lambda user: True),
    ("变更记录", "history_list", "clock-history", roles.can_administer),
]


def portal_context(request):
    """Give templates the menu entries for the user and the role predicates."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = []
    for label, name, icon, visible in NAV:
        if not visible(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        entries.append({"label": label, "url": url, "icon": icon, "active": request.path == url})
    return {
        "nav_entries": entries,
        "user_can_review": roles.can_review(user),
        "user_can_administer": roles.can_administer(user),
    }
