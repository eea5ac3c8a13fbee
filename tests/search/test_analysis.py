from __future__ import annotations

from prongsai.search.analysis import get_analyzer, year_terms


def test_it_finds_words_inside_compounds_through_syllables() -> None:
    a = get_analyzer().analyze("การป้องกันการทุจริต")
    assert "ทุจริต" in a.words
    assert a.syllables[-2:] == ["ทุ", "จริต"]


def test_it_folds_digits_years_and_abbreviations() -> None:
    thai = get_analyzer().analyze("พ.ร.บ.งบประมาณ ปี ๒๕๖๖ ป.ป.ช.")
    arabic = get_analyzer().analyze("พรบ งบประมาณ ปี 2566 ปปช")
    assert thai.words == arabic.words
    assert "yr2566" in thai.extras
    assert get_analyzer().analyze("ค.ศ. 2023").extras == ["yr2566"]
    assert get_analyzer().analyze("ปี 66").extras == ["yr2566"]


def test_year_terms_know_both_eras() -> None:
    assert year_terms("2566") == ["yr2566"]
    assert year_terms("2023") == ["yr2566"]
    assert year_terms("66", "ปี") == ["yr2566"]
    assert year_terms("66") == []
    assert year_terms("138") == []


def test_it_splits_latin_compounds_and_keeps_the_joined_form() -> None:
    a = get_analyzer().analyze("ระบบ e-Service และฝุ่น PM2.5")
    assert a.words[a.words.index("e") : a.words.index("e") + 2] == ["e", "service"]
    assert "eservice" in a.extras
    assert "pm" in a.words and "2" in a.words


def test_vocabulary_keeps_abbreviations_whole_and_links_them() -> None:
    analyzer = get_analyzer()
    assert analyzer.words("ปปช") == ["ปปช"]
    related = analyzer.lexicon.related("ปปช")
    assert any("ทุจริต" in full for full in related["abbreviation"])
    assert "กะทันหัน" in analyzer.lexicon.related("กระทันหัน")["variant"]
    assert "ดิจิทัล" in analyzer.lexicon.related("digital")["transliteration"]


def test_version_depends_on_dictionaries(tmp_path) -> None:
    import shutil

    from prongsai.search.analysis import VOCABULARY_DIR, Analyzer

    vocab = tmp_path / "vocabulary"
    shutil.copytree(VOCABULARY_DIR, vocab)
    with (vocab / "terms_th.txt").open("a", encoding="utf-8") as f:
        f.write("คำใหม่ทดสอบ\n")
    assert Analyzer(vocab).version != get_analyzer().version


def test_it_never_fails_on_odd_text() -> None:
    for text in ["", "   ", "🙂🙂", '"OR" AND NOT *', "ๆๆๆ", "\u0e48\u0e48", "a" * 5000]:
        get_analyzer().analyze(text)


def test_cached_tokens_still_depend_on_the_word_before() -> None:
    # Token cleaning is cached per token; a two-digit number is a year only after a cue word,
    # whichever of the two was seen first.
    analyzer = get_analyzer()
    for _ in range(2):
        assert analyzer.analyze("ราคา 67 บาท").extras == []
        assert analyzer.analyze("ปีงบประมาณ 67").extras == ["yr2567"]
        assert analyzer.analyze("67").extras == []
    twice = analyzer.analyze("ปี 66 และ e-Service ปี 66 e-Service 2023")
    assert twice.extras == ["yr2566", "eservice", "yr2566", "eservice", "yr2566"]
    assert twice.words == analyzer.analyze("ปี 66 และ e-Service ปี 66 e-Service 2023").words
