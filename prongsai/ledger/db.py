"""Database guards: triggers that refuse UPDATE and DELETE of ledger rows, per database engine.

A trigger stops the application and anyone using the application's connection; it does not stop
the owner of the database, who can drop it. That is why checkpoints are signed with a key kept
outside the database and published: a rewrite is found by ``ledger_verify`` either way.

SQLite: ``BEFORE UPDATE`` raises always. ``BEFORE DELETE`` raises unless Django's ``flush``
(used by ``manage.py flush`` and by transactional test cases, which empty every table at once)
is running; the trigger asks through a function that our connections define
(``prongsai_ledger_flushing``), so outside tools (the ``sqlite3`` shell) cannot delete at all.

PostgreSQL: a ``BEFORE UPDATE OR DELETE`` row trigger raises. ``flush`` uses ``TRUNCATE``, which
row triggers do not see; production should also ``REVOKE UPDATE, DELETE, TRUNCATE`` on these
tables from the application's role (docs/ledger.md).
"""

from __future__ import annotations

import sys
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations

TABLES = ("ledger_ledgerentry", "ledger_ledgercheckpoint", "ledger_ledgerfileref")
SQLITE_FUNCTION = "prongsai_ledger_flushing"
_MESSAGE = "บัญชีแก้ไขหรือลบไม่ได้ / ledger rows are append-only"
_FLUSH_CODES = {BaseDatabaseOperations.execute_sql_flush.__code__}


def _flushing() -> int:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code in _FLUSH_CODES:
            return 1
        frame = frame.f_back
    return 0


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, _flushing)
        code = type(connection.ops).execute_sql_flush.__code__
        _FLUSH_CODES.add(code)


def trigger_names(table: str) -> tuple[str, str]:
    return f"{table}_no_update", f"{table}_no_delete"


def install_sql(vendor: str) -> list[str]:
    statements: list[str] = []
    if vendor == "sqlite":
        for table in TABLES:
            no_update, no_delete = trigger_names(table)
            statements.append(
                f'CREATE TRIGGER IF NOT EXISTS "{no_update}" BEFORE UPDATE ON "{table}" '
                f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
            statements.append(
                f'CREATE TRIGGER IF NOT EXISTS "{no_delete}" BEFORE DELETE ON "{table}" '
                f"WHEN NOT {SQLITE_FUNCTION}() BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
    elif vendor == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{_MESSAGE} (% on %)', TG_OP, TG_TABLE_NAME "
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        for table in TABLES:
            name = f"{table}_append_only"
            statements.append(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
            statements.append(
                f'CREATE TRIGGER "{name}" BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()"
            )
    return statements


def remove_sql(vendor: str) -> list[str]:
    statements: list[str] = []
    if vendor == "sqlite":
        for table in TABLES:
            statements.extend(f'DROP TRIGGER IF EXISTS "{name}"' for name in trigger_names(table))
    elif vendor == "postgresql":
        for table in TABLES:
            statements.append(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
        statements.append("DROP FUNCTION IF EXISTS ledger_refuse_change()")
    return statements


def missing_guards(connection: BaseDatabaseWrapper) -> list[str]:
    """Names of guard triggers that should exist but do not (e.g. after a table was rebuilt)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0] for row in cursor.fetchall()}
            wanted = [name for table in TABLES for name in trigger_names(table)]
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
            )
            present = {row[0] for row in cursor.fetchall()}
            wanted = [f"{table}_append_only" for table in TABLES]
        else:
            return []
    return [name for name in wanted if name not in present]
