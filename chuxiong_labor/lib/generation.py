"""The data generation: a number in the cache that changes after every committed write of business data, so a
reading of the data kept in the cache under it (``cached``) is used only while nothing has changed since.

Every statement that writes (``INSERT``, ``UPDATE``, ``DELETE``: model saves and deletes, many-to-many changes,
bulk writes and ``QuerySet.update`` alike) moves the number on at once and schedules one more move for when its
transaction commits; a connection wrapper sees them all, so no write path can forget it. Bookkeeping that no page's
figures read is left out (``IGNORED_TABLES``): sessions, django-axes' records, the history's entries (the write they
record already counts), jobs and the security log.

Why it is correct: a reader takes the number *before* it reads the data, and a writer moves it on *after* its
commit. A reading that missed a write is therefore stored under a number that the write has already replaced, and
no later reader asks for it. (The move at once lets the writer's own transaction, and a test, whose transaction
never commits, read afresh.) When the number itself is lost (an evicted key, a restarted cache) it starts again
from the clock in nanoseconds, above any number an earlier start reached, so an old reading is never mistaken for
a new one.

The cache must be shared by every process that writes for this to hold: Redis in production (``CACHE_IS_SHARED``).
Without it (the per-process memory cache of ``make run`` and of the tests) nothing is cached. While Redis cannot be
reached each process falls back to its own memory (``lib/caching``), and a write made in another process may stay
unseen for at most a reading's ``timeout``.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created

KEY = "portal:data-generation"
IGNORED_TABLES = re.compile(r"django_session|axes_|auditlog_|chuxiong_labor_job$|chuxiong_labor_securityevent$")
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


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


def changes_data(sql):
    """Return whether the statement ``sql`` writes a table that business data lives in."""
    found = WRITE.match(sql) if isinstance(sql, str) else None
    return found is not None and not IGNORED_TABLES.match(found.group(1))


def note_write(table, using="default"):
    """Move the data generation on for a write to ``table`` made past the execute wrappers (a COPY)."""
    if not IGNORED_TABLES.match(table):
        bump_after_commit(using)


def _watching(alias):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if changes_data(sql):
            bump_after_commit(alias)
        return result

    return wrapper


def _watch_connection(sender, connection, **kwargs):
    if not any(getattr(w, "moves_generation", False) for w in connection.execute_wrappers):
        wrapper = _watching(connection.alias)
        wrapper.moves_generation = True
        connection.execute_wrappers.append(wrapper)


def watch():
    """Watch every database connection's writes (once, from the app's ``ready``)."""
    connection_created.connect(_watch_connection, dispatch_uid="generation_watch", weak=False)
    for connection in connections.all(initialized_only=True):
        _watch_connection(None, connection)
