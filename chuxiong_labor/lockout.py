"""Sign-in lock-out of an account across addresses, beside django-axes' lock-out per user name and address.

django-axes locks a user name at one address after ``LOGIN_FAILURE_LIMIT`` wrong passwords, so a colleague's
typos never lock an office behind the same address. Guesses spread over many addresses never reach that, so the
account itself is locked once ``LOGIN_ACCOUNT_FAILURE_LIMIT`` wrong passwords from any addresses fall within
``LOGIN_COOLOFF_MINUTES``; it opens again when the oldest of them leaves that window, or when an administrator
unlocks it (系统管理 → 用户 → 解除登录锁定).

The failures are counted from the security log (``SecurityEvent``), which records each with its address: the
count is the same on every app server and needs no cache, so it holds when Redis is down. Failures before the
account's last successful sign-in or unlock do not count. An attempt refused by either lock-out checks no
password and is not a failure: it is one ``locked_out`` line (``lib/security``), so an attacker knocking on a
locked account does not lengthen the lock. The failure that locks the account writes one ``locked_out`` line
naming the addresses the failures came from.
"""

import math
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from .lib.security import SecurityEvent, record_security_event


def window():
    return timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)


def recent_failures(username, now=None):
    """Return the account's counted failures as ``(at, address)``, newest first, at most the limit."""
    now = now or timezone.now()
    since = now - window()
    events = SecurityEvent.objects.filter(username__iexact=username, at__gt=since)
    reset_at = (
        events.filter(kind__in=[SecurityEvent.Kind.LOGIN, SecurityEvent.Kind.UNLOCKED])
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = events.filter(kind=SecurityEvent.Kind.LOGIN_FAILED)
    if reset_at is not None:
        failures = failures.filter(at__gt=reset_at)
    limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    return list(failures.order_by("-at").values_list("at", "ip_address")[:limit])


def locked_until(username, now=None):
    """Return when the account's lock-out across addresses ends, or ``None`` when the account is not locked."""
    if not username:
        return None
    failures = recent_failures(username, now)
    if len(failures) < settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        return None
    return failures[-1][0] + window()


def addresses_of(failures):
    """Return the sentence naming the addresses of ``failures`` (each once, newest first), within the log's 300
    characters."""
    addresses = list(dict.fromkeys(address or "未知地址" for _at, address in failures))
    named, length = [], 0
    for address in addresses:
        if length + len(address) > 200:
            break
        named.append(address)
        length += len(address) + 1
    more = f"等{len(addresses)}个地址" if len(named) < len(addresses) else f"共{len(addresses)}个地址"
    return f"{'、'.join(named)}（{more}）"


class AccountLockoutBackend:
    """Refuse every sign-in of an account locked across addresses, before any password is checked.

    Listed first in ``AUTHENTICATION_BACKENDS``; it has no ``get_user``, so sessions (and the tests'
    ``force_login``) keep naming the backend that checked the password. The refusal takes django-axes' path: ``axes_locked_out`` makes
    its middleware answer with the lock-out page (``lockout_response``) and its handler record no attempt.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or locked_until(username) is None:
            return None
        request.axes_locked_out = True
        request.account_locked_out = True
        raise PermissionDenied("该账号已被暂时锁定。")


def on_login_failed(sender, credentials, request=None, **kwargs):
    """Write the account's lock-out line, naming the addresses, when a wrong password reaches the limit.

    Connected after ``lib/security``'s receiver, which marks a failure it recorded; an attempt refused by a
    lock-out is not one, so the line is written once per lock-out.
    """
    if request is None or not getattr(request, "login_failure_recorded", False):
        return
    username = str(credentials.get("username", ""))[:150]
    failures = recent_failures(username)
    if len(failures) < settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        return
    record_security_event(
        SecurityEvent.Kind.LOCKED_OUT,
        request=request,
        username=username,
        detail=(
            f"{settings.LOGIN_COOLOFF_MINUTES}分钟内登录失败{len(failures)}次，账号已在所有地址暂时锁定；"
            f"失败来自{addresses_of(failures)}"
        ),
    )


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked sign-in with the Chinese lock-out page: how long to wait, and whether the account is
    locked at every address or the user name at this one (django-axes' ``AXES_LOCKOUT_CALLABLE``)."""
    wait = settings.AXES_COOLOFF_TIME
    account_wide = getattr(request, "account_locked_out", False)
    if account_wide:
        username = (credentials or {}).get("username") or request.POST.get("username", "")
        until = locked_until(username)
        if until is not None:
            wait = timedelta(minutes=max(1, math.ceil((until - timezone.now()).total_seconds() / 60)))
    context = {"cooloff_timedelta": wait, "account_wide": account_wide}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)


def unlock_account(user, *, actor):
    """Lift every sign-in lock-out of ``user``: across addresses (the count restarts after this) and django-axes'
    per address; one security-log line names the administrator."""
    AxesProxyHandler.reset_attempts(username=user.get_username())
    record_security_event(
        SecurityEvent.Kind.UNLOCKED, user=user, detail=f"系统管理员{actor.get_username()}解除了该账号的登录锁定"
    )
