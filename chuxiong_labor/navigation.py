"""The navigation menu for the user's role, given to every template.

The entry marked for a page is its section's: the entry whose address is the longest prefix of the section's
address. A page's section is its own address, unless its app files it under another page (``nav_sections`` on the
AppConfig: ``{"key_enterprises:lead_*": "key_enterprises:risk_overview"}``, view-name patterns to url names) or the
view names it for the request (``in_section(request, url)``: a notice is filed under its selection's year).
"""

from fnmatch import fnmatchcase

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
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


# The menu's addresses, reversed once per process (and URL configuration and script prefix), not on every page.
_resolved = {}


def resolved_menu():
    """Return ``nav_groups()`` with each entry's address: ``[(title, [(label, url, icon, visible)])]``, entries
    whose URL name is not mounted left out."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if key not in _resolved:
        groups = []
        for title, items in nav_groups():
            entries = []
            for label, name, icon, visible in items:
                try:
                    entries.append((label, reverse(name), icon, visible))
                except NoReverseMatch:
                    continue
            groups.append((title, entries))
        _resolved[key] = groups
    return _resolved[key]


# The menu rendered, per process, for each set of entries and marked entry (a few per role): every page shows it.
_rendered = {}
RENDERED_MAX = 1000


def menu_html(groups):
    """Return the menu of ``groups`` (``portal_context``'s) as HTML, rendered once per process."""
    key = tuple(
        (group["title"], tuple((e["label"], e["url"], e["icon"], e["active"]) for e in group["entries"]))
        for group in groups
    )
    html = _rendered.get(key)
    if html is None:
        if len(_rendered) >= RENDERED_MAX:
            _rendered.clear()
        html = _rendered[key] = render_to_string("includes/menu.html", {"nav_groups": groups})
    return html


def in_section(request, url):
    """File the page being answered under the section of ``url`` in the menu."""
    request.nav_section = url


def _declared_sections():
    sections = {}
    for config in apps.get_app_configs():
        sections.update(getattr(config, "nav_sections", {}))
    return sections


def section_path(request):
    """Return the address whose section the page of ``request`` belongs to."""
    if getattr(request, "nav_section", None):
        return request.nav_section
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for pattern, url_name in _declared_sections().items():
            if fnmatchcase(match.view_name, pattern):
                return reverse(url_name)
    return request.path


def portal_context(request):
    """Give templates the user's menu, grouped, with the entry for the current page marked, and the role
    predicates."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    groups = []
    for title, items in resolved_menu():
        entries = [
            {"label": label, "url": url, "icon": icon, "active": False}
            for label, url, icon, visible in items
            if visible is None or visible(user)
        ]
        if entries:
            groups.append({"title": title, "entries": entries})
    # The current page's entry is the one whose address is the longest prefix of its section's.
    path = section_path(request)
    candidates = [
        entry
        for group in groups
        for entry in group["entries"]
        if path == entry["url"] or (entry["url"] != "/" and path.startswith(entry["url"]))
    ]
    if candidates:
        max(candidates, key=lambda entry: len(entry["url"]))["active"] = True
    return {
        "nav_groups": groups,
        "nav_html": menu_html(groups),
        "user_can_review": roles.can_review(user),
        "user_can_administer": roles.can_administer(user),
        "current_year": timezone.localdate().year,
    }
