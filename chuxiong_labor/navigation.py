"""The navigation menu for the user's role, given to every template."""

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import roles

# (label, url name, icon, who sees it). Each annex app adds its own entries as ``nav`` on its AppConfig, in
# the same shape; they appear between the kernel's first entries and its last.
KERNEL_NAV_FIRST = [
    ("首页", "home", "house", None),
    ("目标任务", "targets", "bullseye", None),
    ("企业库", "enterprise_list", "building", None),
]
KERNEL_NAV_LAST = [
    ("联系人", "contact_list", "telephone", None),
    ("变更记录", "history_list", "clock-history", roles.can_administer),
]


def nav_groups():
    """Return the menu as ``[(group title or None, entries)]``: the kernel's first entries, then each installed
    app's ``nav`` under its ``nav_title`` (reporting first, then the annexes in order), then the kernel's last."""
    ordered = sorted(settings.ANNEX_APPS, key=lambda app: app != "reporting")
    groups = [(None, KERNEL_NAV_FIRST)]
    for app in ordered:
        config = apps.get_app_config(app)
        if getattr(config, "nav", None):
            groups.append((getattr(config, "nav_title", config.verbose_name), config.nav))
    groups.append(("平台", KERNEL_NAV_LAST))
    return groups


def portal_context(request):
    """Give templates the user's menu, grouped, with the entry for the current page marked, and the role
    predicates."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    groups = []
    for title, items in nav_groups():
        entries = []
        for label, name, icon, visible in items:
            if visible is not None and not visible(user):
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            entries.append({"label": label, "url": url, "icon": icon, "active": False})
        if entries:
            groups.append({"title": title, "entries": entries})
    # The current page's entry is the one whose address is the longest prefix of the path.
    candidates = [
        entry
        for group in groups
        for entry in group["entries"]
        if request.path == entry["url"] or (entry["url"] != "/" and request.path.startswith(entry["url"]))
    ]
    if candidates:
        max(candidates, key=lambda entry: len(entry["url"]))["active"] = True
    return {
        "nav_groups": groups,
        "user_can_review": roles.can_review(user),
        "user_can_administer": roles.can_administer(user),
        "current_year": timezone.localdate().year,
    }
