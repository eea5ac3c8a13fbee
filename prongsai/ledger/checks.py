"""System checks: the settings the ledger's guarantees depend on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from prongsai.ledger import signing


@checks.register(checks.Tags.database)
def check_sqlite_immediate(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors = []
    for alias, config in settings.DATABASES.items():
        if config.get("ENGINE") != "django.db.backends.sqlite3":
            continue
        mode = (config.get("OPTIONS") or {}).get("transaction_mode")
        if str(mode).upper() != "IMMEDIATE":
            errors.append(
                checks.Warning(
                    f"SQLite database {alias!r} does not set OPTIONS transaction_mode IMMEDIATE.",
                    hint=(
                        "Without it two ledger writers can read the same head and one fails "
                        "with 'database is locked'. Set OPTIONS['transaction_mode'] = 'IMMEDIATE'."
                    ),
                    id="ledger.W001",
                )
            )
    return errors


@checks.register(deploy=True)
def check_signing_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        verifier = signing.get_verifier()
    except Exception as exc:  # noqa: BLE001 - reported as a check error
        return [checks.Error(f"Ledger signing key: {exc}", id="ledger.E001")]
    if verifier is None:
        return [
            checks.Warning(
                "No ledger signing key: checkpoints will not be signed.",
                hint="Run 'manage.py ledger_keygen' or set LEDGER_SIGNING_KEY.",
                id="ledger.W002",
            )
        ]
    return []
