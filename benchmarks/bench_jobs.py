"""Three batch jobs of 100 recommendation forms each, started at once by three users, while others browse `/`:
goals `/` p95 ≤ 300 ms and no request longer than 2 s (the web only queues the jobs; a Celery worker renders).

Runs gunicorn (3 workers) and a Celery worker against the scaled database (``seed_scale`` puts 100 candidates in
2020) with Redis database 8 (BENCH_REDIS_URL); needs BENCH_X10_DATABASE_URL or BENCH_X100_DATABASE_URL.
"""

import json
import os
import subprocess
import threading
import time

from benchmarks import http_load

YEAR = 2020
STARTERS = ("reviewer", "admin", "leader")


def run():
    database = http_load.scaled_database()
    if database is None:
        print("  (jobs: set BENCH_X10_DATABASE_URL to a database filled by seed_scale to measure it)")
        return []
    label, url = database
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    env = http_load.production_env(url, REDIS_URL=redis_url)
    http_load.collect_static(env)
    worker = subprocess.Popen(  # noqa: S603
        [str(http_load.BIN / "celery"), "-A", "chuxiong_labor", "worker", "--concurrency=2", "--loglevel=WARNING"],
        env=env,
        cwd=http_load.ROOT,
    )
    try:
        with http_load.Server("chuxiong_labor.wsgi", env) as server:
            browsing = http_load.sign_in(server.port, "chuxiong")
            sessions = [http_load.sign_in(server.port, name) for name in STARTERS]
            results, starts, done = [], [], threading.Event()

            def browse():
                while not done.is_set():
                    status, _, _, elapsed = http_load.request(server.port, "/", cookies=browsing)
                    results.append((status, elapsed))

            browsers = [threading.Thread(target=browse) for _ in range(5)]
            for thread in browsers:
                thread.start()
            began = time.monotonic()
            job_pages = []
            for cookies in sessions:
                status, headers, _, elapsed = http_load.request(
                    server.port, f"/coordinators/selection/{YEAR}/forms.pdf", cookies=cookies
                )
                starts.append((status, elapsed))
                job_pages.append((dict(headers)["Location"], cookies))
            states = []
            while time.monotonic() - began < 600:
                states = []
                for location, cookies in job_pages:
                    _, _, content, elapsed = http_load.request(server.port, f"{location}status/", cookies=cookies)
                    results.append((200, elapsed))
                    states.append(json.loads(content)["state"])
                if all(state in ("done", "failed") for state in states):
                    break
                time.sleep(1)
            jobs_seconds = time.monotonic() - began
            done.set()
            for thread in browsers:
                thread.join()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    home = http_load.summary(results, jobs_seconds)
    longest = max(elapsed for _, elapsed in results + starts) * 1000
    return [
        (f"{label} three 100-form batches: all finished in", jobs_seconds, "s"),
        ("batches that failed", sum(state != "done" for state in states), "jobs"),
        ("starting a batch (the request that queues it), slowest", max(e for _, e in starts) * 1000, "ms"),
        ("/ while the batches run: p95 (goal ≤ 300)", home["p95_ms"], "ms"),
        ("longest request while the batches run (goal ≤ 2000)", longest, "ms"),
        ("/ requests answered meanwhile", home["requests"], "requests"),
    ]
