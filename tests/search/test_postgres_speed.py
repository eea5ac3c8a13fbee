"""What the PostgreSQL layout and bounded queries keep: the same candidates, in the same order.

The stored tsvector and the title fields live in the table row (LZ4) so that ranking every
match reads no TOAST table; a document too long for a page still goes out of line and is
still found. The bounded fetch (above `exact_postings`) runs as two queries, title matches
then the rest, each newest first; the order must be the one a single sort would give.
"""

from __future__ import annotations

import datetime
import re

import pytest

from prongsai.search.backends.base import MatchGroup
from prongsai.search.documents import Filters, SearchDocument, Visibility
from prongsai.search.engine import SearchEngine
from prongsai.search.query import Alternative

DAY = datetime.date(2024, 1, 1)


def _docs() -> list[SearchDocument]:
    docs = []
    for i in range(40):
        in_title = i % 3 == 0
        docs.append(
            SearchDocument(
                key=f"n{i:02d}",
                title=("งบประมาณ " if in_title else "") + f"รายงานฉบับที่ {i}",
                body="รายงานการใช้จ่ายงบประมาณประจำเดือน และการติดตามผล",
                date=DAY + datetime.timedelta(days=i),
            )
        )
    return docs


def _record_statements(backend) -> list[str]:
    """Every SQL statement ``backend`` sends from now on (the list fills as it runs)."""
    statements: list[str] = []
    execute = backend._x

    def spy(sql, params=None):
        statements.append(sql)
        return execute(sql, params)

    backend._x = spy
    return statements


def _fetch(backend, groups: list[MatchGroup], limit: int, match_all: bool = False) -> list:
    """The backend's candidates for ``groups``, nothing required, every draft visible."""
    return backend.candidates(
        groups,
        [],
        match_all=match_all,
        filters=Filters(),
        visibility=Visibility.everything(),
        limit=limit,
    )


def test_bounded_fetch_gives_title_matches_then_the_rest_newest_first(
    empty_engine: SearchEngine,
) -> None:
    empty_engine.rebuild(_docs())
    backend = empty_engine.backend
    backend.exact_postings = 0
    group = MatchGroup((Alternative(terms=("งบประมาณ",), family="w", weight=1.0),))
    got = _fetch(backend, [group], 25)
    titled = [c for c in got if int(c.key[1:]) % 3 == 0]
    assert len(got) == 25 and len(titled) == 14
    assert got[:14] == titled  # every title match first
    for part in (got[:14], got[14:]):  # each part newest (highest id) first
        assert [c.id for c in part] == sorted((c.id for c in part), reverse=True)


def test_a_document_too_long_for_a_page_is_still_found_and_ranked(
    empty_engine: SearchEngine,
) -> None:
    long_body = " ".join(f"ข้อ {i} การจัดซื้อจัดจ้างภาครัฐ วัสดุ ครุภัณฑ์ ที่ดิน {i * 7}" for i in range(3000))
    docs = [
        *_docs(),
        SearchDocument(key="long", title="คู่มือการจัดซื้อจัดจ้าง", body=long_body, date=DAY),
    ]
    empty_engine.rebuild(docs)
    assert [h.key for h in empty_engine.search("ครุภัณฑ์").hits] == ["long"]
    assert empty_engine.search("คู่มือ จัดซื้อจัดจ้าง").hits[0].key == "long"


def test_postgres_keeps_the_tsvector_and_titles_in_the_row(empty_engine: SearchEngine) -> None:
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL storage layout")
    table = backend._t("doc")
    rows = dict(
        backend.conn.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = %s::regclass "
            "AND attname IN ('tv', 'title', 'title_w', 'title_s', 'title_key', 'body')",
            (table,),
        ).fetchall()
    )
    backend.conn.commit()
    assert rows == {
        "tv": "m",
        "title": "x",
        "title_w": "m",
        "title_s": "x",
        "title_key": "m",
        "body": "x",
    }


def test_postgres_compresses_the_stored_text_with_lz4(empty_engine: SearchEngine) -> None:
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL storage layout")
    lz4 = backend.conn.execute(
        "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
        " AND 'lz4' = ANY(enumvals)"
    ).fetchone()
    backend.conn.commit()
    if not lz4:
        pytest.skip("this PostgreSQL server was built without LZ4")
    empty_engine.rebuild(_docs())
    rows = dict(
        backend.conn.execute(
            "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = %s::regclass "
            "AND attname IN ('tv', 'title', 'body', 'body_w', 'body_s')",
            (backend._t("doc"),),
        ).fetchall()
    )
    backend.conn.commit()
    assert rows == {"tv": "l", "title": "l", "body": "l", "body_w": "l", "body_s": "l"}


