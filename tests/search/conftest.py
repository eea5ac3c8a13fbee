"""Search index fixtures: the same tests run on every backend (SQLite FTS5, PostgreSQL)."""

from __future__ import annotations

import datetime
import os
import sqlite3
import uuid
from collections.abc import Iterator

import pytest

from prongsai.search.documents import SearchDocument
from prongsai.search.engine import SearchEngine

DOCS = [
    SearchDocument(
        key="d1",
        title="มาตรการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        body="สำนักงานจังหวัดประกาศมาตรการการป้องกันการทุจริตและประพฤติมิชอบ "
        "เพื่อส่งเสริมคุณธรรมและความโปร่งใส ตามแนวทางของ ป.ป.ช.",
        url="/d1",
        kind="disclosure",
        fiscal_year=2566,
        ita_item="O36",
        work_group="admin",
        file_type="pdf",
        date=datetime.date(2023, 3, 1),
    ),
    SearchDocument(
        key="d2",
        title="ประกาศผู้ชนะการเสนอราคา จัดซื้อวัสดุสำนักงาน",
        body="ประกาศผู้ชนะการเสนอราคาโดยวิธีเฉพาะเจาะจง ราคากลาง 45,000 บาท ปี 2567",
        url="/d2",
        kind="disclosure",
        fiscal_year=2567,
        ita_item="O20",
        work_group="finance",
        file_type="pdf",
        date=datetime.date(2024, 1, 15),
    ),
    SearchDocument(
        key="d3",
        title="รายงานผลการเบิกจ่ายงบประมาณ ไตรมาส 2",
        body="ผลการเบิกจ่ายงบประมาณรายจ่ายประจำปี 2566 คิดเป็นร้อยละ 60 "
        "โครงการส่งเสริมการท่องเที่ยวและการเกษตร",
        url="/d3",
        kind="disclosure",
        fiscal_year=2566,
        ita_item="O14",
        work_group="finance",
        file_type="xlsx",
        date=datetime.date(2023, 4, 20),
    ),
    SearchDocument(
        key="d4",
        title="ช่องทางการร้องเรียนเรื่องการทุจริต",
        body="ประชาชนสามารถแจ้งเรื่องร้องเรียนผ่านศูนย์ดำรงธรรม หรือระบบ e-Service ของจังหวัด",
        url="/d4",
        kind="disclosure",
        fiscal_year=2567,
        ita_item="O31",
        work_group="admin",
        file_type="html",
        date=datetime.date(2024, 2, 1),
    ),
    SearchDocument(
        key="draft1",
        title="ร่างแผนปฏิบัติการป้องกันการทุจริต (ยังไม่เผยแพร่)",
        body="ร่างแผนที่ยังไม่ได้รับอนุมัติ ห้ามเผยแพร่ต่อสาธารณะ",
        url="/draft1",
        kind="disclosure",
        is_public=False,
        fiscal_year=2567,
        ita_item="O36",
        work_group="admin",
        file_type="docx",
        date=datetime.date(2024, 3, 1),
    ),
]


def _postgres_dsn() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    return os.environ.get("SEARCH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


# The PostgreSQL backend's segment indexes (partial GIN indexes over id ranges, see
# `postgres.SEGMENT_ROWS`) exist only on indexes of at least two segments: "postgres" runs the
# tests without them (every test index is far smaller than a segment), "postgres-segments" with
# segments of this many ids, so both ways of reading the index pass the same tests.
TEST_SEGMENT_ROWS = 3


def make_backend(kind: str):
    if kind == "sqlite":
        from prongsai.search.backends.sqlite_fts5 import SQLiteFTS5Backend

        return SQLiteFTS5Backend(sqlite3.connect(":memory:"), prefix="t_search"), None
    psycopg = pytest.importorskip("psycopg")
    from prongsai.search.backends.postgres import PostgresBackend

    try:
        conn = psycopg.connect(_postgres_dsn(), connect_timeout=3)
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")
    prefix = "t_search_" + uuid.uuid4().hex[:8]
    backend = PostgresBackend(conn, prefix=prefix)
    if kind == "postgres-segments":
        backend.segment_rows = TEST_SEGMENT_ROWS
    return backend, conn


@pytest.fixture(params=["sqlite", "postgres", "postgres-segments"])
def backend_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_engine(backend_kind: str) -> Iterator[SearchEngine]:
    backend, conn = make_backend(backend_kind)
    try:
        yield SearchEngine(backend)
    finally:
        if conn is not None:
            backend.drop_all()
            conn.close()


@pytest.fixture
def engine(empty_engine: SearchEngine) -> SearchEngine:
    empty_engine.rebuild(DOCS)
    return empty_engine
