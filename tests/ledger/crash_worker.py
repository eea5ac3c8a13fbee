"""Helper process for test_crash.py: a minimal Django with only the ledger app.

    python tests/ledger/crash_worker.py migrate <database url>
    python tests/ledger/crash_worker.py write <database url> <writer id>
    python tests/ledger/crash_worker.py check <database url>

``write`` appends forever: each transaction inserts one business row and records one ledger
entry for it, pausing inside the transaction so that a SIGKILL often lands mid-transaction.
The signing key comes from the CRASH_LEDGER_KEY environment variable.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import dj_database_url  # noqa: E402
import django  # noqa: E402
from django.conf import settings  # noqa: E402


def configure(url: str) -> None:
    database = dj_database_url.parse(url)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    schema = os.environ.get("CRASH_PG_SCHEMA")
    if schema and database["ENGINE"] == "django.db.backends.postgresql":
        database["OPTIONS"] = {"options": f"-c search_path={schema}"}
    settings.configure(
        INSTALLED_APPS=["prongsai.ledger"],
        DATABASES={"default": database},
        USE_TZ=True,
        SECRET_KEY="crash-test-only",  # noqa: S106
        LEDGER_SIGNING_KEY=os.environ.get("CRASH_LEDGER_KEY", ""),
        LEDGER_CHECKPOINT_EVERY=25,
        LEDGER_CHECKPOINT_MINUTES=10,
        LOGGING_CONFIG=None,
    )
    django.setup()


def migrate() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "ledger", verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TABLE crash_row (id serial PRIMARY KEY, writer integer NOT NULL, "
                "n integer NOT NULL, UNIQUE (writer, n))"
            )
        else:
            cursor.execute(
                "CREATE TABLE crash_row (id integer PRIMARY KEY AUTOINCREMENT, "
                "writer integer NOT NULL, n integer NOT NULL, UNIQUE (writer, n))"
            )


def write(writer: int) -> None:
    from django.db import connection, transaction

    from prongsai import ledger

    ledger.register_action("crash.write", label="crash test write")
    rng = random.Random(writer)  # noqa: S311
    n = 0
    print("ready", flush=True)  # noqa: T201
    while True:
        n += 1
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO crash_row (writer, n) VALUES (%s, %s)", [writer, n])
            time.sleep(rng.random() * 0.004)
            ledger.record(
                action="crash.write",
                actor=ledger.Actor(id=f"u:{writer}", role="staff"),
                obj=ledger.ObjectRef("crash.row", f"{writer}-{n}"),
                data={"writer": writer, "n": n},
            )
            time.sleep(rng.random() * 0.004)


def check() -> None:
    from django.db import connection

    from prongsai.ledger import selectors
    from prongsai.ledger.models import LedgerCheckpoint, LedgerEntry

    report = selectors.verify_database()
    with connection.cursor() as cursor:
        cursor.execute("SELECT writer, n FROM crash_row")
        rows = sorted(f"{w}-{n}" for w, n in cursor.fetchall())
    recorded = sorted(LedgerEntry.objects.values_list("object_id", flat=True))
    seqs = list(LedgerEntry.objects.order_by("seq").values_list("seq", flat=True))
    print(  # noqa: T201
        json.dumps(
            {
                "report": report.as_dict(),
                "message": report.message(),
                "business_rows": rows,
                "ledger_objects": recorded,
                "seqs_contiguous": seqs == list(range(1, len(seqs) + 1)),
                "checkpoints": LedgerCheckpoint.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    mode, url = sys.argv[1], sys.argv[2]
    configure(url)
    if mode == "migrate":
        migrate()
    elif mode == "write":
        write(int(sys.argv[3]))
    elif mode == "check":
        check()
    else:
        raise SystemExit(f"unknown mode {mode}")
