"""A rebuild that analyses in worker processes writes the same index as a serial one."""

from __future__ import annotations

import datetime
import sqlite3
from io import StringIO

import pytest
from django.core.management import call_command

from prongsai.search import service
from prongsai.search.backends.sqlite_fts5 import SQLiteFTS5Backend
from prongsai.search.documents import SearchDocument
from prongsai.search.engine import SearchEngine
from prongsai.search.indexing import analysed_rows

from .conftest import DOCS


def _docs(n: int) -> list[SearchDocument]:
    base = DOCS * (n // len(DOCS) + 1)
    return [
        SearchDocument(
            key=f"{d.key}-{i}",
            title=f"{d.title} ฉบับที่ {i}",
            body=d.body,
            is_public=d.is_public,
            work_group=d.work_group,
            fiscal_year=d.fiscal_year,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
        )
        for i, d in enumerate(base[:n])
    ]


def _dump(backend: SQLiteFTS5Backend) -> tuple:
    doc, terms = backend._t("doc"), backend._t("terms")
    return (
        backend.conn.execute(f"SELECT * FROM {doc} ORDER BY id").fetchall(),  # noqa: S608
        backend.conn.execute(f"SELECT * FROM {terms} ORDER BY term").fetchall(),  # noqa: S608
    )


def test_parallel_analysis_gives_the_serial_rows_in_order() -> None:
    docs = _docs(150)
    assert list(analysed_rows(docs, workers=2, batch=7)) == list(analysed_rows(docs, 1))


def test_parallel_rebuild_writes_the_same_index() -> None:
    docs = _docs(150)
    serial = SQLiteFTS5Backend(sqlite3.connect(":memory:"), prefix="s")
    SearchEngine(serial).rebuild(docs)
    parallel = SQLiteFTS5Backend(sqlite3.connect(":memory:"), prefix="s")
    SearchEngine(parallel).rebuild_rows(analysed_rows(docs, workers=2, batch=16), batch=50)
    assert _dump(parallel) == _dump(serial)
    assert [h.key for h in SearchEngine(parallel).search("ทุจริต").hits] == [
        h.key for h in SearchEngine(serial).search("ทุจริต").hits
    ]


@pytest.mark.django_db
def test_search_reindex_with_workers(settings, tmp_path) -> None:
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "s.sqlite3")}
    service.reset_engine()
    try:
        out = StringIO()
        call_command("search_reindex", "--workers", "2", stdout=out)
        assert "indexed" in out.getvalue()
        assert not service.get_engine().needs_rebuild()
    finally:
        service.reset_engine()


def test_a_rebuild_counts_a_repeated_key_once() -> None:
    # The rebuild keeps term counts in memory; a key seen twice replaces its first row and its
    # terms, as upserting the documents one by one does.
    docs = _docs(20)
    again = [*docs, docs[3], SearchDocument(key=docs[5].key, title="หัวข้อใหม่ 2566", body="")]
    rebuilt = SQLiteFTS5Backend(sqlite3.connect(":memory:"), prefix="s")
    SearchEngine(rebuilt).rebuild_rows(analysed_rows(again, workers=1, batch=7), batch=6)
    upserted = SQLiteFTS5Backend(sqlite3.connect(":memory:"), prefix="s")
    for d in again:
        SearchEngine(upserted).index([d])
    doc_rows = lambda b: [r[1:] for r in _dump(b)[0]]  # noqa: E731 - ids differ
    assert sorted(doc_rows(rebuilt)) == sorted(doc_rows(upserted))
    assert _dump(rebuilt)[1] == _dump(upserted)[1]
