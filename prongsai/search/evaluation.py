"""Offline evaluation: build a temporary index from a corpus file, run judged queries, score.

Corpus: JSON lines ``{"id", "title", "text"}`` (other fields ignored), optionally gzip.
Queries: JSON lines ``{"qid", "query", "relevant"}`` where ``relevant`` is a list of ids
(grade 1) or an object id → grade (1 or 2); an optional ``kind`` groups the report.

Metrics per query on the top 10, macro-averaged overall and per kind:
nDCG@10 (gain 2^grade − 1, discount 1/log2(rank+1), ideal from the judged grades),
recall@10 (relevant in the top 10 / min(10, number relevant)), MRR@10; latency p50/p95.

The engine runs with exactly the production analyser and backend. Baselines for comparison run
over the same corpus: SQL ``LIKE`` substring, an FTS5 trigram index, and plain bag-of-words
BM25 over nlpO3 words. Pure: no Django.
"""

from __future__ import annotations

import gzip
import json
import math
import sqlite3
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from prongsai.search.analysis import Analyzer, get_analyzer
from prongsai.search.backends.sqlite_fts5 import SQLiteFTS5Backend, fts_phrase
from prongsai.search.documents import SearchDocument
from prongsai.search.engine import SearchEngine, analyse_document
from prongsai.thai.normalise import normalise

__all__ = [
    "EvalError",
    "Judged",
    "evaluate",
    "load_corpus",
    "load_queries",
    "metrics_for",
    "run_evaluation",
]

K = 10


class EvalError(ValueError):
    """A corpus or query file that cannot be used; the message says which line and why."""


@dataclass(frozen=True)
class Judged:
    qid: str
    query: str
    kind: str
    relevant: dict[str, int]


