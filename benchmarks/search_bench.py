"""Search benchmarks: index build rate, index size and query latency, SQLite and PostgreSQL.

Corpora (read from ../shared/ relative to the repository at run time, never copied in):

* real: ``../shared/corpus/thaigov-news.jsonl.gz`` (19,834 Thai government news items);
* synthetic N (default 100,000): documents recombined from sentences of the real corpus, with
  the defects of real PDFs and OCR injected (zero-width characters, Thai digits, sara am as
  nikhahit + sara aa, tone marks before vowels, spaces before marks, PUA glyphs).

Queries: 1-, 2- and 3-word queries taken from titles (seeded), each run through the full
public search (analysis, candidates, ranking, facets, snippets), warm, one at a time.

    python benchmarks/search_bench.py [--docs 100000] [--skip-postgres] [--workers 2]

Writes its section of docs/benchmarks.md (between the search markers) and prints it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import json
import multiprocessing
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from prongsai.search.analysis import get_analyzer  # noqa: E402
from prongsai.search.backends.sqlite_fts5 import SQLiteFTS5Backend  # noqa: E402
from prongsai.search.documents import SearchDocument  # noqa: E402
from prongsai.search.engine import SearchEngine, analyse_document  # noqa: E402

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


def _analyse(doc: SearchDocument):
    return analyse_document(doc, get_analyzer())


def analysed(docs: Iterable[SearchDocument], workers: int):
    if workers <= 1:
        analyzer = get_analyzer()
        for d in docs:
            yield analyse_document(d, analyzer)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_analyse, docs, chunksize=64)


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


def build(engine: SearchEngine, docs: Iterable[SearchDocument], workers: int) -> tuple[int, float]:
    t = time.perf_counter()
    n = engine.rebuild_rows(analysed(docs, workers), batch=500)
    return n, time.perf_counter() - t


def run_sqlite(name: str, docs, queries, workers: int, tmp: Path) -> dict:
    path = tmp / f"{name}.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    engine = SearchEngine(SQLiteFTS5Backend(conn, prefix="bench"))
    n, secs = build(engine, docs, workers)
    conn.execute("VACUUM")
    size = path.stat().st_size
    lat = measure(engine, queries)
    conn.close()
    path.unlink()
    return {
        "backend": "SQLite FTS5",
        "corpus": name,
        "docs": n,
        "secs": secs,
        "bytes": size,
        "lat": lat,
    }


def run_postgres(name: str, docs, queries, workers: int) -> dict | None:
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
    backend = PostgresBackend(conn, prefix="bench_" + uuid.uuid4().hex[:6])
    engine = SearchEngine(backend)
    try:
        n, secs = build(engine, docs, workers)
        size = backend.size_bytes()
        lat = measure(engine, queries)
    finally:
        backend.drop_all()
        conn.close()
    return {
        "backend": "PostgreSQL",
        "corpus": name,
        "docs": n,
        "secs": secs,
        "bytes": size,
        "lat": lat,
    }


def render(results: list[dict], args: argparse.Namespace, analysis_rate: float) -> str:
    lines = [
        BEGIN,
        "## Search (`benchmarks/search_bench.py`)",
        "",
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
        f"analysis in {args.workers} process(es). The machine was shared with other work while this "
        "ran, so rates are lower bounds.",
        "",
        f"- Analysis alone (normalise + nlpO3 words + syllables, CPU time of one process): "
        f"{analysis_rate:,.0f} documents/s on the real corpus (mean 3,100 characters).",
        f"- Load average when the section was written: {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores.",
        "- Latency: one query at a time through the full public search (analysis, candidates,",
        "  ranking, facets, 10 snippets), warm; "
        f"{QUERIES_PER_SIZE} queries per size taken from titles.",
        "",
        "- Wall-clock times suffer from other work on the machine; the CPU time of the search",
        "  process (SQLite runs inside it) is given too. PostgreSQL work happens in the server, so",
        "  only its wall-clock time means anything.",
        "",
        "| backend | corpus | documents | build s | docs/s | index MB "
        "| 1 word p50/p95 ms (CPU) | 2 words p50/p95 ms (CPU) | 3 words p50/p95 ms (CPU) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lat = " | ".join(
            f"{r['lat'][w][0]:.0f} / {r['lat'][w][1]:.0f} ({r['lat'][w][2]:.0f} / {r['lat'][w][3]:.0f})"
            for w in (1, 2, 3)
        )
        lines.append(
            f"| {r['backend']} | {r['corpus']} | {r['docs']:,} | {r['secs']:.0f} | "
            f"{r['docs'] / r['secs']:,.0f} | {r['bytes'] / 1e6:,.0f} | {lat} |"
        )
    lines += ["", END]
    return "\n".join(lines)


def write_section(section: str) -> None:
    DOCS_MD.parent.mkdir(parents=True, exist_ok=True)
    text = DOCS_MD.read_text(encoding="utf-8") if DOCS_MD.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS_MD.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="synthetic corpus size (0: none)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-postgres", action="store_true")
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

    def record(r: dict | None) -> None:
        if r:
            print(r, flush=True)
            results.append(r)
            if not args.no_write:  # after each run, so a long run that is stopped still reports
                write_section(render(results, args, analysis_rate))

    with tempfile.TemporaryDirectory() as tmp:
        for name, docs in [("real (thaigov-news)", lambda: real)] + (
            [(f"synthetic {args.docs:,}", lambda: synthetic(real, args.docs))] if args.docs else []
        ):
            record(run_sqlite(name, docs(), queries, args.workers, Path(tmp)))
            if not args.skip_postgres:
                record(run_postgres(name, docs(), queries, args.workers))
    print(render(results, args, analysis_rate))


if __name__ == "__main__":
    main()
