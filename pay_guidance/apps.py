from django.apps import AppConfig


class PayGuidanceConfig(AppConfig):
    name = "pay_guidance"
    verbose_name = "企业薪酬指引计划"
    nav_title = "附件6 · 企业薪酬指引"
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        ("薪酬调查", "pay_guidance:survey_list", "clipboard-data", None),
        ("工资价位", "pay_guidance:wage_table", "bar-chart", None),
        ("价位发布", "pay_guidance:publication_list", "megaphone", None),
        ("针对性服务", "pay_guidance:service_list", "people", None),
        ("技能人才指导", "pay_guidance:guidance_list", "tools", None),
        ("季度专题报告", "pay_guidance:report_grid", "file-earmark-text", None),
        ("分配示范", "pay_guidance:demonstration_list", "award", None),
    ]

    def ready(self):
        from . import checks, home, indicators, printing, targets, todo  # noqa: F401  done checks, panels, figures, print, 待办
