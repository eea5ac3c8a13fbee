"""One normaliser for Thai text, applied identically to documents and to queries.

Search only works when a document and a query that *look* the same to a reader are also
the same string. Thai text from Word, web pages, PDFs and OCR differs invisibly:

* zero-width characters and soft hyphens inside words;
* Thai digits (๐–๙) next to Arabic digits;
* sara am written as nikhahit + sara aa (ํ + า instead of ำ; Tesseract always does this);
* a tone mark typed before an above vowel (NFC does not reorder those), or typed twice;
* sara e typed twice for sara ae (เเ instead of แ);
* a space or a line break before a combining mark (PDF extraction and OCR artefacts);
* PDF glyphs mapped to the Private Use Area (U+F700–U+F71A: shifted tone marks and vowels of
  the Thai fonts shipped with Windows and TH Sarabun).

`normalise` is pure, never raises on any ``str`` and is idempotent. It keeps letter case:
case folding belongs to the search analyser. `normalise_with_offsets` returns the same string
and, for each character, the index of the original character it came from, so that matches
found in normalised text can be highlighted in the original.

This module imports nothing of ours and no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["normalise", "normalise_with_offsets", "THAI_MARKS"]

# Private Use Area glyphs of Thai fonts (the Microsoft/TH Sarabun convention, also used by
# the TLWG fonts): shifted or lowered variants of marks, and consonants without descender.
_PUA = {
    0xF700: "\u0e10",  # ฐ without descender
    0xF701: "\u0e34",  # sara i, shifted left
    0xF702: "\u0e35",  # sara ii, shifted left
    0xF703: "\u0e36",  # sara ue, shifted left
    0xF704: "\u0e37",  # sara uee, shifted left
    0xF705: "\u0e48",  # mai ek, low left
    0xF706: "\u0e49",  # mai tho, low left
    0xF707: "\u0e4a",  # mai tri, low left
    0xF708: "\u0e4b",  # mai chattawa, low left
    0xF709: "\u0e4c",  # thanthakhat, low left
    0xF70A: "\u0e48",  # mai ek, low
    0xF70B: "\u0e49",  # mai tho, low
    0xF70C: "\u0e4a",  # mai tri, low
    0xF70D: "\u0e4b",  # mai chattawa, low
    0xF70E: "\u0e4c",  # thanthakhat, low
    0xF70F: "\u0e0d",  # ญ without descender
    0xF710: "\u0e31",  # mai han-akat, left
    0xF711: "\u0e4d",  # nikhahit, left
    0xF712: "\u0e47",  # maitaikhu, left
    0xF713: "\u0e48",  # mai ek, left
    0xF714: "\u0e49",  # mai tho, left
    0xF715: "\u0e4a",  # mai tri, left
    0xF716: "\u0e4b",  # mai chattawa, left
    0xF717: "\u0e4c",  # thanthakhat, left
    0xF718: "\u0e38",  # sara u, low
    0xF719: "\u0e39",  # sara uu, low
    0xF71A: "\u0e3a",  # phinthu, low
}
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

# One translation table: PUA glyphs -> marks, zero-width characters -> nothing,
# Thai digits -> ASCII digits. Done before NFC so that NFC sees the final characters.
_TABLE: dict[int, str | None] = {
    **_PUA,
    **dict.fromkeys(map(ord, _ZERO_WIDTH)),
    **{ord(t): str(i) for i, t in enumerate(_THAI_DIGITS)},
}

# Thai combining marks: above/below vowels, phinthu, maitaikhu, tone marks, thanthakhat,
# nikhahit, yamakkan.
THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_TONES = "\u0e48-\u0e4b"
_CONSONANTS = "\u0e01-\u0e2e"

# Canonical order of marks on one consonant: vowels (and nikhahit) first, then tone marks,
# then thanthakhat and yamakkan. Consistent with NFC wherever NFC orders anything.
_RANK = {chr(c): 0 for c in (0x0E31, *range(0x0E34, 0x0E3B), 0x0E47, 0x0E4D)}
_RANK.update({chr(c): 1 for c in range(0x0E48, 0x0E4C)})
_RANK.update({"\u0e4c": 2, "\u0e4e": 2})

_SPACE_BEFORE_MARK = re.compile(rf"(?<=[{_CONSONANTS}{THAI_MARKS}])\s+(?=[{THAI_MARKS}])")
_MARK_RUN = re.compile(rf"[{THAI_MARKS}]{{2,}}")
# A run of marks that is not in canonical order (see _mark_key) or repeats a mark. Most text
# has none, and then the runs are left alone without a Python call per run.
_BAD_RUN = re.compile(
    "[\u0e48-\u0e4c\u0e4e][\u0e31\u0e34-\u0e3a\u0e47\u0e4d]"  # tone/thanthakhat before a vowel
    "|[\u0e4c\u0e4e][\u0e48-\u0e4b]"  # thanthakhat before a tone mark
    "|[\u0e38\u0e39][\u0e31\u0e34-\u0e37\u0e3a\u0e47\u0e4d]"  # below vowel before above
    "|\u0e3a[\u0e31\u0e34-\u0e37\u0e47\u0e4d]"  # phinthu before an above vowel
    "|([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1"  # the same mark twice
)
_NIKHAHIT_AA = re.compile(rf"\u0e4d([{_TONES}]?)\u0e32")
_DOUBLE_SARA_E = re.compile("\u0e40\u0e40")
_WHITESPACE = re.compile(r"\s+")


# A Thai mark next to a character that is neither Latin-1 nor Thai: NFC may then move marks
# of another script between Thai marks, which can need a second pass. Thai text never does.
_FOREIGN_MARK = re.compile(
    rf"[{THAI_MARKS}][^\x00-\u02ff\u0e00-\u0e7f]|[^\x00-\u02ff\u0e00-\u0e7f][{THAI_MARKS}]"
)


def _mark_key(mark: str) -> tuple[int, int]:
    # Within a rank, canonical combining class order, so that NFC never reorders the result.
    return _RANK[mark], unicodedata.combining(mark)


def _sort_marks(run: str) -> str:
    ordered = sorted(run, key=_mark_key)
    out = [ordered[0]]
    out.extend(c for prev, c in zip(ordered, ordered[1:], strict=False) if c != prev)
    return "".join(out)


def _sort_marks_match(m: re.Match[str]) -> str:
    return _sort_marks(m.group())


def _nikhahit_aa(m: re.Match[str]) -> str:
    return m.group(1) + "\u0e33"


# Characters that the table changes: most text has none, and a search is cheaper than
# `str.translate` with a dict table, which builds the string one character at a time.
_IN_TABLE = re.compile("[\uf700-\uf71a" + _ZERO_WIDTH + _THAI_DIGITS + "]")
# A space before a mark, without the look-behind of `_SPACE_BEFORE_MARK` (rare in text).
_SPACE_THEN_MARK = re.compile(rf"\s[{THAI_MARKS}]")


def _once(text: str) -> str:
    # Each step is skipped when a cheap test shows it would change nothing: the result is the
    # same string either way (tests/thai/test_properties.py checks that on arbitrary text).
    s = text.translate(_TABLE) if _IN_TABLE.search(text) else text
    s = unicodedata.normalize("NFC", s)
    if _SPACE_THEN_MARK.search(s):
        s = _SPACE_BEFORE_MARK.sub("", s)
    if _BAD_RUN.search(s):
        s = _MARK_RUN.sub(_sort_marks_match, s)
    if "\u0e4d" in s:
        s = _NIKHAHIT_AA.sub("\\1\u0e33", s)
    s = s.replace("\u0e40\u0e40", "\u0e41")
    s = " ".join(s.split())
    return unicodedata.normalize("NFC", s)


def normalise(text: str) -> str:
    """Return ``text`` in the one form used for indexing and querying.

    >>> normalise("สำนักงาน\\u200b ๒๕๖๖")
    'สำนักงาน 2566'
    >>> normalise("น\\u0e4d\\u0e32") == "น\\u0e33"
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise() needs a str, not {type(text).__name__}")
    s = _once(text)
    if not _FOREIGN_MARK.search(s):
        return s
    # Marks of other scripts interleaved with Thai marks can need a second pass.
    for _ in range(3):
        t = _once(s)
        if t == s:
            break
        s = t
    return s


