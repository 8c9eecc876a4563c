from django.apps import AppConfig


class CoordinatorsConfig(AppConfig):
    name = "coordinators"
    verbose_name = "劳动关系协调员"
    nav_title = "附件1 · 金牌劳动关系协调员"
    nav = [
        ("协调员库", "coordinators:coordinator_list", "person-badge", None),
        ("金牌协调员选树", "coordinators:selection_current", "award", None),
    ]

    def ready(self):
        # Registers the calendar's done checks, the achieved figures of the quota, and the selection with the
        # shared notice pages.
        from . import checks, indicators, selection, todo  # noqa: F401
