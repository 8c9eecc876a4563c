"""The reviewer's wage table page kept computed: its wage table (``wage_levels.wage_table``) and labour-cost groups
(``labour_cost.cost_groups``) read from the cache while the year's data is as it was when they were computed, and
computed again after each change.

A wage table is computed from every employee row of the year's accepted surveys (hundreds of thousands of rows at
the prefecture's full size: over a second), so the page keeps its tables in the cache per year, scope and the
settings they depend on, beside the **fingerprint** of the data they were computed from (``fingerprint``: one
query over the year's accepted surveys, a digest of each one's id, version, time of change and enterprise's
industry section, and of the units' names). Kept tables are used only when the fingerprint read now is the one
they were computed under; anything else computes them afresh. The global data generation (``lib/generation``) is
not used: it moves on with any write anywhere, and the tables would almost never be found.

Why it is correct: an employee row or an enterprise sheet is written only with its survey (an import writes a
survey's rows and sheet and moves its version and time on, and refuses a survey the prefecture has accepted; a
corrected minimum-wage flag is refused once the survey is checked), so what an accepted survey brings stays as it
is while its id, version and time do; accepting, returning or deleting a survey changes the set of accepted
surveys. A reader takes the fingerprint *before* it reads the data, so tables computed from data that a commit
changed meanwhile are kept under the fingerprint from before that commit, which no later reader asks for. Each
process may keep tables in its own memory (no Redis): the fingerprint comes from the database, so no process can
use another's stale table.

Warming: after a survey enters or leaves the accepted set (``services.act_on_survey``) the tables of its year are
computed again once the transaction commits (``warm_after_commit``): by a Celery worker (``tasks``) when Redis
carries the queue, else in a thread of the web process; the prefecture's and each county's, the wage tables from
one read of the rows (``warm``). So the first person to open the page after an acceptance normally finds it
ready. Under the tests nothing is kept (``PAY_WAGE_TABLES_KEPT``) unless a test switches it on.
"""

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.units import Unit

from . import labour_cost, wage_levels
from .models import SurveyEnterprise, SurveyStatus

logger = logging.getLogger(__name__)

# Moved on whenever wage_levels changes what a computed table holds, so that tables kept by older code are not used.
FORMAT = 2
TIMEOUT = 14 * 24 * 3600  # a kept table no one asked for in a fortnight is let go


def fingerprint(year):
    """Return a digest of what the tables of data year ``year`` are computed from: each accepted survey's id,
    unit, version, time of change and enterprise's industry section, and the units' names and order. It changes
    whenever a survey is accepted, returned, deleted or written, an enterprise changes section or a unit its name,
    and so whenever the rows or sheets a wage table of ``year`` is computed from change."""
    survey, enterprise, unit = (model._meta.db_table for model in (SurveyEnterprise, Enterprise, Unit))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), md5(coalesce(string_agg("  # noqa: S608  fixed SQL, values are params
            f"s.id || ':' || s.unit_id || ':' || s.version || ':' || s.updated_at || ':' || e.industry, ',' ORDER BY s.id), "
            "'')), "
            f"(SELECT md5(string_agg(u.id || ':' || u.short_name || ':' || u.sort_order, ',' ORDER BY u.id)) FROM {unit} u) "
            f"FROM {survey} s JOIN {enterprise} e ON e.id = s.enterprise_id WHERE s.year = %s AND s.status = %s",
            [year, SurveyStatus.ACCEPTED],
        )
        count, surveys, units = cursor.fetchone()
    return f"{count}:{surveys}:{units}"


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


def tables(year, unit=None):
    """Return ``(cells, groups)``: ``wage_levels.wage_table(year, unit)`` and ``labour_cost.cost_groups(year,
    unit)``, as kept when the year's data is as it was when they were computed, else computed now (and kept)."""
    if not settings.PAY_WAGE_TABLES_KEPT:
        return _computed(year, unit)
    mark = fingerprint(year)  # before the rows are read: see the module's docstring
    key = _key(year, unit)
    kept = cache.get(key)
    if kept is not None and kept[0] == mark:
        return kept[1]
    computed = _computed(year, unit)
    cache.set(key, (mark, computed), TIMEOUT)
    return computed


def _computed(year, unit, employees=None):
    return wage_levels.wage_table(year, unit, employees=employees), labour_cost.cost_groups(year, unit)


def warm(year):
    """Compute and keep the tables of data year ``year``: the prefecture's and every county's, the wage tables from
    one read of the rows."""
    mark = fingerprint(year)
    employees = wage_levels.read_employees(year)
    for unit in [None, *Unit.objects.counties()]:
        cache.set(_key(year, unit), (mark, _computed(year, unit, employees)), TIMEOUT)


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
