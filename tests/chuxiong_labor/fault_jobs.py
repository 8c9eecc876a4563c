"""Jobs for the fault tests, importable by a Celery worker process (``celery worker -I tests.chuxiong_labor.fault_jobs``)
as well as by the tests."""

import threading
import time

from chuxiong_labor.lib.jobs import job

# Opened by a test to let ``tests.gated`` finish: the job waits for it, so a test sees the job still running.
GATE = threading.Event()


@job("tests.slow")
def slow(run, *, n, seconds):
    """Count to ``n``, one step every ``seconds``: long enough for a test to kill the worker in the middle."""
    run.progress(0, n)
    for done in range(1, n + 1):
        time.sleep(seconds)
        run.progress(done)
    return "慢速计数.txt", f"{n}".encode()


@job("tests.gated")
def gated(run):
    """Wait until the test opens ``GATE`` (at most 30 s), then finish."""
    run.progress(0, 1)
    GATE.wait(30)
    return "闸门.txt", b"opened" if GATE.is_set() else b"timed out"