@pytest.mark.parametrize("flush_every", [None, 1])
def test_postgres_rebuild_counts_the_vocabulary_as_upserts_do(
    empty_engine: SearchEngine, monkeypatch: pytest.MonkeyPatch, flush_every: int | None
) -> None:
    """A rebuild keeps the terms' document counts in memory and writes them in a few
    statements (with `flush_every` = 1, after every batch); the counts must be those that
    adding the documents one batch at a time gives, a document given twice counted once."""
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL vocabulary")
    from prongsai.search.backends import postgres

    if flush_every:
        monkeypatch.setattr(postgres._Writer, "VOCAB_FLUSH_TERMS", flush_every)
    docs = _docs()
    empty_engine.rebuild(docs[:10])
    empty_engine.index(docs[10:])
    upserted = dict(backend.vocabulary(min_df=1))
    # The second copy of n05, in a later batch, replaces the first.
    empty_engine.rebuild([*docs, docs[5]], batch=5)
    rebuilt = dict(backend.vocabulary(min_df=1))
    assert rebuilt == upserted
    assert rebuilt["รายงาน"] == 40


def test_postgres_rebuild_leaves_the_table_vacuumed_for_index_only_stats(
    empty_engine: SearchEngine,
) -> None:
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL storage layout")
    empty_engine.rebuild(_docs())
    pages, visible, vacuumed = backend.conn.execute(
        "SELECT c.relpages, c.relallvisible, s.last_vacuum FROM pg_class c"
        " JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = %s::regclass",
        (backend._t("doc"),),
    ).fetchone()
    # Another session's open snapshot in this database (a parallel test, a benchmark) keeps
    # VACUUM from marking the new rows all-visible; the rebuild's VACUUM still ran.
    (older_snapshots,) = backend.conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND backend_xmin IS NOT NULL AND pid <> pg_backend_pid()"
    ).fetchone()
    backend.conn.commit()
    assert pages > 0 and vacuumed is not None
    if not older_snapshots:
        assert visible == pages
    stats = backend.stats()
    assert stats.doc_count == 40
    backend.delete(["n00"])
    assert backend.stats().doc_count == 39


def _ranked(backend, limit: int) -> list:
    group = MatchGroup((Alternative(terms=("งบประมาณ",), family="w", weight=1.0),))
    return _fetch(backend, [group], limit)


def test_postgres_ranks_title_matches_alone_when_they_fill_the_limit(
    empty_engine: SearchEngine,
) -> None:
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL title-first ranking")
    empty_engine.rebuild(_docs())
    backend.exact_postings = 10**9  # rank, never the bounded fetch
    backend.title_first_postings = None
    every = _ranked(backend, 40)
    titled = [c for c in every if int(c.key[1:]) % 3 == 0]
    assert len(every) == 40 and len(titled) == 14
    backend.title_first_postings = 0
    # 14 title matches fill a limit of 10: the best 10 of them, in the same order and scores.
    got = _ranked(backend, 10)
    assert [(c.id, c.backend_score) for c in got] == [(c.id, c.backend_score) for c in titled[:10]]
    # They do not fill 25: every match is ranked, as without the title tier.
    assert [c.id for c in _ranked(backend, 25)] == [c.id for c in every[:25]]


def test_postgres_title_first_query_does_not_recheck_titles_with_the_tsvector(
    empty_engine: SearchEngine,
) -> None:
    """The title matches come from the title-words index alone: in one bitmap with the
    weighted (inexact) tsvector condition, every row's title would be parsed again."""
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL plan")
    empty_engine.rebuild(_docs())
    statements: list[str] = []
    execute = backend._x

    def spy(sql, params=None):
        if "ts_rank" in sql and "OFFSET 0" in sql:
            plan = execute("EXPLAIN " + sql, params).fetchall()
            statements.append("\n".join(r[0] for r in plan))
        return execute(sql, params)

    backend._x = spy
    backend.exact_postings = 10**9
    backend.title_first_postings = 0
    assert len(_ranked(backend, 10)) == 10
    assert statements
    for plan in statements:
        rechecks = [line for line in plan.splitlines() if "Recheck Cond" in line]
        assert rechecks and all("title_w" in line and "tv @@" not in line for line in rechecks)


def test_postgres_candidate_queries_run_without_parallel_workers(
    empty_engine: SearchEngine,
) -> None:
    """A parallel backward walk of the id index reads ahead in every worker; the candidate
    queries (ranked, title-first and newest first) run in one process."""
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL plan settings")
    empty_engine.rebuild(_docs())
    settings: list[str] = []
    execute = backend._x

    def spy(sql, params=None):
        if "ORDER BY" in sql:
            (value,) = execute(
                "SELECT current_setting('max_parallel_workers_per_gather')"
            ).fetchone()
            settings.append(value)
        return execute(sql, params)

    backend._x = spy
    for bound, first in ((10**9, None), (10**9, 0), (0, None)):
        backend.exact_postings, backend.title_first_postings = bound, first
        assert _ranked(backend, 10)
    assert len(settings) >= 3 and set(settings) == {"0"}


