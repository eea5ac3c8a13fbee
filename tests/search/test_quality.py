"""Recall features that must hold on unseen text: sound-alike misspellings, spelled-out
acronyms, the vocabulary miner and the held-out query generator."""

from __future__ import annotations

import importlib.util
import random
import sqlite3
from pathlib import Path

import pytest

from prongsai.search.analysis import get_analyzer, spelled_acronym
from prongsai.search.documents import SearchDocument
from prongsai.search.evaluation import build_engine
from prongsai.search.spelling import SpellingIndex, thai_sound_key

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
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
