import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def run_django(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "PORTAL_TESTING")}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='chuxiong_labor.settings'; django.setup(); {code}",
        ],
        cwd="/",
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_production_start_without_secret_key_fails_loudly():
    result = run_django("print('started')", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_bad_boolean_is_refused():
    result = run_django("print('started')", DEBUG="maybe")
    assert "DEBUG must be true or false" in result.stderr


def test_production_settings_use_postgresql_from_database_url_and_turn_debug_off():
    result = run_django(
        "from django.conf import settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.SESSION_COOKIE_SECURE)",
        DEBUG="false",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://u:p@db:5432/portal",
    )
    assert result.stdout.split() == ["False", "django.db.backends.postgresql", "True"]


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="生产环境"):
        call_command("seed_demo")


def test_with_redis_url_jobs_and_the_cache_go_to_redis_and_lock_outs_stay_in_the_database():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'], s.AXES_HANDLER, s.SESSION_ENGINE)",
        DEBUG="true",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.stdout.split() == [
        "redis://127.0.0.1:6379/3",
        "chuxiong_labor.lib.caching.FallbackRedisCache",
        "axes.handlers.database.AxesDatabaseHandler",
        "django.contrib.sessions.backends.db",
    ]


def test_without_redis_url_jobs_run_in_the_web_process_and_the_cache_is_local():
    result = run_django(
        "from django.conf import settings as s; from chuxiong_labor.lib.jobs import runs_in_worker; "
        "print(runs_in_worker(), s.CACHES['default']['BACKEND'])",
        DEBUG="true",
        REDIS_URL="",
    )
    assert result.stdout.split() == ["False", "django.core.cache.backends.locmem.LocMemCache"]


def test_seed_scale_refuses_to_run_in_production():
    result = run_django(
        "from django.core.management import call_command; call_command('seed_scale', factor=1)",
        DEBUG="false",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="x.example",
    )
    assert "生产环境" in result.stderr
