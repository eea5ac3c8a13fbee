"""Candidate fetching stays bounded on large indexes and still finds the best documents.

A backend ranks every match of a candidate query itself only while the query reads few
postings (`SearchBackend.exact_postings`); above that it answers from bounded queries. The
fixture index is tiny, so the bound is lowered to force the bounded path.
"""

from __future__ import annotations

import datetime

import pytest

from prongsai.search.documents import Filters, SearchDocument, Visibility
from prongsai.search.engine import SearchEngine

QUERIES = ["การเบิกจ่ายงบประมาณ", "ร้องเรียน ทุจริต", "ทุจริต", "มาตรการ 2566", "ปปช", "ประกาศ"]


def keys(engine: SearchEngine, q: str, **kw) -> list[str]:
    return [h.key for h in engine.search(q, **kw).hits]


@pytest.fixture
def bounded(engine: SearchEngine) -> SearchEngine:
    engine.backend.exact_postings = 0
    return engine


def test_bounded_fetch_still_puts_the_best_document_first(bounded: SearchEngine) -> None:
    assert keys(bounded, "การเบิกจ่ายงบประมาณ")[0] == "d3"
    assert keys(bounded, "ร้องเรียน ทุจริต")[0] == "d4"
    assert set(keys(bounded, "ทุจริต")) == {"d1", "d4"}


def test_bounded_fetch_finds_what_the_exact_fetch_finds_when_matches_are_few(
    engine: SearchEngine,
) -> None:
    exact = {q: keys(engine, q) for q in QUERIES}
    engine.backend.exact_postings = 0
    for q in QUERIES:
        assert sorted(keys(engine, q)) == sorted(exact[q]), q


def test_bounded_fetch_keeps_drafts_hidden_and_filters(bounded: SearchEngine) -> None:
    assert "draft1" not in keys(bounded, "ป้องกัน ทุจริต")
    assert "draft1" in keys(bounded, "ป้องกัน ทุจริต", visibility=Visibility(frozenset({"admin"})))
    res = bounded.search("ประกาศ", filters=Filters(fiscal_year=2567))
    assert [h.key for h in res.hits] == ["d2"]


def test_bounded_fetch_on_a_common_word_is_capped_and_finds_the_rare_word(
    empty_engine: SearchEngine,
) -> None:
    day = datetime.date(2024, 1, 1)
    docs = [
        SearchDocument(
            key=f"n{i:03d}",
            title=f"ข่าวประชาสัมพันธ์ ฉบับที่ {i}",
            body="ประชาสัมพันธ์ " * 5 + "การประชุมคณะกรรมการประจำเดือน",
            date=day + datetime.timedelta(days=i),
        )
        for i in range(400)
    ]
    docs.append(
        SearchDocument(
            key="target",
            title="ประชาสัมพันธ์ โครงการปลูกป่าชายเลน",
            body="ประชาสัมพันธ์ โครงการปลูกป่าชายเลน ร่วมกับชุมชน",
            date=day,
        )
    )
    empty_engine.rebuild(docs)
    empty_engine.backend.exact_postings = 50
    res = empty_engine.search("ประชาสัมพันธ์ ป่าชายเลน")
    assert res.hits[0].key == "target"
    common = empty_engine.search("ประชาสัมพันธ์")
    assert common.hits and common.truncated  # at most the candidate cap, flagged as such
