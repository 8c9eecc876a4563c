"""The CPU one request of the load mix costs over HTTP: gunicorn's workers plus PostgreSQL's server processes.

``bench_load``'s requests per second on a 2-core machine are about 2 ÷ this figure, and unlike requests per second
it barely moves with what else the machine runs, so two versions can be compared on a shared machine. The server is
``bench_load``'s (gunicorn, 3 workers, production settings, Redis), its ten users signed in the same way; one
client then asks ``N`` requests of their shuffled mixes in turn (every user's page at the same position), three
times, and prints the workers' CPU and PostgreSQL's (every server process on the database, from ``/proc``; the
database must run on this machine) per request, and the median of the three.

    BENCH_X100_DATABASE_URL=postgres://…/a_copy_of_scaled100 BENCH_REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python benchmarks/capacity_http_cpu.py [N=300]
"""

import os
import statistics
import sys
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import bench_load, http_load  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    """Return the CPU seconds process ``pid`` has used (0 once it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
            except OSError:
                continue
    return found


def backends(url):
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def main(count):
    url = os.environ["BENCH_X100_DATABASE_URL"]
    env = http_load.production_env(url, REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    http_load.collect_static(env)
    with http_load.Server("chuxiong_labor.wsgi", env) as server:
        plans = bench_load.sessions(server.port, 10)
        for _ in range(2):
            http_load.warm(server.port, plans)
        sequence = []
        for index in range(count):
            _username, cookies, order = plans[index % len(plans)]
            sequence.append((cookies, order[(index // len(plans)) % len(order)][1]))
        totals = []
        for _ in range(3):
            workers, servers = children(server.process.pid), backends(url)
            app, database = sum(map(cpu, workers)), sum(map(cpu, servers))
            for cookies, path in sequence:
                http_load.request(server.port, path, cookies=cookies)
            app = (sum(map(cpu, workers)) - app) * 1000 / count
            database = (sum(map(cpu, servers)) - database) * 1000 / count
            totals.append(app + database)
            print(
                f"gunicorn workers {app:.1f} ms + PostgreSQL {database:.1f} ms = {app + database:.1f} ms CPU a request"
            )
    print(f"median {statistics.median(totals):.1f} ms CPU a request; 1-minute load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
