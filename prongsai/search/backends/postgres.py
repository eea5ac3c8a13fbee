"""PostgreSQL backend: stored tsvectors of pre-segmented text (``simple`` config) + pg_trgm.

PostgreSQL has no Thai parser, but on text that is already segmented (terms separated by
spaces) the ``simple`` configuration yields exactly our terms. Layout (``p`` prefix,
``g`` generation):

* ``p_meta``: live generation and analyser version;
* ``p_doc_g``: originals, filter fields, analysed fields, and two stored tsvectors: ``tv`` with
  weights A title words, B body words, C title syllables, D body syllables (positions keep
  phrases inside one field), and ``xv`` for extra terms; GIN indexes on both. ``tv`` is kept
  in the row (not TOASTed out of line) so that ranking every match reads one page per match;
  a GIN index on the title's words serves the bounded title-first fill; on an index of two
  or more `SEGMENT_ROWS` ranges of ids, one partial GIN index of ``tv`` per range (segments,
  listed in ``p_meta``) serves the fill's windows;
* ``p_vocab_g``: term → document frequency, kept by the writer (for ranking and spelling),
  with a pg_trgm GIN index for similar-word look-ups; titles carry a trigram index for
  autocomplete inside titles.

Rebuilds fill generation ``g+1`` and switch ``p_meta`` in one transaction. The database needs a
UTF-8 ``LC_CTYPE`` (pg_trgm ignores non-ASCII letters in the C locale).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from prongsai.search.backends.base import (
    Candidate,
    IndexRow,
    IndexStats,
    IndexSwapped,
    IndexWriter,
    MatchGroup,
    SearchBackend,
    match_terms,
    plain_word_query,
    plain_words,
    postings,
)
from prongsai.search.documents import Filters, Visibility
from prongsai.search.query import Alternative

__all__ = ["PostgresBackend", "tsquery_for"]

_IDENT = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_LEXEME_OK = re.compile(r"[^\W_]")
_WEIGHTS = {"w": "AB", "s": "CD"}
# Postings (summed document frequencies of a candidate query's terms) up to which the
# server ranks every match with ts_rank: each match costs a read of its stored tsvector, so
# above this the candidates come from bounded queries (see `PostgresBackend.candidates`).
RANK_POSTINGS = 20_000
# Matches expected (see `_matches`) above which a ranked candidate query first ranks only
# the matches with a query word in their title (found by the title-words index): when they
# fill the limit, they are the candidates, and the other matches (often ten times as many)
# are never read. Below it (every query of a small index) every match is ranked.
TITLE_FIRST_POSTINGS = 4_000
# Matches a ranked candidate query ranks at most (about): ranking costs 10-20 µs a match, so
# when more are expected only the newest are ranked (see `PostgresBackend._newest_ranked`).
# An index of fewer documents (the evaluation's 2,000) always ranks every match.
RANK_ROWS = 3_000
# The newest-first fill reads windows of ids expected to hold this many times its limit.
NEWEST_WINDOW_SHARE = 2
# Where `PostgresBackend._newest` puts its id bounds.
WINDOW = "/*window*/"
# Rows of ids per segment: besides the GIN index of every stored tsvector, a rebuild creates
# one partial GIN index per range of this many ids (the newest open-ended), so that a query
# bounded to one range builds the bitmap of its terms from that range's postings alone (the
# bitmap of a common term costs 1-2 µs per document holding it, whatever the LIMIT).
SEGMENT_ROWS = 100_000


# Before each candidate query (see `_by_rank` and `_newest` for the first two). No parallel
# workers either: a parallel backward walk of the id index makes every worker
# read ahead for the merge (twice the pages of one walk for the newest 300 title matches,
# 80-130 ms against 30-50 ms at 100k documents), and the workers compete with the other
# searches for the same cores.
_NO_SEQSCAN = (
    "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; "
    "SET LOCAL max_parallel_workers_per_gather = 0"
)
# Indexed (see `_create_indexes`); the same expression in a query uses the index.
_TITLE_WORDS = "to_tsvector('simple', title_w)"


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _alt_query(alt: Alternative, plain: bool = False) -> str | None:
    """The alternative as a tsquery; ``plain``: its terms anywhere, in any field and order,
    which the GIN index answers without reading a single stored tsvector."""
    terms = [t for t in alt.terms if _LEXEME_OK.search(t)]
    if not terms:
        return None
    if plain:
        return "(" + " & ".join(_lexeme(t) for t in terms) + ")"
    label = _WEIGHTS.get(alt.family, "")
    suffix = f":{label}" if label else ""
    return "(" + " <-> ".join(_lexeme(t) + suffix for t in terms) + ")"


def tsquery_for(alternatives: Iterable[Alternative], family: str, plain: bool = False) -> str:
    """A tsquery (text) OR-ing the alternatives of ``family`` ("x" or the word/syllable ones)."""
    parts = [
        q
        for a in alternatives
        if (a.family == "x") == (family == "x")
        for q in [_alt_query(a, plain)]
        if q
    ]
    return " | ".join(parts)


def _title_words(groups: Sequence[MatchGroup], required: Sequence[MatchGroup]) -> list[str]:
    """The query's plain words (one-word alternatives in the word fields)."""
    words = [plain_words(g) for g in [*groups, *required]]
    return sorted(
        {a.terms[0] for g in words for a in g.alternatives if _LEXEME_OK.search(a.terms[0])}
    )


