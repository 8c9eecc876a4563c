"""WSGI entry point for gunicorn: ``gunicorn chuxiong_labor.wsgi``.

Once the application and its URLs are loaded, the objects made so far (modules, classes, templates' code: most of
what a process holds, and none of it garbage) are moved out of the cyclic garbage collector's sight, and its
youngest generation is collected every 50,000 allocations instead of 700: a page allocates tens of thousands of
objects, nearly all freed by reference counting, and the collector's passes over them and over the start-up objects
took about 3.5 % of the CPU of the load benchmark's page mix (``benchmarks/capacity_probe.py``), 1.3 % after.
"""

import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")
application = get_wsgi_application()
get_resolver(settings.ROOT_URLCONF).url_patterns  # noqa: B018  imports every view before the freeze
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 50, 100)