def open_lines(path: Path) -> Iterator[str]:
    """The lines of a text file, gzip or plain; a file that cannot be read is an `EvalError`."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
            yield from f
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise EvalError(f"อ่านไฟล์ {path} ไม่ได้ / cannot read {path}: {exc}") from exc


def load_corpus(path: Path) -> Iterator[SearchDocument]:
    for n, line in enumerate(open_lines(path), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            doc_id = str(obj["id"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalError(
                f"{path} บรรทัด {n}: ต้องเป็น JSON ที่มี id / line {n}: needs a JSON object with "
                f'"id", "title", "text" ({exc})'
            ) from exc
        yield SearchDocument(
            key=doc_id, title=str(obj.get("title") or ""), body=str(obj.get("text") or "")
        )


def load_queries(path: Path) -> list[Judged]:
    out = []
    for n, line in enumerate(open_lines(path), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            rel = obj["relevant"]
            if isinstance(rel, list):
                rel = dict.fromkeys(map(str, rel), 1)
            elif isinstance(rel, dict):
                rel = {str(k): int(v) for k, v in rel.items()}
            else:
                raise TypeError("relevant must be a list or an object")
            out.append(Judged(str(obj["qid"]), str(obj["query"]), str(obj.get("kind", "all")), rel))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EvalError(
                f"{path} บรรทัด {n}: ต้องมี qid, query, relevant / line {n}: needs "
                f'"qid", "query", "relevant" ({exc})'
            ) from exc
    return out


def metrics_for(
    ranked: list[str], relevant: dict[str, int], k: int = K
) -> tuple[float, float, float]:
    top = ranked[:k]
    dcg = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(top))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    positives = [d for d, g in relevant.items() if g >= 1]
    rec = (
        sum(1 for d in top if relevant.get(d, 0) >= 1) / min(k, len(positives))
        if positives
        else 0.0
    )
    mrr = next((1 / (i + 1) for i, d in enumerate(top) if relevant.get(d, 0) >= 1), 0.0)
    return (dcg / idcg if idcg else 0.0), rec, mrr


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    idx = min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))
    return s[idx]


def evaluate(search: Callable[[str], list[str]], queries: list[Judged]) -> dict[str, object]:
    per_kind: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    latencies = []
    per_query = []
    for q in queries:
        started = time.perf_counter()
        ranked = search(q.query)
        latencies.append((time.perf_counter() - started) * 1000)
        m = metrics_for(ranked, q.relevant)
        per_kind[q.kind].append(m)
        per_kind["overall"].append(m)
        per_query.append({"qid": q.qid, "kind": q.kind, "ndcg": m[0], "recall": m[1], "mrr": m[2]})

    def avg(ms: list[tuple[float, float, float]]) -> dict[str, float]:
        return {
            "ndcg@10": round(statistics.fmean(m[0] for m in ms), 4),
            "recall@10": round(statistics.fmean(m[1] for m in ms), 4),
            "mrr@10": round(statistics.fmean(m[2] for m in ms), 4),
            "queries": len(ms),
        }

    return {
        "overall": avg(per_kind.pop("overall")) if queries else {},
        "kinds": {kind: avg(ms) for kind, ms in sorted(per_kind.items())},
        "latency_ms": {
            "p50": round(_percentile(latencies, 50), 2),
            "p95": round(_percentile(latencies, 95), 2),
        },
        "queries": per_query,
    }


# --- Baselines (comparison only; never used by the site) -----------------------------------


class _LikeBaseline:
    """SQL LIKE: every space-separated part of the normalised query as a substring (AND),
    ranked by how often the parts occur."""

    def __init__(self, docs: list[SearchDocument]) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE TABLE d (id TEXT, t TEXT)")
        self.conn.executemany(
            "INSERT INTO d VALUES (?, ?)",
            ((d.key, normalise(d.title + " " + d.body).lower()) for d in docs),
        )

    def __call__(self, query: str) -> list[str]:
        parts = normalise(query).lower().split()
        if not parts:
            return []
        where = " AND ".join("t LIKE ? ESCAPE '\\'" for _ in parts)
        count = " + ".join("(length(t) - length(replace(t, ?, ''))) / length(?)" for _ in parts)
        patterns = [
            "%" + p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            for p in parts
        ]
        params = [x for p in parts for x in (p, p)] + patterns + [K]
        rows = self.conn.execute(
            f"SELECT id, {count} AS n FROM d WHERE {where} ORDER BY n DESC, id LIMIT ?",  # noqa: S608 - placeholders only
            params,
        ).fetchall()
        return [r[0] for r in rows]


class _TrigramBaseline:
    """FTS5 trigram index; the query's space-separated parts as phrases (AND), bm25."""

    def __init__(self, docs: list[SearchDocument]) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(
            "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, body, tokenize='trigram')"
        )
        self.conn.executemany(
            "INSERT INTO t VALUES (?, ?)",
            ((d.key, normalise(d.title + " " + d.body)) for d in docs),
        )

    def __call__(self, query: str) -> list[str]:
        parts = [p for p in normalise(query).split() if len(p) >= 3]
        if not parts:
            return []
        expr = " AND ".join(fts_phrase([p]) for p in parts)
        try:
            rows = self.conn.execute(
                "SELECT id FROM t WHERE t MATCH ? ORDER BY rank LIMIT ?", (expr, K)
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [r[0] for r in rows]


class _BagOfWordsBaseline:
    """Plain BM25 over nlpO3 words: the query's words OR-ed, FTS5's bm25."""

    def __init__(self, docs: list[SearchDocument], analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(
            "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, body, "
            "tokenize=\"unicode61 categories 'L* N* Co M*'\")"
        )
        self.conn.executemany(
            "INSERT INTO t VALUES (?, ?)",
            ((d.key, " ".join(analyzer.words(d.title + " " + d.body))) for d in docs),
        )

    def __call__(self, query: str) -> list[str]:
        words = self.analyzer.words(query)
        if not words:
            return []
        expr = " OR ".join(fts_phrase([w]) for w in dict.fromkeys(words))
        try:
            rows = self.conn.execute(
                "SELECT id FROM t WHERE t MATCH ? ORDER BY rank LIMIT ?", (expr, K)
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [r[0] for r in rows]


def build_engine(
    docs: Iterable[SearchDocument],
    analyzer: Analyzer | None = None,
    conn: sqlite3.Connection | None = None,
) -> SearchEngine:
    analyzer = analyzer or get_analyzer()
    conn = conn or sqlite3.connect(":memory:")
    engine = SearchEngine(SQLiteFTS5Backend(conn, prefix="evaluation"), analyzer)
    engine.rebuild_rows(analyse_document(d, analyzer) for d in docs)
    return engine


def run_evaluation(
    corpus: Path,
    queries_path: Path,
    *,
    baselines: bool = True,
    engine_factory: Callable[[list[SearchDocument]], SearchEngine] | None = None,
) -> dict[str, object]:
    """Evaluate the production engine (and the baselines) on a corpus and judged queries."""
    queries = load_queries(queries_path)
    docs = list(load_corpus(corpus))
    if not docs:
        raise EvalError(f"{corpus}: ไม่มีเอกสาร / no documents")
    started = time.perf_counter()
    engine = engine_factory(docs) if engine_factory else build_engine(docs)
    build_s = time.perf_counter() - started
    report: dict[str, object] = {
        "corpus": {"documents": len(docs), "build_seconds": round(build_s, 2)},
        "analyzer_version": engine.analyzer.version,
        "backend": engine.backend.name,
        "engine": evaluate(lambda q: engine.ranked_keys(q, K), queries),
    }
    if baselines:
        report["baselines"] = {
            "like": evaluate(_LikeBaseline(docs), queries),
            "trigram": evaluate(_TrigramBaseline(docs), queries),
            "bag_of_words": evaluate(_BagOfWordsBaseline(docs, engine.analyzer), queries),
        }
    return report


def format_report(report: dict[str, object]) -> str:
    """The report as an aligned text table (per kind, engine beside the baselines)."""
    systems: dict[str, dict] = {"engine": report["engine"]}  # type: ignore[dict-item]
    systems.update(report.get("baselines", {}))  # type: ignore[arg-type]
    kinds = list(systems["engine"]["kinds"].keys()) + ["overall"]
    lines = [
        f"corpus: {report['corpus']['documents']} documents, index built in "  # type: ignore[index]
        f"{report['corpus']['build_seconds']} s; backend {report['backend']}; "  # type: ignore[index]
        f"analyser {report['analyzer_version']}",
        "",
    ]
    header = f"{'kind':<12}{'n':>4}  " + "  ".join(f"{name:>22}" for name in systems)
    lines += [header, f"{'':<16}  " + "  ".join(f"{'nDCG  recall   MRR':>22}" for _ in systems)]
    for kind in kinds:
        cells = []
        n = 0
        for res in systems.values():
            m = res["overall"] if kind == "overall" else res["kinds"].get(kind, {})
            n = m.get("queries", 0)
            cells.append(
                f"{m.get('ndcg@10', 0):>8.3f}{m.get('recall@10', 0):>7.3f}{m.get('mrr@10', 0):>7.3f}"
            )
        lines.append(f"{kind:<12}{n:>4}  " + "  ".join(f"{c:>22}" for c in cells))
    lat = report["engine"]["latency_ms"]  # type: ignore[index]
    lines += ["", f"engine latency per query: p50 {lat['p50']} ms, p95 {lat['p95']} ms"]
    return "\n".join(lines)
