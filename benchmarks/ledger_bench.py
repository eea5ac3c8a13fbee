"""Ledger benchmarks: append rate on SQLite and verification time for 1,000,000 entries.

    python benchmarks/ledger_bench.py [--entries 1000000] [--appends 5000] [--skip-db-verify]
                                      [--postgres postgres://user@host:5432/db] [--no-write]

1. Append rate: ``ledger.record()`` on a SQLite file (WAL, ``BEGIN IMMEDIATE``) with the ledger's
   real tables, indexes and triggers, (a) one transaction per entry, as a service call makes it,
   and (b) 100 entries per transaction, as a bulk import makes it. ``--postgres`` adds the same on
   a scratch PostgreSQL database (created and dropped).
2. Verification of ``--entries`` entries: the export (JSONL) is built with the same sealing code
   as the database path, with a signed checkpoint every 10,000 entries, then checked by the
   standalone verifier (``python -m prongsai.ledger.verify``); and, unless --skip-db-verify, the
   same entries are loaded into the SQLite tables and checked by ``manage.py ledger_verify``'s code.

The results replace the ledger section of docs/benchmarks.md (unless --no-write). Django is
configured here with the ledger app alone, so the numbers measure the ledger, not page rendering.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- ledger_bench:start -->", "<!-- ledger_bench:end -->"
CHECKPOINT_EVERY = 10_000


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}"


def configure_django(url: str, signing_key: str) -> None:
    import dj_database_url
    import django
    from django.conf import settings

    database = dj_database_url.parse(url)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    settings.configure(
        INSTALLED_APPS=["prongsai.ledger"],
        DATABASES={"default": database},
        USE_TZ=True,
        SECRET_KEY="benchmark-only",  # noqa: S106
        LEDGER_SIGNING_KEY=signing_key,
        LEDGER_CHECKPOINT_EVERY=1000,
        LOGGING_CONFIG=None,
    )
    django.setup()


def use_database(url: str) -> None:
    from django.core.management import call_command
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict.update(_parsed(url))
    call_command("migrate", "ledger", verbosity=0)


def _parsed(url: str) -> dict:
    import dj_database_url

    database = dj_database_url.parse(url)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    return database


def append_rate(count: int) -> dict[str, float]:
    from django.db import transaction

    from prongsai import ledger

    ledger.register_action("bench.append", label="benchmark append")
    actor = ledger.Actor(id="u:1", role="staff", unit="กลุ่มงานบริหารทั่วไป")

    def one(i: int) -> None:
        ledger.record(
            action="bench.append",
            actor=actor,
            obj=ledger.ObjectRef("disclosure.item", str(i)),
            agency=1,
            content_hash=hashlib.sha256(b"%d" % i).hexdigest(),
            data={"item": "O20", "year": 2567, "title": f"ประกาศผลการจัดซื้อจัดจ้าง ครั้งที่ {i}"},
        )

    results = {}
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        with transaction.atomic():
            one(i)
    results["per_transaction"] = count / (time.perf_counter() - started)
    results["per_transaction_cpu"] = count / (time.process_time() - cpu)
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, count, 100):
        with transaction.atomic():
            for i in range(start, min(start + 100, count)):
                one(i)
    results["batched"] = count / (time.perf_counter() - started)
    results["batched_cpu"] = count / (time.process_time() - cpu)
    return results


def build_export(path: Path, count: int, signer) -> tuple[list[str], float]:
    """A JSONL export of ``count`` sealed entries, and a signed checkpoint every 10,000."""
    from prongsai.ledger import builder, checkpoint

    appender = builder.Appender()
    notes = []
    base = datetime(2023, 10, 1, tzinfo=UTC)
    started = time.perf_counter()
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            row = appender.seal(
                {
                    "ts": (base + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "actor": f"u:{i % 50 + 1}",
                    "role": ("staff", "head", "executive", "pr")[i % 4],
                    "unit": "กลุ่มงานบริหารทั่วไป",
                    "action": ("item.submit", "item.approve", "item.publish")[i % 3],
                    "otype": "disclosure.item",
                    "oid": str(i // 3),
                    "agency": 1,
                    "chash": hashlib.sha256(b"%d" % i).hexdigest(),
                    "conf": False,
                    "data": {"item": f"O{i % 40 + 1}", "year": 2567},
                }
            )
            handle.write(builder.export_line(row) + "\n")
            if appender.size % CHECKPOINT_EVERY == 0 or appender.size == count:
                cp = checkpoint.Checkpoint(signer.name, appender.size, appender.root)
                notes.append(checkpoint.sign_checkpoint(cp, signer))
    return notes, time.perf_counter() - started


def load_into_sqlite(db_path: Path, export: Path, notes: list[str]) -> float:
    """Bulk-load an export into the ledger tables (as the database path would hold it)."""
    import json

    from prongsai.ledger import builder, checkpoint, merkle

    started = time.perf_counter()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    frontier: list[tuple[int, bytes]] = []
    chain = "0" * 64

    def rows():
        nonlocal chain
        with export.open(encoding="utf-8") as handle:
            for line in handle:
                r = json.loads(line)
                nodes = merkle.append(frontier, bytes.fromhex(r["hash"]))
                chain = r["chain"]
                yield (
                    r["seq"],
                    r["ts"].replace("T", " ").rstrip("Z"),
                    r["actor"],
                    r["role"],
                    r["unit"],
                    r["action"],
                    r["otype"],
                    r["oid"],
                    r["agency"],
                    r["chash"],
                    r["conf"],
                    json.dumps(r["data"], ensure_ascii=False),
                    r["prev"],
                    r["hash"],
                    r["chain"],
                    ",".join(h.hex() for h in nodes),
                )

    con.executemany(
        "INSERT INTO ledger_ledgerentry (seq, ts, actor, role, unit, action, object_type, "
        "object_id, agency_id, content_hash, confidential, data, prev, entry_hash, chain, nodes) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows(),
    )
    for note in notes:
        cp = checkpoint.parse_checkpoint_text(checkpoint.split_note(note)[0])
        con.execute(
            "INSERT INTO ledger_ledgercheckpoint (size, root, ts, key_id, note) VALUES (?,?,?,?,?)",
            (cp.size, cp.root.hex(), "2024-01-01 00:00:00", "", note),
        )
    size = merkle.frontier_size(frontier)
    con.execute(
        "UPDATE ledger_ledgerhead SET size = ?, chain = ?, frontier = ?, checkpoint_size = ?",
        (size, chain, builder.frontier_dump(frontier), size),
    )
    con.commit()
    con.close()
    return time.perf_counter() - started


def postgres_append(url: str, count: int) -> dict[str, float]:
    import psycopg

    base, _, _ = url.rpartition("/")
    name = f"prongsai_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        use_database(f"{base}/{name}")
        return append_rate(count)
    finally:
        from django.db import connections

        connections["default"].close()
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_section(text: str) -> None:
    DOC.parent.mkdir(exist_ok=True)
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    block = f"{START}\n{text.rstrip()}\n{END}"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        _, tail = rest.split(END, 1)
        current = head + block + tail
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=5_000)
    parser.add_argument("--skip-db-verify", action="store_true")
    parser.add_argument("--postgres", help="also measure appends on this PostgreSQL server")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    from prongsai.ledger import checkpoint

    load = os.getloadavg()
    signer = checkpoint.Signer.generate("bench.prongsai.example/ledger")
    work = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    db_path = work / "ledger.sqlite3"
    configure_django(f"sqlite:///{db_path}", signer.skey())

    from django.core.management import call_command

    call_command("migrate", "ledger", verbosity=0)
    print(f"Appending {args.appends:,} entries to SQLite …", flush=True)
    sqlite_rates = append_rate(args.appends)
    print(
        f"  {sqlite_rates['per_transaction']:,.0f}/s one per transaction "
        f"({sqlite_rates['per_transaction_cpu']:,.0f} per CPU-second), "
        f"{sqlite_rates['batched']:,.0f}/s 100 per transaction"
    )
    pg_rates = None
    if args.postgres:
        print(f"Appending {args.appends:,} entries to PostgreSQL …", flush=True)
        pg_rates = postgres_append(args.postgres, args.appends)
        print(f"  {pg_rates['per_transaction']:,.0f}/s, {pg_rates['batched']:,.0f}/s")

    from prongsai.ledger.verify import jsonl_rows, verify_rows

    export = work / "ledger.jsonl"
    print(f"Building an export of {args.entries:,} entries …", flush=True)
    notes, build_seconds = build_export(export, args.entries, signer)
    print(f"  built in {build_seconds:.1f} s ({export.stat().st_size / 1e6:,.0f} MB)")
    started, cpu = time.perf_counter(), time.process_time()
    report = verify_rows(jsonl_rows(export), verifier=signer.verifier, notes=notes)
    standalone_seconds = time.perf_counter() - started
    standalone_cpu = time.process_time() - cpu
    if not report.ok or report.entries != args.entries:
        raise SystemExit(f"the generated ledger did not verify: {report.message()}")
    print(f"  standalone verifier: {standalone_seconds:.1f} s ({standalone_cpu:.1f} s CPU)")

    db_seconds = db_cpu = load_seconds = None
    if not args.skip_db_verify:
        fresh = work / "verify.sqlite3"
        use_database(f"sqlite:///{fresh}")
        from django.db import connections

        connections["default"].close()
        load_seconds = load_into_sqlite(fresh, export, notes)
        print(f"  loaded into SQLite in {load_seconds:.1f} s", flush=True)
        from prongsai.ledger import selectors

        started, cpu = time.perf_counter(), time.process_time()
        db_report = selectors.verify_database()
        db_seconds = time.perf_counter() - started
        db_cpu = time.process_time() - cpu
        if not db_report.ok or db_report.entries != args.entries:
            raise SystemExit(f"the loaded ledger did not verify: {db_report.message()}")
        print(f"  database path (manage.py ledger_verify): {db_seconds:.1f} s ({db_cpu:.1f} s CPU)")

    for path in work.iterdir():
        path.unlink()
    work.rmdir()

    today = datetime.now(UTC).astimezone().date().isoformat()
    load_before = f"{load[0]:.1f}"
    lines = [
        "## Ledger (`benchmarks/ledger_bench.py`)",
        "",
        f"Measured {today} on {machine()}; load average {load_before} before the run (the "
        "machine is shared, so wall-clock times include waiting for a core; CPU times do not).",
        "",
        "| measurement | result | target |",
        "|---|---|---|",
        f"| append, SQLite, one entry per transaction ({args.appends:,} entries) | "
        f"**{sqlite_rates['per_transaction']:,.0f} entries/s** "
        f"({sqlite_rates['per_transaction_cpu']:,.0f} per CPU-second) | ≥ 1,000/s |",
        f"| append, SQLite, 100 entries per transaction | {sqlite_rates['batched']:,.0f} entries/s "
        f"({sqlite_rates['batched_cpu']:,.0f} per CPU-second) | |",
    ]
    if pg_rates:
        lines += [
            f"| append, PostgreSQL 15, one entry per transaction | "
            f"{pg_rates['per_transaction']:,.0f} entries/s | |",
            f"| append, PostgreSQL 15, 100 entries per transaction | "
            f"{pg_rates['batched']:,.0f} entries/s | |",
        ]
    lines.append(
        f"| verify {args.entries:,} entries + {len(notes):,} signed checkpoints, standalone "
        f"verifier on the JSONL export | **{standalone_seconds:.1f} s** "
        f"({standalone_cpu:.1f} s CPU) | ≤ 60 s |"
    )
    if db_seconds is not None:
        lines.append(
            f"| verify the same {args.entries:,} entries from SQLite (`manage.py ledger_verify`) | "
            f"**{db_seconds:.1f} s** ({db_cpu:.1f} s CPU) | ≤ 60 s |"
        )
    lines += [
        "",
        "Per CPU-second counts the benchmark process only: on SQLite that is all the work (the "
        "database runs in-process), on PostgreSQL the server's share is not in it, so only "
        "the wall-clock rate is given there. "
        "Append: `ledger.record()` with an explicit actor, an object reference, a content hash and "
        "a small Thai `data` object; each call reads and locks the head row, inserts the entry "
        "and updates the head (a checkpoint is signed inline every 1,000 entries). Verification "
        "recomputes every leaf hash, the hash chain, the RFC 6962 tree (and, from the database, "
        "the stored subtree hashes) and checks every Ed25519 checkpoint signature. The export "
        f"took {build_seconds:.0f} s to generate"
        + (f" and {load_seconds:.0f} s to load into SQLite" if load_seconds else "")
        + "; neither is part of the verification time.",
    ]
    text = "\n".join(lines)
    print()
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
