"""The navigation menu for the user's role, given to every template."""

from django.urls import NoReverseMatch, reverse

from . import roles

# (label, url name, icon, who sees it). Each annex app adds its own entries as ``nav`` on its AppConfig, in
# the same shape; they appear between the kernel's first entries and its last.
KERNEL_NAV_FIRST = [
    ("首页", "home", "house", None),
    ("目标任务", "targets", "bullseye", None),
    ("企业库", "enterprise_list", "building", None),
]
KERNEL_NAV_LAST = [
    ("时间节点", "duty_list", "calendar-event", None),
    ("变更记录", "history_list", "clock-history", roles.can_administer),
]


def nav_entries():
    """Return every menu entry: the kernel's, with each installed annex app's ``nav`` in between."""
    from django.apps import apps
    from django.conf import settings

    annex = [entry for app in settings.ANNEX_APPS for entry in getattr(apps.get_app_config(app), "nav", [])]
    return KERNEL_NAV_FIRST + annex + KERNEL_NAV_LAST


def portal_context(request):
    """Give templates the menu entries for the user and the role predicates."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = []
    for label, name, icon, visible in nav_entries():
        if visible is not None and not visible(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        entries.append({"label": label, "url": url, "icon": icon, "active": active})
    return {
        "nav_entries": entries,
        "user_can_review": roles.can_review(user),
        "user_can_administer": roles.can_administer(user),
    }
