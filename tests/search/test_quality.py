"""Recall features that must hold on unseen text: sound-alike misspellings, spelled-out
acronyms, the vocabulary and neighbour miners and the held-out query generator."""

from __future__ import annotations

import importlib.util
import json
import random
import sqlite3
import sys
from pathlib import Path

import pytest

from prongsai.search.analysis import get_analyzer, spelled_acronym
from prongsai.search.documents import Filters, SearchDocument, Visibility
from prongsai.search.evaluation import build_engine
from prongsai.search.query import NEIGHBOUR_WEIGHT, PIVOT_WEIGHT
from prongsai.search.spelling import SpellingIndex, thai_sound_key

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("อนุญาติ", "อนุญาต"),  # ติ for a final ต
        ("กฏหมาย", "กฎหมาย"),  # ฏ / ฎ
        ("คอรัปชั่น", "คอร์รัปชัน"),  # tone mark and silent letter
        ("โอกาศ", "โอกาส"),  # ศ / ส
        ("เทศกาน", "เทศกาล"),  # final น / ล
        ("แก๊งค์", "แก๊ง"),  # a garan ending
    ],
)
def test_misspellings_share_the_sound_key_of_the_right_word(wrong: str, right: str) -> None:
    assert thai_sound_key(wrong) == thai_sound_key(right)


def test_different_words_keep_different_sound_keys() -> None:
    assert thai_sound_key("ไก่") != thai_sound_key("ไข่")
    assert thai_sound_key("ทุจริต") != thai_sound_key("สุจริต")
    assert thai_sound_key("budget") == "budget"


def test_spelling_index_finds_the_indexed_spelling_of_the_same_sound() -> None:
    index = SpellingIndex([("อนุญาต", 40), ("กฎหมาย", 90), ("อนุบาล", 5)])
    assert index.sounds_like("อนุญาติ") == [("อนุญาต", 40)]
    assert index.sounds_like("กฏหมาย") == [("กฎหมาย", 90)]
    assert index.sounds_like("กฎหมาย") == []  # the word itself is not a suggestion


def test_acronyms_and_their_thai_letter_names() -> None:
    assert spelled_acronym("boi") == "บีโอไอ"
    assert spelled_acronym("บีโอไอ") == "boi"
    assert spelled_acronym("อีอีซี") == "eec"
    assert spelled_acronym("ทุจริต") is None
    assert spelled_acronym("government") is None
    assert "บีโอไอ" in get_analyzer().lexicon.related("boi")["transliteration"]


@pytest.fixture(scope="module")
def engine():
    docs = [
        SearchDocument(key="permit", title="การขออนุญาตก่อสร้างอาคาร", body="ยื่นคำขออนุญาตที่สำนักงานเขต"),
        SearchDocument(key="law", title="ร่างกฎหมายใหม่", body="คณะรัฐมนตรีอนุมัติร่างกฎหมายว่าด้วยข้อมูล"),
        SearchDocument(key="boi", title="บีโอไอ อนุมัติส่งเสริมการลงทุน", body="บีโอไอ เห็นชอบโครงการ"),
        SearchDocument(key="rice", title="ราคาข้าวเปลือก", body="ชาวนาขายข้าวได้ราคาดี"),
        *(
            SearchDocument(key=f"n{i}", title=f"ข่าวทั่วไป {i}", body="ประชุม หารือ ติดตามงาน")
            for i in range(6)
        ),
    ]
    return build_engine(docs, conn=sqlite3.connect(":memory:"))


def test_a_misspelling_cut_into_real_words_finds_the_right_word(engine) -> None:
    # อนุญาติ is segmented อนุ|ญาติ: both are words, so only the sound key can join them.
    assert engine.ranked_keys("อนุญาติ")[0] == "permit"
    assert engine.ranked_keys("กฏหมาย")[0] == "law"


def test_an_english_acronym_finds_its_thai_spelling(engine) -> None:
    assert engine.ranked_keys("BOI")[0] == "boi"


def test_the_miner_finds_a_full_form_before_a_dotted_abbreviation() -> None:
    miner_module = _load("mine_vocabulary")
    miner = miner_module.Miner()
    text = (
        "โดยธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ธ.ก.ส.) จะโอนเงิน "
        "ทั้งนี้ สำนักงานคณะกรรมการส่งเสริมการลงทุน (BOI) อนุมัติโครงการ"
    )
    for _ in range(3):
        miner.feed(text)
    miner.count_names([text] * 3, min_count=3)
    abbreviations, english = miner.results(min_count=3)
    assert ("ธกส", "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", 3) in abbreviations
    assert ("BOI", "สำนักงานคณะกรรมการส่งเสริมการลงทุน", 3) in english