def _matches(
    groups: Sequence[MatchGroup],
    required: Sequence[MatchGroup],
    match_all: bool,
    dfs: dict[str, int],
) -> int:
    """About how many documents match (an upper bound but for overlaps): a phrase is at
    most as common as its rarest term, a group as its alternatives together."""

    def df(g: MatchGroup) -> int:
        return sum(min(dfs.get(t, 0) for t in a.terms) for a in g.alternatives if a.terms)

    found = [df(g) for g in groups]
    bounds = [df(g) for g in required]
    if found:
        bounds.append(min(found) if match_all else sum(found))
    return min(bounds, default=0)


def _independent(
    groups: Sequence[MatchGroup],
    required: Sequence[MatchGroup],
    match_all: bool,
    dfs: dict[str, int],
    count: int,
) -> float:
    """About how many documents match, terms and groups taken as independent (as the
    planner does): for the choice between windows and one query, where the bound of
    `_matches` (all of several words, or the syllables of a phrase, as common as the rarest)
    is far too high."""
    if count <= 0:
        return 0.0

    def share(g: MatchGroup) -> float:
        found = 0.0
        for a in g.alternatives:
            if a.terms:
                p = 1.0
                for t in a.terms:
                    p *= min(1.0, dfs.get(t, 0) / count)
                found += p
        return min(1.0, found)

    p = 1.0
    for g in required:
        p *= share(g)
    shares = [share(g) for g in groups]
    if shares:
        if match_all:
            for x in shares:
                p *= x
        else:
            p *= min(1.0, sum(shares))
    return p * count


# LZ4 compresses several times faster than PostgreSQL's default pglz: the text columns of a
# long document are compressed on every write.
_LZ4_COLUMNS = ("tv", "xv", "title", "body", "title_w", "title_s", "body_w", "body_s", "extras")


def _count_terms(counts: Counter[str], fields: Iterable[Sequence[str]], sign: int) -> Counter[str]:
    """Add `sign` for each distinct term of each document's analysed fields."""
    for f in fields:
        terms = set(" ".join(f).split())
        if sign > 0:
            counts.update(terms)
        else:
            counts.subtract(terms)
    return counts


def _candidate(r: Sequence, score: float) -> Candidate:
    return Candidate(
        id=r[0],
        key=r[1],
        kind=r[2],
        is_public=r[3],
        work_group=r[4],
        fiscal_year=r[5],
        ita_item=r[6],
        file_type=r[7],
        date=r[8],
        backend_score=score,
    )


class _Writer(IndexWriter):
    """Loads a new generation. The vocabulary's counts are kept here and written in a few
    large statements (one upsert per batch cost a seventh of a build's time)."""

    # Terms held before they are written: a few tens of MB of Python objects.
    VOCAB_FLUSH_TERMS = 300_000

    def __init__(self, backend: PostgresBackend, generation: int) -> None:
        self.backend = backend
        self.generation = generation
        self.counts: Counter[str] = Counter()

    def add(self, rows: Sequence[IndexRow]) -> None:
        self.backend._insert(rows, self.generation, self.counts)
        if len(self.counts) >= self.VOCAB_FLUSH_TERMS:
            self.flush()
        self.backend.conn.commit()

    def flush(self) -> None:
        self.backend._vocab_write(self.backend._t("vocab", self.generation), self.counts)
        self.counts = Counter()


