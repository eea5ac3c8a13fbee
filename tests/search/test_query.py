"""The query parser (pure): any input gives a plan; the plan says what will be matched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.search.analysis import get_analyzer
from prongsai.search.query import MAX_CONCEPTS, parse_query
from prongsai.search.spelling import SpellingIndex, edit_distance


def alts(plan, text):
    concept = next(c for c in plan.concepts if c.text == text)
    return {(a.family, " ".join(a.terms)) for a in concept.alternatives}


def test_question_particles_are_dropped_and_words_kept() -> None:
    plan = parse_query("ค่าไฟแพงรัฐช่วยอะไรบ้าง", get_analyzer())
    texts = [c.text for c in plan.concepts]
    assert "อะไร" not in texts and "บ้าง" not in texts
    assert {"ค่า", "ไฟ", "แพง", "รัฐ", "ช่วย"} <= set(texts)
    assert ("ค่า", "ไฟ") in plan.chunk_phrases  # typed together: a proximity bonus


def test_a_word_gets_its_syllables_year_and_relations() -> None:
    a = get_analyzer()
    assert ("s", "ทุ จริต") in alts(parse_query("ทุจริต", a), "ทุจริต")
    assert ("x", "yr2566") in alts(parse_query("2023", a), "2023")
    ppc = alts(parse_query("ป.ป.ช.", a), "ปปช")
    assert any("ทุจริต" in terms for family, terms in ppc if family == "w")
    # An abbreviation is not looked for as syllables (อสม must not match อสมท).
    concept = parse_query("อสม", a).concepts[0]
    assert all(x.reason == "abbreviation" for x in concept.alternatives if x.family == "s")


def test_known_multiword_terms_become_one_concept() -> None:
    plan = parse_query("Call-Center", get_analyzer())
    assert [c.text for c in plan.concepts] == ["call center"]
    assert ("x", "callcenter") in alts(plan, "call center")


def test_a_hyphenated_latin_term_typed_as_one_chunk_is_one_concept() -> None:
    a = get_analyzer()
    plan = parse_query("e-Service ภาครัฐ", a)
    assert [c.text for c in plan.concepts][:1] == ["e service"]
    assert {("w", "e service"), ("x", "eservice"), ("w", "service")} <= alts(plan, "e service")
    # Typed apart, the two words are two concepts: nothing says they are one term.
    assert [c.text for c in parse_query("e service", a).concepts] == ["e", "service"]


def test_quotes_make_a_required_phrase() -> None:
    plan = parse_query('"ผู้ชนะการเสนอราคา" ปี 2567', get_analyzer())
    assert plan.concepts[0].required
    assert plan.concepts[0].alternatives[0].terms == ("ผู้", "ชนะ", "การ", "เสนอ", "รา", "คา")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=50), st.none(), st.integers()))
def test_any_input_gives_a_plan(value) -> None:
    plan = parse_query(value, get_analyzer())
    assert len(plan.concepts) <= MAX_CONCEPTS
    for concept in plan.concepts:
        for alt in concept.alternatives:
            assert alt.family in {"w", "s", "x"}
            assert all(t and " " not in t for t in alt.terms)


def test_edit_distance_and_spelling_lookup() -> None:
    assert edit_distance("ดำรงค์", "ดำรง") == 2
    assert edit_distance("ab", "ba") == 1
    index = SpellingIndex([("ทุจริต", 50), ("ประมูล", 10), ("ประมง", 30)])
    assert index.lookup("ทุจรติ")[0][0] == "ทุจริต"
    assert index.lookup("ประมูน")[0][0] == "ประมูล"
    assert index.lookup("xy") == []
