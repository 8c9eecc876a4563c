"""What each pytest-xdist worker holds apart from the others when the suite runs in parallel (``make test`` runs
``pytest -n auto``): its own test database (pytest-django names it ``test_<name>_gw<n>``), its own MEDIA_ROOT (a
temporary folder, ``tests/conftest.py``) and its own Redis database, derived here.

``TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/1``) names the database of a serial run and of worker gw0;
worker gw<n> uses the database n above it. A second suite running at the same time on the machine sets another
``TEST_REDIS_URL`` (say ``…/8``) so that the two never share a queue."""

import os
from urllib.parse import urlsplit, urlunsplit

# Redis's default configuration (``databases 16``) numbers its databases 0–15.
REDIS_DATABASES = 16


def worker_number():
    """Return this process's xdist worker number (gw3 → 3), or 0 in a serial run."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker.removeprefix("gw"))


def redis_url():
    """Return the URL of the Redis database that this worker alone uses."""
    parts = urlsplit(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1"))
    base = int(parts.path.strip("/") or 0)
    database = base + worker_number()
    if database >= REDIS_DATABASES:
        raise RuntimeError(
            f"Worker {worker_number()} would use Redis database {database}, past the last ({REDIS_DATABASES - 1}): "
            "run fewer workers (pytest -n) or set a lower TEST_REDIS_URL."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))