class PostgresBackend(SearchBackend):
    name = "postgres"
    # 2: the tsvector kept in the row (LZ4 when needed), indexes on the title's words, the
    # lengths and a covering title_key index; see `_create` and `_create_indexes`.
    # 3: partial GIN indexes of the tsvector over ranges of ids (`SEGMENT_ROWS`).
    schema_version = "3"
    exact_postings = RANK_POSTINGS
    title_first_postings: int | None = TITLE_FIRST_POSTINGS
    rank_rows: int | None = RANK_ROWS
    # See `SEGMENT_ROWS`; None: no segment indexes (read from the index, see `_segments`).
    segment_rows: int | None = SEGMENT_ROWS

    def __init__(self, conn: Any, prefix: str = "search") -> None:
        if not _IDENT.match(prefix):
            raise ValueError(f"bad table prefix {prefix!r}")
        self.conn = conn
        self.prefix = prefix
        self._stats_cache: IndexStats | None = None
        self._vocab_cache: tuple[int, list[tuple[str, int]]] | None = None
        self._pinned: int | None = None  # the live generation inside `reading`
        self._segments_cache: tuple[int, tuple[int, int] | None] | None = None
        self.ensure_schema()

    def _t(self, kind: str, generation: int | None = None) -> str:
        g = self.generation() if generation is None else generation
        return f"{self.prefix}_{kind}_{g}"

    def _x(self, sql: str, params: Sequence[object] | None = None) -> Any:
        try:
            return self.conn.execute(sql, params)
        except Exception as exc:
            # Inside `reading` the tables are those of the generation pinned when the search
            # began; a rebuild that swapped generations since has dropped them (42P01,
            # undefined table). The search is run again on the new ones (see the engine).
            if self._pinned is not None and getattr(exc, "sqlstate", None) == "42P01":
                self.conn.rollback()
                self._stats_cache = self._vocab_cache = None
                raise IndexSwapped(f"{self.prefix}: generation {self._pinned} replaced") from exc
            raise

    # -- schema ------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        self._x("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        self._x(f"CREATE TABLE IF NOT EXISTS {self.prefix}_meta (key text PRIMARY KEY, value text)")
        row = self._x(f"SELECT value FROM {self.prefix}_meta WHERE key='generation'").fetchone()
        if row is None:
            self._x(
                f"INSERT INTO {self.prefix}_meta VALUES ('generation', '1') ON CONFLICT DO NOTHING"
            )
            self._create(1)
        self.conn.commit()

    def _create(self, g: int, indexes: bool = True) -> None:
        doc, vocab = self._t("doc", g), self._t("vocab", g)
        self._x(
            f"""CREATE TABLE IF NOT EXISTS {doc} (
                id bigserial PRIMARY KEY, key text NOT NULL UNIQUE, kind text NOT NULL DEFAULT '',
                title text NOT NULL, body text NOT NULL, url text NOT NULL DEFAULT '',
                is_public boolean NOT NULL, work_group text NOT NULL DEFAULT '',
                fiscal_year integer, ita_item text NOT NULL DEFAULT '',
                file_type text NOT NULL DEFAULT '', date date,
                title_len integer NOT NULL, body_len integer NOT NULL,
                title_key text NOT NULL DEFAULT '',
                title_w text NOT NULL, title_s text NOT NULL, body_w text NOT NULL,
                body_s text NOT NULL, extras text NOT NULL,
                tv tsvector NOT NULL, xv tsvector NOT NULL) WITH (toast_tuple_target = 8160)"""
        )
        # Every match of a ranked candidate query is rechecked and ranked on its stored
        # tsvector. Kept out of line (the default), each read costs a TOAST index lookup, its
        # chunks and a pglz decompression (~20-40 µs, twice per match); kept in the row it
        # costs the heap page that the scan reads anyway, plus an LZ4 decompression (a few
        # µs) for the rows too long to keep it uncompressed (a third of the 100k benchmark
        # rows). The titles' words
        # (tested on every match of the bounded fill) and title_key (autocomplete) stay in
        # the row too; the other text fields, read for at most a page of candidates, go out
        # of line first, leaving the tsvector the room to stay uncompressed.
        self._x(
            f"ALTER TABLE {doc} ALTER tv SET STORAGE MAIN, ALTER title_w SET STORAGE MAIN, "
            "ALTER title_key SET STORAGE MAIN"
        )
        self._x("SAVEPOINT lz4")
        try:
            self._x(
                f"ALTER TABLE {doc} "
                + ", ".join(f"ALTER {c} SET COMPRESSION lz4" for c in _LZ4_COLUMNS)
            )
        except Exception:  # noqa: BLE001 - a server built without LZ4 keeps pglz
            self._x("ROLLBACK TO SAVEPOINT lz4")
        else:
            self._x("RELEASE SAVEPOINT lz4")
        self._x(f"CREATE TABLE IF NOT EXISTS {vocab} (term text PRIMARY KEY, df integer NOT NULL)")
        if indexes:
            self._create_indexes(g)

    def _create_indexes(self, g: int) -> None:
        # A rebuild creates these after loading: building a GIN index once is much cheaper
        # than updating it row by row.
        doc, vocab = self._t("doc", g), self._t("vocab", g)
        self._x(f"CREATE INDEX IF NOT EXISTS {doc}_tv ON {doc} USING gin (tv)")
        self._x(f"CREATE INDEX IF NOT EXISTS {doc}_xv ON {doc} USING gin (xv)")
        self._x(
            f"CREATE INDEX IF NOT EXISTS {doc}_title_key ON {doc} (title_key text_pattern_ops) "
            "INCLUDE (date, is_public, work_group, id)"
        )
        # Corpus statistics (`stats`) by an index-only scan.
        self._x(f"CREATE INDEX IF NOT EXISTS {doc}_lens ON {doc} (title_len, body_len)")
        # The title's words, for the bounded fill: which matches have a query word in their
        # title, from the index (and estimated by the planner) rather than row by row.
        self._x(f"CREATE INDEX IF NOT EXISTS {doc}_title_words ON {doc} USING gin ({_TITLE_WORDS})")
        self._x(
            f"CREATE INDEX IF NOT EXISTS {doc}_title_trgm ON {doc} USING gin (title_key gin_trgm_ops)"
        )
        self._x(f"CREATE INDEX IF NOT EXISTS {vocab}_trgm ON {vocab} USING gin (term gin_trgm_ops)")
        self._create_segments(g)

    def _create_segments(self, g: int) -> None:
        """Partial GIN indexes of ``tv`` over ranges of `segment_rows` ids: one per full range
        below the highest id, the newest open-ended (documents added later go there). The
        ranges are recorded in the meta table; none when the index holds less than two ranges
        (an empty index created by `ensure_schema`, the evaluation's 2,000 documents)."""
        size = self.segment_rows
        doc = self._t("doc", g)
        (top,) = self._x(f"SELECT coalesce(max(id), 0) FROM {doc}").fetchone()
        self._x(f"DELETE FROM {self.prefix}_meta WHERE key = %s", (f"segments_{g}",))
        if size is None or top < 2 * size:
            return
        tail = top // size * size
        for lower in range(0, tail, size):
            self._x(
                f"CREATE INDEX IF NOT EXISTS {doc}_tv_{lower // size} ON {doc} USING gin (tv) "
                f"WHERE id > {lower} AND id <= {lower + size}"
            )
        self._x(
            f"CREATE INDEX IF NOT EXISTS {doc}_tv_{tail // size} ON {doc} USING gin (tv) "
            f"WHERE id > {tail}"
        )
        self._x(
            f"INSERT INTO {self.prefix}_meta VALUES (%s, %s)", (f"segments_{g}", f"{size} {tail}")
        )

    def _segments(self) -> tuple[int, int] | None:
        """The live index's segments (see `_create_segments`): their size and where the
        open-ended newest one starts; None without segments."""
        g = self.generation()
        if self._segments_cache is None or self._segments_cache[0] != g:
            row = self._x(
                f"SELECT value FROM {self.prefix}_meta WHERE key = %s", (f"segments_{g}",)
            ).fetchone()
            self.conn.commit()
            found = tuple(int(v) for v in row[0].split()) if row else None
            self._segments_cache = (g, found)  # type: ignore[assignment]
        return self._segments_cache[1]

    def _segment_start(self, top: int) -> int:
        """The lowest id bound (exclusive) of the segment holding id ``top``; 0 without
        segments."""
        seg = self._segments()
        if seg is None:
            return 0
        size, tail = seg
        return tail if top > tail else (top - 1) // size * size

    def _drop(self, g: int) -> None:
        self._x(f"DROP TABLE IF EXISTS {self._t('doc', g)}")
        self._x(f"DROP TABLE IF EXISTS {self._t('vocab', g)}")
        self._x(f"DELETE FROM {self.prefix}_meta WHERE key = %s", (f"segments_{g}",))

    def drop_all(self) -> None:
        """Remove every table of this prefix (tests and decommissioning)."""
        self.conn.rollback()
        for g in {self.generation(), self.generation() + 1}:
            self._drop(g)
        self._x(f"DROP TABLE IF EXISTS {self.prefix}_meta")
        self.conn.commit()

    def generation(self) -> int:
        if self._pinned is not None:
            return self._pinned
        row = self._x(f"SELECT value FROM {self.prefix}_meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 1

    @contextmanager
    def reading(self) -> Iterator[None]:
        # A search names the live tables in ~5 statements; one look-up serves them all (under
        # load each look-up cost a round trip and several ms). A rebuild that swaps the
        # generation meanwhile drops the old tables only after this search's statements, each
        # committed at once, have let go of them; the next search sees the new generation.
        if self._pinned is not None:
            yield
            return
        self._pinned = self.generation()
        self.conn.commit()
        try:
            yield
        finally:
            self._pinned = None

    def analyzer_version(self) -> str | None:
        row = self._x(
            f"SELECT value FROM {self.prefix}_meta WHERE key='analyzer_version'"
        ).fetchone()
        self.conn.commit()
        return row[0] if row else None

    def _set_version(self, version: str) -> None:
        self._x(
            f"INSERT INTO {self.prefix}_meta VALUES ('analyzer_version', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (version,),
        )

    def mark_version(self, analyzer_version: str) -> None:
        self._set_version(analyzer_version)
        self.conn.commit()

    # -- writes ------------------------------------------------------------------------------

    def _insert(self, rows: Sequence[IndexRow], g: int, counts: Counter[str] | None = None) -> None:
        """Write `rows` into generation `g`; their terms are counted into `counts` when given
        (a rebuild writes them later), else into the vocabulary table now."""
        doc, vocab = self._t("doc", g), self._t("vocab", g)
        keys = [r.doc.key for r in rows]
        old = self._x(
            f"DELETE FROM {doc} WHERE key = ANY(%s) RETURNING title_w, title_s, body_w, body_s, extras",
            (keys,),
        ).fetchall()
        if counts is None:
            self._vocab_add(vocab, old, -1)
        else:
            _count_terms(counts, old, -1)
        with self.conn.cursor() as cur:
            cur.executemany(
                f"""INSERT INTO {doc} (key, kind, title, body, url, is_public, work_group,
                    fiscal_year, ita_item, file_type, date, title_len, body_len, title_key,
                    title_w, title_s, body_w, body_s, extras, tv, xv)
                    VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,
                    setweight(to_tsvector('simple', %s), 'A')
                    || setweight(to_tsvector('simple', %s), 'B')
                    || setweight(to_tsvector('simple', %s), 'C')
                    || setweight(to_tsvector('simple', %s), 'D'),
                    to_tsvector('simple', %s))""",
                [
                    (
                        r.doc.key,
                        r.doc.kind,
                        r.doc.title,
                        r.doc.body,
                        r.doc.url,
                        r.doc.is_public,
                        r.doc.work_group,
                        r.doc.fiscal_year,
                        r.doc.ita_item,
                        r.doc.file_type,
                        r.doc.date,
                        r.title_w.count(" ") + 1 if r.title_w else 0,
                        r.body_w.count(" ") + 1 if r.body_w else 0,
                        r.title_s.replace(" ", ""),
                        r.title_w,
                        r.title_s,
                        r.body_w,
                        r.body_s,
                        r.extras,
                        r.title_w,
                        r.body_w,
                        r.title_s,
                        r.body_s,
                        r.extras,
                    )
                    for r in rows
                ],
            )
        fields = [(r.title_w, r.title_s, r.body_w, r.body_s, r.extras) for r in rows]
        if counts is None:
            self._vocab_add(vocab, fields, 1)
        else:
            _count_terms(counts, fields, 1)

    def _vocab_add(self, vocab: str, fields: Iterable[Sequence[str]], sign: int) -> None:
        self._vocab_write(vocab, _count_terms(Counter(), fields, sign))

    def _vocab_write(self, vocab: str, counts: Counter[str]) -> None:
        if not counts:
            return
        terms = list(counts)
        self._x(
            f"""INSERT INTO {vocab} (term, df)
                SELECT t, d FROM unnest(%s::text[], %s::int[]) AS u(t, d)
                ON CONFLICT (term) DO UPDATE SET df = {vocab}.df + excluded.df""",
            (terms, [counts[t] for t in terms]),
        )

    def upsert(self, rows: Sequence[IndexRow]) -> None:
        try:
            self._insert(rows, self.generation())
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        self._stats_cache = None
        self._vocab_cache = None

    def delete(self, keys: Iterable[str]) -> int:
        keys = list(keys)
        try:
            old = self._x(
                f"DELETE FROM {self._t('doc')} WHERE key = ANY(%s) "
                "RETURNING title_w, title_s, body_w, body_s, extras",
                (keys,),
            ).fetchall()
            self._vocab_add(self._t("vocab"), old, -1)
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        self._stats_cache = None
        return len(old)

    @contextmanager
    def rebuild(self, analyzer_version: str) -> Iterator[IndexWriter]:
        live = self.generation()
        new = live + 1
        self._drop(new)
        self._create(new, indexes=False)
        self.conn.commit()
        try:
            writer = _Writer(self, new)
            yield writer
            writer.flush()
            self._create_indexes(new)
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            self._drop(new)
            self.conn.commit()
            raise
        self._x(f"UPDATE {self.prefix}_meta SET value=%s WHERE key='generation'", (str(new),))
        self._set_version(analyzer_version)
        self._drop(live)
        self.conn.commit()
        # VACUUM, not only ANALYZE: it marks the new table's pages all-visible, so `stats`
        # reads the lengths index alone instead of every (page-sized) row.
        autocommit = self.conn.autocommit
        self.conn.autocommit = True
        try:
            self._x(f"VACUUM (ANALYZE) {self._t('doc', new)}")
        finally:
            self.conn.autocommit = autocommit
        self._stats_cache = None
        self._vocab_cache = None

    # -- reads -------------------------------------------------------------------------------

    def _where(self, filters: Filters, visibility: Visibility) -> tuple[list[str], list[object]]:
        where: list[str] = []
        params: list[object] = []
        if not visibility.all_drafts:
            groups = sorted(visibility.draft_work_groups)
            if groups:
                where.append("(d.is_public OR d.work_group = ANY(%s))")
                params.append(groups)
            else:
                where.append("d.is_public")
        for column, value in (
            ("fiscal_year", filters.fiscal_year),
            ("ita_item", filters.ita_item),
            ("work_group", filters.work_group),
            ("file_type", filters.file_type),
            ("kind", filters.kind),
        ):
            if value:
                where.append(f"d.{column} = %s")
                params.append(value)
        if filters.date_from:
            where.append("d.date >= %s")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("d.date <= %s")
            params.append(filters.date_to)
        return where, params

    def _group_sql(self, g: MatchGroup, params: list[object], plain: bool = False) -> str | None:
        parts = []
        tv = tsquery_for(g.alternatives, "w", plain)
        if tv:
            parts.append("d.tv @@ to_tsquery('simple', %s)")
            params.append(tv)
        xv = tsquery_for(g.alternatives, "x", plain)
        if xv:
            parts.append("d.xv @@ to_tsquery('simple', %s)")
            params.append(xv)
        return "(" + " OR ".join(parts) + ")" if parts else None

    def _match(
        self,
        groups: Sequence[MatchGroup],
        required: Sequence[MatchGroup],
        match_all: bool,
        plain: bool = False,
    ) -> tuple[list[str], list[object]] | None:
        """SQL conditions (and their parameters) for documents matching the groups."""
        if not any(tsquery_for(g.alternatives, "x", plain) for g in [*groups, *required]):
            # No extra terms: one tsquery, so a row's stored tsvector is decompressed and
            # tested once, not once per concept.
            found = [q for g in groups if (q := tsquery_for(g.alternatives, "w", plain))]
            needed = [q for g in required if (q := tsquery_for(g.alternatives, "w", plain))]
            if len(needed) < len([g for g in required if g.alternatives]):
                return None
            parts = [f"({q})" for q in needed]
            if found:
                parts.insert(
                    0, "(" + (" & " if match_all else " | ").join(f"({q})" for q in found) + ")"
                )
            if not parts:
                return None
            return ["d.tv @@ to_tsquery('simple', %s)"], [" & ".join(parts)]
        params: list[object] = []
        group_sql = [s for g in groups if (s := self._group_sql(g, params, plain))]
        req_sql = [s for g in required if (s := self._group_sql(g, params, plain))]
        if len(req_sql) < len([g for g in required if g.alternatives]):
            return None
        conds = []
        if group_sql:
            conds.append("(" + (" AND " if match_all else " OR ").join(group_sql) + ")")
        conds += req_sql
        return (conds, params) if conds else None

    _COLUMNS = (
        "d.id, d.key, d.kind, d.is_public, d.work_group, d.fiscal_year, d.ita_item, "
        "d.file_type, d.date"
    )

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
        dfs = self.doc_freqs(match_terms([*groups, *required]))
        bound = self.exact_postings
        if bound is None or postings(groups, required, dfs) <= bound:
            return self._title_first(groups, required, match_all, filters, visibility, limit, dfs)
        # Too many postings to rank every match (each one reads its stored tsvector): rank
        # only the plain words when they are few, then fill with the documents that have the
        # query's terms (in any order: the GIN index answers that alone), those with a word
        # of the query in their title first, newest first. The ranker checks the phrases.
        out: dict[int, Candidate] = {}
        plain = plain_word_query(groups, required, match_all=match_all, dfs=dfs, bound=bound)
        if plain is not None:
            for c in self._title_first(*plain, match_all, filters, visibility, limit, dfs):
                out.setdefault(c.id, c)
        if len(out) < limit:
            found = self._by_title_then_newest(
                groups,
                required,
                match_all,
                filters,
                visibility,
                limit - len(out),
                out,
                _title_words(groups, required),
                _matches(groups, required, match_all, dfs),
                dfs,
            )
            for c in found:
                out.setdefault(c.id, c)
        return list(out.values())[:limit]

    def _title_first(
        self,
        groups: Sequence[MatchGroup],
        required: Sequence[MatchGroup],
        match_all: bool,
        filters: Filters,
        visibility: Visibility,
        limit: int,
        dfs: dict[str, int],
    ) -> list[Candidate]:
        """`_by_rank`; above `title_first_postings`, the matches with a query word in their
        title alone when they fill the limit (ts_rank weighs a title word 2.5 times a body
        word, so they are most of the best-ranked anyway)."""
        first = self.title_first_postings
        words = _title_words(groups, required)
        expected = _matches(groups, required, match_all, dfs)
        # Gated on the matches expected, not on the postings read: all of several words can
        # be rare where each word is common, and then ranking those few is cheaper than
        # reading the (many) title matches of any of the words first.
        if first is not None and self.exact_postings is not None and words and expected > first:
            found = self._newest_ranked(
                lambda lower: self._by_rank(
                    groups, required, match_all, filters, visibility, limit, words, lower
                ),
                min(expected, self._title_matches(words)),
                limit,
            )
            if len(found) >= limit:
                return found
        return self._newest_ranked(
            lambda lower: self._by_rank(
                groups, required, match_all, filters, visibility, limit, lower=lower
            ),
            expected,
            limit,
        )

    def _title_matches(self, words: Sequence[str]) -> int:
        """The planner's estimate of the documents with one of ``words`` in their title (from
        the statistics of the title-words index; a planning round trip, no rows read)."""
        plan = self._x(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {self._t('doc')} t "
            f"WHERE {_TITLE_WORDS} @@ to_tsquery('simple', %s)",
            [" | ".join(_lexeme(w) for w in words)],
        ).fetchone()[0]
        self.conn.commit()
        return int(plan[0]["Plan"]["Plan Rows"])

    def _newest_ranked(
        self, rank: Callable[[int | None], list[Candidate]], expected: int, limit: int
    ) -> list[Candidate]:
        """``rank(lower)``: the matches above id ``lower`` (None: all) in ts_rank order.

        Ranking costs ~10-20 µs a match (the weighted tsvector tested and ranked, its page
        read), so at most about `rank_rows` matches are ranked: when more are expected, only
        those of the newest ids, in a window expected to hold that many, widened fourfold
        until it holds the limit. An index smaller than `rank_rows` (every query of the
        evaluation corpus) ranks every match, as does `exact_postings = None`."""
        bound = self.rank_rows
        if bound is None or self.exact_postings is None or expected <= bound:
            return rank(None)
        top, count = self._id_span()
        if count <= bound:
            return rank(None)
        width = bound * count // expected
        while True:
            lower = top - width
            if lower <= 0:
                return rank(None)
            found = rank(lower)
            if len(found) >= limit:
                return found
            width *= 4

    def _by_rank(
        self,
        groups: Sequence[MatchGroup],
        required: Sequence[MatchGroup],
        match_all: bool,
        filters: Filters,
        visibility: Visibility,
        limit: int,
        title_words: Sequence[str] = (),
        lower: int | None = None,
    ) -> list[Candidate]:
        """The matches in ts_rank order; with ``title_words``, only those with one of these
        words in their title (any of the title's words: the ranker sees the rest); with
        ``lower``, only those with a higher id."""
        match = self._match(groups, required, match_all)
        if match is None:
            return []
        conds, match_params = match
        source = f"{self._t('doc')} d"
        if title_words:
            # The title matches from the title-words index alone, then the other conditions
            # on each row: in one bitmap with the (inexact, weighted) tsvector condition,
            # every row would be rechecked by parsing its title again (~12 µs a row).
            source = (
                f"(SELECT * FROM {self._t('doc')} t WHERE {_TITLE_WORDS} @@ "
                "to_tsquery('simple', %s)"
                + (" AND t.id > %s" if lower is not None else "")
                + " OFFSET 0) d"
            )
            match_params = [
                " | ".join(_lexeme(w) for w in title_words),
                *([lower] if lower is not None else []),
                *match_params,
            ]
        elif lower is not None:
            conds = [*conds, "d.id > %s"]
            match_params = [*match_params, lower]
        all_alts = [a for g in [*groups, *required] for a in g.alternatives]
        rank_q = tsquery_for(all_alts, "w") or "''"
        where, params = self._where(filters, visibility)
        sql = f"""
            SELECT {self._COLUMNS},
                   ts_rank('{{0.1, 0.2, 0.4, 1.0}}', d.tv, to_tsquery('simple', %s), 1) AS score
            FROM {source}
            WHERE {" AND ".join(conds + where)}
            ORDER BY score DESC, d.id LIMIT %s"""
        # The planner would scan the whole table, testing every stored tsvector, rather than
        # the GIN index. JIT compiling (costs pass its threshold on large indexes) would cost
        # more than the few expressions it speeds up.
        self._x(_NO_SEQSCAN)
        rows = self._x(sql, [rank_q, *match_params, *params, limit]).fetchall()
        self.conn.commit()
        return [_candidate(r, float(r[9])) for r in rows]

    def _by_title_then_newest(
        self,
        groups: Sequence[MatchGroup],
        required: Sequence[MatchGroup],
        match_all: bool,
        filters: Filters,
        visibility: Visibility,
        limit: int,
        exclude: Iterable[int],
        title_words: Sequence[str],
        expected: int | None = None,
        dfs: dict[str, int] | None = None,
    ) -> list[Candidate]:
        match = self._match(groups, required, match_all, plain=True)
        if match is None:
            return []
        dfs = dfs or {}
        conds, match_params = match
        where, params = self._where(filters, visibility)
        skip = sorted(exclude)
        if skip:
            where.append("NOT (d.id = ANY(%s))")
            params.append(skip)
        cols = f"SELECT {self._COLUMNS} FROM {self._t('doc')} d WHERE "
        # With segments, every part of the fill is taken in windows when the newest segment
        # is expected to fill the limit: a window's bitmaps cost the postings of its segment
        # only (without segments each window would build the bitmap of the whole table
        # again). When matches are rarer, the windows would walk most segments, building
        # each bitmap piecewise plus a plan per window (46 -> 243 ms at 1M documents): one
        # query over the table.
        # Rare matches also keep the planner from walking the id index backwards (its
        # estimate for phrases of common syllables is far too high: 7-13 s at 1M documents,
        # reading every row).
        windowed = None
        rare = False
        segments = self._segments()
        if segments is not None:
            count = self.stats().doc_count
            dense = _independent(groups, required, match_all, dfs, count)
            if dense * segments[0] >= limit * count:
                windowed = max(int(dense), 1)
            else:
                rare = True
        if not title_words:
            return self._newest(
                cols + " AND ".join(conds + where), [*match_params, *params], limit, windowed, rare
            )
        # Title matches first, newest first, then the others: two queries that can each stop
        # at their limit, walking the id index backwards when matches are dense or
        # intersecting GIN bitmaps when they are rare; the planner picks, from the estimates
        # of the title-words index. A title match is confirmed on the title (the parser
        # splits a few odd tokens that a whole-word search does not), so each match is in
        # exactly one of the two queries.
        in_title = (
            f"({_TITLE_WORDS} @@ to_tsquery('simple', %s) AND ("
            + " OR ".join("strpos(' ' || d.title_w || ' ', %s) > 0" for _w in title_words)
            + "))"
        )
        title_params = [
            " | ".join(_lexeme(w) for w in title_words),
            *(f" {w} " for w in title_words),
        ]
        several = match_all and len([*groups, *required]) > 1
        if expected is None or several or 2 * expected < sum(dfs.get(w, 0) for w in title_words):
            # All of several words (rarer together than any title word: at 1M documents the
            # title matches of any word were 20,000 rows for 1,300 matches of all), or terms
            # much rarer than the title's words: the planner intersects their bitmaps (or
            # walks the id index backwards). One query without segments: each window would
            # build the bitmap of the query's terms again (130-350 ms for common terms at 1M
            # documents); windows with segments.
            first = self._newest(
                cols + " AND ".join([in_title, *conds, *where]),
                [*title_params, *match_params, *params],
                limit,
                windowed,
                rare,
            )
        else:
            # The title matches of each window from the title-words index and the id index
            # alone, then the other conditions row by row: with the GIN bitmap of the
            # query's terms in the same bitmap, a common term cost ~2 µs for each of its
            # documents (140 ms for 80,000 at 200k documents) to find a few hundred rows.
            first = self._newest(
                f"SELECT {self._COLUMNS} FROM (SELECT * FROM {self._t('doc')} t WHERE "
                f"{_TITLE_WORDS} @@ to_tsquery('simple', %s){WINDOW} OFFSET 0) d WHERE "
                + " AND ".join(
                    [
                        "("
                        + " OR ".join(
                            "strpos(' ' || d.title_w || ' ', %s) > 0" for _w in title_words
                        )
                        + ")",
                        *conds,
                        *where,
                    ]
                ),
                [*title_params, *match_params, *params],
                limit,
                min(expected, self._title_matches(title_words)),
            )
        if len(first) >= limit:
            return first
        return first + self._newest(
            cols + " AND ".join([f"NOT {in_title}", *conds, *where]),
            [*title_params, *match_params, *params],
            limit - len(first),
            windowed,
            rare,
        )

    def _newest(
        self,
        sql: str,
        params: list[object],
        limit: int,
        expected: int | None = None,
        rare: bool = False,
    ) -> list[Candidate]:
        """The newest ``limit`` rows of ``sql``; ``expected``: about how many rows match.

        With an estimate, the newest ids come first, in windows of ids that each hold about
        `NEWEST_WINDOW_SHARE` times the limit, widening eightfold until the limit is filled:
        each window intersects the GIN bitmaps with an id range, so only the matches in it
        are read (page-sized rows), where one query reads every match, or walks the id
        index backwards reading every row, matching or not, until the limit. On an index
        with segments (`SEGMENT_ROWS`) no window crosses a segment's bounds, so its bitmaps
        come from that segment's partial index: built from the postings of its ids alone.
        The windows are disjoint and taken newest first, so the result is the same as one
        query's. ``rare``: one query, its matches expected rare: bitmaps, never a backward
        walk of the id index (which reads every row until it finds the limit)."""
        if expected is None:
            # A sequential scan would test every row of the table.
            self._x(_NO_SEQSCAN + ("; SET LOCAL enable_indexscan = off" if rare else ""))
            rows = self._x(sql + " ORDER BY d.id DESC LIMIT %s", [*params, limit]).fetchall()
            self.conn.commit()
            return [_candidate(r, 0.0) for r in rows]
        top, count = self._id_span()
        segmented = self._segments() is not None
        width = max(limit, NEWEST_WINDOW_SHARE * limit * count // max(expected, 1))
        # The id bounds go where `sql` marks them (inside a subquery), else at the end.
        alias = "t" if WINDOW in sql else "d"
        if WINDOW not in sql:
            sql += WINDOW
        out: list[Candidate] = []
        # With segments every window has both bounds: only they select a segment's index.
        upper: int | None = top if segmented else None
        lower = max(top - width, self._segment_start(top))
        while True:
            # The last window (the rest of the table) is reached when matches are rarer than
            # expected: bitmaps, and the bound a filter. A backward walk of the id index there
            # read 860,000 rows for 28 matches (8 s at 1M documents).
            last = upper is not None and upper != top and lower <= 0
            if segmented:
                # Both bounds plain comparisons with constants: they let the planner prove a
                # segment's index predicate. As parameters, psycopg prepares a statement sent
                # five times and the server's generic plan, proving nothing, then read the
                # whole index (60 -> 260 ms a query at 1M documents).
                bounds = [f" AND {alias}.id <= {int(upper or top)} AND {alias}.id > {int(lower)}"]
                values: list[object] = []
            else:
                column = f"{alias}.id + 0" if last else f"{alias}.id"
                bounds = ([f" AND {column} <= %s"] if upper is not None else []) + (
                    [f" AND {alias}.id > %s"] if lower > 0 else []
                )
                values = ([upper] if upper is not None else []) + ([lower] if lower > 0 else [])
            head = sql.split(WINDOW, 1)[0].count("%s")
            self._x(_NO_SEQSCAN + ("; SET LOCAL enable_indexscan = off" if last else ""))
            rows = self._x(
                sql.replace(WINDOW, "".join(bounds)) + " ORDER BY d.id DESC LIMIT %s",
                [*params[:head], *values, *params[head:], limit - len(out)],
            ).fetchall()
            self.conn.commit()
            out += [_candidate(r, 0.0) for r in rows]
            if len(out) >= limit or lower <= 0:
                return out
            upper, width = lower, width * 8
            lower = max(upper - width, self._segment_start(upper), 0)

    def _id_span(self) -> tuple[int, int]:
        """The highest id and the number of rows (for the windows of `_newest`)."""
        (top,) = self._x(f"SELECT coalesce(max(id), 0) FROM {self._t('doc')}").fetchone()
        self.conn.commit()
        return int(top), self.stats().doc_count

    def load_terms(self, candidates: Sequence[Candidate]) -> None:
        if not candidates:
            return
        by_id = {c.id: c for c in candidates}
        for r in self._x(
            f"SELECT id, title_w, title_s, body_w, body_s, extras FROM {self._t('doc')} "
            "WHERE id = ANY(%s)",
            (list(by_id),),
        ):
            c = by_id[r[0]]
            c.title_w, c.title_s, c.body_w, c.body_s, c.extras = r[1:]
        self.conn.commit()

    def doc_freqs(self, terms: Iterable[str]) -> dict[str, int]:
        terms = sorted({t.lower() for t in terms if t})
        out = dict.fromkeys(terms, 0)
        if terms:
            for term, df in self._x(
                f"SELECT term, df FROM {self._t('vocab')} WHERE term = ANY(%s)", (terms,)
            ):
                out[term] = max(int(df), 0)
            self.conn.commit()
        return out

    def stats(self) -> IndexStats:
        if self._stats_cache is None:
            row = self._x(
                f"SELECT count(*), avg(title_len), avg(body_len) FROM {self._t('doc')}"
            ).fetchone()
            self.conn.commit()
            self._stats_cache = IndexStats(
                int(row[0] or 0), float(row[1] or 1.0), float(row[2] or 1.0)
            )
        return self._stats_cache

    def fetch(self, ids: Sequence[int]) -> dict[int, dict[str, object]]:
        if not ids:
            return {}
        cur = self._x(
            f"""SELECT id, key, kind, title, body, url, is_public, work_group, fiscal_year,
                ita_item, file_type, date FROM {self._t("doc")} WHERE id = ANY(%s)""",
            (list(ids),),
        )
        cols = [d.name for d in cur.description]
        out = {r[0]: dict(zip(cols, r, strict=True)) for r in cur.fetchall()}
        self.conn.commit()
        return out

    def title_prefix(
        self, prefix: str, *, visibility: Visibility, limit: int
    ) -> list[dict[str, str]]:
        if not prefix:
            return []
        where, params = self._where(Filters(), visibility)
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        doc = self._t("doc")
        # The newest matches from the title_key index alone (it carries what the filter and
        # the order need), then only their rows: the rows are page-sized, and a short
        # prefix matches thousands of titles.
        rows = self._x(
            f"""SELECT o.title, o.url, o.key FROM {doc} o WHERE o.id = ANY(ARRAY(
                    SELECT d.id FROM {doc} d
                    WHERE d.title_key LIKE %s{"".join(" AND " + w for w in where)}
                    ORDER BY d.date DESC NULLS LAST LIMIT %s))
                ORDER BY o.date DESC NULLS LAST""",
            [pattern, *params, limit],
        ).fetchall()
        self.conn.commit()
        return [{"title": r[0], "url": r[1], "key": r[2]} for r in rows]

    def vocabulary(self, min_df: int = 2) -> Iterator[tuple[str, int]]:
        g = self.generation()
        if self._vocab_cache is None or self._vocab_cache[0] != g:
            rows = self._x(
                f"SELECT term, df FROM {self._t('vocab')} WHERE df >= %s", (min_df,)
            ).fetchall()
            self.conn.commit()
            self._vocab_cache = (g, [(r[0], int(r[1])) for r in rows])
        yield from self._vocab_cache[1]

    def size_bytes(self) -> int:
        row = self._x(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "WHERE c.relkind = 'r' AND c.relname LIKE %s",
            (f"{self.prefix}\\_%",),
        ).fetchone()
        self.conn.commit()
        return int(row[0])

    def close(self) -> None:
        self.conn.close()
