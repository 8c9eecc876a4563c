"""WSGI entry point for gunicorn: ``gunicorn chuxiong_labor.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")
application = get_wsgi_application()
