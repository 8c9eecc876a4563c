"""Settings for the Chuxiong labour-relations portal.

Everything that differs between deployments comes from environment variables, read through the small
helpers below, which raise ``ImproperlyConfigured`` on a bad value instead of guessing. `.env.example` lists
every variable. Defaults are the safe ones: DEBUG is off unless asked for, and a production start without
``SECRET_KEY`` fails.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from chuxiong_labor.lib.spreadsheets import InertXLSX

BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path):
    """Read ``KEY=value`` lines of a local ``.env`` file into the environment, never overriding it."""
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{path}:{number}: expected KEY=value, got {line!r}")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


load_env_file(BASE_DIR / ".env")


def env_str(name, default=None):
    """Return the variable ``name``, or ``default`` when it is unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    """Return the variable ``name`` read as a boolean; anything but a yes/no word is an error."""
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    """Return the variable ``name`` as an integer."""
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_choice(name, default, choices):
    """Return the variable ``name``, which must be one of ``choices``."""
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_list(name, default=()):
    """Return the variable ``name`` split on commas, blanks dropped."""
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# Set by the test configuration (pyproject.toml's pytest ``env``), never guessed from what is imported.
TESTING = env_bool("PORTAL_TESTING", False)
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), or set DEBUG=true for a "
            "development server."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if (DEBUG or TESTING) else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "auditlog",
    "chuxiong_labor.apps.AxesConfig",
    "csp",
    "chuxiong_labor",
]

# The annex apps (one per annex of the plan) and the reporting app, listed by hand: installing an app changes the
# schema, so it happens in a reviewed line here, never because a folder appeared. ``urls.py`` mounts each at
# ``/<app-name>/`` and the menu shows them in this order (reporting first).
ANNEX_APPS = [
    "coordinators",
    "social_orgs",
    "mediation",
    "new_enterprises",
    "key_enterprises",
    "pay_guidance",
    "reporting",
]
INSTALLED_APPS += ANNEX_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chuxiong_labor.passwords.PasswordChangeRequired",
    "chuxiong_labor.views.MethodNotAllowedPage",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "chuxiong_labor.lib.history.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chuxiong_labor.urls"
WSGI_APPLICATION = "chuxiong_labor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chuxiong_labor.navigation.portal_context",
            ],
        },
    },
]

