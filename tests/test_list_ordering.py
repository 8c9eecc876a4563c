"""Every paginated list is ordered by an indexed key, so its last page costs what its first does.

The pages are the access matrix's (``get_pages``), opened as every role; every ``Paginator`` a page builds is
caught, and the ordering of its queryset is read from the SQL Django compiles for it. An ordering passes when it
reads only columns of the list's own table (a column of a joined table cannot be served by an index of this one),
ends with a unique key (the primary key, for a stable order between pages), and some index the database holds
for the table (read back by introspection, so migrations and third-party tables count) starts — after columns
the list's filter fixes to one value, such as its unit — with those columns in the same directions (or all
reversed: the index read backwards). A list with an ordering filter (django-filter's
``OrderingFilter``) is opened again with each of its choices. A new list page is checked without editing this
file. On PostgreSQL the last page of each list is also explained with sorting discouraged: its plan must read an
index in order instead of sorting the table (on the small demo tables the planner would otherwise sort anyway).
Every ``Paginator`` of the project is built by ``listing.page_of`` (one mechanism), and the queryset it cuts
computes no figures per row (no GROUP BY, aggregate or subquery in its SELECT): a list's figures are
``page_of``'s ``figures``, annotated on the page's rows only.
"""

import sys
from contextlib import contextmanager
from unittest import mock

import django_filters
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import Col, OrderBy, Ref
from django.db.models.sql import Query
from django.test import Client, TestCase

from chuxiong_labor.lib import listing
from chuxiong_labor.models import User
from tests.test_access_matrix import ROLE_USERS, get_pages

PROJECT_MODULES = ("chuxiong_labor", "coordinators", "key_enterprises", "mediation", "new_enterprises")
PROJECT_MODULES += ("pay_guidance", "reporting", "social_orgs")


@contextmanager
def caught_lists():
    """Yield ``(queryset or other sequence, module)`` for every ``Paginator`` built meanwhile: what it was given,
    and the module of the code that built it."""
    found = []
    original = Paginator.__init__

    def catching(self, object_list, *args, **kwargs):
        found.append((object_list, sys._getframe(1).f_globals.get("__name__", "")))
        original(self, object_list, *args, **kwargs)

    with mock.patch.object(Paginator, "__init__", catching):
        yield found


@contextmanager
def caught_orderings():
    """Yield the ``OrderingFilter`` choices of every filter set bound meanwhile, as ``(param, [values])``."""
    found = []
    original = django_filters.FilterSet.__init__

    def catching(self, *args, **kwargs):
        original(self, *args, **kwargs)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, django_filters.OrderingFilter):
                values = [value for value, _ in filter_.field.choices if value]
                found.append((name, values))

    with mock.patch.object(django_filters.FilterSet, "__init__", catching):
        yield found


def ordering_columns(queryset):
    """Return ``[(column, descending)]`` of the queryset's ORDER BY, or a reason it cannot be served by an index."""
    compiler = queryset.query.get_compiler(queryset.db)
    compiler.pre_sql_setup()
    base = queryset.query.get_initial_alias()
    columns = []
    for expression, _ in compiler.get_order_by():
        if not isinstance(expression, OrderBy):
            return f"orders by {expression!r}"
        source = expression.expression
        if isinstance(source, Ref):
            source = source.source  # an annotation, such as the lead list's level rank
        if isinstance(source, Col) and source.alias == base:
            columns.append((source.target.column, expression.descending))
            continue
        if isinstance(source, Col):
            return f"orders by {source.alias}.{source.target.column}, a column of a joined table"
        if any(isinstance(col, Col) and col.alias != base for col in source.flatten()):
            return f"orders by an expression on a joined table ({source!r})"
        columns.append((expression_key(compiler, source, queryset.model), expression.descending))
    return columns


def expression_key(compiler, expression, model):
    """Return an expression's SQL without its table's name, to be compared with an expression index's."""
    sql, params = compiler.compile(expression)
    table = model._meta.db_table
    for prefix in (f'"{table}".', f"{table}."):
        sql = sql.replace(prefix, "")
    return f"{sql} {params!r}"


def expression_indexes(model):
    """Return the expression indexes ``model`` declares, like ``table_indexes`` (an expression as its key)."""
    found = []
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=connection)
    for index in model._meta.indexes:
        if not index.expressions or getattr(index, "condition", None) is not None:
            continue
        columns = []
        for expression in index.expressions:
            resolved = expression.resolve_expression(query, allow_joins=False)
            if isinstance(resolved, Col):
                columns.append((resolved.target.column, False))
            else:
                columns.append((expression_key(compiler, resolved, model), False))
        found.append((columns, False))
    return found


def table_indexes(model):
    """Return the indexes of ``model``'s table as the database holds them (migrations' and third-party apps'
    included), each ``([(column, descending)], unique)``; partial indexes are left out (they serve only their
    condition)."""
    partial = {index.name for index in model._meta.indexes if getattr(index, "condition", None) is not None}
    partial |= {c.name for c in model._meta.constraints if getattr(c, "condition", None) is not None}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    indexes = []
    for name, index in found.items():
        if name in partial or not index["columns"] or not (index["index"] or index["unique"] or index["primary_key"]):
            continue
        if any(column is None for column in index["columns"]):
            continue  # an expression index
        orders = index.get("orders") or ["ASC"] * len(index["columns"])
        columns = [(column, order == "DESC") for column, order in zip(index["columns"], orders, strict=False)]
        indexes.append((columns, index["unique"] or index["primary_key"]))
    return indexes + expression_indexes(model)