def test_a_search_looks_up_the_live_generation_once(engine: SearchEngine) -> None:
    """The live tables are named after the generation in `_meta`; a search used to read it
    before each of its ~5 statements."""
    backend = engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL generation look-ups")
    engine.search("ทุจริต")  # caches (statistics, spelling) filled
    statements = _record_statements(backend)
    for q in ("ทุจริต", "ร้องเรียน ทุจริต", "งบประมาณ 2566", "ทุจริตต"):
        del statements[:]
        assert engine.search(q).total or q == "ทุจริตต"
        lookups = [s for s in statements if "_meta" in s]
        assert len(lookups) == 1 and len(statements) > 3
    del statements[:]
    assert engine.autocomplete("มาตร")
    assert len([s for s in statements if "_meta" in s]) == 1
    # Outside a search every call still finds the live generation (a rebuild may swap it).
    del statements[:]
    backend.doc_freqs(["ทุจริต"])
    backend.doc_freqs(["ทุจริต"])
    assert len([s for s in statements if "_meta" in s]) == 2


def test_a_rebuild_between_two_searches_is_seen_by_the_second(engine: SearchEngine) -> None:
    before = {h.key for h in engine.search("ทุจริต").hits}
    engine.rebuild([SearchDocument(key="only", title="การทุจริตในภาครัฐ", body="รายงาน", date=DAY)])
    assert before and {h.key for h in engine.search("ทุจริต").hits} == {"only"}


def test_postgres_newest_fill_in_id_windows_gives_the_single_query_result(
    empty_engine: SearchEngine,
) -> None:
    """The bounded fill takes the newest matches window by window; whatever the estimate of
    the matches, the result is the newest ones in order, title matches first."""
    from prongsai.search.backends import postgres

    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL bounded fill")
    empty_engine.rebuild(_docs())
    group = MatchGroup((Alternative(terms=("งบประมาณ",), family="w", weight=1.0),))

    def fill(limit: int, expected: int | None, dfs: dict[str, int] | None = None) -> list[int]:
        return [
            c.id
            for c in backend._by_title_then_newest(
                [group],
                [],
                False,
                Filters(),
                Visibility.everything(),
                limit,
                [],
                ["งบประมาณ"],
                expected,
                dfs,
            )
        ]

    for limit in (1, 5, 14, 20, 40, 60):
        single = fill(limit, None)
        assert len(single) == min(limit, 40)
        for expected in (1, 3, 40, 10_000, 10**9):
            assert fill(limit, expected) == single, (limit, expected)
            # Title estimates from far too low to far too high (windows too wide, too narrow).
            for title in (1, 10**9):
                backend._title_matches = lambda words, n=title: n
                assert fill(limit, expected) == single, (limit, expected, title)
            del backend._title_matches
            # Title words far more common than the query's terms: the planner's own form.
            assert fill(limit, expected, {"งบประมาณ": 10**10}) == single
    statements = _record_statements(backend)
    assert postgres.NEWEST_WINDOW_SHARE >= 1
    backend._title_matches = lambda words: 10**9  # the planner's estimate, far too high
    fill(5, 10**9)  # a tiny first window: widened until the limit is filled
    assert sum("ORDER BY d.id DESC" in s for s in statements) >= 2


def test_postgres_ranks_only_the_newest_matches_when_too_many_are_expected(
    empty_engine: SearchEngine,
) -> None:
    """Ranking reads and ranks each match's tsvector; above `rank_rows` expected matches
    only the newest are ranked, in a window widened until it fills the limit."""
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL bounded ranking")
    empty_engine.rebuild(_docs())
    backend.exact_postings = 10**9  # rank, never the bounded fetch
    backend.title_first_postings = None
    backend.rank_rows = None
    every = _ranked(backend, 40)
    assert len(every) == 40
    top = max(c.id for c in every)
    backend.rank_rows = 40  # as many as there are: every match ranked
    assert [(c.id, c.backend_score) for c in _ranked(backend, 40)] == [
        (c.id, c.backend_score) for c in every
    ]
    backend.rank_rows = 10
    newest = [c for c in every if c.id > top - 10]  # the window: 10 x 40 / 40 expected
    assert [(c.id, c.backend_score) for c in _ranked(backend, 5)] == [
        (c.id, c.backend_score) for c in newest[:5]
    ]
    # A limit the window cannot fill widens it (here to every match).
    assert [c.id for c in _ranked(backend, 25)] == [c.id for c in every[:25]]
    backend.exact_postings = None  # exact mode ranks every match whatever the bound
    assert [c.id for c in _ranked(backend, 5)] == [c.id for c in every[:5]]


