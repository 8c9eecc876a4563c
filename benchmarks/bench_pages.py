"""Every GET page except downloads ≤ 300 ms and ≤ 300 KB on the demo data ×100 (and ×10), on PostgreSQL; every
page's time is printed for the reviewer and a county user, the slowest first. A paginated list is timed on its
last page too, and its last page's time against its first page's is printed (an ordering an index serves keeps
the ratio near 1).

Building ×100 takes minutes, so it is built once into a database of its own and reused: name it in
BENCH_X100_DATABASE_URL (and BENCH_X10_DATABASE_URL for ×10), filled with
``DEBUG=true DATABASE_URL=… python manage.py migrate && … seed_demo && … seed_scale --factor 100``.
Unset, this benchmark says so and measures nothing. It only reads that database.
"""

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS, GOAL_KB = 300, 300
LAST = " (last page)"  # pages_probe names a list's last page so


def probe(database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50}
    env.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false")
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "benchmarks" / "pages_probe.py")], env=env, capture_output=True, text=True
    )
    if output.returncode:
        raise RuntimeError(output.stderr[-2000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def run():
    figures = []
    for label, variable in (("×10", "BENCH_X10_DATABASE_URL"), ("×100", "BENCH_X100_DATABASE_URL")):
        url = os.environ.get(variable)
        if not url:
            print(f"  (pages {label}: set {variable} to a database filled by seed_scale to measure it)")
            continue
        found = probe(url)
        pages = found["pages"]
        print(f"  pages {label}: the database holds ×{found['factor']:.1f}; every page, the slowest first:")
        for page in sorted(pages, key=lambda page: -page["ms"]):
            mark = "  over the goal" if page["ms"] > GOAL_MS or page["kb"] > GOAL_KB else ""
            print(
                f"    {page['ms']:8.1f} ms {page['kb']:7.0f} KB {page['queries']:4d} queries  "
                f"{page['user']:<9} {page['page']}{mark}"
            )
        print(f"  pages {label}: downloads left to the export benchmark: {', '.join(sorted(set(found['downloads'])))}")
        slow = [page for page in pages if page["ms"] > GOAL_MS or page["kb"] > GOAL_KB]
        # A list ordered by an indexed key costs as much on its last page as on its first.
        first = {(page["user"], page["page"]): page["ms"] for page in pages}
        ratios = sorted(
            (page["ms"] / first[(page["user"], page["page"][: -len(LAST)])], page["user"], page["page"])
            for page in pages
            if page["page"].endswith(LAST)
        )
        print(f"  pages {label}: last page against first page, the largest ratios first:")
        for ratio, user, name in reversed(ratios):
            print(f"    {ratio:5.2f}×  {user:<9} {name[: -len(LAST)]}")
        figures.append((f"{label} factor the database holds", found["factor"], "×"))
        figures.append((f"{label} pages measured (reviewer and a county user)", len(pages), "pages"))
        figures.append((f"{label} pages over 300 ms or 300 KB (goal 0)", len(slow), "pages"))
        figures.append((f"{label} slowest page", max(page["ms"] for page in pages), "ms"))
        figures.append((f"{label} median page", statistics.median(page["ms"] for page in pages), "ms"))
        figures.append((f"{label} largest page", max(page["kb"] for page in pages), "KB"))
        if ratios:
            figures.append((f"{label} paginated lists, last page timed too", len(ratios), "lists"))
            figures.append((f"{label} last page ÷ first page, median", statistics.median(r for r, *_ in ratios), "×"))
            figures.append((f"{label} last page ÷ first page, largest", ratios[-1][0], "×"))
    return figures
