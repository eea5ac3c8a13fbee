"""The test suite: fast hashing, tasks run at once, nothing leaves the machine."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

# Keys, the search index and other runtime files of a test run live in a folder of its own
# (one per test process), never in the repository's var/.
VAR_DIR = Path(tempfile.mkdtemp(prefix="prongsai-test-"))
atexit.register(shutil.rmtree, VAR_DIR, ignore_errors=True)

SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
INTEGRITY_ENCRYPTION_KEY = "dGVzdC1vbmx5LWludGVncml0eS1rZXktMzItYnl0ZXM="  # noqa: S105
INSTALLED_APPS = [*INSTALLED_APPS]
STATS_AUTO_FLUSH = False  # tests write the statistics buffer explicitly
PUBLIC_CACHE_SECONDS = 0  # tests opt in with override_settings
