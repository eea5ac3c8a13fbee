"""System checks: confidential case data cannot be stored without an encryption key."""

from __future__ import annotations

from typing import Any

from django.core import checks

from prongsai.integrity import crypto


@checks.register(deploy=True)
def check_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        crypto.keyring()
    except crypto.EncryptionKeyError as exc:
        return [
            checks.Error(
                f"Integrity encryption key: {exc}",
                hint="Set INTEGRITY_ENCRYPTION_KEY (or _FILE) or run 'manage.py integrity_keygen'.",
                id="integrity.E001",
            )
        ]
    return []
