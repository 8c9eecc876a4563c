"""The data generation: a number in the cache that changes after every committed write of business data, so a
reading of the data kept in the cache under it (``cached``) is used only while nothing has changed since.

Every model save, delete and many-to-many change schedules one increment for when its transaction commits (a
rolled-back write changes nothing, so it changes no number), and ``lib/history.record_bulk`` increments it for the
bulk writes that bypass model signals (every bulk write of business data goes through it, for the history).
Bookkeeping that no page's figures read is left out: sessions, django-axes' records, the history's own entries
(the write they record already counts), jobs and the security log (``IGNORED``).

Why it is correct: a reader takes the number *before* it reads the data, and a writer increments it *after* its
commit. A reading that missed a write is therefore stored under a number that the write has already replaced, and
no later reader asks for it. When the number itself is lost (an evicted key, a restarted cache) it starts again
from the clock in nanoseconds, above any number an earlier start reached, so an old reading is never mistaken for
a new one. The cache must be shared by every process that writes for this to hold: Redis in production. While Redis
cannot be reached each process falls back to its own memory (``lib/caching``), and a write made in another process
may stay unseen for at most a reading's ``timeout``. Without Redis (``CACHE_IS_SHARED`` off: the per-process memory
cache of ``make run`` and of the tests) nothing is cached.

A write also moves the number on at once, besides after its commit: the writer's own transaction (and a test,
whose transaction never commits) then reads afresh, while the increment after the commit is the one the argument
above rests on.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "portal:data-generation"
IGNORED_APPS = {"sessions", "axes", "admin", "contenttypes", "auditlog"}
IGNORED_MODELS = {"chuxiong_labor.job", "chuxiong_labor.securityevent"}


def current():
    """Return the current data generation."""
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, time.time_ns())
        value = cache.get(KEY, time.time_ns())
    return value


def bump():
    """Move the data generation on: every reading cached under an earlier one is stale from now on."""
    try:
        cache.incr(KEY)
    except ValueError:  # the number was lost: start again above any number it reached
        cache.add(KEY, time.time_ns())


def bump_after_commit(using="default"):
    """Move the data generation on now and again when the current transaction commits (the latter once per
    transaction however many rows it writes)."""
    if not settings.CACHE_IS_SHARED:
        return  # nothing is cached under it
    connection = connections[using]
    bump()
    if connection.in_atomic_block and any(func is bump for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(bump, using=using)


def cached(key, build, *, timeout=300):
    """Return ``build()``, kept in the cache under ``key`` until the data generation moves on (or ``timeout``
    seconds pass); without a shared cache (``CACHE_IS_SHARED``), ``build()`` every time."""
    if not settings.CACHE_IS_SHARED:
        return build()
    generation = current()  # before reading the data: see the module's docstring
    full_key = f"{key}:g{generation}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value


def _changes_data(sender):
    meta = sender._meta
    return meta.app_label not in IGNORED_APPS and meta.label_lower not in IGNORED_MODELS


def _on_write(sender, using="default", **kwargs):
    if _changes_data(sender):
        bump_after_commit(using)


def _on_m2m(sender, action, using="default", **kwargs):
    if action.startswith("post_") and _changes_data(sender):
        bump_after_commit(using)


def watch():
    """Connect the signals that move the data generation on (once, from the app's ``ready``)."""
    post_save.connect(_on_write, dispatch_uid="generation_save", weak=False)
    post_delete.connect(_on_write, dispatch_uid="generation_delete", weak=False)
    m2m_changed.connect(_on_m2m, dispatch_uid="generation_m2m", weak=False)
