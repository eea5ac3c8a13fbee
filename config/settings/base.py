"""Settings shared by every environment. Everything that differs between machines comes from the
environment (see the configuration table in README.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env, envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Runtime state of an embedded install (database, media, keys); never committed.
VAR_DIR = Path(env("PRONGSAI_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = envsecret("SECRET_KEY")
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "prongsai.core",
    "prongsai.org",
    "prongsai.ledger",
    "prongsai.ita",
    "prongsai.disclosure",
    "prongsai.integrity",
    "prongsai.search",
    "prongsai.stats",
    "prongsai.site",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "prongsai.core.middleware.SessionTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "prongsai.org.middleware.AgencyMiddleware",
    "prongsai.stats.middleware.StatsMiddleware",  # around the page cache: counts cached copies
    "prongsai.site.cache.PublicPageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out attempt never reaches the views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "prongsai.org.context_processors.agency",
            ],
            "builtins": ["prongsai.core.templatetags.thai"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite (WAL) is the embedded default; DATABASE_URL=postgres://… switches to PostgreSQL.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'prongsai.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so two writers never
        # read the same ledger head (see prongsai/ledger).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks -----------------------------------------------------------------------
# Django's task framework (django-tasks backport). Database queue by default; RQ on Redis with
# TASKS_BACKEND=rq. Tests run tasks immediately.
TASKS_BACKEND = env("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Authentication and sessions -------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "wagtailadmin_login"

# Lockout after repeated failures (django-axes): per user name and address together, so that one
# attacker cannot lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0)

# Absolute lifetime of a staff session, and idle timeout (prongsai.core.middleware).
SESSION_COOKIE_AGE = envint("SESSION_ABSOLUTE_SECONDS", 8 * 3600)
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
# Our Thai catalogue of Wagtail admin strings first, so it overrides Wagtail's partial one.
LOCALE_PATHS = [BASE_DIR / "prongsai" / "locale_admin", BASE_DIR / "prongsai" / "locale"]

# --- Static and media files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "prongsai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # Wagtail's admin uses inline styles and scripts; the public site uses neither.
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Wagtail ---------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Prongsai โปร่งใส"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_USAGE_COUNT_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "txt", "odt", "ods", "jpg", "jpeg", "png"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# One time zone for staff: it also removes the account page's picker of ~600 English zone names.
WAGTAIL_USER_TIME_ZONES = ["Asia/Bangkok"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_WORKFLOW_ENABLED = True
# Wagtail's sign-in form with a translatable password label (prongsai/site/admin_forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "prongsai.site.admin_forms.LoginForm"
WAGTAIL_MODERATION_ENABLED = True

# --- Logging ---------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Virus scanning of every upload by ClamAV's daemon (prongsai/core/antivirus.py):
# unix:///run/clamav/clamd.ctl or tcp://host:3310. Set, it fails closed (no answer, no upload);
# empty (the embedded development default), no scanning. Production defaults to Debian's socket.
ANTIVIRUS_CLAMD = env("ANTIVIRUS_CLAMD", "")
ANTIVIRUS_TIMEOUT = envint("ANTIVIRUS_TIMEOUT", 30)

# Whole-page cache of public pages for anonymous visitors (prongsai/site/cache.py); 0 turns it off.
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", 600)
PUBLIC_CACHE_EXCLUDE = ("/admin/", "/documents/", "/healthz", "/media/")

# Opt in now to Django 6's https default for URL form fields (no deprecation warning per form).
FORMS_URLFIELD_ASSUME_HTTPS = True

PRONGSAI_SHARED_DIR = Path(env("PRONGSAI_SHARED_DIR", str(BASE_DIR.parent / "shared")))
PRONGSAI_LABEL = _("Prongsai integrity and transparency portal")

# Periodic jobs run by `manage.py worker` in the embedded install (cron syntax, Asia/Bangkok).
# Production runs the same commands from cron or systemd timers.
PRONGSAI_PERIODIC_JOBS: list[dict[str, object]] = [
    # Sign a checkpoint of the ledger when one is due (every N entries or M minutes).
    {"command": "ledger_checkpoint", "cron": "*/10 * * * *"},
    {"command": "stats_rollup", "cron": "*/15 * * * *"},  # statistics: roll up, purge, salts
    {"command": "stats_quarterly_reports", "cron": "0 7 * * *"},  # e-mail last quarter's report
    # Evidence: scheduled publication and expiry; reminders before and after due dates.
    {"command": "disclosure_publish_scheduled", "cron": "*/5 * * * *"},
    {"command": "disclosure_reminders", "cron": "30 7 * * *"},
    # Case and corrective-action reminders, code-of-conduct reminders, unsent mail retried.
    {"command": "integrity_remind", "cron": "5 * * * *"},
]

# --- Ledger (prongsai/ledger, docs/ledger.md) ----------------------------------------------
# Ed25519 key that signs checkpoints: the key text, or a file holding it (default var/ledger
# signing key, made by `manage.py ledger_keygen --if-missing` in `make run`).
# (The key file is read by the ledger itself, so LEDGER_SIGNING_KEY_FILE may name a file that
# `ledger_keygen` has not written yet.)
LEDGER_SIGNING_KEY = env("LEDGER_SIGNING_KEY")
LEDGER_SIGNING_KEY_FILE = env("LEDGER_SIGNING_KEY_FILE")
LEDGER_ORIGIN = env("LEDGER_ORIGIN")
LEDGER_CHECKPOINT_EVERY = envint("LEDGER_CHECKPOINT_EVERY", 100)
LEDGER_CHECKPOINT_MINUTES = envint("LEDGER_CHECKPOINT_MINUTES", 10)
# Keyed hash for pseudonymous actors of confidential entries (defaults to SECRET_KEY).
LEDGER_PSEUDONYM_KEY = envsecret("LEDGER_PSEUDONYM_KEY")

# --- Integrity (prongsai/integrity) ------------------------------------------------------------
# AES-256-GCM key(s) for confidential case data, comma-separated (the first encrypts); or
# INTEGRITY_ENCRYPTION_KEY_FILE. Default: var/integrity-encryption.key (manage.py integrity_keygen).
INTEGRITY_ENCRYPTION_KEY = envsecret("INTEGRITY_ENCRYPTION_KEY")
# Minutes after typing the password again during which a staff member may open cases.
INTEGRITY_STEPUP_MINUTES = envint("INTEGRITY_STEPUP_MINUTES", 10)
INTEGRITY_MAX_FILE_BYTES = envint("INTEGRITY_MAX_FILE_MB", 10) * 1024 * 1024
