from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = "劳动人事争议调解组织"
    nav_title = "附件3 · 金牌劳动人事争议调解组织"
    nav = [
        ("争议调解", "mediation:org_list", "shield-check", None),
        ("金牌调解组织选树", "mediation:selection_current", "award", None),
    ]

    def ready(self):
        # Registers the calendar's done check of the quarterly inspections and the selection with the shared
        # notice pages.
        from . import checks, selection  # noqa: F401
