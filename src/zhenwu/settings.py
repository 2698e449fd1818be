"""Django settings, read from environment variables only.

ZHENWU_DATA_DIR       where the SQLite file, the secret key and uploads live (default ./var)
ZHENWU_DATABASE_URL   e.g. postgresql://user@host:5432/db (default: SQLite in the data dir)
ZHENWU_REPLICA_URL    a read replica of it: dashboards, ledger statistics and charts read there (core.replica)
ZHENWU_SECRET_KEY     generated and kept in the data dir on first run if unset
ZHENWU_DEBUG          1/true to turn on debug (off by default)
ZHENWU_ALLOWED_HOSTS  comma-separated (default: localhost,127.0.0.1,[::1])
ZHENWU_HTTPS          1 behind HTTPS: HSTS, secure cookies, redirect to https (trusts X-Forwarded-Proto)
ZHENWU_DATA_KEY       key for personal data at rest (default: derived from the secret key)
ZHENWU_REDIS_URL      Redis as the job queue (default: a SQLite file in the data dir)
ZHENWU_CACHE_URL      Redis for the page cache, e.g. redis://127.0.0.1:6379/1 (default: each process's memory)
ZHENWU_JOB_WORKERS    job worker threads inside the web process (default 2; 0 with a separate `zhenwu worker`)
ZHENWU_LOGIN_LIMIT    failed logins (per account and address) before a 15-minute lockout (default 5)
ZHENWU_SESSION_IDLE_MINUTES / ZHENWU_SESSION_HOURS   idle and absolute session limits (default 30 min / 12 h)
"""

import datetime as _dt

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ZHENWU_DATA_DIR", "var")).resolve()


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("ZHENWU_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_flag("ZHENWU_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ZHENWU_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ZHENWU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "ninja",  # the API documentation's own scripts and styles, served from here (no CDN)
    "axes",
    "zhenwu.core",
    "zhenwu.indicators",
    "zhenwu.ledgers",
    "zhenwu.plans",
    "zhenwu.assess",
    "zhenwu.reports",
    "zhenwu.scale",
    "zhenwu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "zhenwu.core.middleware.SessionLimitMiddleware",
    "zhenwu.core.middleware.ZhenwuContextMiddleware",
    "zhenwu.api.base.SingleValuedQuery",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "zhenwu.urls"
WSGI_APPLICATION = "zhenwu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhenwu.web.context.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'zhenwu.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("ZHENWU_DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# No transaction per request: a page that only reads never takes SQLite's write lock (with IMMEDIATE
# transactions, every request would, and one long import would stall everyone). Each action in an app's
# `actions` module wraps its writes — the record and its audit rows — in its own transaction.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if os.environ.get("ZHENWU_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["ZHENWU_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"]["OPTIONS"] = {"init_command": "PRAGMA busy_timeout=30000;"}
        DATABASES["replica"]["CONN_MAX_AGE"] = 0
DATABASE_ROUTERS = ["zhenwu.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Dashboards and catalogues are cached (core.cache): in Redis when ZHENWU_CACHE_URL is set (shared by every
# worker process), else in each process's memory.
if os.environ.get("ZHENWU_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["ZHENWU_CACHE_URL"], "KEY_PREFIX": "zhenwu"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhenwu"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after ZHENWU_LOGIN_LIMIT failures for one account from one address, that pair is
# locked out for 15 minutes (a Chinese page, status 429); a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("ZHENWU_LOGIN_LIMIT", "5"))
AXES_COOLOFF_TIME = _dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhenwu.web.views.locked_out"
AXES_VERBOSE = False

# Sessions end after ZHENWU_SESSION_IDLE_MINUTES without a request and ZHENWU_SESSION_HOURS after the login
# (core.middleware.SessionLimitMiddleware).
SESSION_IDLE_SECONDS = int(os.environ.get("ZHENWU_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_AGE = int(os.environ.get("ZHENWU_SESSION_HOURS", "12")) * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # the API's fetch calls read it

# HTTPS (ZHENWU_HTTPS=1, behind a TLS-terminating proxy that sets X-Forwarded-Proto): `check --deploy` is clean.
HTTPS = _env_flag("ZHENWU_HTTPS")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, images and connections from this site only — the
# vendored assets live here, and no page has an inline script or handler. Inline style attributes stay allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # a few of Django's messages in plainer Chinese
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even when serving from the app folders
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders too, so a fresh checkout works without collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# An Excel export of more rows than this is written by a background job with progress (core.exports).
EXPORT_INLINE_ROWS = int(os.environ.get("ZHENWU_EXPORT_INLINE_ROWS", "5000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
