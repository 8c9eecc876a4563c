"""Load: a mix of home, lists, details and forms at 10 and 50 concurrent users for 60 s each, gunicorn with 3
workers on the scaled database; goals ≥ 100 requests/s and p95 ≤ 250 ms at 10 users, no errors at 50. The
bare-Django ceiling (one view, same server settings) is measured in the same run and printed beside it.

Needs BENCH_X10_DATABASE_URL (or BENCH_X100_DATABASE_URL), see ``bench_pages``; BENCH_LOAD_SECONDS shortens it.
"""

import os
import re

from benchmarks import http_load

LISTS = ["/", "/enterprises/", "/coordinators/", "/mediation/", "/mediation/cases/", "/new-enterprises/"]
FORMS = ["/mediation/cases/new/", "/coordinators/new/", "/enterprises/new/"]


def page_mix(port, cookies):
    """Return the mix: the lists, the forms and the first detail page each list links to."""
    details = []
    for path, pattern in (
        ("/enterprises/", rb'href="(/enterprises/\d+/)"'),
        ("/mediation/cases/", rb'href="(/mediation/cases/\d+/)"'),
        ("/coordinators/", rb'href="(/coordinators/\d+/)"'),
    ):
        _, _, content, _ = http_load.request(port, path, cookies=cookies)
        found = re.search(pattern, content)
        if found:
            details.append(found.group(1).decode())
    return LISTS + details + FORMS


def run():
    database = http_load.scaled_database()
    if database is None:
        print("  (load: set BENCH_X10_DATABASE_URL to a database filled by seed_scale to measure it)")
        return []
    label, url = database
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    env = http_load.production_env(url)
    http_load.collect_static(env)
    figures = []
    with http_load.Server("chuxiong_labor.wsgi", env) as server:
        cookies = http_load.sign_in(server.port, "reviewer")
        paths = page_mix(server.port, cookies)
        for users in (10, 50):
            result = http_load.load(server.port, paths, users=users, seconds=seconds, cookies=cookies)
            figures += [
                (f"{label} portal, {users} users: requests/s (goal ≥ 100 at 10)", result["rps"], "req/s"),
                (f"{label} portal, {users} users: p50", result["p50_ms"], "ms"),
                (f"{label} portal, {users} users: p95 (goal ≤ 250 at 10)", result["p95_ms"], "ms"),
                (f"{label} portal, {users} users: errors (goal 0 at 50)", result["errors"], "requests"),
            ]
    with http_load.Server("benchmarks.bare_wsgi", env) as server:
        result = http_load.load(server.port, ["/"], users=10, seconds=seconds)
        figures += [
            ("bare Django, 10 users: requests/s (the ceiling)", result["rps"], "req/s"),
            ("bare Django, 10 users: p95", result["p95_ms"], "ms"),
        ]
    return figures
