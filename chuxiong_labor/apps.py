from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig


class AxesConfig(BaseAxesConfig):
    """django-axes under a Chinese name in the admin (the library gives its app none)."""

    verbose_name = "登录锁定"


class KernelConfig(AppConfig):
    default = True  # the kernel's own config, beside the one it gives django-axes above
    name = "chuxiong_labor"
    verbose_name = "基础数据"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from .forms import use_chinese_blank_choice

        use_chinese_blank_choice()

        from . import printing  # noqa: F401  the print centre's batch job, in every process
        from .lib import generation

        generation.watch()
        from .lib.security import SecurityEvent, record_security_event
        from .lockout import on_login_failed

        def on_locked_out(sender, request, username, ip_address, **kwargs):
            if getattr(request, "account_locked_out", False):
                detail = f"账号已在所有地址暂时锁定，本次登录被拒绝（{ip_address}）"
            else:
                detail = f"连续登录失败，已暂时锁定（{ip_address}）"
            record_security_event(
                SecurityEvent.Kind.LOCKED_OUT, request=request, username=username or "", detail=detail
            )

        user_locked_out.connect(on_locked_out, dispatch_uid="portal_locked_out", weak=False)
        # After lib/security's receiver (connected when the models loaded), which records the failure first.
        user_login_failed.connect(on_login_failed, dispatch_uid="portal_account_lockout", weak=False)
