"""Production: refuses to start without a secret, and passes `check --deploy --fail-level WARNING`."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env, envbool, envint

from .base import *  # noqa: F403
from .base import SECRET_KEY

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set to at least 50 random characters in production."
    )

DEBUG = False
# Every upload is scanned by clamd (Debian's clamav-daemon socket unless set); set it to an empty
# string explicitly only where files are scanned before they reach this server.
ANTIVIRUS_CLAMD = env("ANTIVIRUS_CLAMD", "unix:///run/clamav/clamd.ctl")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
