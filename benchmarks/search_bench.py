"""Search benchmarks: index build rate, index size and query latency, SQLite and PostgreSQL.

Corpora (read from ../shared/ relative to the repository at run time, never copied in):

* real: ``../shared/corpus/thaigov-news.jsonl.gz`` (19,834 Thai government news items);
* synthetic N (default 100,000): documents recombined from sentences of the real corpus, with
  the defects of real PDFs and OCR injected (zero-width characters, Thai digits, sara am as
  nikhahit + sara aa, tone marks before vowels, spaces before marks, PUA glyphs).

Queries: 1-, 2- and 3-word queries taken from titles (seeded), each run through the full
public search (analysis, candidates, ranking, facets, snippets), warm, one at a time.

    python benchmarks/search_bench.py [--docs 100000 [1000000 ...]] [--skip-real]
        [--skip-postgres] [--postgres-max-docs N] [--workers 2] [--baseline REV]
        [--keep DIR] [--results FILE]

* ``--baseline REV``: also time the queries with the search code of git revision REV, on the
  same index, right after the current code (a before/after pair from one run);
* ``--keep DIR``: keep the SQLite index files (and their build figures) in DIR and reuse them
  on the next run, so a 1M-document index is built once;
* ``--keep-postgres PREFIX``: the same for PostgreSQL, in tables named after PREFIX and the
  corpus (drop them with ``PostgresBackend(conn, prefix).drop_all()`` when done);
* ``--results FILE``: results accumulate in this JSON file, so separate runs (the 1M corpus,
  then the others) make one table.

Writes its section of docs/benchmarks.md (between the search markers) and prints it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from prongsai.search.analysis import get_analyzer  # noqa: E402
from prongsai.search.backends.base import SearchBackend  # noqa: E402
from prongsai.search.backends.sqlite_fts5 import SQLiteFTS5Backend  # noqa: E402
from prongsai.search.documents import SearchDocument  # noqa: E402
from prongsai.search.engine import SearchEngine, analyse_document  # noqa: E402
from prongsai.search.indexing import analysed_rows  # noqa: E402

SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "thaigov-news.jsonl.gz"
DOCS_MD = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- search-bench:begin -->", "<!-- search-bench:end -->"
QUERIES_PER_SIZE = 40


def load_real() -> list[SearchDocument]:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            date = None
            with contextlib.suppress(ValueError):
                date = datetime.date.fromisoformat(o.get("date", "")[:10])
            fy = None
            if date:
                fy = date.year + 543 + (1 if date.month >= 10 else 0)
            out.append(
                SearchDocument(
                    key=o["id"],
                    title=o.get("title", ""),
                    body=o.get("text", ""),
                    url=o.get("url", ""),
                    fiscal_year=fy,
                    file_type="html",
                    date=date,
                )
            )
    return out


_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_PUA_TONES = {"\u0e48": "\uf70a", "\u0e49": "\uf70b", "\u0e4a": "\uf70c", "\u0e4b": "\uf70d"}


def _defects(text: str, rng: random.Random) -> str:
    """The defects of real PDF text and OCR output."""
    if rng.random() < 0.3:
        text = text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    if rng.random() < 0.05:
        text = text.replace("\u0e33", "\u0e4d\u0e32")
    if rng.random() < 0.03:
        chars = list(text)
        for _ in range(max(1, len(chars) // 200)):
            chars.insert(rng.randrange(len(chars) + 1), "\u200b")
        text = "".join(chars)
    if rng.random() < 0.03:
        text = "".join(" " + c if c in _TONES and rng.random() < 0.3 else c for c in text)
    if rng.random() < 0.02:
        text = "".join(_PUA_TONES.get(c, c) if rng.random() < 0.5 else c for c in text)
    return text


def synthetic(real: list[SearchDocument], n: int, seed: int = 7) -> Iterator[SearchDocument]:
    rng = random.Random(seed)
    sentences = [s for d in real[:5000] for s in d.body.split() if len(s) > 20]
    titles = [d.title for d in real]
    for i in range(n):
        body = " ".join(rng.choice(sentences) for _ in range(rng.randint(8, 30)))
        date = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2000))
        yield SearchDocument(
            key=f"syn{i:07d}",
            title=_defects(rng.choice(titles), rng),
            body=_defects(body, rng),
            fiscal_year=date.year + 543 + (1 if date.month >= 10 else 0),
            file_type=rng.choice(["pdf", "pdf", "pdf", "docx", "xlsx", "html"]),
            date=date,
        )


def analysed(docs: Iterable[SearchDocument], workers: int):
    return analysed_rows(docs, workers)


def make_queries(real: list[SearchDocument], words: int, count: int, seed: int) -> list[str]:
    analyzer = get_analyzer()
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        title = analyzer.words(rng.choice(real).title)
        title = [w for w in title if len(w) >= 3 and not w.isdigit()]
        if len(title) < words:
            continue
        start = rng.randrange(len(title) - words + 1)
        out.append(" ".join(title[start : start + words]))
    return out


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def measure(engine: SearchEngine, queries: dict[int, list[str]]) -> dict[int, tuple[float, ...]]:
    """Per query size: wall p50, wall p95, CPU p50, CPU p95 (ms) of this process."""
    out = {}
    for words, qs in queries.items():
        for q in qs[:5]:
            engine.search(q)  # warm caches (page cache, spelling index)
        wall, cpu = [], []
        for q in qs:
            t, c = time.perf_counter(), time.process_time()
            engine.search(q)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        out[words] = (statistics.median(wall), pct(wall, 95), statistics.median(cpu), pct(cpu, 95))
    return out


def agreement(engine: SearchEngine, queries: dict[int, list[str]]) -> tuple[int, int, float]:
    """How the bounded candidate fetch compares with ranking every match in the backend:
    queries with the same top 10, same first result (of all), and the mean top-10 overlap."""
    backend = engine.backend
    bound = backend.exact_postings
    flat = [q for qs in queries.values() for q in qs]
    try:
        backend.exact_postings = None
        exact = [engine.ranked_keys(q) for q in flat]
    finally:
        backend.exact_postings = bound
    got = [engine.ranked_keys(q) for q in flat]
    same = sum(a == b for a, b in zip(exact, got, strict=True))
    first = sum(a[:1] == b[:1] for a, b in zip(exact, got, strict=True))
    overlap = statistics.mean(
        len(set(a) & set(b)) / max(1, len(a)) for a, b in zip(exact, got, strict=True)
    )
    return same, first, overlap


_BASELINE = r"""
import json, sqlite3, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from prongsai.search.engine import SearchEngine
kind, where, prefix, queries = sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
if kind == "sqlite":
    from prongsai.search.backends.sqlite_fts5 import SQLiteFTS5Backend
    backend = SQLiteFTS5Backend(sqlite3.connect(where), prefix=prefix)