def test_the_miner_reads_a_law_name_written_with_its_year_before_the_acronym() -> None:
    m = _load("mine_vocabulary")
    miner = m.Miner()
    texts = [
        "ตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 (PDPA) ที่มีผลบังคับใช้",
        "ความสำคัญของกฎหมายคุ้มครองข้อมูลส่วนบุคคลฯ (PDPA) ต่อประชาชน",
        "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒ (PDPA)",
    ]
    for text in texts:
        miner.feed(m._normalise(text))
    miner.count_names([m._normalise(t) for t in texts], min_count=3)
    _abbreviations, english = miner.results(min_count=3)
    assert ("PDPA", "คุ้มครองข้อมูลส่วนบุคคล", 3) in english


def test_the_miner_leaves_out_the_documents_of_another_corpus(tmp_path) -> None:
    m = _load("mine_vocabulary")
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "title": f"ข่าว {i}", "text": "เนื้อหา"}, ensure_ascii=False)
            + "\n"
            for i in range(4)
        ),
        "utf-8",
    )
    dev = tmp_path / "dev.jsonl"
    dev.write_text('{"id": "d1", "title": "", "text": ""}\n{"id": "d3"}\n', "utf-8")
    assert m.read_ids(dev) == {"d1", "d3"}
    assert [t.split("\n")[0] for t in m.read_texts(corpus, m.read_ids(dev))] == ["ข่าว 0", "ข่าว 2"]
    out = tmp_path / "out"
    out.mkdir()
    assert m.main([str(corpus), "--exclude", str(dev), "--out", str(out)]) == 0
    assert "from 2 Thai government news items" in (out / "mined_english.tsv").read_text("utf-8")


def test_the_miner_rules_on_single_pairs() -> None:
    m = _load("mine_vocabulary")
    words = ["ได้", "รับ", "เงิน", "จาก", "กองทุน", "หมู่บ้าน"]
    assert m.full_form_for("ก.ท.บ.", words) == "กองทุนหมู่บ้าน"
    assert m.full_form_for("ก.ส.ม.", words) is None  # no run has all the letters in order
    assert m.full_form_for("อสม.", ["โดย", "อาสาสมัคร", "สาธารณสุข", "ประจำ", "หมู่บ้าน"]) == (
        "อาสาสมัครสาธารณสุขประจำหมู่บ้าน"
    )
    assert m.sounds_alike("แลนด์บริดจ์", "Landbridge")
    assert not m.sounds_alike("ทุจริต", "Landbridge")


def test_heldout_misspellings_change_the_word_by_a_general_rule() -> None:
    h = _load("heldout_check")
    rng = random.Random(3)
    for word in ("ประชาชน", "อนุญาต", "เศรษฐกิจ", "ร้องเรียน"):
        wrong = h.misspell(word, rng)
        assert wrong and wrong != word


def test_the_neighbour_miner_keeps_stand_ins_and_drops_merely_related_words() -> None:
    m = _load("mine_neighbours")
    c = m.Candidate
    dictionary = {"มอเตอร์เวย์", "ทางหลวงพิเศษ", "ลำปาง", "สุโขทัย", "รับฟัง", "ความคิดเห็น"}
    dictionary |= {"ประมง", "การประมง", "ค่าแรง", "ค่าจ้าง"}
    candidates = [
        c("มอเตอร์เวย์", "ทางหลวงพิเศษ", 0.851, 0, 0, 300, 500, 3),  # kept
        c("มอเตอร์เวย์", "motorway", 0.80, 1, 0, 300, 40, 0),  # Thai and English: kept
        c("ลำปาง", "สุโขทัย", 0.80, 0, 0, 700, 700, 10),  # provinces
        c("รับฟัง", "ความคิดเห็น", 0.78, 0, 0, 900, 2000, 400),  # written side by side
        c("ประมง", "การประมง", 0.81, 0, 0, 500, 300, 0),  # one inside the other
        c("ค่าแรง", "ค่าจ้าง", 0.71, 1, 1, 200, 400, 0),  # below the cosine
        c("ค่าแรง", "ค่าจ้าง", 0.80, 5, 0, 200, 400, 0),  # not among the five nearest
        c("ค่าแรง", "ค่าจ้าง", 0.80, 0, 0, 19, 400, 0),  # too rare to trust
        c("ซาน", "เลีย", 0.82, 1, 4, 30, 20, 0),  # pieces of names, not dictionary words
        c("later", "prior", 0.98, 0, 0, 56, 25, 0),  # two English words
    ]
    pairs = m.select_pairs(candidates, dictionary, excluded={"ลำปาง", "สุโขทัย"})
    assert pairs == [("มอเตอร์เวย์", "motorway", 0.8), ("มอเตอร์เวย์", "ทางหลวงพิเศษ", 0.851)]


