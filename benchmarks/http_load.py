"""Helpers of the HTTP benchmarks: a gunicorn server on a scaled database, signing in, and a threaded load.

The server runs the production settings (DEBUG off, hashed static files, 3 sync workers, 60 s timeout) against
the database named by the benchmark; the load is plain threads with ``http.client``, each request on a new
connection as gunicorn's sync workers answer. On a small machine the load generator shares the cores with the
server, so the figures are a floor of what the server does.
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "demo-pass-2026"


def scaled_database():
    """Return ``(label, url)`` of the scaled database the HTTP benchmarks use, or ``None`` when none is set."""
    for label, variable in (
        ("×10", "BENCH_X10_DATABASE_URL"),
        ("×100", "BENCH_X100_DATABASE_URL"),
    ):
        if os.environ.get(variable):
            return label, os.environ[variable]
    return None


def production_env(database_url, **extra):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``gunicorn app`` on a free port for the duration of a ``with`` block."""

    def __init__(self, app, env, workers=3):
        self.port = free_port()
        self.command = [
            str(BIN / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        self.env = env

    def __enter__(self):
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT)  # noqa: S603
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def request(port, path, *, cookies=None, method="GET", body=None, headers=None):
    """Return ``(status, headers, body bytes, seconds)`` of one request on a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    sent = {"Host": "127.0.0.1", **(headers or {})}
    if cookies:
        sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    content = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, response.getheaders(), content, elapsed


def _cookies(headers, into):
    for name, value in headers:
        if name.lower() == "set-cookie":
            parsed = SimpleCookie(value)
            into.update({key: morsel.value for key, morsel in parsed.items()})
    return into


def sign_in(port, username):
    """Sign ``username`` in through the login form; return the session's cookies."""
    cookies = {}
    status, headers, content, _ = request(port, "/accounts/login/")
    _cookies(headers, cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
    body = urlencode({"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
    status, headers, _, _ = request(
        port,
        "/accounts/login/",
        cookies=cookies,
        method="POST",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}/"},
    )
    if status != 302:
        raise RuntimeError(f"signing in {username} failed: {status}")
    return _cookies(headers, cookies)


def load(port, paths, *, users, seconds, cookies=None):
    """Run ``users`` threads requesting ``paths`` in turn for ``seconds``; return the figures."""
    results = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(offset):
        index = offset
        mine = []
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            try:
                status, _, _, elapsed = request(port, path, cookies=cookies)
            except OSError:
                status, elapsed = 599, 0.0
            mine.append((status, elapsed))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=user, args=(offset,)) for offset in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return summary(results, wall)


def warm(port, plans):
    """Open every page of every plan once (nothing is measured): the server's workers and caches start warm."""
    for _username, cookies, order in plans:
        for _name, path in dict.fromkeys(order):
            request(port, path, cookies=cookies)


def load_as(port, plans, *, seconds):
    """Run one thread per ``(username, cookies, [(page name, path), …])`` plan, each requesting its pages in turn
    as its user for ``seconds``; return the figures, with each page's own under ``pages``."""
    results = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(cookies, order):
        index = 0
        mine = []
        while time.monotonic() < deadline:
            name, path = order[index % len(order)]
            index += 1
            try:
                status, _, _, elapsed = request(port, path, cookies=cookies)
            except OSError:
                status, elapsed = 599, 0.0
            mine.append((name, status, elapsed))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=user, args=(cookies, order)) for _username, cookies, order in plans]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    figures = summary([(status, elapsed) for _name, status, elapsed in results], wall)
    figures["pages"] = {
        name: summary([(status, elapsed) for page, status, elapsed in results if page == name], wall)
        for name in {name for name, _status, _elapsed in results}
    }
    return figures


def summary(results, wall):
    latencies = sorted(elapsed for _, elapsed in results)
    errors = sum(1 for status, _ in results if status >= 400)
    return {
        "requests": len(results),
        "rps": len(results) / wall if wall else 0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else 0,
        "max_ms": latencies[-1] * 1000 if latencies else 0,
        "errors": errors,
    }


def collect_static(env):
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
    )