else:
    import psycopg
    from prongsai.search.backends.postgres import PostgresBackend
    backend = PostgresBackend(psycopg.connect(where), prefix=prefix)
engine = SearchEngine(backend)
def pct(v, p):
    s = sorted(v)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]
out = {}
for words, qs in queries.items():
    for q in qs[:5]:
        engine.search(q)
    wall, cpu = [], []
    for q in qs:
        t, c = time.perf_counter(), time.process_time()
        engine.search(q)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    out[words] = (statistics.median(wall), pct(wall, 95), statistics.median(cpu), pct(cpu, 95))
print(json.dumps(out))
"""


def baseline_tree(rev: str, tmp: Path) -> Path:
    """The repository at ``rev``, exported into ``tmp`` (only its code is used)."""
    root = tmp / f"baseline-{rev}"
    if not root.exists():
        root.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", rev, "prongsai", "config"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return root


def measure_baseline(
    root: Path, kind: str, where: str, prefix: str, queries: dict[int, list[str]]
) -> dict[int, tuple[float, ...]]:
    """Query latency with the baseline code, in a process of its own, on the same index."""
    out = subprocess.run(
        [sys.executable, "-c", _BASELINE, str(root), kind, where, prefix, json.dumps(queries)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {int(k): tuple(v) for k, v in json.loads(out.strip().splitlines()[-1]).items()}


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def build(engine: SearchEngine, docs: Iterable[SearchDocument], workers: int) -> dict:
    """Build the index; wall time and CPU time of this process and of the analysis workers."""
    t, c, k = time.perf_counter(), time.process_time(), _children_cpu()
    n = engine.rebuild_rows(analysed(docs, workers), batch=500)
    return {
        "docs": n,
        "secs": time.perf_counter() - t,
        "cpu_main": time.process_time() - c,
        "cpu_workers": _children_cpu() - k,
        "built": _stamp(),
    }


def _stamp() -> dict:
    rev = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "at": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "rev": rev + ("+" if dirty else ""),
        "load": round(os.getloadavg()[0], 1),
    }


def _latency(
    engine: SearchEngine, backend: SearchBackend, queries, args, kind: str, where: str
) -> dict:
    out: dict = {"measured": _stamp(), "lat": measure(engine, queries)}
    if args.baseline:
        out["lat_base"] = measure_baseline(args.baseline_root, kind, where, backend.prefix, queries)
        out["lat_again"] = measure(engine, queries)  # the pair brackets the baseline run
    if not args.no_agreement:
        out["agreement"] = agreement(engine, queries)
    out["measured"]["load_after"] = round(os.getloadavg()[0], 1)
    return out


def run_sqlite(name: str, docs, queries, args, tmp: Path) -> dict:
    keep = Path(args.keep) if args.keep else None
    slug = "".join(ch if ch.isalnum() else "-" for ch in name)
    path = (keep or tmp) / f"{slug}.sqlite3"
    sidecar = path.with_suffix(".json")
    if keep and path.exists() and sidecar.exists():
        built = json.loads(sidecar.read_text())
        conn = sqlite3.connect(path)
        engine = SearchEngine(SQLiteFTS5Backend(conn, prefix="bench"))
    else:
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        engine = SearchEngine(SQLiteFTS5Backend(conn, prefix="bench"))
        built = build(engine, docs(), args.workers)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        built["bytes"] = path.stat().st_size
        if keep:
            sidecar.write_text(json.dumps(built))
    result = {"backend": "SQLite FTS5", "corpus": name, **built}
    result.update(_latency(engine, engine.backend, queries, args, "sqlite", str(path)))
    conn.close()
    if not keep:
        path.unlink()
    return result


def run_postgres(name: str, docs, queries, args) -> dict | None:
    try:
        import psycopg

        from prongsai.search.backends.postgres import PostgresBackend

        dsn = os.environ.get(
            "SEARCH_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
        )
        conn = psycopg.connect(dsn, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        print(f"PostgreSQL skipped: {exc}")
        return None
    keep = args.keep_postgres
    slug = "".join(ch if ch.isalnum() else "_" for ch in name).strip("_").lower()
    prefix = f"{keep}_{slug}"[:40] if keep else "bench_" + uuid.uuid4().hex[:6]
    backend = PostgresBackend(conn, prefix=prefix)
    engine = SearchEngine(backend)
    # The build figures of a kept index live beside it, in its meta table.
    figures = f"SELECT value FROM {prefix}_meta WHERE key = 'bench_built'"  # noqa: S608
    try:
        row = conn.execute(figures).fetchone() if keep else None
        conn.commit()
        if row and not engine.needs_rebuild():
            built = json.loads(row[0])
            sys.stdout.write(f"PostgreSQL: reusing the kept index {prefix}\n")
        else:
            built = build(engine, docs(), args.workers)
            built["bytes"] = backend.size_bytes()
            if keep:
                conn.execute(
                    f"INSERT INTO {prefix}_meta VALUES ('bench_built', %s) "  # noqa: S608
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (json.dumps(built),),
                )
                conn.commit()
        result = {"backend": "PostgreSQL", "corpus": name, **built}
        result.update(_latency(engine, backend, queries, args, "postgres", dsn))
    finally:
        if not keep:
            backend.drop_all()
        conn.close()
    return result


def _lat(lat: dict, w: int) -> str:
    v = lat.get(w) or lat.get(str(w))
    return f"{v[0]:.0f} / {v[1]:.0f} ({v[2]:.0f} / {v[3]:.0f})"


def render(results: list[dict], analysis_rate: float) -> str:
    lines = [
        BEGIN,
        "## Search (`benchmarks/search_bench.py`)",
        "",
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, PostgreSQL 15; analysis in worker processes.",
        "The machine was shared with other work (load average in each row), so wall-clock",
        "times include waiting for a core; CPU times of the search process (SQLite runs inside",
        "it) are given in brackets. PostgreSQL works in its server: only its wall-clock counts.",
        "",
        f"- Analysis alone (normalise + nlpO3 words + syllables), CPU time of one process: "
        f"{analysis_rate:,.0f} documents per CPU-second on the real corpus.",
        "- Latency: one query at a time through the full public search (analysis, candidates,",
        "  ranking, facets, 10 snippets), warm; "
        f"{QUERIES_PER_SIZE} queries per size (1, 2, 3 words) taken from titles.",
        "",
        "### Index build",
        "",
        "| backend | corpus | documents | build s | docs/s | CPU s (main + workers) "
        "| docs per CPU-s | index MB | built (UTC, rev, load) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        cpu = r["cpu_main"] + r["cpu_workers"]
        b = r["built"]
        lines.append(
            f"| {r['backend']} | {r['corpus']} | {r['docs']:,} | {r['secs']:.0f} | "
            f"{r['docs'] / r['secs']:,.0f} | {r['cpu_main']:.0f} + {r['cpu_workers']:.0f} | "
            f"{r['docs'] / cpu:,.0f} | {r['bytes'] / 1e6:,.0f} | "
            f"{b['at'][11:16]}, {b['rev']}, {b['load']} |"
        )
    lines += [
        "",
        "### Query latency, p50 / p95 ms wall-clock (CPU)",
        "",
        "| backend | corpus | code | 1 word | 2 words | 3 words | measured (UTC, rev, load) |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        m = r["measured"]
        when = f"{m['at'][11:16]}, {m['rev']}, {m['load']}–{m.get('load_after', m['load'])}"
        rows = [("current", r["lat"])]
        if "lat_base" in r:
            rows = [
                ("current", r["lat"]),
                (f"baseline {r.get('baseline', '')}".strip(), r["lat_base"]),
                ("current, again", r["lat_again"]),
            ]
        for label, lat in rows:
            lines.append(
                f"| {r['backend']} | {r['corpus']} | {label} | "
                + " | ".join(_lat(lat, w) for w in (1, 2, 3))
                + f" | {when} |"
            )
    agreements = [r for r in results if r.get("agreement")]
    if agreements:
        lines += [
            "",
            "### Bounded candidates against ranking every match",
            "",
            "Same 120 queries, top 10 of the engine with the bounded candidate fetch against the",
            "same engine ranking every match in the backend (`exact_postings = None`):",
            "",
            "| backend | corpus | same top 10 | same first result | mean top-10 overlap |",
            "|---|---|---:|---:|---:|",
        ]
        for r in agreements:
            same, first, overlap = r["agreement"]
            n = 3 * QUERIES_PER_SIZE
            lines.append(
                f"| {r['backend']} | {r['corpus']} | {same}/{n} | {first}/{n} | {overlap:.2f} |"
            )
    lines += ["", END]
    return "\n".join(lines)


NOTES_BEGIN, NOTES_END = "<!-- search-bench:notes -->", "<!-- search-bench:notes-end -->"


def write_section(section: str) -> None:
    """Replace the search section; notes written by hand between the notes markers stay."""
    DOCS_MD.parent.mkdir(parents=True, exist_ok=True)
    text = DOCS_MD.read_text(encoding="utf-8") if DOCS_MD.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        old, tail = rest.split(END, 1)
        if NOTES_BEGIN in old and NOTES_END in old:
            notes = NOTES_BEGIN + old.split(NOTES_BEGIN, 1)[1].split(NOTES_END, 1)[0] + NOTES_END
            section = section.replace(END, notes + "\n" + END)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS_MD.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--docs", type=int, nargs="*", default=[100_000], help="synthetic corpus sizes"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--keep-postgres",
        metavar="PREFIX",
        help="keep the PostgreSQL indexes in tables of this prefix (one per corpus) and reuse "
        "them on the next run while their index version matches the code's",
    )
    parser.add_argument("--postgres-max-docs", type=int, default=100_000)
    parser.add_argument("--baseline", help="git revision whose search code is timed too")
    parser.add_argument("--keep", help="directory where SQLite indexes are kept and reused")
    parser.add_argument("--results", help="JSON file where results accumulate across runs")
    parser.add_argument("--no-agreement", action="store_true")
    parser.add_argument(
        "--render-only", action="store_true", help="write the table from --results, run nothing"
    )
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--real-limit", type=int, default=0, help="use only this many real documents"
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    real = load_real()
    if args.real_limit:
        real = real[: args.real_limit]
    analyzer = get_analyzer()
    # CPU time of this process: other work on a shared machine does not count against it.
    t = time.process_time()
    for d in real[:2000]:
        analyse_document(d, analyzer)
    analysis_rate = 2000 / (time.process_time() - t)
    queries = {w: make_queries(real, w, QUERIES_PER_SIZE, seed=w) for w in (1, 2, 3)}
    results: list[dict] = []
    store = Path(args.results) if args.results else None
    if store and store.exists():
        results = json.loads(store.read_text())

    def record(r: dict | None) -> None:
        if not r:
            return
        if args.baseline:
            r["baseline"] = args.baseline
        print(json.dumps(r), flush=True)
        # A new result replaces an older one of the same backend and corpus.
        results[:] = [
            x for x in results if (x["backend"], x["corpus"]) != (r["backend"], r["corpus"])
        ] + [r]
        results.sort(key=lambda x: (x["docs"], x["backend"] != "SQLite FTS5"))
        if store:
            store.write_text(json.dumps(results, ensure_ascii=False, indent=1))
        if not args.no_write:  # after each run, so a long run that is stopped still reports
            write_section(render(results, analysis_rate))

    if args.render_only:
        write_section(render(results, analysis_rate))
        print(render(results, analysis_rate))
        return
    corpora = [] if args.skip_real else [("real (thaigov-news)", len(real), lambda: real)]
    corpora += [(f"synthetic {n:,}", n, lambda n=n: synthetic(real, n)) for n in args.docs if n]
    with tempfile.TemporaryDirectory() as tmp:
        if args.baseline:
            args.baseline_root = baseline_tree(args.baseline, Path(tmp))
        for name, size, docs in corpora:
            if not args.skip_sqlite:
                record(run_sqlite(name, docs, queries, args, Path(tmp)))
            if not args.skip_postgres and size <= args.postgres_max_docs:
                record(run_postgres(name, docs, queries, args))
    print(render(results, analysis_rate))


if __name__ == "__main__":
    main()