def test_the_neighbour_miner_counts_words_written_close_together() -> None:
    m = _load("mine_neighbours")
    near = m.near_counts([["ก", "ข", "ค", "ง"], ["ข", "ก"]], window=2)
    assert near[("ก", "ข")] == near[("ข", "ก")] == 2
    assert near[("ก", "ค")] == 1
    assert near[("ก", "ง")] == 0  # three words apart


def test_the_shipped_neighbour_list_is_well_formed() -> None:
    m = _load("mine_neighbours")
    excluded = m.excluded_words()
    path = Path(m.OUT)
    lines = [x for x in path.read_text("utf-8").splitlines() if x and not x.startswith("#")]
    assert len(lines) > 1000
    for line in lines:
        a, b, cosine = line.split("\t")
        assert a != b and a not in b and b not in a
        assert float(cosine) >= m.MIN_COSINE
        assert a not in excluded and b not in excluded


def test_a_word_also_finds_its_mined_neighbour_below_itself() -> None:
    analyzer = get_analyzer()
    assert "ทางหลวงพิเศษ" in analyzer.lexicon.related("มอเตอร์เวย์")["neighbour"]
    docs = [
        SearchDocument(key="toll", title="ยกเว้นค่าผ่านทางทางหลวงพิเศษหมายเลข 7", body="ช่วงวันหยุดยาว"),
        SearchDocument(key="motorway", title="เปิดใช้มอเตอร์เวย์สายใหม่", body="ช่วงวันหยุดยาว"),
        SearchDocument(key="rice", title="ราคาข้าวเปลือก", body="ชาวนาขายข้าวได้ราคาดี"),
        *(
            SearchDocument(key=f"n{i}", title=f"ข่าวทั่วไป {i}", body="ประชุม หารือ ติดตามงาน")
            for i in range(6)
        ),
    ]
    engine = build_engine(docs, conn=sqlite3.connect(":memory:"))
    assert engine.ranked_keys("มอเตอร์เวย์") == ["motorway", "toll"]
    plan = engine.plan("มอเตอร์เวย์")
    words = {a.terms: a for a in plan.concepts[0].alternatives if a.family == "w"}
    assert words[("ทางหลวงพิเศษ",)].reason == "neighbour"
    assert words[("ทางหลวงพิเศษ",)].weight == NEIGHBOUR_WEIGHT < words[("มอเตอร์เวย์",)].weight


def test_thesaurus_pairs_that_the_corpus_uses_unalike_are_listed() -> None:
    m = _load("mine_neighbours")
    cosines = {("รัฐ", "จังหวัด"): 0.126, ("ไฟ", "กระแสไฟฟ้า"): 0.5}
    synonyms = {"รัฐ": {"จังหวัด"}, "ไฟ": {"กระแสไฟฟ้า", "อัคคี"}}

    def similarity(a: str, b: str) -> float | None:
        return cosines.get((a, b))  # อัคคี has no vector: too rare to judge, kept

    assert m.unlike_synonyms(synonyms, similarity) == [("รัฐ", "จังหวัด", 0.126)]


def test_the_search_leaves_out_thesaurus_pairs_listed_as_unlike(tmp_path) -> None:
    from prongsai.search.analysis import VOCABULARY_DIR, Analyzer

    for path in VOCABULARY_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    shipped = Analyzer(tmp_path).lexicon.synonyms
    word, synonyms = next((w, s) for w, s in sorted(shipped.items()) if len(s) > 1)
    dropped = sorted(synonyms)[0]
    unlike = tmp_path / "mined_unlike_synonyms.tsv"
    unlike.write_text(unlike.read_text("utf-8") + f"{word}\t{dropped}\t0.1\n", "utf-8")
    synonyms_now = Analyzer(tmp_path).lexicon.synonyms
    assert dropped not in synonyms_now[word]
    assert synonyms_now[word] == synonyms - {dropped}


