from django.apps import AppConfig


class NewEnterprisesConfig(AppConfig):
    name = "new_enterprises"
    verbose_name = "服务万户新企用工计划"
    nav_title = "附件4 · 服务万户新企"
    nav = [
        ("新企服务台账", "new_enterprises:inclusion_list", "journal-text", None),
        ("新企计划进度", "new_enterprises:progress", "graph-up", None),
    ]

    def ready(self):
        from . import checks, home, indicators, printing  # noqa: F401  done checks, home panel, figures, print centre