# --- Offsets -------------------------------------------------------------------------------
# The same transformation, one step at a time, on a string with a parallel list of
# original-character indices. Slower; used only for the small windows shown as snippets.


def _sub_mapped(
    pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], s: str, offs: list[int]
) -> tuple[str, list[int]]:
    out: list[str] = []
    out_offs: list[int] = []
    pos = 0
    for m in pattern.finditer(s):
        new = repl(m) if callable(repl) else repl
        if new == m.group():
            continue  # nothing changes here (common: marks already in order)
        out.append(s[pos : m.start()])
        out_offs.extend(offs[pos : m.start()])
        out.append(new)
        anchor = offs[m.start()] if m.start() < len(offs) else (offs[-1] if offs else 0)
        out_offs.extend([anchor] * len(new))
        pos = m.end()
    if pos == 0:
        return s, offs
    out.append(s[pos:])
    out_offs.extend(offs[pos:])
    return "".join(out), out_offs


_CLUSTER = re.compile(
    r".[\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u20d0-\u20ff]*", re.S
)


def _nfc_mapped(s: str, offs: list[int]) -> tuple[str, list[int]]:
    if unicodedata.is_normalized("NFC", s):
        return s, offs
    out: list[str] = []
    out_offs: list[int] = []
    for m in _CLUSTER.finditer(s):
        piece = unicodedata.normalize("NFC", m.group())
        out.append(piece)
        out_offs.extend([offs[m.start()]] * len(piece))
    return "".join(out), out_offs


