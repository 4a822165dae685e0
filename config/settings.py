"""Settings for the archive, read from environment variables.

Defaults run locally with no services: SQLite and a Whoosh index under one data
directory (``ARCHIVE_DATA_DIR``, default ``var/``). ``DATABASE_URL`` switches to
PostgreSQL, ``SEARCH_URL`` (``elasticsearch://host:9200/index``) to haystack's
Elasticsearch engine.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and envbool("PRODUCTION", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A per-checkout key for local runs; production sets SECRET_KEY.
    SECRET_KEY = "insecure-local-only-" + str(BASE_DIR)

DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
# Reference data (terms, plenums, documents, places): `manage.py loaddata reference`.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# All state lives here; create it so a fresh clone (or a test) needs no setup step.
DATA_DIR.mkdir(parents=True, exist_ok=True)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # search before haystack: its rebuild_index replaces haystack's.
    "search",
    "haystack",
    "archive",
    "alerts",
    "opendata",
    "bench",
]

MIDDLEWARE = [
    "archive.errors.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese at /, English under /en/ (config/urls.py); nothing else decides.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "archive.errors.RequestLimitsMiddleware",
    "search.throttle.ApiRateLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "archive.sqlite3",
            # Reused across requests for a minute, as for PostgreSQL above: opening
            # one per request (connect, PRAGMAs, Django's SQL functions) cost ~1 ms
            # of a ~7 ms report page under gunicorn.
            "CONN_MAX_AGE": 60,
            # WAL lets gunicorn workers read while the index worker and admin write;
            # IMMEDIATE transactions avoid "database is locked" on lock upgrades.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Per process: home aggregates and the report pages kept for anonymous readers
# (archive/page_cache.py; ~16 KB a page, so at most ~16 MB a worker). Django's
# default of 300 entries holds few of the pages a worker serves in a minute.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

_search_url = os.environ.get("SEARCH_URL", "")
if _search_url.startswith(("elasticsearch://", "http://", "https://")):
    _parts = urlparse(_search_url)
    _scheme = "https" if _parts.scheme == "https" else "http"
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
            "URL": f"{_scheme}://{_parts.netloc}/",
            "INDEX_NAME": _parts.path.strip("/") or "archive",
        }
    }
elif _search_url:
    raise ImproperlyConfigured(f"SEARCH_URL must be an elasticsearch:// URL, not {_search_url!r}")
else:
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "search.engine.backend.VietnameseWhooshEngine",
            "PATH": str(DATA_DIR / "whoosh"),
        }
    }
# Index changes go through a queue drained by one writer (search/indexing.py).
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.QueuedSignalProcessor"
# The search page says the index is catching up when the oldest queued change
# is older than this (the worker is down, restarting, or working through a backlog).
ARCHIVE_INDEX_LAG_SECONDS = envint("ARCHIVE_INDEX_LAG_SECONDS", 30)

LANGUAGE_CODE = "vi"
# The interface is written in Vietnamese; locale/en holds its English (archive/i18n.py,
# `manage.py update_messages`). Strings Django's own Vietnamese translation lacks
# (admin, auth): locale/vi.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Upload limits: a report text is small; photos are checked again in archive/images.py.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 50
# The whole body of one request (a text and its photos), refused from its
# Content-Length before anything reads it (archive/errors.py).
ARCHIVE_MAX_REQUEST_BYTES = envint("ARCHIVE_MAX_REQUEST_BYTES", 256 * 1024 * 1024)
# Limits passed and failed CSRF checks are explained in Vietnamese (archive/errors.py).
CSRF_FAILURE_VIEW = "archive.errors.csrf_failure"
ARCHIVE_MAX_TEXT_BYTES = envint("ARCHIVE_MAX_TEXT_BYTES", 5 * 1024 * 1024)
ARCHIVE_MAX_PHOTO_BYTES = envint("ARCHIVE_MAX_PHOTO_BYTES", 15 * 1024 * 1024)
ARCHIVE_MAX_PHOTO_PIXELS = envint("ARCHIVE_MAX_PHOTO_PIXELS", 50_000_000)
# Work an upload may cost, bounded by what is parsed (archive/decoding.py,
# archive/upload.py). Decoding and re-encoding photos runs at ~30 million pixels
# a second: 400 MP (30 phone photos of 12 MP) is ~13 s of gunicorn's 60.
ARCHIVE_MAX_UPLOAD_PIXELS = envint("ARCHIVE_MAX_UPLOAD_PIXELS", 400_000_000)
ARCHIVE_MAX_PHOTOS_PER_UPLOAD = envint("ARCHIVE_MAX_PHOTOS_PER_UPLOAD", 30)
# python-docx reads 10,000 paragraphs in ~0.7 s (a report has a few hundred).
ARCHIVE_MAX_DOCX_PARAGRAPHS = envint("ARCHIVE_MAX_DOCX_PARAGRAPHS", 10_000)
ARCHIVE_MAX_DOCX_ELEMENTS = envint("ARCHIVE_MAX_DOCX_ELEMENTS", 500_000)
ARCHIVE_MAX_DOCX_EXPANDED_BYTES = envint("ARCHIVE_MAX_DOCX_EXPANDED_BYTES", 100 * 1024 * 1024)
# Saved news pages nest 20-40 tags deep; libxml2 itself stops counting at 256.
ARCHIVE_MAX_HTML_DEPTH = envint("ARCHIVE_MAX_HTML_DEPTH", 160)

# E-mail (alert confirmations and digests): EMAIL_URL (smtp://user:pass@host:587/?tls=True,
# smtps://…, console://) or the SMTP variables; without either, each mail is
# written as a file under the data directory, so a fresh clone works as it is.
if os.environ.get("EMAIL_URL"):
    import dj_email_url

    _mail = dj_email_url.parse(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
    EMAIL_HOST = _mail["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _mail["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _mail["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _mail["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _mail["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _mail["EMAIL_USE_SSL"]
    # file:///var/mail/archive parses as a relative path; file URLs are absolute.
    EMAIL_FILE_PATH = "/" + _mail["EMAIL_FILE_PATH"].lstrip("/") if _mail["EMAIL_FILE_PATH"] else ""
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Kho lưu trữ tin quán triệt nghị quyết <thong-bao@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address for links in mails sent outside a request (send_alerts).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reverse proxies in front of gunicorn whose X-Forwarded-For is trusted, for
# per-client limits (config/ratelimit.py); 0 when clients connect directly.
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", 0)
# The JSON API (/api/…): the version its answers carry, and the requests
# allowed per client in a window of seconds (429 past it); 0 turns the limit
# off (the benchmark does, for its own runs: bench/runner.py). Loopback
# clients are never limited (the benchmark, local tools): behind a reverse
# proxy on the same machine, set TRUSTED_PROXIES so clients are told apart.
API_VERSION = 2
API_RATE_LIMIT = envint("API_RATE_LIMIT", 120)
API_RATE_WINDOW = envint("API_RATE_WINDOW", 60)
# E-mail alerts (alerts/): subscription requests allowed per address a day and
# per client (IP address) an hour; confirmation links expire after some days.
ALERTS_PER_ADDRESS_PER_DAY = envint("ALERTS_PER_ADDRESS_PER_DAY", 5)
ALERTS_PER_CLIENT_PER_HOUR = envint("ALERTS_PER_CLIENT_PER_HOUR", 20)
ALERTS_CONFIRM_DAYS = envint("ALERTS_CONFIRM_DAYS", 7)

# Security defaults; production (PRODUCTION=1) turns on the HTTPS-only parts.
PRODUCTION = envbool("PRODUCTION", False)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
