"""The top 10 of every benchmark query on a kept PostgreSQL index, for before/after checks.

    python benchmarks/tools/search_top10.py PREFIX OUT.json [--code DIR] [--dsn DSN]
    python benchmarks/tools/search_top10.py --compare A.json B.json

``--code DIR``: import the search code from DIR (a tree exported with ``git archive``), so
two revisions can be compared on the same index kept by ``search_bench.py --keep-postgres``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # benchmarks/, where search_bench is


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix", nargs="?")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--code", help="directory holding the prongsai package to time")
    parser.add_argument(
        "--dsn",
        default=os.environ.get(
            "SEARCH_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--compare", nargs=2, metavar="JSON")
    args = parser.parse_args()
    if args.compare:
        a, b = (json.loads(Path(f).read_text(encoding="utf-8")) for f in args.compare)
        same = sum(a[q] == b[q] for q in a)
        first = sum(a[q][:1] == b[q][:1] for q in a)
        overlap = sum(len(set(a[q]) & set(b[q])) / max(1, len(a[q])) for q in a) / len(a)
        sys.stdout.write(
            f"{len(a)} distinct queries: same top 10 {same}, same first result {first}, "
            f"mean top-10 overlap {overlap:.3f}\n"
        )
        for q in a:
            if a[q] != b[q]:
                sys.stdout.write(f"  differs: {q} ({len(set(a[q]) & set(b[q]))} of 10 shared)\n")
        return
    sys.path.insert(0, str(HERE))
    import search_bench

    real = search_bench.load_real()
    queries = [
        q
        for w in (1, 2, 3)
        for q in search_bench.make_queries(real, w, search_bench.QUERIES_PER_SIZE, seed=w)
    ]
    if args.code:
        for name in [m for m in sys.modules if m == "prongsai" or m.startswith("prongsai.")]:
            del sys.modules[name]
        sys.path.insert(0, str(Path(args.code).resolve()))
    import psycopg

    from prongsai.search.backends.postgres import PostgresBackend
    from prongsai.search.engine import SearchEngine

    engine = SearchEngine(PostgresBackend(psycopg.connect(args.dsn), prefix=args.prefix))
    out = {q: engine.ranked_keys(q) for q in dict.fromkeys(queries)}
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=0), encoding="utf-8")
    sys.stdout.write(f"{len(out)} queries written to {args.out}\n")


if __name__ == "__main__":
    main()
