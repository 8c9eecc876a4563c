from django.apps import AppConfig


class SocialOrgsConfig(AppConfig):
    name = "social_orgs"
    verbose_name = "协调劳动关系社会组织"
    nav_title = "附件2 · 金牌协调劳动关系社会组织"
    nav = [
        ("社会组织", "social_orgs:org_list", "diagram-3", None),
        ("金牌社会组织选树", "social_orgs:selection_current", "award", None),
    ]

    def ready(self):
        # Registers the achieved figures of the quota, and the selection with the shared notice pages.
        from . import checks, indicators, selection  # noqa: F401
