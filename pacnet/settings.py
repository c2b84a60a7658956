"""pacnet settings: everything that differs between machines comes from the environment."""

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PACNET_DATA_DIR", BASE_DIR / "data"))
NODE_MODULES = Path(os.environ.get("PACNET_NODE_MODULES", BASE_DIR / "node_modules"))


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


# Safe by default: debug only for the development server or when PACNET_DEBUG=1 says so.
DEBUG = _flag("PACNET_DEBUG", sys.argv[1:2] == ["runserver"])
SECRET_KEY = os.environ.get("PACNET_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PACNET_SECRET_KEY must be set when debug is off (production). Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
            "For development, set PACNET_DEBUG=1 or use `make run`."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = os.environ.get("PACNET_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("PACNET_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "pacnet.core",
    "pacnet.accounts",
    "pacnet.geography",
    "pacnet.plans",
    "pacnet.connectivity",
    "pacnet.inventory",
    "pacnet.maintenance",
    "pacnet.usage",
    "pacnet.kiosk",
    "pacnet.indicators",
    "pacnet.faults",
    "pacnet.alerts",
    "pacnet.dashboard",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped (static files come compressed from WhiteNoise); Django pads against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pacnet.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pacnet.core.middleware.RefuseNulMiddleware",
    # Last, as django-axes asks: turns a lockout into the translated page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pacnet.urls"
WSGI_APPLICATION = "pacnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pacnet.dashboard.context_processors.navigation",
                "pacnet.dashboard.context_processors.demo_notice",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'pacnet.sqlite3'}"),
        conn_max_age=int(os.environ.get("PACNET_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Concurrent readers and one writer without "database is locked" at a busy point.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Statements sent through core.sql (the kiosk heartbeat's) are prepared once per
    # connection; Django's own cursors bind on the client and never prepare (ADR 0014).
    # PACNET_DB_PREPARED=0 behind a connection pooler in transaction mode.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        0 if os.environ.get("PACNET_DB_PREPARED", "1") == "1" else None
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out user and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS: list = []  # each app keeps its own locale/ folder
FORMAT_MODULE_PATH = ["pacnet.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("PACNET_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Pinned npm packages, served as our own static files: points may be offline.
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
# Hashed names, gzip and brotli, cached for ever (slow lines): needs `collectstatic`. Plain
# files only in debug (the development server), so that an edited file shows at once.
MANIFEST_STATIC = _flag("PACNET_MANIFEST_STATIC", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if MANIFEST_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Source maps are read by developer tools only: compressing their 35 MB would triple collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A computer with no session for this many days gets an automatic fault (`pacnet raise_faults`).
PACNET_SILENT_DAYS = int(os.environ.get("PACNET_SILENT_DAYS", "14"))
# A day's tally at a point may count at most this many visits per computer in service.
PACNET_MAX_VISITS_PER_COMPUTER_DAY = int(os.environ.get("PACNET_MAX_VISITS_PER_COMPUTER_DAY", "30"))
# A kiosk not heard from for this many minutes is offline; its open session ends then.
PACNET_KIOSK_SILENT_MINUTES = int(os.environ.get("PACNET_KIOSK_SILENT_MINUTES", "5"))
# How long a kiosk enrolment code stays valid.
PACNET_KIOSK_ENROLMENT_HOURS = int(os.environ.get("PACNET_KIOSK_ENROLMENT_HOURS", "24"))
# A kiosk silent this many hours shows as not reporting and raises a silent-computer fault.
PACNET_KIOSK_NOT_REPORTING_HOURS = int(os.environ.get("PACNET_KIOSK_NOT_REPORTING_HOURS", "48"))
# How long a computer offered to the first in the queue (or booked) is held for them.
PACNET_KIOSK_HOLD_MINUTES = int(os.environ.get("PACNET_KIOSK_HOLD_MINUTES", "5"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "pacnet.accounts.authentication.LockoutBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "pacnet.core.api.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pacnet.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pacnet API",
    "DESCRIPTION": "Access points, administrative units and equipment of a public-access network.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Like every page, the schema and its docs need a login.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets that share a field name get distinct, stable names in the schema.
    "ENUM_NAME_OVERRIDES": {
        "SiteKindEnum": "pacnet.geography.models.Site.Kind",
        "SiteStatusEnum": "pacnet.geography.models.Site.Status",
        "EquipmentKindEnum": "pacnet.inventory.models.Equipment.Kind",
        "EquipmentStatusEnum": "pacnet.inventory.models.EquipmentStatus",
    },
}


# E-mail (alerts): printed on the console unless SMTP is set by EMAIL_URL
# (smtp://user:password@host:587, smtp+tls://… for STARTTLS, smtps://… for SSL) or EMAIL_HOST.
def _smtp_from_environment() -> dict | None:
    from urllib.parse import unquote, urlsplit

    if url := os.environ.get("EMAIL_URL", ""):
        parts = urlsplit(url)
        return {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "user": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "tls": parts.scheme == "smtp+tls",
            "ssl": parts.scheme == "smtps",
        }
    if host := os.environ.get("EMAIL_HOST", ""):
        return {
            "host": host,
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "user": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "tls": _flag("EMAIL_USE_TLS", False),
            "ssl": _flag("EMAIL_USE_SSL", False),
        }
    return None


_SMTP = _smtp_from_environment()
EMAIL_BACKEND = os.environ.get(
    "PACNET_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if _SMTP
    else "django.core.mail.backends.console.EmailBackend",
)
if _SMTP:
    EMAIL_HOST, EMAIL_PORT = _SMTP["host"], _SMTP["port"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _SMTP["user"], _SMTP["password"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _SMTP["tls"], _SMTP["ssl"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pacnet <pacnet@localhost>")
EMAIL_TIMEOUT = 30
# The site's address, for the links in e-mails.
PACNET_BASE_URL = os.environ.get("PACNET_BASE_URL", "http://localhost:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SESSION_COOKIE_SECURE = _flag("PACNET_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Staff log in on a point's shared computers: the session ends with the browser, or when idle.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = int(os.environ.get("PACNET_IDLE_MINUTES", "30")) * 60  # renewed when active

# HTTPS: TLS ends at the server or at a proxy that says so in a header ("X-Forwarded-Proto=https").
SECURE_SSL_REDIRECT = _flag("PACNET_SSL_REDIRECT", not DEBUG)
# Libki clients follow no redirect: their protocol's path is served as it comes.
SECURE_REDIRECT_EXEMPT = [r"^api/client/v1_0(/|$)"]
SECURE_HSTS_SECONDS = int(os.environ.get("PACNET_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("PACNET_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("PACNET_HSTS_PRELOAD", False)
if _proxy_header := os.environ.get("PACNET_PROXY_SSL_HEADER", ""):
    _name, _, _value = _proxy_header.partition("=")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())
# Browsers' HSTS preload lists are the domain owner's decision (PACNET_HSTS_PRELOAD), not a default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Failed logins (form, admin, API): PACNET_LOGIN_FAILURES wrong passwords in a row for one
# user name from one address lock that pair out for PACNET_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("PACNET_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("PACNET_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pacnet.accounts.lockout.lockout_response"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PACNET_LOG_LEVEL", "WARNING")},
}
