"""Close words of the index vocabulary, for misspelt queries and "did you mean" suggestions.

A symmetric-delete index (the SymSpell idea): every vocabulary word is stored under itself and
each string made by deleting one character; a query word is looked up the same way, and the
candidates are checked with a true edit distance.

Thai misspellings are mostly spellings of the same sound, so the index also keeps every word
under a *phonetic key* (`thai_sound_key`): tone marks and silent letters dropped, letters that
sound alike merged (ซ ศ ษ → ส, ฎ ฏ ด ต ฐ ฑ ฒ ถ ท ธ → ต, ...), a final ติ/ตุ read as ต, a final
ณ ญ ร ล ฬ as น, long and short ิ/ี and ุ/ู merged. Those are general rules of how Thai is
misspelt (อนุญาติ, กฏหมาย, คอรัปชั่น, โอกาศ, เทศกาน), not a list of words. One dictionary
lookup per query word. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["SpellingIndex", "edit_distance", "thai_sound_key"]

_SAME_SOUND = str.maketrans(
    {
        **dict.fromkeys("ซศษ", "ส"),
        **dict.fromkeys("ฎฏดฐฑฒถทธ", "ต"),
        **dict.fromkeys("ขฃฅฆ", "ค"),
        **dict.fromkeys("ฉฌ", "ช"),
        **dict.fromkeys("ผภ", "พ"),
        "ฝ": "ฟ",
        "ฬ": "ล",
        "ณ": "น",
        "ใ": "ไ",
        "ี": "ิ",
        "ู": "ุ",
        "ื": "ึ",
        **dict.fromkeys("\u0e48\u0e49\u0e4a\u0e4b\u0e47", None),  # tone marks, mai taikhu
    }
)
# A silent letter: a consonant (with ิ or ุ) under a thanthakhat (คอร์รัปชัน → คอรัปชัน).
_SILENT = re.compile(r"[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")
_FINAL_T_VOWEL = re.compile(r"(?<=[\u0e01-\u0e4e]{2})ต[ิุ]$")
_FINAL_N = re.compile(r"(?<=[\u0e01-\u0e2e\u0e31-\u0e39])[ญรล]$")
_HAS_THAI = re.compile(r"[\u0e01-\u0e4e]")


def thai_sound_key(word: str) -> str:
    """A key shared by Thai spellings of the same sound (common misspelling classes).

    ``thai_sound_key("อนุญาติ") == thai_sound_key("อนุญาต")``; non-Thai words are returned as is.
    """
    if not _HAS_THAI.search(word):
        return word
    w = _SILENT.sub("", word)
    w = _FINAL_T_VOWEL.sub("ต", w.translate(_SAME_SOUND))
    return _FINAL_N.sub("น", w)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (adjacent swaps count 1); ``limit + 1`` if above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class SpellingIndex:
    def __init__(self, vocabulary: Iterable[tuple[str, int]], min_length: int = 3) -> None:
        self.df: dict[str, int] = {}
        self._by_delete_built: dict[str, list[str]] | None = None
        self._by_sound: dict[str, list[str]] = {}
        for term, df in vocabulary:
            if len(term) < min_length or term.isdigit():
                continue
            self.df[term] = df
            if _HAS_THAI.search(term):
                self._by_sound.setdefault(thai_sound_key(term), []).append(term)

    @property
    def _by_delete(self) -> dict[str, list[str]]:
        # Built on the first edit-distance lookup only: most queries need just the sound keys.
        if self._by_delete_built is None:
            by_delete: dict[str, list[str]] = {}
            for term in self.df:
                for d in _deletes(term):
                    by_delete.setdefault(d, []).append(term)
            self._by_delete_built = by_delete
        return self._by_delete_built

    def sounds_like(self, word: str, max_results: int = 2) -> list[tuple[str, int]]:
        """Known words spelt differently with the same sound key, closest then most frequent."""
        if len(word) < 3:
            return []
        found = [
            (edit_distance(word, t, 4), -self.df[t], t)
            for t in self._by_sound.get(thai_sound_key(word), ())
            if t != word
        ]
        found.sort()
        return [(t, -negdf) for _d, negdf, t in found[:max_results]]

    def lookup(
        self, word: str, max_results: int = 3, include_exact: bool = False
    ) -> list[tuple[str, int]]:
        """Known words within edit distance 1 (2 for long words), closest then most frequent.

        The word itself is left out unless ``include_exact``.
        """
        if len(word) < 3:
            return []
        max_distance = 2 if len(word) >= 6 else 1
        keys = {word} | _deletes(word)
        if max_distance >= 2:
            keys |= {d2 for d in _deletes(word) for d2 in _deletes(d)}
        seen: set[str] = set()
        found = []
        for key in keys:
            for term in [key, *self._by_delete.get(key, [])]:
                if term in seen or (term == word and not include_exact) or term not in self.df:
                    continue
                seen.add(term)
                dist = edit_distance(word, term, max_distance)
                if dist <= max_distance:
                    found.append((dist, -self.df[term], term))
        found.sort()
        return [(t, -negdf) for _d, negdf, t in found[:max_results]]
