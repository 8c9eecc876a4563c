"""Load: the ten pages county and prefecture staff open most, at 10 and 50 concurrent users, gunicorn with 3 workers
and Redis (production's cache) on the ×100 database; goals ≥ 100 requests/s and p95 ≤ 250 ms at 10 users, no errors
at 50. The bare-Django ceiling (one view, same server settings) is measured in the same run, with the ratio.

Who and what (the portal keeps no access log, so the mix is read from the plan's work, and written here to be
argued with): the ten county offices enter and follow their records every day, the prefecture office reviews and
watches; of every ten users, seven are county staff (each signed in as another county: 楚雄市, 禄丰市 …) and three
the prefecture (two reviewers, one leader). Each user opens its role's ten pages at the weights below (percent of its
requests), in an order shuffled per user, each request on a new connection; a detail page is the first its list
links to, as that user sees it.

- county: 首页 20 (the 待办 and deadlines, after every action), 调解台账 15 and a case 10 (cases arrive daily with a
  15-day limit), 重点企业清单 10 and 用工动态监测 5 (the monthly sheet), 企业库 10 and an enterprise 5, 协调员库 10,
  新企服务台账 10, the new-case form 5;
- prefecture: 首页 20, 督办看板 10, 风险预警与线索 10, 调解台账 10 and a case 5, 企业库 10, 协调员库 10,
  新企服务台账 10, 薪酬调查 10, 月度报告 5.

Needs BENCH_X100_DATABASE_URL (a database filled by ``seed_demo`` and ``seed_scale --factor 100``, see the README)
and Redis (``BENCH_REDIS_URL``, default ``redis://127.0.0.1:6379/15``); with ``BENCH_LOAD_X10=1`` it also measures
BENCH_X10_DATABASE_URL. At 10 users it measures ``BENCH_LOAD_RUNS`` (3) runs of ``BENCH_LOAD_SECONDS`` (30) and
prints min, median and max; at 50 users one run; bare Django ``BENCH_LOAD_RUNS`` runs of a third as long, after
the portal on the same server settings, and the ratio of the medians. It also prints each page's p50 and p95 in the
median 10-user run, so the slow ones are named.
"""

import os
import random
import re
import statistics

from benchmarks import http_load

COUNTIES = ["chuxiong", "lufeng", "dayao", "yuanmou", "wuding", "yongren", "yaoan", "mouding", "nanhua", "shuangbai"]
PREFECTURE = ["reviewer", "reviewer", "leader"]

# (name, path or (list path, detail link pattern), weight)
COUNTY_PAGES = [
    ("首页", "/", 20),
    ("调解台账", "/mediation/cases/", 15),
    ("调解案件", ("/mediation/cases/", r'href="(/mediation/cases/\d+/)"'), 10),
    ("重点企业清单", "/key-enterprises/", 10),
    ("用工动态监测", "/key-enterprises/months/", 5),
    ("企业库", "/enterprises/", 10),
    ("企业", ("/enterprises/", r'href="(/enterprises/\d+/)"'), 5),
    ("协调员库", "/coordinators/", 10),
    ("新企服务台账", "/new-enterprises/", 10),
    ("新增调解案件", "/mediation/cases/new/", 5),
]
PREFECTURE_PAGES = [
    ("首页", "/", 20),
    ("督办看板", "/reporting/dashboard/", 10),
    ("风险预警与线索", "/key-enterprises/risk/", 10),
    ("调解台账", "/mediation/cases/", 10),
    ("调解案件", ("/mediation/cases/", r'href="(/mediation/cases/\d+/)"'), 5),
    ("企业库", "/enterprises/", 10),
    ("协调员库", "/coordinators/", 10),
    ("新企服务台账", "/new-enterprises/", 10),
    ("薪酬调查", "/pay-guidance/", 10),
    ("月度报告", "/reporting/reports/", 5),
]


def personas(users):
    """Return ``users`` user names: of every ten, seven counties in turn and three of the prefecture."""
    names, county = [], 0
    for index in range(users):
        if index % 10 < 7:
            names.append(COUNTIES[county % len(COUNTIES)])
            county += 1
        else:
            names.append(PREFECTURE[index % 10 - 7])
    return names


