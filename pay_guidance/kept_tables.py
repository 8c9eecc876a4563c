"""The wage tables kept computed: the reviewer's annex 6 table (``wage_levels.wage_table``) read from the cache
while the year's accepted surveys are as they were when it was computed, and computed again after each change.

A table is computed from every employee row of the year's accepted surveys (hundreds of thousands of rows at the
prefecture's full size: over a second), so the page keeps it in the cache per year, scope and the settings it
depends on, beside the **fingerprint** of the data it was computed from (``fingerprint``: one indexed query over
the year's accepted surveys, a digest of each one's id, version and time of change). A kept table is used only when
the fingerprint read now is the one it was computed under; anything else computes it afresh. The global data
generation (``lib/generation``) is not used: it moves on with any write anywhere, and the table would almost never
be found.

Why it is correct: an employee row is written only with its survey (an import writes a survey's rows and moves its
version and time on, and refuses a survey the prefecture has accepted; a corrected minimum-wage flag is refused
once the survey is checked), so the employee rows of an accepted survey stay as they are while its id, version and
time do; accepting, returning or deleting a survey changes the set of accepted surveys. A reader takes the
fingerprint *before* it reads the rows, so a table computed from rows that a commit changed meanwhile is kept
under the fingerprint from before that commit, which no later reader asks for. Each process may keep tables in
its own memory (no Redis): the fingerprint comes from the database, so no process can use another's stale table.

Warming: after a survey enters or leaves the accepted set (``services.act_on_survey``) the table of its year is
computed again once the transaction commits (``warm_after_commit``): by a Celery worker (``tasks``) when Redis
carries the queue, else in a thread of the web process; the prefecture's table and each county's from one read of
the rows (``warm``). So the first person to open the page after an acceptance normally finds it ready. Under the
tests nothing is kept (``PAY_WAGE_TABLES_KEPT``) unless a test switches it on.
"""

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction

from chuxiong_labor.units import Unit

from . import wage_levels
from .models import SurveyEnterprise, SurveyStatus

logger = logging.getLogger(__name__)

# Moved on whenever wage_levels changes what a computed table holds, so that tables kept by older code are not used.
FORMAT = 1
TIMEOUT = 14 * 24 * 3600  # a kept table no one asked for in a fortnight is let go


def fingerprint(year):
    """Return a digest of the accepted surveys of data year ``year`` (each one's id, version and time of change):
    it changes whenever a survey is accepted, returned, deleted or written, and so whenever the rows a wage table
    of ``year`` is computed from change."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(id || ':' || version || ':' || updated_at, ',' ORDER BY id), '')) "  # noqa: S608  fixed SQL, values are params
            f"FROM {SurveyEnterprise._meta.db_table} WHERE year = %s AND status = %s",
            [year, SurveyStatus.ACCEPTED],
        )
        count, digest = cursor.fetchone()
    return f"{count}:{digest}"


def _key(year, unit):
    scope = unit.pk if unit is not None and unit.is_county else "all"
    parameters = (
        settings.PAY_PART_YEAR_RULE,
        settings.PAY_MIN_PEOPLE,
        settings.PAY_MIN_ENTERPRISES,
        settings.PAY_MAX_ENTERPRISE_SHARE_PCT,
        settings.PAY_RSE_MARK_PCT,
    )
    return f"pay:wage-table:v{FORMAT}:{year}:{scope}:" + ":".join(map(str, parameters))


def wage_table(year, unit=None):
    """Return ``wage_levels.wage_table(year, unit)``: the kept table when the year's accepted surveys are as they
    were when it was computed, else the table computed now (and kept)."""
    if not settings.PAY_WAGE_TABLES_KEPT:
        return wage_levels.wage_table(year, unit)
    mark = fingerprint(year)  # before the rows are read: see the module's docstring
    key = _key(year, unit)
    kept = cache.get(key)
    if kept is not None and kept[0] == mark:
        return kept[1]
    cells = wage_levels.wage_table(year, unit)
    cache.set(key, (mark, cells), TIMEOUT)
    return cells


def warm(year):
    """Compute and keep the wage tables of data year ``year``: the prefecture's and every county's, from one read of
    the rows."""
    mark = fingerprint(year)
    employees = wage_levels.read_employees(year)
    for unit in [None, *Unit.objects.counties()]:
        cache.set(_key(year, unit), (mark, wage_levels.wage_table(year, unit, employees=employees)), TIMEOUT)


def warm_after_commit(year):
    """Warm the wage tables of data year ``year`` once the current transaction commits (once per transaction and
    year, however many surveys it changes)."""
    if not settings.PAY_WAGE_TABLES_KEPT:
        return
    for _sids, func, _robust in connection.run_on_commit:
        if isinstance(func, _Warming):
            func.years.add(year)
            return
    transaction.on_commit(_Warming({year}))


class _Warming:
    """What a transaction does once it commits: warm the tables of ``years``."""

    def __init__(self, years):
        self.years = years

    def __call__(self):
        for year in sorted(self.years):
            if settings.JOBS_INLINE and not settings.REDIS_URL:  # the tests: now, on this connection
                warm(year)
            elif settings.REDIS_URL:
                from .tasks import warm_wage_tables  # noqa: PLC0415  the task module imports this one

                try:
                    warm_wage_tables.apply_async((year,), retry=False)
                except Exception:  # the queue is down: the page computes the table when it is opened
                    logger.warning("wage tables of %s not queued for warming", year, exc_info=True)
            else:
                threading.Thread(target=_warm_in_thread, args=(year,), name=f"warm-wages-{year}", daemon=True).start()


def _warm_in_thread(year):
    try:
        warm(year)
    except Exception:  # a thread's failure would go unseen: log it; the page computes the table when opened
        logger.exception("wage tables of %s not warmed", year)
    finally:
        connections.close_all()