# SQLite under var/ (which ``make setup`` creates) for a quick start; PostgreSQL (production, CI) when
# DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "portal.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "chuxiong_labor.User"
AUTHENTICATION_BACKENDS = [
    "chuxiong_labor.lockout.AccountLockoutBackend",
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading each request's user with their unit (a session made under ModelBackend's own
    # name, before this, signs in again).
    "chuxiong_labor.passwords.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "chuxiong_labor.views.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username *from one address* after repeated failures, with a cool-off,
# so that one person mistyping cannot lock out a whole office behind the same address. Beside it, the account
# itself is locked at every address after LOGIN_ACCOUNT_FAILURE_LIMIT failures from any addresses within the
# cool-off (chuxiong_labor/lockout.py, counted from the security log, so it needs no cache).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
for _name, _value in (
    ("LOGIN_FAILURE_LIMIT", AXES_FAILURE_LIMIT),
    ("LOGIN_ACCOUNT_FAILURE_LIMIT", LOGIN_ACCOUNT_FAILURE_LIMIT),
    ("LOGIN_COOLOFF_MINUTES", LOGIN_COOLOFF_MINUTES),
):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1, not {_value}")
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A refused attempt during a lock-out checks no password: it neither counts as a failure nor lengthens the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "chuxiong_labor.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "chuxiong_labor.lib.security.client_address"
# SecurityEvent already records every login, logout and failure with its address: axes keeps only the attempts
# that drive a lock-out (pruned by prune_history), not its own copies of those logs.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
# Date inputs render ISO dates (see chuxiong_labor/formats/zh_Hans/formats.py).
FORMAT_MODULE_PATH = ["chuxiong_labor.formats"]
LANGUAGES = [("zh-hans", "简体中文")]
# The portal's Chinese for library strings their catalogues lack (locale/zh_Hans/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads (Excel imports) larger than this are refused with a message before they are read.
PORTAL_MAX_UPLOAD_BYTES = env_int("PORTAL_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# Annex 6 (pay guidance). Survey files are large: CSV or xlsx up to this size. A wage-table cell is suppressed
# (kept, flagged) with fewer people or enterprises than these, or when one enterprise holds more than this share
# of its people (percent); a published median is marked unreliable at this relative standard error (percent).
PAY_SURVEY_MAX_UPLOAD_BYTES = env_int("PAY_SURVEY_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
PAY_MIN_PEOPLE = env_int("PAY_MIN_PEOPLE", 30)
PAY_MIN_ENTERPRISES = env_int("PAY_MIN_ENTERPRISES", 3)
PAY_MAX_ENTERPRISE_SHARE_PCT = env_int("PAY_MAX_ENTERPRISE_SHARE_PCT", 70)
PAY_RSE_MARK_PCT = env_int("PAY_RSE_MARK_PCT", 30)
# Secondary suppression: in every additive relation holding a withheld cell, the other withheld cells hold at least
# this percent of its total pay, so differencing yields a range, not a value (domain-rules §6).
PAY_MIN_COMPLEMENT_PCT = env_int("PAY_MIN_COMPLEMENT_PCT", 20)
# Wage price levels are full-year figures (domain-rules §6, [U]): "annualise" counts a part-year employee at annual
# pay × 12 ÷ months worked; "as_paid" counts the pay as paid (the rule before issue 19, recorded on older
# publications). Every table states the rule it was computed with.
PAY_PART_YEAR_RULE = env_choice("PAY_PART_YEAR_RULE", "annualise", ("annualise", "as_paid"))
# The reviewer's wage table is kept computed per year and scope while the year's accepted surveys stay as they were
# (pay_guidance/kept_tables): not under the tests (whose transactions never commit), except those that test it.
PAY_WAGE_TABLES_KEPT = not TESTING

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True
# The admin's downloads (every ExportMixin admin) are xlsx only, written inert like every other export
# (quote-prefix cells); the library's own escaping, which drops a leading "=", is off.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
EXPORT_FORMATS = [InertXLSX]
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# History (django-auditlog): every change of business data, kept at least this many days.
AUDITLOG_INCLUDE_ALL_MODELS = False
HISTORY_RETENTION_DAYS = max(180, env_int("HISTORY_RETENTION_DAYS", 730))

# Annex 4 serves newly registered enterprises: one registered in the plan cycle or this many years before it counts
# as new (附件4 does not define "新注册"; the portal's reading, shown where an inclusion is made).
NEW_ENTERPRISE_YEARS_BEFORE_CYCLE = env_int("NEW_ENTERPRISE_YEARS_BEFORE_CYCLE", 1)

# Annex 5 layoffs. Service before 2008-01-01 (劳动合同法 Art. 97 ¶3) is compensated under the rule then in force
# (劳部发〔1994〕481号: one month's wage per year of service for an economic layoff): months of wage per year, whether a
# part year counts as a full year, and a cap on the years (0: none). The layoff warning adds the cuts of this many
# months up to the month evaluated (Art. 41 counts a layoff, not one month of it).
LAYOFF_PRE2008_MONTHS_PER_YEAR = env_int("LAYOFF_PRE2008_MONTHS_PER_YEAR", 1)
LAYOFF_PRE2008_PART_YEAR_FULL = env_bool("LAYOFF_PRE2008_PART_YEAR_FULL", True)
LAYOFF_PRE2008_CAP_YEARS = env_int("LAYOFF_PRE2008_CAP_YEARS", 0)
LAYOFF_WARNING_MONTHS = env_int("LAYOFF_WARNING_MONTHS", 3)
if LAYOFF_PRE2008_MONTHS_PER_YEAR < 0 or LAYOFF_PRE2008_CAP_YEARS < 0 or LAYOFF_WARNING_MONTHS < 1:
    raise ImproperlyConfigured("LAYOFF_PRE2008_* must not be negative and LAYOFF_WARNING_MONTHS must be at least 1")

# Security headers. The portal loads nothing from outside its own origin.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if (DEBUG or TESTING) else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The portal runs on a government intranet host, which cannot be on the browsers' public HSTS preload list.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the portal append to X-Forwarded-For (nginx alone: 1). The client's address is
# read from them (chuxiong_labor.lib.security.client_address); without a proxy the header is never trusted.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 1) if BEHIND_TLS_PROXY else 0
if TRUSTED_PROXY_HOPS < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_HOPS must be 0 or more, not {TRUSTED_PROXY_HOPS}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],  # no inline styles: templates use classes from static/css/portal.css
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Redis (REDIS_URL) carries the job queue to Celery workers and holds the cache, so that several app servers share
# them. Unset (the embedded default), jobs run in a thread of the web process and the cache is local. Either way the
# login lock-outs and the sessions live in the database, so a Redis that is down stops no one signing in.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A job's message is acknowledged once it has run, and given back when the worker process running it dies, so a
# worker killed mid-job loses nothing; one message at a time per process, so a dying worker holds only its own.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TIMEZONE = "Asia/Shanghai"
# A job's file (batch PDF, export) can be downloaded for this many hours after it is ready.
JOB_RESULT_HOURS = env_int("JOB_RESULT_HOURS", 24)
# A running job's lease: renewed every third of it while its process lives; once it has run out, the sweep (every
# minute) queues the job again, or fails it with the retry link after JOB_MAX_ATTEMPTS runs.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 45)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 2)
# Under the tests a job without Redis runs before start_job returns, so a test reads its result at once.
JOBS_INLINE = TESTING
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "chuxiong_labor.lib.caching.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Readings of the data are cached until it changes (lib/generation) only in a cache every process shares: with the
# per-process memory cache, another web process's write would not reach this one's readings. Never under the tests
# (whose transactions never commit and whose cache outlives each test), except those that switch it on to test it.
CACHE_IS_SHARED = bool(REDIS_URL) and not TESTING
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"intended_refusals": {"()": "chuxiong_labor.lib.errors.DropIntendedRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {
        # A refused action is one line on chuxiong_labor.security (and a SecurityEvent), not a traceback here.
        "django.request": {"filters": ["intended_refusals"]},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
