from django.apps import AppConfig


class KeyEnterprisesConfig(AppConfig):
    name = "key_enterprises"
    verbose_name = "重点企业用工指导计划"
    nav_title = "附件5 · 重点企业用工指导"
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        ("重点企业清单", "key_enterprises:monitored_list", "clipboard-data", None),
        ("用工动态监测", "key_enterprises:batch_grid", "activity", None),
        ("风险预警与线索", "key_enterprises:risk_overview", "exclamation-triangle", None),
        ("集体协商", "key_enterprises:bargaining_list", "people", None),
    ]
    # A lead is opened from the risk overview: its pages are that section's.
    nav_sections = {"key_enterprises:lead_*": "key_enterprises:risk_overview"}

    def ready(self):
        from . import checks, indicators, panels, printing, todo  # noqa: F401  done checks, figures, panels, print, 待办