def equal_columns(queryset):
    """Return the columns of the list's own table that its filter fixes to one value (``unit = 7``)."""
    base, fixed = queryset.query.get_initial_alias(), set()

    def walk(node):
        if getattr(node, "connector", "AND") != "AND" or getattr(node, "negated", False):
            return
        for child in getattr(node, "children", []):
            if hasattr(child, "children"):
                walk(child)
            elif getattr(child, "lookup_name", None) == "exact" and isinstance(child.lhs, Col):
                if child.lhs.alias == base and not hasattr(child.rhs, "resolve_expression"):
                    fixed.add(child.lhs.target.column)

    walk(queryset.query.where)
    return fixed


def served_by_index(queryset, columns):
    """Return why ``columns`` (the ORDER BY of ``queryset``) is not served by an index of its table, or ``None``.

    An index serves the order when, after its leading columns that the filter fixes to one value, it starts with
    the ordering's columns up to a unique key, in the same directions or all reversed."""
    if not columns:
        return "has no ordering"
    indexes = table_indexes(queryset.model)
    names = [column for column, _ in columns]
    keys = [{column for column, _ in index} for index, unique in indexes if unique]
    for length in range(1, len(names) + 1):
        if any(key <= set(names[:length]) for key in keys):
            columns = columns[:length]
            break
    else:
        return f"orders by {names}, which does not end with a unique key (add the primary key)"
    fixed = equal_columns(queryset) - set(names)
    for index, _ in indexes:
        while index and index[0][0] in fixed:
            index = index[1:]
        head = index[: len(columns)]
        if len(head) < len(columns) or [c for c, _ in head] != [c for c, _ in columns]:
            continue
        same = all(d == e for (_, d), (_, e) in zip(head, columns, strict=True))
        reversed_ = all(d != e for (_, d), (_, e) in zip(head, columns, strict=True))
        if same or reversed_:
            return None
    wanted = ", ".join(("-" if descending else "") + column for column, descending in columns)
    return f"orders by ({wanted}), which no index of {queryset.model._meta.db_table} starts with"


def per_row_figures(queryset):
    """Return why the list computes figures per row before its page is cut (a GROUP BY, an aggregate or a
    subquery in its SELECT), or ``None``: the database would count for every row of the table, or evaluate the
    figures of every row the offset skips; ``listing.page_of(…, figures=…)`` annotates the page's rows only."""
    if queryset.query.group_by is not None:
        return "counts per row (GROUP BY) before its page is cut"
    for name, annotation in queryset.query.annotation_select.items():
        parts = annotation.flatten()
        if annotation.contains_aggregate or any(getattr(part, "subquery", False) for part in parts):
            return f"computes {name} for every row before its page is cut"
    return None


def last_page_sorts(queryset, per_page):
    """On PostgreSQL, return the plan of the list's last page when it sorts instead of reading an index in order."""
    count = queryset.count()
    offset = max(count - per_page, 0)
    sql, params = queryset[offset : offset + per_page].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_sort = on")
        cursor.execute("SET LOCAL enable_incremental_sort = on")
    table = queryset.model._meta.db_table
    return plan if "Sort" in plan and "Sort Key: " + table in plan.replace('"', "") else None


class ListOrderingTest(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def lists_of(self, client, url):
        """Return the paginated lists ``url`` builds, and the URLs of its other orderings."""
        with caught_lists() as lists, caught_orderings() as orderings:
            client.get(url)
        joiner = "&" if "?" in url else "?"
        others = [f"{url}{joiner}{param}={value}" for param, values in orderings for value in values]
        return lists, others

    def test_every_paginated_list_is_ordered_by_an_indexed_key(self):
        problems, checked = {}, 0
        for username in dict.fromkeys(ROLE_USERS.values()):
            user = User.objects.get(username=username)
            client = Client(raise_request_exception=True)
            client.force_login(user)
            for name, url in get_pages(user):
                lists, others = self.lists_of(client, url)
                for other in others:
                    lists += self.lists_of(client, other)[0]
                for found, builder in lists:
                    checked += 1
                    if builder.startswith(PROJECT_MODULES) and builder != listing.__name__:
                        problems.setdefault(name, set()).add(f"builds its Paginator in {builder}, not page_of")
                    if not isinstance(found, QuerySet):
                        problems.setdefault(name, set()).add(f"paginates a {type(found).__name__}, not a queryset")
                        continue
                    columns = ordering_columns(found)
                    reason = columns if isinstance(columns, str) else served_by_index(found, columns)
                    reason = reason or per_row_figures(found)
                    if reason is None and connection.vendor == "postgresql":
                        plan = last_page_sorts(found, 50)
                        reason = plan and f"its last page sorts the table:\n{plan}"
                    if reason:
                        problems.setdefault(name, set()).add(f"{found.model.__name__} {reason}")
        self.assertGreater(checked, 30)
        self.assertEqual(
            "\n".join(f"{name}: {reason}" for name, reasons in sorted(problems.items()) for reason in sorted(reasons)),
            "",
        )
