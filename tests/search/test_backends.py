"""The same behaviour on every index backend (parametrised in conftest.py)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.search.documents import Filters, SearchDocument, Visibility
from prongsai.search.engine import SearchEngine

from .conftest import DOCS


def keys(engine: SearchEngine, q: str, **kw) -> list[str]:
    return [h.key for h in engine.search(q, **kw).hits]


def test_it_finds_a_word_inside_a_compound(engine: SearchEngine) -> None:
    found = keys(engine, "ทุจริต")
    assert set(found) == {"d1", "d4"}


def test_thai_and_arabic_digits_match_both_ways(engine: SearchEngine) -> None:
    assert "d1" in keys(engine, "มาตรการ 2566")  # the document says ๒๕๖๖
    assert "d2" in keys(engine, "ผู้ชนะ ๒๕๖๗")  # the document says 2567


def test_a_common_era_year_finds_the_buddhist_era_year(engine: SearchEngine) -> None:
    assert keys(engine, "เบิกจ่าย 2023")[0] == "d3"


def test_abbreviations_match_with_and_without_dots(engine: SearchEngine) -> None:
    assert keys(engine, "ปปช") == ["d1"]
    assert keys(engine, "ป.ป.ช.") == ["d1"]


def test_english_term_and_its_thai_forms(engine: SearchEngine) -> None:
    assert keys(engine, "e-service") == ["d4"]
    assert keys(engine, "E-Service")[0] == "d4"


def test_quoted_phrase_is_required(engine: SearchEngine) -> None:
    assert keys(engine, '"ผู้ชนะการเสนอราคา"') == ["d2"]
    assert keys(engine, '"เสนอราคาผู้ชนะ"') == []


def test_misspelling_finds_the_right_word(engine: SearchEngine) -> None:
    assert "d4" in keys(engine, "ศูนย์ดำรงค์ธรรม")


def test_ranking_puts_the_document_with_every_word_first(engine: SearchEngine) -> None:
    assert keys(engine, "การเบิกจ่ายงบประมาณ")[0] == "d3"
    assert keys(engine, "ร้องเรียน ทุจริต")[0] == "d4"


def test_filters_and_facet_counts(engine: SearchEngine) -> None:
    res = engine.search("ทุจริต")
    assert dict(res.facets["fiscal_year"]) == {"2566": 1, "2567": 1}
    assert dict(res.facets["ita_item"]) == {"O36": 1, "O31": 1}
    assert keys(engine, "ทุจริต", filters=Filters(fiscal_year=2567)) == ["d4"]
    assert keys(engine, "ทุจริต", filters=Filters(file_type="pdf")) == ["d1"]
    assert keys(engine, "ทุจริต", filters=Filters(ita_item="O31")) == ["d4"]
    assert set(keys(engine, "ทุจริต", filters=Filters(work_group="admin"))) == {"d1", "d4"}
    assert keys(engine, "ทุจริต", filters=Filters(work_group="finance")) == []
    dated = Filters(date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2024, 12, 31))
    assert keys(engine, "ทุจริต", filters=dated) == ["d4"]


def test_drafts_are_hidden_from_the_public_and_shown_to_their_work_group(
    engine: SearchEngine,
) -> None:
    assert "draft1" not in keys(engine, "ร่างแผน")
    assert "draft1" in keys(engine, "ร่างแผน", visibility=Visibility(frozenset({"admin"})))
    assert "draft1" not in keys(engine, "ร่างแผน", visibility=Visibility(frozenset({"finance"})))
    assert "draft1" in keys(engine, "ร่างแผน", visibility=Visibility.everything())


def test_snippet_highlights_the_original_text(engine: SearchEngine) -> None:
    hit = engine.search("2566").hits[0]
    assert hit.key == "d1"
    assert "<mark>๒๕๖๖</mark>" in hit.title_html  # Thai digits shown as written
    res = engine.search("ทุจริต")
    d4 = next(h for h in res.hits if h.key == "d4")
    assert "<mark>ทุจริต</mark>" in d4.title_html
    d1 = next(h for h in res.hits if h.key == "d1")
    assert "การป้องกันการ<mark>ทุจริต</mark>และ" in d1.snippet_html


def test_a_word_is_not_highlighted_inside_another_syllable(empty_engine: SearchEngine) -> None:
    empty_engine.index([SearchDocument(key="m", title="วงดุริยางค์ และสวนยาง", body="")])
    hit = empty_engine.search("ยาง").hits[0]
    assert hit.title_html == "วงดุริยางค์ และสวน<mark>ยาง</mark>"


def test_snippets_escape_html(empty_engine: SearchEngine) -> None:
    empty_engine.index([SearchDocument(key="x", title="<b>ทุจริต</b>", body="<script>ทุจริต</script>")])
    hit = empty_engine.search("ทุจริต").hits[0]
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "<b>" not in hit.title_html


def test_misspelt_words_still_find_and_zero_results_suggest_a_spelling(
    engine: SearchEngine,
) -> None:
    assert keys(engine, "ประพฤติมิชอย") == ["d1"]
    assert keys(engine, "servise") == ["d4"]
    res = engine.search("servise", filters=Filters(file_type="pdf"))
    assert res.total == 0
    assert res.suggestion == "service"
    nothing = engine.search("xyzzyq")
    assert nothing.total == 0 and nothing.suggestion == ""


def test_autocomplete_on_titles(engine: SearchEngine) -> None:
    titles = [t["title"] for t in engine.autocomplete("ประกาศผู้")]
    assert titles == ["ประกาศผู้ชนะการเสนอราคา จัดซื้อวัสดุสำนักงาน"]
    assert all("ยังไม่เผยแพร่" not in t["title"] for t in engine.autocomplete("ร่าง"))


def test_upsert_replaces_and_delete_removes(engine: SearchEngine) -> None:
    engine.index([SearchDocument(key="d2", title="ประกาศยกเลิก", body="ยกเลิกการจัดซื้อ")])
    assert keys(engine, "ผู้ชนะ") == []
    assert keys(engine, "ยกเลิก") == ["d2"]
    assert engine.delete(["d2"]) == 1
    assert keys(engine, "ยกเลิก") == []


def test_the_index_records_its_analyser_version(engine: SearchEngine) -> None:
    assert engine.backend.analyzer_version() == engine.index_version
    assert engine.index_version.startswith(engine.analyzer.version)
    assert not engine.needs_rebuild()


def test_a_rebuild_that_dies_half_way_leaves_the_live_index(engine: SearchEngine) -> None:
    def dying():
        yield DOCS[0]
        raise KeyboardInterrupt  # the process is killed mid-way

    with pytest.raises(KeyboardInterrupt):
        engine.rebuild(dying(), batch=1)
    assert set(keys(engine, "ทุจริต")) == {"d1", "d4"}
    engine.rebuild(DOCS[:2])
    assert keys(engine, "ร้องเรียน") == []


def test_pagination(engine: SearchEngine) -> None:
    first = engine.search("ประกาศ OR การ", page=1, page_size=1)
    second = engine.search("ประกาศ OR การ", page=2, page_size=1)
    assert first.total == second.total >= 2
    assert first.hits[0].key != second.hits[0].key


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "🙂🙂🙂",
        '"',
        '"""',
        "OR AND NOT",
        "NEAR(a b)",
        "*",
        "col:term",
        "a" * 5000,
        "ทุจริต" * 200,
        "\x00",
        "'; DROP TABLE x; --",
        "{title_w}: x",
        "^ทุจริต",
        "-ทุจริต",
    ],
)
def test_odd_queries_never_fail(engine: SearchEngine, q: str) -> None:
    res = engine.search(q)
    assert res.total >= 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=80))
def test_any_query_is_answered(engine: SearchEngine, q: str) -> None:
    res = engine.search(q)
    assert res.total >= 0
    assert isinstance(engine.autocomplete(q), list)