def test_the_shipped_thesaurus_has_no_pair_of_another_sense() -> None:
    # WordNet puts รัฐ and จังหวัด in one synset ("political unit"); in the news รัฐ is the
    # government, and a query about what the state does must not look for provinces.
    synonyms = get_analyzer().lexicon.related("รัฐ")["synonym"]
    assert "จังหวัด" not in synonyms
    assert "ประเทศ" in synonyms


def test_a_hyphenated_term_ranks_its_documents_above_those_with_one_part() -> None:
    docs = [
        SearchDocument(key="eservice", title="บริการ e-Service ภาครัฐ", body="ยื่นคำขอผ่าน e-Service"),
        SearchDocument(
            key="service", title="The cabinet met", body="public service service service"
        ),
        *(
            SearchDocument(key=f"n{i}", title=f"ข่าวทั่วไป {i}", body="ประชุม หารือ ติดตามงาน")
            for i in range(6)
        ),
    ]
    engine = build_engine(docs, conn=sqlite3.connect(":memory:"))
    assert engine.ranked_keys("e-Service")[0] == "eservice"


def test_a_thai_word_reaches_another_through_a_shared_english_word() -> None:
    # คอรัปชั่น (a loanword, misspelt) and ทุจริต are both listed beside "corruption".
    lexicon = get_analyzer().lexicon
    assert "ทุจริต" in lexicon.related("คอรัปชั่น")["pivot"]
    assert "คอร์รัปชัน" in lexicon.related("ทุจริต")["pivot"]
    assert lexicon.related("corruption")["pivot"] == set()  # only Thai words pivot
    assert all(
        not word.isascii()
        for term in ("ทุจริต", "คอรัปชั่น", "ปัญญาประดิษฐ์")
        for word in lexicon.related(term)["pivot"]
    )
    docs = [
        SearchDocument(key="graft", title="รณรงค์ต่อต้านการทุจริตในหน่วยงาน", body="ร่วมใจต้านทุจริต"),
        SearchDocument(key="rice", title="ราคาข้าวเปลือก", body="ชาวนาขายข้าวได้ราคาดี"),
        *(
            SearchDocument(key=f"n{i}", title=f"ข่าวทั่วไป {i}", body="ประชุม หารือ ติดตามงาน")
            for i in range(6)
        ),
    ]
    engine = build_engine(docs, conn=sqlite3.connect(":memory:"))
    assert engine.ranked_keys("ต่อต้านคอรัปชั่น")[0] == "graft"
    concept = engine.plan("คอรัปชั่น").concepts[0]
    pivot = next(a for a in concept.alternatives if a.terms == ("ทุจริต",))
    assert pivot.reason == "pivot"
    assert pivot.weight == PIVOT_WEIGHT < 0.85  # below a direct transliteration


def test_a_listed_transliteration_finds_the_spelling_the_index_uses() -> None:
    # The list spells "big" บิก; the news writes บิ๊ก (a tone mark more, the same sound key).
    assert "บิก" in get_analyzer().lexicon.related("big")["transliteration"]
    docs = [
        SearchDocument(key="bigdata", title="เก็บบิ๊กดาต้าศูนย์ราชการ", body="สร้างบิ๊กดาต้าเพื่อบริการ"),
        SearchDocument(key="bike", title="บิ๊กไบค์ขึ้นทางด่วน", body="ห้ามบิ๊กไบค์ขึ้นทางด่วน"),
        SearchDocument(key="rice", title="ราคาข้าวเปลือก", body="ชาวนาขายข้าวได้ราคาดี"),
        *(
            SearchDocument(key=f"n{i}", title=f"ข่าวทั่วไป {i}", body="ประชุม หารือ ติดตามงาน")
            for i in range(6)
        ),
    ]
    engine = build_engine(docs, conn=sqlite3.connect(":memory:"))
    assert engine.ranked_keys("Big Data") == ["bigdata", "bike"]
    plan = engine.plan("Big Data")
    engine._reading(lambda: engine._ranked(plan, Filters(), Visibility.everything()))
    big = {a.terms: a for a in plan.concepts[0].alternatives}
    assert big[("บิ๊ก",)].reason == "sound"
