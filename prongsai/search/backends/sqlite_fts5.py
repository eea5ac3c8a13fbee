"""SQLite FTS5 backend: the embedded default.

Layout (``p`` is the table prefix, ``g`` the generation of the live index):

* ``p_meta``: the live generation and the analyser version it was built with;
* ``p_doc_g``: originals and filter fields (titles and bodies for snippets), and the analysed
  fields zlib-compressed (read back to rank the best candidates);
* ``p_fts_g``: a contentless FTS5 index over the pre-segmented fields
  ``title_w title_s body_w body_s extras`` with ``unicode61 categories 'L* N* Co M*'`` (Thai
  vowels and tone marks are category M: without ``M*`` FTS5 breaks every Thai word at its
  marks). Contentless: the analysed text is not stored twice;
* ``p_terms_g``: term → number of documents, kept by the writer (fts5vocab would count a
  term's whole posting list on every look-up), for ranking and spelling suggestions.

A rebuild fills generation ``g+1`` and switches ``p_meta`` to it in one transaction, then drops
generation ``g``: a rebuild killed half-way leaves the live index as it was.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from prongsai.search.backends.base import (
    FAMILY_FIELDS,
    Candidate,
    IndexRow,
    IndexStats,
    IndexWriter,
    MatchGroup,
    SearchBackend,
    match_terms,
    plain_word_query,
    postings,
)
from prongsai.search.documents import Filters, Visibility

__all__ = ["SQLiteFTS5Backend"]

_IDENT = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
TOKENIZE = "unicode61 categories 'L* N* Co M*'"
# Column weights for the candidate query: words above syllables, titles above bodies.
BM25_WEIGHTS = (4.0, 2.0, 1.0, 0.5, 1.0)
# Postings (summed document frequencies of a candidate query's terms) up to which FTS5's
# bm25() orders the candidates. bm25() reads every posting of every phrase of the query
# (for its IDF) whatever the LIMIT, so its cost grows with the index; above this bound the
# candidates come from bounded queries instead (see `candidates`).
BM25_POSTINGS = 40_000
# Above it, this many of the newest title matches are read and the shortest titles kept.
TITLE_POOL = 3_000


_SEP = "\x1f"


def _pack(fields: Sequence[str]) -> bytes:
    return zlib.compress(_SEP.join(fields).encode("utf-8"), 1)


def _unpack(blob: bytes) -> tuple[str, str, str, str, str]:
    parts = zlib.decompress(blob).decode("utf-8").split(_SEP)
    return parts[0], parts[1], parts[2], parts[3], parts[4]


def fts_phrase(terms: Sequence[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


def _fts_alternative(family: str, terms: Sequence[str]) -> str:
    fields = FAMILY_FIELDS[family]
    return "{" + " ".join(fields) + "} : " + fts_phrase(terms)


def match_expression(
    groups: Sequence[MatchGroup], required: Sequence[MatchGroup], match_all: bool
) -> str:
    def group_expr(g: MatchGroup) -> str:
        alts = [_fts_alternative(a.family, a.terms) for a in g.alternatives if a.terms]
        return "(" + " OR ".join(alts) + ")"

    parts = [group_expr(g) for g in groups if g.alternatives]
    expr = (" AND " if match_all else " OR ").join(parts)
    req = [group_expr(g) for g in required if g.alternatives]
    if req:
        expr = " AND ".join(([f"({expr})"] if expr else []) + req)
    return expr


def _candidate(r: Sequence, score: float) -> Candidate:
    return Candidate(
        id=r[0],
        key=r[1],
        kind=r[2],
        is_public=bool(r[3]),
        work_group=r[4],
        fiscal_year=r[5],
        ita_item=r[6],
        file_type=r[7],
        date=datetime.date.fromisoformat(r[8]) if r[8] else None,
        backend_score=score,
    )


# A rebuild commits every this many documents (each commit makes FTS5 write its pending terms
# as a new segment, to be merged later; the write-ahead log stays bounded) ...
REBUILD_COMMIT_ROWS = 5_000
# ... and keeps its term counts in memory, written to the term table when it holds this many
# terms and at the end (one row per term instead of one upsert per term and batch).
REBUILD_TERMS_IN_MEMORY = 500_000


class _Writer(IndexWriter):
    def __init__(self, backend: SQLiteFTS5Backend, generation: int) -> None:
        self.backend = backend
        self.generation = generation
        self.counts: Counter[str] = Counter()
        self.uncommitted = 0

    def add(self, rows: Sequence[IndexRow]) -> None:
        self.backend._insert(rows, self.generation, self.counts)
        if len(self.counts) >= REBUILD_TERMS_IN_MEMORY:
            self._write_counts()
        self.uncommitted += len(rows)
        if self.uncommitted >= REBUILD_COMMIT_ROWS:
            self.backend.conn.commit()
            self.uncommitted = 0

    def _write_counts(self) -> None:
        self.backend._write_counts(sorted(self.counts.items()), self.generation)
        self.counts = Counter()

    def finish(self) -> None:
        self._write_counts()
        self.backend.conn.commit()


class SQLiteFTS5Backend(SearchBackend):
    name = "sqlite"
    schema_version = "4"
    exact_postings = BM25_POSTINGS
    title_pool = TITLE_POOL

    def __init__(self, conn: sqlite3.Connection, prefix: str = "search") -> None:
        if not _IDENT.match(prefix):
            raise ValueError(f"bad table prefix {prefix!r}")
        self.conn = conn
        self.prefix = prefix
        self._vocab_cache: tuple[int, list[tuple[str, int]]] | None = None
        self._stats_cache: IndexStats | None = None
        self.ensure_schema()

    # -- schema ------------------------------------------------------------------------------

    def _t(self, kind: str, generation: int | None = None) -> str:
        g = self.generation() if generation is None else generation
        return f"{self.prefix}_{kind}_{g}"

    def ensure_schema(self) -> None:
        c = self.conn
        c.execute(
            f"CREATE TABLE IF NOT EXISTS {self.prefix}_meta (key TEXT PRIMARY KEY, value TEXT)"
        )
        if c.execute(f"SELECT 1 FROM {self.prefix}_meta WHERE key='generation'").fetchone() is None:
            c.execute(f"INSERT OR IGNORE INTO {self.prefix}_meta VALUES ('generation', '1')")
        # Tables missing from an index of an older layout are created empty; the index version
        # then differs from the engine's, and `search_reindex --if-needed` rebuilds it.
        self._create(self.generation())
        c.commit()

    def _create(self, g: int) -> None:
        doc, fts = self._t("doc", g), self._t("fts", g)
        c = self.conn
        c.execute(
            # Small columns first: reading them never walks the overflow pages of the body.
            f"""CREATE TABLE IF NOT EXISTS {doc} (
                id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL DEFAULT '',
                url TEXT NOT NULL DEFAULT '',
                is_public INTEGER NOT NULL, work_group TEXT NOT NULL DEFAULT '',
                fiscal_year INTEGER, ita_item TEXT NOT NULL DEFAULT '',
                file_type TEXT NOT NULL DEFAULT '', date TEXT,
                title_len INTEGER NOT NULL, body_len INTEGER NOT NULL,
                title_key TEXT NOT NULL DEFAULT '', title TEXT NOT NULL, body TEXT NOT NULL,
                terms BLOB NOT NULL)"""
        )
        c.execute(f"CREATE INDEX IF NOT EXISTS {doc}_title_key ON {doc} (title_key)")
        c.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
            f"title_w, title_s, body_w, body_s, extras, content='', "
            f'tokenize="{TOKENIZE}")'
        )
        c.execute(
            f"CREATE TABLE IF NOT EXISTS {self._t('terms', g)} "
            "(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID"
        )

    def _drop(self, g: int) -> None:
        for kind in ("vocab", "terms", "fts", "doc"):
            self.conn.execute(f"DROP TABLE IF EXISTS {self._t(kind, g)}")

    def generation(self) -> int:
        row = self.conn.execute(
            f"SELECT value FROM {self.prefix}_meta WHERE key='generation'"
        ).fetchone()
        return int(row[0]) if row else 1

    def analyzer_version(self) -> str | None:
        row = self.conn.execute(
            f"SELECT value FROM {self.prefix}_meta WHERE key='analyzer_version'"
        ).fetchone()
        return row[0] if row else None

    def _set_version(self, version: str) -> None:
        self.conn.execute(
            f"INSERT INTO {self.prefix}_meta VALUES ('analyzer_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (version,),
        )

    # -- writes ------------------------------------------------------------------------------

    def _insert(self, rows: Sequence[IndexRow], g: int, counts: Counter[str] | None = None) -> None:
        """Insert ``rows``; their term counts go to ``counts`` if given, else to the table."""
        doc, fts = self._t("doc", g), self._t("fts", g)
        c = self.conn
        keys = [r.doc.key for r in rows]
        old = []
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            old += [r[0] for r in c.execute(f"SELECT id FROM {doc} WHERE key IN ({marks})", chunk)]
        if old:
            self._remove_ids(old, g)
        for r in rows:
            d = r.doc
            cur = c.execute(
                f"""INSERT INTO {doc} (key, kind, title, body, url, is_public, work_group,
                    fiscal_year, ita_item, file_type, date, title_len, body_len, title_key, terms)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (
                    d.key,
                    d.kind,
                    d.title,
                    d.body,
                    d.url,
                    int(d.is_public),
                    d.work_group,
                    d.fiscal_year,
                    d.ita_item,
                    d.file_type,
                    d.date.isoformat() if d.date else None,
                    r.title_w.count(" ") + 1 if r.title_w else 0,
                    r.body_w.count(" ") + 1 if r.body_w else 0,
                    r.title_s.replace(" ", ""),
                    _pack((r.title_w, r.title_s, r.body_w, r.body_s, r.extras)),
                ),
            )
            c.execute(
                f"INSERT INTO {fts} (rowid, title_w, title_s, body_w, body_s, extras) VALUES (?,?,?,?,?,?)",
                (cur.lastrowid, r.title_w, r.title_s, r.body_w, r.body_s, r.extras),
            )
        if counts is None:
            self._count_terms(
                [(r.title_w, r.title_s, r.body_w, r.body_s, r.extras) for r in rows], 1, g
            )
            return
        for r in rows:
            # Rows analysed in batches carry their batch's counts (indexing.AnalysedRow).
            counted = getattr(r, "term_counts", None)
            if counted is None:
                counts.update(
                    set(" ".join((r.title_w, r.title_s, r.body_w, r.body_s, r.extras)).split())
                )
            elif counted:
                counts.update(counted)

    def _count_terms(self, fields: Iterable[Sequence[str]], sign: int, g: int) -> None:
        counts: Counter[str] = Counter()
        for f in fields:
            counts.update(set(" ".join(f).split()))
        self._write_counts([(t, sign * n) for t, n in counts.items()], g)

    def _write_counts(self, counts: Sequence[tuple[str, int]], g: int) -> None:
        if counts:
            self.conn.executemany(
                f"INSERT INTO {self._t('terms', g)} (term, df) VALUES (?, ?) "
                "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                counts,
            )

    def _remove_ids(self, ids: Sequence[int], g: int) -> None:
        fts, doc = self._t("fts", g), self._t("doc", g)
        old: list[tuple[int, tuple[str, ...]]] = []
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            old += [
                (r[0], _unpack(r[1]))
                for r in self.conn.execute(
                    f"SELECT id, terms FROM {doc} WHERE id IN ({marks})", chunk
                )
            ]
        self._count_terms([fields for _id, fields in old], -1, g)
        # A contentless FTS5 row is removed by giving FTS5 the values it indexed.
        self.conn.executemany(
            f"INSERT INTO {fts} ({fts}, rowid, title_w, title_s, body_w, body_s, extras) "
            "VALUES ('delete', ?, ?, ?, ?, ?, ?)",
            [(i, *fields) for i, fields in old],
        )
        self.conn.executemany(f"DELETE FROM {doc} WHERE id=?", [(i,) for i, _f in old])

    def upsert(self, rows: Sequence[IndexRow]) -> None:
        with self.conn:
            self._insert(rows, self.generation())
        self._vocab_cache = None
        self._stats_cache = None

    def delete(self, keys: Iterable[str]) -> int:
        doc, g = self._t("doc"), self.generation()
        ids = []
        with self.conn:
            for key in keys:
                row = self.conn.execute(f"SELECT id FROM {doc} WHERE key=?", (key,)).fetchone()
                if row:
                    ids.append(row[0])
            if ids:
                self._remove_ids(ids, g)
        n = len(ids)
        self._stats_cache = None
        return n

    @contextmanager
    def rebuild(self, analyzer_version: str) -> Iterator[IndexWriter]:
        live = self.generation()
        new = live + 1
        self._drop(new)  # leftovers of an earlier rebuild that did not finish
        self._create(new)
        self.conn.commit()
        try:
            writer = _Writer(self, new)
            yield writer
            writer.finish()
        except BaseException:
            self.conn.rollback()
            self._drop(new)
            self.conn.commit()
            raise
        with self.conn:
            self.conn.execute(
                f"UPDATE {self.prefix}_meta SET value=? WHERE key='generation'", (str(new),)
            )
            self._set_version(analyzer_version)
        self._drop(live)
        self.conn.commit()
        self._vocab_cache = None
        self._stats_cache = None

    def mark_version(self, analyzer_version: str) -> None:
        with self.conn:
            self._set_version(analyzer_version)

    # -- reads -------------------------------------------------------------------------------

    def _where(self, filters: Filters, visibility: Visibility) -> tuple[list[str], list[object]]:
        where: list[str] = []
        params: list[object] = []
        if not visibility.all_drafts:
            groups = sorted(visibility.draft_work_groups)
            if groups:
                where.append(f"(d.is_public=1 OR d.work_group IN ({','.join('?' * len(groups))}))")
                params += groups
            else:
                where.append("d.is_public=1")
        for column, value in (
            ("fiscal_year", filters.fiscal_year),
            ("ita_item", filters.ita_item),
            ("work_group", filters.work_group),
            ("file_type", filters.file_type),
            ("kind", filters.kind),
        ):
            if value:
                where.append(f"d.{column}=?")
                params.append(value)
        if filters.date_from:
            where.append("d.date>=?")
            params.append(filters.date_from.isoformat())
        if filters.date_to:
            where.append("d.date<=?")
            params.append(filters.date_to.isoformat())
        return where, params

    def candidates(
        self,
        groups: Sequence[MatchGroup],
        required: Sequence[MatchGroup],
        *,
        match_all: bool,
        filters: Filters,
        visibility: Visibility,
        limit: int,
    ) -> list[Candidate]:
        expr = match_expression(groups, required, match_all)
        if not expr:
            return []
        dfs = self.doc_freqs(match_terms([*groups, *required]))
        try:
            bound = self.exact_postings
            if bound is None or postings(groups, required, dfs) <= bound:
                return self._by_bm25(expr, filters, visibility, limit)
            # Too many postings for bm25(): it reads every posting of every phrase (its IDF
            # counts the whole index, whatever the LIMIT). Rank by bm25 only the plain words
            # when they are few, then fill with the newest matches, in titles first (where
            # the ranker looks first), then anywhere. Each of these stops after `limit` rows.
            out: dict[int, Candidate] = {}
            plain = plain_word_query(groups, required, match_all=match_all, dfs=dfs, bound=bound)
            if plain is not None:
                word_expr = match_expression(*plain, match_all)
                for c in self._by_bm25(word_expr, filters, visibility, limit):
                    out.setdefault(c.id, c)
            for e, pool in ((f"{{title_w title_s}} : ({expr})", self.title_pool), (expr, 0)):
                if len(out) >= limit:
                    break
                for c in self._newest(
                    e, filters, visibility, limit - len(out), exclude=out.keys(), pool=pool
                ):
                    out.setdefault(c.id, c)
            return list(out.values())[:limit]
        except sqlite3.OperationalError:
            # Defensive: the expression is built from analysed terms only, but a query must
            # never fail; an unparseable expression finds nothing.
            return []

    _COLUMNS = (
        "d.id, d.key, d.kind, d.is_public, d.work_group, d.fiscal_year, d.ita_item, "
        "d.file_type, d.date"
    )

    def _by_bm25(
        self, expr: str, filters: Filters, visibility: Visibility, limit: int
    ) -> list[Candidate]:
        doc, fts = self._t("doc"), self._t("fts")
        where, params = self._where(filters, visibility)
        sql_where = "".join(f" AND {w}" for w in where)
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        # Without filters, rank inside FTS5 first and join only the best few with the document
        # table (drafts are few, so the visibility check rarely empties the window); with
        # filters (or a window emptied by drafts), join every match so that no filtered
        # document is missed.
        window = limit * 4
        if not filters.active():
            best = self.conn.execute(
                f"SELECT rowid, bm25({fts}, {weights}) AS score FROM {fts} "
                f"WHERE {fts} MATCH ? ORDER BY score LIMIT ?",
                [expr, window],
            ).fetchall()
            score = dict(best)
            rows = []
            for i in range(0, len(best), 500):
                chunk = [r[0] for r in best[i : i + 500]]
                rows += self.conn.execute(
                    f"SELECT {self._COLUMNS} FROM {doc} d "
                    f"WHERE d.id IN ({','.join('?' * len(chunk))}){sql_where}",
                    [*chunk, *params],
                ).fetchall()
            # Every match was seen (fewer than the window) or enough remain visible.
            if len(best) < window or len(rows) >= limit:
                rows.sort(key=lambda r: (score[r[0]], r[0]))
                return [_candidate(r, -score[r[0]]) for r in rows[:limit]]
        rows = self.conn.execute(
            f"""SELECT {self._COLUMNS}, bm25({fts}, {weights}) AS score
                FROM {fts} f JOIN {doc} d ON d.id = f.rowid
                WHERE {fts} MATCH ?{sql_where}
                ORDER BY score LIMIT ?""",
            [expr, *params, limit],
        ).fetchall()
        return [_candidate(r, -r[9]) for r in rows]

    def _newest(
        self,
        expr: str,
        filters: Filters,
        visibility: Visibility,
        limit: int,
        exclude: Iterable[int] = (),
        pool: int = 0,
    ) -> list[Candidate]:
        """The newest documents (highest ids) matching ``expr``: FTS5 walks its posting lists
        backwards and stops after ``limit`` rows, so common words cost little."""
        doc, fts = self._t("doc"), self._t("fts")
        where, params = self._where(filters, visibility)
        skip = sorted(exclude)
        if skip:
            where.append(f"d.id NOT IN ({','.join('?' * len(skip))})")
            params += skip
        sql_where = "".join(f" AND {w}" for w in where)
        if pool > limit and not filters.active():
            # Of the newest `pool` matches, the shortest titles first: a word that makes up
            # much of a short title is what the ranker rewards most.
            rows = self.conn.execute(
                f"""SELECT {self._COLUMNS}, 0.0 FROM (
                        SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?
                    ) f JOIN {doc} d ON d.id = f.rowid
                    WHERE 1{sql_where} ORDER BY d.title_len, d.id DESC LIMIT ?""",
                [expr, pool, *params, limit],
            ).fetchall()
        else:
            rows = self.conn.execute(
                f"""SELECT {self._COLUMNS}, 0.0 FROM {fts} f JOIN {doc} d ON d.id = f.rowid
                    WHERE {fts} MATCH ?{sql_where} ORDER BY f.rowid DESC LIMIT ?""",
                [expr, *params, limit],
            ).fetchall()
        return [_candidate(r, 0.0) for r in rows]

    def load_terms(self, candidates: Sequence[Candidate]) -> None:
        by_id = {c.id: c for c in candidates}
        ids = list(by_id)
        doc = self._t("doc")
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT id, terms FROM {doc} WHERE id IN ({marks})", chunk):
                c = by_id[r[0]]
                c.title_w, c.title_s, c.body_w, c.body_s, c.extras = _unpack(r[1])

    def doc_freqs(self, terms: Iterable[str]) -> dict[str, int]:
        terms = sorted({t.lower() for t in terms if t})
        out = dict.fromkeys(terms, 0)
        table = self._t("terms")
        for i in range(0, len(terms), 200):
            chunk = terms[i : i + 200]
            marks = ",".join("?" * len(chunk))
            for term, df in self.conn.execute(
                f"SELECT term, df FROM {table} WHERE term IN ({marks})", chunk
            ):
                out[term] = max(df, 0)
        return out

    def stats(self) -> IndexStats:
        # Cached per connection; every write through this backend clears it. Other processes'
        # writes only shift averages used by ranking, so a slightly stale value is harmless.
        if self._stats_cache is None:
            row = self.conn.execute(
                f"SELECT count(*), avg(title_len), avg(body_len) FROM {self._t('doc')}"
            ).fetchone()
            self._stats_cache = IndexStats(
                int(row[0] or 0), float(row[1] or 1.0), float(row[2] or 1.0)
            )
        return self._stats_cache

    def fetch(self, ids: Sequence[int]) -> dict[int, dict[str, object]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        cur = self.conn.execute(
            f"""SELECT id, key, kind, title, body, url, is_public, work_group, fiscal_year,
                ita_item, file_type, date FROM {self._t("doc")} WHERE id IN ({marks})""",
            list(ids),
        )
        cols = [d[0] for d in cur.description]
        return {r[0]: dict(zip(cols, r, strict=True)) for r in cur}

    def title_prefix(
        self, prefix: str, *, visibility: Visibility, limit: int
    ) -> list[dict[str, str]]:
        if not prefix:
            return []
        where, params = self._where(Filters(), visibility)
        sql_where = "".join(f" AND {w}" for w in where)
        # title_key is the title's syllables without spaces: a normalised, case-folded prefix
        # match that the title_key index answers with a range scan.
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.conn.execute(
            f"""SELECT d.title, d.url, d.key FROM {self._t("doc")} d
                WHERE d.title_key >= ? AND d.title_key < ?{sql_where}
                ORDER BY d.date DESC LIMIT ?""",
            [prefix, upper, *params, limit],
        ).fetchall()
        return [{"title": r[0], "url": r[1], "key": r[2]} for r in rows]

    def vocabulary(self, min_df: int = 2) -> Iterator[tuple[str, int]]:
        g = self.generation()
        if self._vocab_cache is None or self._vocab_cache[0] != g:
            rows = self.conn.execute(
                f"SELECT term, df FROM {self._t('terms')} WHERE df >= ?", (min_df,)
            ).fetchall()
            self._vocab_cache = (g, rows)
        yield from self._vocab_cache[1]

    def size_bytes(self) -> int:
        try:
            row = self.conn.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (f"{self.prefix}_%",)
            ).fetchone()
            if row and row[0]:
                return int(row[0])
        except sqlite3.Error:
            pass
        page_size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        page_count = self.conn.execute("PRAGMA page_count").fetchone()[0]
        return int(page_size * page_count)

    def close(self) -> None:
        self.conn.close()

    def drop_all(self) -> None:
        """Remove every table of this prefix (tests and decommissioning)."""
        g = self.generation()
        for gen in (g, g + 1):
            self._drop(gen)
        self.conn.execute(f"DROP TABLE IF EXISTS {self.prefix}_meta")
        self.conn.commit()
