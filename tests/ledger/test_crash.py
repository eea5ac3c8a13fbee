"""Kill -9 of ledger writers in the middle of appends: the chain still verifies, with no gaps and
exactly one entry per committed business row.

Several writer processes append (each transaction writes a business row and its ledger entry,
pausing inside the transaction); the test SIGKILLs random writers and starts new ones for a few
seconds, then verifies. It runs on the database engine of the test run (SQLite file or a
scratch PostgreSQL database).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from prongsai.ledger import checkpoint

WORKER = Path(__file__).with_name("crash_worker.py")
WRITERS = 4
RUN_SECONDS = 8.0


def _run(mode: str, url: str, *args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, str(WORKER), mode, url, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def database_url(tmp_path, django_db_setup, django_db_blocker) -> Iterator[str]:
    """A SQLite file, or a scratch schema in the PostgreSQL test database (cheaper to drop than a
    database); the writers reach the schema through CRASH_PG_SCHEMA."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        return
    from django.db import connection

    schema = f"crash_{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema}"')
    os.environ["CRASH_PG_SCHEMA"] = schema
    user = config.get("USER") or "postgres"
    auth = user + (f":{config['PASSWORD']}" if config.get("PASSWORD") else "")
    host, port = config.get("HOST") or "127.0.0.1", config.get("PORT") or 5432
    try:
        yield f"postgres://{auth}@{host}:{port}/{config['NAME']}"
    finally:
        os.environ.pop("CRASH_PG_SCHEMA", None)
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.mark.slow
def test_killed_writers_leave_a_verifying_gapless_ledger(database_url):
    signer = checkpoint.Signer.generate("crash.prongsai.example/ledger")
    env = {**os.environ, "CRASH_LEDGER_KEY": signer.skey()}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    _run("migrate", database_url, env=env)

    rng = random.Random()  # noqa: S311 - a different schedule each run is the point
    next_id = 0
    live: list[subprocess.Popen[str]] = []
    kills = 0

    def spawn() -> None:
        nonlocal next_id
        next_id += 1
        live.append(
            subprocess.Popen(
                [sys.executable, str(WORKER), "write", database_url, str(next_id)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        )

    try:
        for _ in range(WRITERS):
            spawn()
        for proc in live:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + RUN_SECONDS
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(0.1, 0.6))
            victim = live.pop(rng.randrange(len(live)))
            victim.send_signal(signal.SIGKILL)
            victim.communicate()  # reaps it and closes its pipes
            kills += 1
            spawn()
        for proc in live:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    finally:
        for proc in live:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
    kills += len(live)

    result = json.loads(_run("check", database_url, env=env))
    assert result["report"]["ok"], result["message"]
    assert result["seqs_contiguous"]
    rows, recorded = result["business_rows"], result["ledger_objects"]
    assert rows == recorded  # exactly one entry per committed row, and no entry without its row
    assert len(set(recorded)) == len(recorded)
    assert kills >= 10
    assert len(rows) >= 20, f"only {len(rows)} rows were committed in {RUN_SECONDS} s"
    assert result["checkpoints"] >= 1
