"""Where a kept PostgreSQL search index spends its time on the benchmark's queries.

Runs the queries of `search_bench.py` (same seeds) through `engine.search` on an index kept
with ``search_bench.py --keep-postgres PREFIX``, timing every statement the backend sends.
Then, for the slowest statements, ``EXPLAIN (ANALYZE, BUFFERS)`` twice in a row: the first
run reads what the search left in the caches, the second is warm.

    python benchmarks/tools/pg_profile.py PREFIX [--dsn DSN] [--words 1 2 3] [--explain 8]
        [--rounds 1] [--json FILE]

Writes a report to standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

# benchmarks/ (for search_bench) and the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

import search_bench  # noqa: E402

from prongsai.search.engine import SearchEngine  # noqa: E402


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix")
    parser.add_argument(
        "--dsn",
        default=os.environ.get(
            "SEARCH_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--words", type=int, nargs="*", default=[1, 2, 3])
    parser.add_argument("--explain", type=int, default=8, help="slowest statements to explain")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", help="write every statement's timing to this file")
    args = parser.parse_args()

    import psycopg

    from prongsai.search.backends.postgres import PostgresBackend

    real = search_bench.load_real()
    queries = {
        w: search_bench.make_queries(real, w, search_bench.QUERIES_PER_SIZE, seed=w)
        for w in args.words
    }
    conn = psycopg.connect(args.dsn)
    backend = PostgresBackend(conn, prefix=args.prefix)
    engine = SearchEngine(backend)
    log: list[tuple[str, list | None, float]] = []
    execute = backend._x

    def timed(sql: str, params=None):
        t = time.perf_counter()
        cur = execute(sql, params)
        rows = cur.fetchall() if cur.description else None
        log.append((sql, params, (time.perf_counter() - t) * 1000))

        class Done:
            description = cur.description

            def fetchall(self):
                return rows

            def fetchone(self):
                return rows[0] if rows else None

            def __iter__(self):
                return iter(rows or [])

        return Done()

    backend._x = timed
    statements = []
    for r in range(args.rounds):
        for words, qs in queries.items():
            walls = []
            for q in qs:
                del log[:]
                t = time.perf_counter()
                engine.search(q)
                wall = (time.perf_counter() - t) * 1000
                walls.append(wall)
                sql_ms = sum(ms for _s, _p, ms in log)
                kinds = " ".join(f"{_kind(s)}:{ms:.0f}" for s, _p, ms in log if ms >= 5)
                out(
                    f"r{r} w{words} {wall:7.1f} ms, sql {sql_ms:6.1f} ms in {len(log)} "
                    f"statements | {q} | {kinds}"
                )
                statements += [(words, q, s, p, ms) for s, p, ms in log]
            out(
                f"== round {r}, {words} words: p50 {statistics.median(walls):.0f} "
                f"p95 {search_bench.pct(walls, 95):.0f} ms, load {os.getloadavg()[0]:.1f}"
            )
    by_kind: dict[str, list[float]] = {}
    for _w, _q, s, _p, ms in statements:
        by_kind.setdefault(_kind(s), []).append(ms)
    out("\nstatement kind: count, total ms, p50, max")
    for kind, ms in sorted(by_kind.items(), key=lambda kv: -sum(kv[1])):
        out(f"  {kind:16} {len(ms):5} {sum(ms):9.0f} {statistics.median(ms):7.1f} {max(ms):7.0f}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [(w, q, s, [str(x) for x in (p or [])], ms) for w, q, s, p, ms in statements],
                ensure_ascii=False,
            )
        )
    slow = sorted(
        (x for x in statements if not x[2].lstrip().startswith("SET")), key=lambda x: -x[4]
    )
    for words, q, sql, params, ms in slow[: args.explain]:
        out(f"\n##### {ms:.0f} ms, {words} words, {q!r}: {_kind(sql)}")
        out(" ".join(sql.split()))
        out(f"params: {[str(p)[:200] for p in (params or [])]}")
        for label in ("again (caches as the search left them)", "warm"):
            conn.execute(
                "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; "
                "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL track_io_timing = on"
            )
            plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()
            conn.rollback()
            out(f"--- {label}")
            out("\n".join(r[0] for r in plan))
    conn.close()


def _kind(sql: str) -> str:
    s = " ".join(sql.split())
    if s.startswith("SET"):
        return "set"
    if "_meta" in s:
        return "meta"
    if "ts_rank" in s:
        return "rank-title" if "OFFSET 0" in s else "rank-all"
    if "ORDER BY d.id DESC" in s:
        return "newest-title" if "strpos" in s and "NOT (" not in s[:200] else "newest"
    if "_vocab_" in s:
        return "vocab"
    if "title_w, title_s, body_w" in s:
        return "load_terms"
    if "url" in s and "body" in s:
        return "fetch"
    if "count(*)" in s:
        return "stats"
    return s[:30]


if __name__ == "__main__":
    main()
