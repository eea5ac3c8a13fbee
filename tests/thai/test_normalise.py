from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.thai.normalise import normalise, normalise_with_offsets

# Strings biased towards Thai, its marks, digits, zero-width characters and PUA glyphs.
thai_alphabet = st.one_of(
    st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B),
    st.characters(min_codepoint=0xF700, max_codepoint=0xF71A),
    st.sampled_from(list(" \t\n\u200b\u200c\u200d\ufeff\u00ad\u0301\u0300a1.")),
)
thai_text = st.text(alphabet=thai_alphabet, max_size=60)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("น\u0e4d\u0e32", "น\u0e33"),  # nikhahit + sara aa -> sara am
        ("น\u0e49\u0e4d\u0e32", "น\u0e49\u0e33"),  # tone before nikhahit
        ("น\u0e4d\u0e49\u0e32", "น\u0e49\u0e33"),  # tone between nikhahit and sara aa
        ("ก\u0e48\u0e35", "ก\u0e35\u0e48"),  # tone typed before the above vowel: กี่
        ("ก\u0e48\u0e38", "ก\u0e38\u0e48"),  # below vowel (NFC already does this)
        ("น\u0e49\u0e49\u0e33", "น\u0e49\u0e33"),  # doubled tone mark (OCR)
        ("\u0e40\u0e40ม\u0e48", "แม\u0e48"),  # เเ -> แ
        ("ต \u0e49องการ", "ต\u0e49องการ"),  # space before a mark (PDF)
        ("ทุจ\u200bริต", "ทุจริต"),  # zero-width space
        ("ปี ๒๕๖๖", "ปี 2566"),  # Thai digits
        ("ก\uf70aา", "ก\u0e48า"),  # PUA low mai ek
        ("\uf700าน", "ฐาน"),  # PUA ฐ without descender
        ("  หลาย   ช่อง\n\nว่าง ", "หลาย ช่อง ว่าง"),
        ("Café", "Café"),  # case and Latin untouched
        ("", ""),
    ],
)
def test_it_normalises_known_defects(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_it_keeps_sara_am_that_nfkc_would_split() -> None:
    assert normalise("สำนักงาน") == "สำนักงาน"
    assert "\u0e4d" not in normalise(unicodedata.normalize("NFKC", "สำนักงาน"))


def test_it_rejects_non_strings_clearly() -> None:
    with pytest.raises(TypeError):
        normalise(None)  # type: ignore[arg-type]


@settings(max_examples=500)
@given(st.one_of(thai_text, st.text(max_size=40)))
def test_it_is_idempotent_and_never_raises(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip()
    assert "  " not in once


@settings(max_examples=300)
@given(st.one_of(thai_text, st.text(max_size=40)))
def test_offsets_point_back_into_the_original(text: str) -> None:
    result, offsets = normalise_with_offsets(text)
    assert result == normalise(text)
    assert len(offsets) == len(result) + 1
    assert offsets == sorted(offsets)
    assert all(0 <= o <= len(text) for o in offsets)


def test_offsets_map_a_word_to_its_original_spelling() -> None:
    raw = "การป้องกัน\u200bการทุ\u200bจริต ปี ๒๕๖๖"
    result, offsets = normalise_with_offsets(raw)
    start = result.index("ทุจริต")
    end = start + len("ทุจริต")
    assert raw[offsets[start] : offsets[end]] == "ทุ\u200bจริต"
    y = result.index("2566")
    assert raw[offsets[y] : offsets[y + 4]] == "๒๕๖๖"


def _plain_once(text: str) -> str:
    """The normaliser's steps without its shortcuts (each step always applied)."""
    from prongsai.thai import normalise as n

    s = unicodedata.normalize("NFC", text.translate(n._TABLE))
    s = n._SPACE_BEFORE_MARK.sub("", s)
    s = n._MARK_RUN.sub(n._sort_marks_match, s)
    s = n._NIKHAHIT_AA.sub("\\1\u0e33", s)
    s = n._DOUBLE_SARA_E.sub("\u0e41", s)
    s = n._WHITESPACE.sub(" ", s).strip()
    return unicodedata.normalize("NFC", s)


@settings(max_examples=500)
@given(
    st.one_of(
        thai_text,
        st.text(
            alphabet=st.one_of(thai_alphabet, st.sampled_from(list("\x1c\x85\u2028\u3000\xa0๑๒"))),
            max_size=80,
        ),
        st.text(max_size=40),
    )
)
def test_the_shortcuts_change_nothing(text: str) -> None:
    from prongsai.thai import normalise as n

    assert n._once(text) == _plain_once(text)
