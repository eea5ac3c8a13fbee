"""Development and the embedded `make run` install: DEBUG on, a secret generated on first run."""

from __future__ import annotations

import secrets

from config.env import envbool

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

DEBUG = envbool("DEBUG", True)

if not SECRET_KEY:
    # Generated once and kept under var/ (ignored by git), so sessions survive a restart.
    _secret_file = VAR_DIR / "secret_key"
    if not _secret_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _secret_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        _secret_file.chmod(0o600)
    SECRET_KEY = _secret_file.read_text(encoding="utf-8").strip()

# Mail of the embedded install goes to files under var/mail/ (one per message), so the terminal
# of `make run` stays readable; EMAIL_BACKEND=...smtp.EmailBackend sends for real.
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
