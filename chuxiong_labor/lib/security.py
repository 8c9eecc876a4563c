"""Security events: logins, failed logins, lock-outs and refused access, kept beside the change history; and
the client's address, the same for the lock-out (django-axes), these events and the change history.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's. ``client_address`` then trusts exactly
``TRUSTED_PROXY_HOPS`` entries of ``X-Forwarded-For``, counted from the right: each trusted proxy appends the
address it received the request from, so the entry ``TRUSTED_PROXY_HOPS`` from the end is the address the
outermost trusted proxy saw. Anything a client wrote further left is ignored, so a forged header cannot pass
for another client. Without a proxy (``TRUSTED_PROXY_HOPS`` = 0, the default unless ``BEHIND_TLS_PROXY``) the
header is ignored entirely.
"""

import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.dispatch import receiver

logger = logging.getLogger("chuxiong_labor.security")


def client_address(request):
    """Return the client's IP address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_HOPS`` proxies the address the
    outermost of them received the request from (never what the client wrote itself)."""
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED_OUT = "locked_out", "账号锁定"
        ACCESS_DENIED = "access_denied", "拒绝访问"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        UNLOCKED = "unlocked", "解除锁定"

    kind = models.CharField("事件", max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    path = models.CharField("地址", max_length=300, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "安全事件"
        verbose_name_plural = "安全事件"
        ordering = ["-at"]
        indexes = [models.Index(fields=["at", "id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


def record_security_event(kind, *, request=None, user=None, username="", detail=""):
    """Write one security event, taking user, address and path from ``request`` when given."""
    if request is not None:
        user = user or (request.user if getattr(request, "user", None) and request.user.is_authenticated else None)
        address = client_address(request)
        path = request.get_full_path()[:300]
    else:
        address, path = None, ""
    logger.info("%s user=%s address=%s path=%s %s", kind, username or user or "-", address, path, detail[:300])
    SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=address,
        path=path,
        detail=detail[:300],
    )


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    record_security_event(SecurityEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_security_event(SecurityEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    # An attempt a lock-out refused (its backend marks the request before the signal) checked no password: the
    # lock-out's own line records it. This receiver is connected when the models load, before django-axes' and
    # the account lock-out's, which read ``login_failure_recorded`` to count only wrong passwords.
    if request is not None and getattr(request, "axes_locked_out", False):
        return
    record_security_event(
        SecurityEvent.Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150]
    )
    if request is not None:
        request.login_failure_recorded = True
