from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "月报与督办"
    nav_title = "月报与督办（通知第四条）"
    nav = [
        ("月报", "reporting:report_list", "journal-text", None),
        ("工作日历", "reporting:calendar", "calendar-check", None),
        ("通报", "reporting:circular_list", "megaphone", None),
        ("督办看板", "reporting:dashboard", "speedometer2", None),
        ("打印中心", "reporting:print_centre", "printer", None),
    ]
    # Timeliness and the reporting settings are opened from the list of monthly reports.
    nav_sections = {
        "reporting:timeliness*": "reporting:report_list",
        "reporting:settings_edit": "reporting:report_list",
    }

    def ready(self):
        from . import checks, duties, printing, todo  # noqa: F401  done check, home panel, 待办 sources, print centre
