"""Every GET page except downloads ≤ 300 ms and ≤ 300 KB on the demo data ×100 (and ×10), on PostgreSQL.

Building ×100 takes minutes, so it is built once into a database of its own and reused: name it in
BENCH_X100_DATABASE_URL (and BENCH_X10_DATABASE_URL for ×10), filled with
``DEBUG=true DATABASE_URL=… python manage.py migrate && … seed_demo && … seed_scale --factor 100``.
Unset, this benchmark says so and measures nothing. It only reads that database.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS, GOAL_KB = 300, 300


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
        pages = probe(url)
        slow = [page for page in pages if page["ms"] > GOAL_MS or page["kb"] > GOAL_KB]
        for page in sorted(pages, key=lambda page: -page["ms"])[:8]:
            figures.append((f"{label} {page['user']} {page['page']} ({page['kb']:.0f} KB)", page["ms"], "ms"))
        for page in slow:
            print(
                f"  over the goal at {label}: {page['user']} {page['page']} "
                f"{page['ms']:.0f} ms {page['kb']:.0f} KB {page['queries']} queries"
            )
        figures.append((f"{label} pages measured", len(pages), "pages"))
        figures.append((f"{label} pages over 300 ms or 300 KB (goal 0)", len(slow), "pages"))
        figures.append((f"{label} largest page", max(page["kb"] for page in pages), "KB"))
    return figures
