"""Where the CPU of the load benchmark's page mix goes: per page, the app's CPU, the queries and PostgreSQL's CPU.

The load benchmark (``bench_load``) gives requests per second for the ten pages county and prefecture staff open
most; on a small machine that figure is about the cores divided by the CPU each request costs, in the app and in
PostgreSQL together. This probe measures that cost page by page, in-process, with the production settings
(DEBUG off, Redis cache, hashed static files), through Django's test client (the whole middleware stack, no
network), as the load's users: a county office (楚雄市) and the prefecture (reviewer, leader).

For every page of the load's mix it prints, medians of ``--repeat`` requests after one that warms it:
app CPU ms (``time.process_time`` of this process), queries, DB ms (wall time inside ``cursor.execute``) and
PostgreSQL CPU ms (the user and system time of this connection's server process, read from ``/proc``; PostgreSQL
must run on this machine). The last lines weigh the pages as the load does (seven county users to three of the
prefecture, each page at its weight) into the mix's cost per request, and the requests per second two cores
could answer at that cost (``2 / (app + PostgreSQL CPU)``, leaving out gunicorn, the client and the network).

With ``--profile NAME`` it prints the top of cProfile for that page (``mix``: every page) instead.

    DATABASE_URL=postgres://…/a_copy_of_scaled100 REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python benchmarks/capacity_probe.py [--repeat 7] [--profile 首页]

Never point it at a database others read: signing in writes sessions, and ``--afresh`` (reading every page as
after a write, with the data generation moved on before each request) changes nothing but the cache.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")
os.environ.update(
    DEBUG="false",
    SECRET_KEY="probe-" + "x" * 50,
    ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    SECURE_SSL_REDIRECT="false",
    SECURE_COOKIES="false",
    SECURE_HSTS_SECONDS="0",
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")

TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid):
    """Return the CPU seconds (user + system) PostgreSQL's server process ``pid`` has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", help="print cProfile's top for this page name instead of the table")
    parser.add_argument("--only", help="measure only the pages of this name (e.g. 首页), skipping the fixed costs")
    parser.add_argument("--afresh", action="store_true", help="move the data generation on before each request")
    options = parser.parse_args()

    import django

    django.setup()
    import re

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks.bench_load import COUNTY_PAGES, PREFECTURE_PAGES
    from chuxiong_labor.accounts import User
    from chuxiong_labor.lib import generation

    call_command("collectstatic", interactive=False, verbosity=0)

    db_time = [0.0, 0]

    def timing(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time[0] += time.perf_counter() - started
            db_time[1] += 1

    from django.test import override_settings

    with override_settings(ROOT_URLCONF="benchmarks.capacity_probe"):
        fixed = (
            () if options.only or options.profile else (("每个请求", "/__probe/bare/"), ("每个页面", "/__probe/base/"))
        )
        client = Client()
        client.force_login(User.objects.get(username="chuxiong"))
        for name, where in fixed:
            client.get(where)
            cpu = []
            for _ in range(max(options.repeat, 20)):
                started = time.process_time()
                with connection.execute_wrapper(timing):
                    db_time[:] = [0.0, 0]
                    client.get(where)
                cpu.append((time.process_time() - started) * 1000)
            print(f"{name}: app CPU {statistics.median(cpu):.2f} ms, {db_time[1]} queries ({where})")

    personas = [("楚雄市", "chuxiong", COUNTY_PAGES, 0.7), ("州审核", "reviewer", PREFECTURE_PAGES, 0.2)]
    personas.append(("州领导", "leader", PREFECTURE_PAGES, 0.1))
    profiler = cProfile.Profile()
    rows, weighted = [], {"app": 0.0, "pg": 0.0, "db": 0.0, "queries": 0.0}
    for label, username, pages, share in personas:
        client = Client()
        client.force_login(User.objects.get(username=username))
        total_weight = sum(weight for _name, _where, weight in pages)
        for name, where, weight in pages:
            if options.only and name != options.only:
                continue
            if isinstance(where, tuple):
                listing, pattern = where
                link = re.search(pattern, client.get(listing).content.decode())
                if not link:
                    continue
                where = link.group(1)
            response = client.get(where)  # warms the page and the cache
            assert response.status_code == 200, (where, response.status_code)
            if options.profile:
                if options.profile in (name, "mix"):
                    profile(client, where, options, generation, profiler)
                continue
            apps, pgs, dbs, counts = [], [], [], []
            for _ in range(options.repeat):
                if options.afresh:
                    generation.bump()
                connection.ensure_connection()
                pid = connection.connection.info.backend_pid
                db_time[:] = [0.0, 0]
                pg_before, started = backend_cpu(pid), time.process_time()
                with connection.execute_wrapper(timing):
                    client.get(where)
                apps.append((time.process_time() - started) * 1000)
                pgs.append((backend_cpu(pid) - pg_before) * 1000)
                dbs.append(db_time[0] * 1000)
                counts.append(db_time[1])
            app, pg, db, queries = (statistics.median(values) for values in (apps, pgs, dbs, counts))
            # PostgreSQL's clock ticks are 10 ms: the mean over the repeats, not the median, is its figure.
            pg = statistics.mean(pgs)
            rows.append((label, name, app, queries, db, pg))
            part = share * weight / total_weight
            weighted["app"] += part * app
            weighted["pg"] += part * pg
            weighted["db"] += part * db
            weighted["queries"] += part * queries
    if options.profile:
        profiler.dump_stats(os.environ.get("PROBE_PROFILE", str(ROOT / "var" / "capacity_probe.prof")))
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)
        return
    print(f"{'user':<6} {'page':<10} {'app CPU ms':>10} {'queries':>8} {'DB ms':>8} {'PG CPU ms':>9}")
    for label, name, app, queries, db, pg in rows:
        print(f"{label:<6} {name:<10} {app:>10.1f} {queries:>8.0f} {db:>8.1f} {pg:>9.1f}")
    cpu = weighted["app"] + weighted["pg"]
    print(
        f"mix (weighted per request): app CPU {weighted['app']:.1f} ms, {weighted['queries']:.1f} queries, "
        f"DB {weighted['db']:.1f} ms, PostgreSQL CPU {weighted['pg']:.1f} ms; app + PostgreSQL {cpu:.1f} ms "
        f"= at most {2000 / cpu:.0f} requests/s on 2 cores (before gunicorn and the client)"
    )
    print(f"load average: {os.getloadavg()[0]:.2f}")


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def base(request):
    from django.template import engines
    from django.template.response import TemplateResponse

    page = engines["django"].from_string("{% extends 'base.html' %}{% block content %}ok{% endblock %}")
    return TemplateResponse(request, page, {})


def _urls():
    from django.contrib.auth.decorators import login_required
    from django.urls import include, path

    return [
        path("__probe/bare/", login_required(bare)),
        path("__probe/base/", login_required(base)),
        path("", include("chuxiong_labor.urls")),
    ]


def __getattr__(name):  # the URLs of the fixed costs, read by Django only under the probe's override
    if name == "urlpatterns":
        return _urls()
    raise AttributeError(name)


def profile(client, where, options, generation, profiler):
    for _ in range(options.repeat):
        if options.afresh:
            generation.bump()
        profiler.enable()
        client.get(where)
        profiler.disable()


if __name__ == "__main__":
    main()
