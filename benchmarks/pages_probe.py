"""Time every GET page for the reviewer and a county user on the configured (scaled) database; print JSON.

Run by ``bench_pages`` in its own process, with DATABASE_URL naming a database filled by ``seed_demo`` and
``seed_scale``. Each page is requested once to warm it, then timed over three requests (the median is kept),
through Django's test client (no network), as a signed-in user; the byte size is the rendered body's.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from chuxiong_labor.accounts import User
    from tests.test_access_matrix import YEAR, routes

    call_command("collectstatic", interactive=False, verbosity=0)  # production settings serve hashed assets
    setup_test_environment()
    results = []
    for username in ("reviewer", "chuxiong"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for route in routes():
            access = route.access
            if access is None or access.mutation or (access.roles is not None and user.role not in access.roles):
                continue
            kwargs = {"year": YEAR} if "year" in route.kwargs else {}
            if "pk" in route.kwargs:
                obj = access.model.objects.visible_to(user).order_by("pk").first()
                if obj is None:
                    continue
                kwargs["pk"] = obj.pk
            url = reverse(route.name, kwargs=kwargs)
            if url.endswith((".pdf", ".xlsx")) or any(word in route.name for word in ("pdf", "export", "download")):
                continue  # downloads are outside the page goal
            first = client.get(url)
            if first.streaming or first.has_header("Content-Disposition"):
                continue  # a download by another name (a feedback report, a booklet)
            timings = []
            for _ in range(3):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append(time.perf_counter() - started)
            results.append(
                {
                    "user": username,
                    "page": route.name,
                    "status": response.status_code,
                    "ms": statistics.median(timings) * 1000,
                    "kb": len(response.content) / 1024,
                    "queries": len(queries),
                }
            )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
