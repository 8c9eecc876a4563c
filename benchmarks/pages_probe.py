"""Time every GET page for the reviewer and a county user on the configured (scaled) database; print JSON.

Run by ``bench_pages`` in its own process, with DATABASE_URL naming a database filled by ``seed_demo`` and
``seed_scale``. The pages are the access matrix's (``tests.test_access_matrix.get_pages``: every GET route of the
URL configuration the user may open, with the first object it may see), so a new page is measured without editing
this file; downloads are named and left to the export benchmark. Each page is requested once to warm it, then
timed over three requests (the median is kept), through Django's test client (no network), as a signed-in user;
the byte size is the rendered body's. A page that paginates a list is measured again on its last page (``page``
set past the end, which ``Paginator.get_page`` answers with the last one), named ``<page> (last page)``, so that a list whose
ordering no index serves shows as a last page slower than its first. The output also gives the factor the
database holds.
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
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from chuxiong_labor.accounts import User
    from chuxiong_labor.demo import SCALE_MARK
    from chuxiong_labor.enterprises import Enterprise
    from tests.test_access_matrix import get_pages

    call_command("collectstatic", interactive=False, verbosity=0)  # production settings serve hashed assets
    setup_test_environment()
    # The factor the database holds, read back from it: seed_scale adds 1,000 enterprises per factor.
    factor = Enterprise.objects.filter(name__startswith=SCALE_MARK).count() / 1000
    results, downloads = [], []
    paginated = []
    original = Paginator.__init__

    def noting(paginator, *args, **kwargs):
        paginated.append(True)
        original(paginator, *args, **kwargs)

    Paginator.__init__ = noting  # notes which pages cut a list, to time their last page too

    def timed(client, url):
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
        return response, statistics.median(timings) * 1000, len(queries)

    for username in ("reviewer", "chuxiong"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for name, url in get_pages(user):
            if url.endswith((".pdf", ".xlsx")) or any(word in name for word in ("pdf", "export", "download")):
                downloads.append(name)
                continue  # downloads are the export benchmark's
            paginated.clear()
            first = client.get(url)
            if first.streaming or first.has_header("Content-Disposition"):
                downloads.append(name)
                continue  # a download by another name (a feedback report, a booklet)
            pages = [(name, url)]
            if paginated:
                pages.append((f"{name} (last page)", f"{url}{'&' if '?' in url else '?'}page=999999"))
            for label, address in pages:
                response, ms, queries = timed(client, address)
                results.append(
                    {
                        "user": username,
                        "page": label,
                        "status": response.status_code,
                        "ms": ms,
                        "kb": len(response.content) / 1024,
                        "queries": queries,
                    }
                )
    print(json.dumps({"factor": factor, "pages": results, "downloads": downloads}))


if __name__ == "__main__":
    main()