def pages_of(port, username, cookies):
    """Return ``[(page name, path, weight)]`` of ``username``'s role, detail pages found through its lists."""
    found = []
    for name, where, weight in PREFECTURE_PAGES if username in PREFECTURE else COUNTY_PAGES:
        if isinstance(where, tuple):
            listing, pattern = where
            _, _, content, _ = http_load.request(port, listing, cookies=cookies)
            link = re.search(pattern.encode(), content)
            if not link:
                continue
            where = link.group(1).decode()
        found.append((name, where, weight))
    return found


def sessions(port, users):
    """Sign each persona in once; return ``[(username, cookies, [(name, path), …] in a shuffled weighted order)]``."""
    signed_in, plans = {}, []
    for index, username in enumerate(personas(users)):
        if username not in signed_in:
            cookies = http_load.sign_in(port, username)
            signed_in[username] = (cookies, pages_of(port, username, cookies))
        cookies, pages = signed_in[username]
        order = [(name, path) for name, path, weight in pages for _ in range(weight)]
        random.Random(index).shuffle(order)  # noqa: S311  a fixed order per user, not a secret
        plans.append((username, cookies, order))
    return plans


def spread(values):
    """Return the min, median and max of ``values``."""
    values = sorted(values)
    return values[0], statistics.median(values), values[-1]


def measure(label, url, seconds, runs):
    env = http_load.production_env(url, REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    figures = []
    with http_load.Server("chuxiong_labor.wsgi", env) as server:
        plans = sessions(server.port, 10)
        http_load.warm(server.port, plans)
        tens = [http_load.load_as(server.port, plans, seconds=seconds) for _ in range(runs)]
        for name, key, unit in (
            ("requests/s (goal ≥ 100)", "rps", "req/s"),
            ("p50", "p50_ms", "ms"),
            ("p95 (goal ≤ 250)", "p95_ms", "ms"),
            ("errors", "errors", "requests"),
        ):
            low, middle, high = spread([result[key] for result in tens])
            figures += [
                (f"{label} portal, 10 users: {name}, min", low, unit),
                (f"{label} portal, 10 users: {name}, median of {runs}", middle, unit),
                (f"{label} portal, 10 users: {name}, max", high, unit),
            ]
        middle_run = sorted(tens, key=lambda result: result["rps"])[len(tens) // 2]
        for page, page_figures in sorted(middle_run["pages"].items()):
            figures += [
                (f"{label} 10 users (median run), {page}: p50", page_figures["p50_ms"], "ms"),
                (f"{label} 10 users (median run), {page}: p95", page_figures["p95_ms"], "ms"),
            ]
        plans = sessions(server.port, 50)
        http_load.warm(server.port, plans)
        result = http_load.load_as(server.port, plans, seconds=seconds)
        figures += [
            (f"{label} portal, 50 users: errors (goal 0)", result["errors"], "requests"),
            (f"{label} portal, 50 users: requests/s", result["rps"], "req/s"),
            (f"{label} portal, 50 users: p95", result["p95_ms"], "ms"),
        ]
    with http_load.Server("benchmarks.bare_wsgi", env) as server:
        bare = [http_load.load(server.port, ["/"], users=10, seconds=max(seconds // 3, 5)) for _ in range(runs)]
    low, middle, high = spread([result["rps"] for result in bare])
    portal = statistics.median(result["rps"] for result in tens)
    figures += [
        ("bare Django, 10 users: requests/s (the ceiling, same run), min", low, "req/s"),
        (f"bare Django, 10 users: requests/s, median of {runs}", middle, "req/s"),
        ("bare Django, 10 users: requests/s, max", high, "req/s"),
        (f"{label} portal ÷ bare Django, 10 users (medians)", portal / middle if middle else 0, "ratio"),
    ]
    return figures


def run():
    databases = [("×100", os.environ.get("BENCH_X100_DATABASE_URL"))]
    if os.environ.get("BENCH_LOAD_X10"):
        databases.append(("×10", os.environ.get("BENCH_X10_DATABASE_URL")))
    databases = [(label, url) for label, url in databases if url]
    if not databases:
        print("  (load: set BENCH_X100_DATABASE_URL to a database filled by seed_scale --factor 100 to measure it)")
        return []
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
    runs = int(os.environ.get("BENCH_LOAD_RUNS", "3"))
    http_load.collect_static(http_load.production_env(databases[0][1]))
    figures = []
    for label, url in databases:
        figures += measure(label, url, seconds, runs)
    return figures
