"""Measure the list pages of the page mix (``bench_load``) in-process: CPU ms, queries and DB ms per page; print a table.

Usage, on a copy of a database filled by ``seed_demo`` and ``seed_scale --factor 100`` (its two logins write
their sessions and login records, nothing else)::

    createdb -h 127.0.0.1 -U postgres -T scaled100 lists_x100
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lists_x100 .venv/bin/python benchmarks/lists_probe.py [TREE …]

With no ``TREE`` it measures this checkout. With several (other checkouts of the project, such as an export of the
commit before a change: ``git archive REV | tar -x -C /tmp/before``, with ``.env`` copied), it measures each in
turn, three rounds alternating between them, the order reversed every other round, so that the machine's load
falls on all alike, and prints the median of each figure per tree side by side. Every page is requested once to warm it, then three times per round; the figure of a round is
the median of its three requests. CPU is the process's (``time.process_time``: Python, templates and the driver,
not PostgreSQL's), DB ms the time the queries took as Django's debug cursor times them. Each list is measured on
its first page and on its last (``?page=999999``), as a county user (chuxiong) and the prefecture reviewer, with
production settings (DEBUG off). The 1-minute load is printed with the table.

The database is read as it is. One filled by ``seed_scale`` has been analysed but never vacuumed: its visibility
map is empty, so no count and no page's keys can be read by an index-only scan, and every one reads the table.
A production database is vacuumed by autovacuum; to measure that state, run ``VACUUM (ANALYZE)`` on a copy
(``createdb -T scaled100 copy``) and probe the copy.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COUNTY = "chuxiong"
REVIEWER = "reviewer"
PAGES = [
    (COUNTY, "调解台账", "/mediation/cases/"),
    (COUNTY, "重点企业清单", "/key-enterprises/"),
    (COUNTY, "用工动态监测", "/key-enterprises/months/"),
    (COUNTY, "企业库", "/enterprises/"),
    (COUNTY, "协调员库", "/coordinators/"),
    (COUNTY, "新企服务台账", "/new-enterprises/"),
    (REVIEWER, "风险预警与线索", "/key-enterprises/risk/"),
    (REVIEWER, "调解台账", "/mediation/cases/"),
    (REVIEWER, "企业库", "/enterprises/"),
    (REVIEWER, "协调员库", "/coordinators/"),
    (REVIEWER, "新企服务台账", "/new-enterprises/"),
    (REVIEWER, "薪酬调查", "/pay-guidance/"),
    (REVIEWER, "月度报告", "/reporting/reports/"),
    # The lists that counted per row before cutting their page (issue 21).
    (COUNTY, "三方会商", "/key-enterprises/meetings/"),
    (REVIEWER, "三方会商", "/key-enterprises/meetings/"),
    (REVIEWER, "重点企业清单", "/key-enterprises/"),
    (COUNTY, "调解组织", "/mediation/"),
    (REVIEWER, "调解组织", "/mediation/"),
]
LAST = "?page=999999"


def measure_here(rounds):
    """Measure this checkout's pages ``rounds`` times; return ``{key: [(cpu, queries, db), …]}`` as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from chuxiong_labor.accounts import User

    call_command("collectstatic", interactive=False, verbosity=0)  # production settings serve hashed assets
    setup_test_environment()
    clients = {}
    for username in (COUNTY, REVIEWER):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    found = {}
    for user, name, url in PAGES:
        for address in (url, url + LAST):
            client = clients[user]
            response = client.get(address)
            assert response.status_code == 200, (address, response.status_code)  # noqa: S101
            samples = []
            for _ in range(rounds):
                with CaptureQueriesContext(connection) as queries:
                    started = time.process_time()
                    client.get(address)
                    cpu = (time.process_time() - started) * 1000
                db = sum(float(query["time"]) for query in queries.captured_queries) * 1000
                samples.append((cpu, len(queries), db))
            key = f"{user} {name}{' (last page)' if address.endswith(LAST) else ''}"
            found[key] = [statistics.median(figure) for figure in zip(*samples, strict=True)]
    return found


def run_tree(tree):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(DEBUG="false", SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="testserver")
    env.update(SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", PYTHONPATH=str(tree))
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(tree) / "benchmarks" / "lists_probe.py"), "--here"],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise RuntimeError(output.stderr[-3000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(trees):
    rounds = {tree: [] for tree in trees}
    loads = []
    for round_ in range(3):
        for tree in trees if round_ % 2 == 0 else reversed(trees):  # neither tree always goes first
            loads.append(os.getloadavg()[0])
            rounds[tree].append(run_tree(tree))
    keys = list(rounds[trees[0]][0])
    medians = {
        tree: {key: [statistics.median(r[key][i] for r in runs) for i in range(3)] for key in keys}
        for tree, runs in rounds.items()
    }
    print(f"1-minute load during the runs: {min(loads):.2f}–{max(loads):.2f}; median of 3 rounds of 3 requests")
    heading = "".join(f" | {Path(tree).name[:22]:>22}" for tree in trees)
    print(f"{'page':<34}{heading}")
    print(f"{'':<34}" + " | cpu ms  queries  db ms" * len(trees))
    for key in keys:
        cells = "".join(
            f" | {medians[tree][key][0]:6.1f} {medians[tree][key][1]:8.0f} {medians[tree][key][2]:6.1f}"
            for tree in trees
        )
        print(f"{key:<34}{cells}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--here"]:
        print(json.dumps(measure_here(3)))
    else:
        main([str(Path(tree).resolve()) for tree in sys.argv[1:]] or [str(ROOT)])