def test_a_rebuild_in_the_middle_of_a_search_does_not_fail_it(engine: SearchEngine) -> None:
    """A search pins the live generation; a reindex from another process that swaps and drops
    those tables meanwhile makes the search run again on the new index, not fail."""
    backend = engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL generations")
    import psycopg

    from prongsai.search.backends.postgres import PostgresBackend

    from .conftest import _postgres_dsn

    other_conn = psycopg.connect(_postgres_dsn())
    other = SearchEngine(PostgresBackend(other_conn, prefix=backend.prefix))
    load_terms = backend.load_terms
    swapped: list[int] = []

    def rebuild_first(candidates):
        if not swapped:
            swapped.append(backend.generation())
            other.rebuild(
                [SearchDocument(key="only", title="การทุจริตในภาครัฐ", body="รายงาน", date=DAY)]
            )
        return load_terms(candidates)

    backend.load_terms = rebuild_first
    try:
        results = engine.search("ทุจริต")
        assert swapped and [h.key for h in results.hits] == ["only"]
        assert backend.generation() == swapped[0] + 1
        assert engine.ranked_keys("ทุจริต") == ["only"]
    finally:
        backend.load_terms = load_terms
        other_conn.close()


def test_postgres_segments_bound_every_window_of_the_fill(empty_engine: SearchEngine) -> None:
    """A rebuild of an index of several segments gives each range of `segment_rows` ids a
    partial GIN index (the newest open-ended); no window of the bounded fill crosses a
    segment's bounds, so a window's bitmaps come from its segment's index alone."""
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL segments")
    backend.segment_rows = 7
    empty_engine.rebuild(_docs())  # ids 1-40: (0, 7] ... (28, 35] and (35, ...)
    assert backend._segments() == (7, 35)
    table = backend._t("doc")
    predicates = sorted(
        r[0]
        for r in backend.conn.execute(
            "SELECT pg_get_expr(indpred, indrelid) FROM pg_index "
            "WHERE indrelid = %s::regclass AND indpred IS NOT NULL",
            (table,),
        )
    )
    backend.conn.commit()
    assert len(predicates) == 6 and "(id > 35)" in predicates
    sent = _record_statements(backend)
    group = MatchGroup((Alternative(terms=("รายงาน",), family="w", weight=1.0),))
    backend.exact_postings = 0
    got = _fetch(backend, [group], 40)
    assert len(got) == 40
    windows = []
    for sql in sent:
        bound = re.search(r" AND [dt]\.id <= (\d+) AND [dt]\.id > (\d+)", sql)
        if "ORDER BY d.id DESC" in sql and bound is not None:
            windows.append((int(bound.group(2)), int(bound.group(1))))
    assert windows and windows[-1][0] == 0  # down to the oldest segment
    for lower, upper in windows:
        assert lower == 35 if upper > 35 else lower // 7 == (upper - 1) // 7, (lower, upper)
    # A window's bounds let the planner use its segment's index (it is chosen by cost: on
    # this tiny table the id index would win, so the other indexes are out of the way).
    backend.conn.execute(f"ALTER TABLE {table} DROP CONSTRAINT {table}_pkey")
    backend.conn.execute(f"DROP INDEX {table}_tv")
    backend.conn.execute("SET LOCAL enable_seqscan = off")
    plan = " ".join(
        r[0]
        for r in backend.conn.execute(
            f"EXPLAIN SELECT id FROM {table} d WHERE d.tv @@ to_tsquery('simple', 'รายงาน') "  # noqa: S608
            "AND d.id <= 21 AND d.id > 14"
        )
    )
    backend.conn.rollback()
    assert f"Bitmap Index Scan on {table}_tv_2 " in plan, plan


def test_postgres_segments_window_all_of_several_words_like_one_query(
    empty_engine: SearchEngine,
) -> None:
    """All of several common words, expected to fill the limit in the newest segment: both
    parts of the fill (title matches, then the rest) go window by window, and give what one
    query over the table gives."""
    backend = empty_engine.backend
    if backend.name != "postgres":
        pytest.skip("PostgreSQL segments")
    backend.segment_rows = 7
    empty_engine.rebuild(_docs())
    backend.exact_postings = 0
    groups = [
        MatchGroup((Alternative(terms=(w,), family="w", weight=1.0),))
        for w in ("งบประมาณ", "ติดตาม")
    ]

    def fill(limit: int) -> list[int]:
        return [c.id for c in _fetch(backend, groups, limit, match_all=True)]

    # Statements of the single queries are recorded too; only windows have constant bounds.
    sent = _record_statements(backend)
    for limit in (1, 3, 5, 20):
        segments = backend._segments
        backend._segments = lambda: None  # one query over the table
        single = fill(limit)
        backend._segments = segments
        assert fill(limit) == single, limit
    assert any(re.search(r"d\.id <= \d+ AND d\.id > \d+", s) for s in sent)