def _once_mapped(s: str, offs: list[int]) -> tuple[str, list[int]]:
    if s.translate(_TABLE) != s:
        chars: list[str] = []
        new_offs: list[int] = []
        for ch, o in zip(s, offs, strict=True):
            t = _TABLE.get(ord(ch), ch)
            if t:
                chars.append(t)
                new_offs.extend([o] * len(t))
        s, offs = "".join(chars), new_offs
    s, offs = _nfc_mapped(s, offs)
    s, offs = _sub_mapped(_SPACE_BEFORE_MARK, "", s, offs)
    s, offs = _sub_mapped(_MARK_RUN, _sort_marks_match, s, offs)
    s, offs = _sub_mapped(_NIKHAHIT_AA, _nikhahit_aa, s, offs)
    s, offs = _sub_mapped(_DOUBLE_SARA_E, "\u0e41", s, offs)
    s, offs = _sub_mapped(_WHITESPACE, " ", s, offs)
    start = len(s) - len(s.lstrip())
    end = len(s.rstrip())
    s, offs = s[start:end], offs[start:end]
    return _nfc_mapped(s, offs)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return ``(normalise(text), offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced character ``i``
    of the result; the list is non-decreasing and has one extra final entry, ``len(text)``,
    so that ``text[offsets[i]:offsets[j]]`` is the original of ``result[i:j]``.
    """
    target = normalise(text)
    s, offs = text, list(range(len(text)))
    for _ in range(4):
        t, t_offs = _once_mapped(s, offs)
        if t == s:
            break
        s, offs = t, t_offs
    if s != target or len(offs) != len(s):  # pragma: no cover - defensive, see tests
        # Fall back to a proportional alignment: still monotonic and in range.
        n = max(len(target), 1)
        offs = [min(len(text), i * len(text) // n) for i in range(len(target))]
        s = target
    # Enforce monotonicity (reordering marks can swap neighbouring offsets).
    for i in range(1, len(offs)):
        if offs[i] < offs[i - 1]:
            offs[i] = offs[i - 1]
    offs.append(len(text))
    return s, offs
