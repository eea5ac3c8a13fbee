"""The query parser: any string becomes a plan of concepts and alternatives; it never fails.

A user's query is split into *concepts* (one per meaningful word, or per phrase in quotes).
Each concept has *alternatives*, each a term or phrase in one field family, with a weight:

* ``w``: the word itself in the word fields (1.0);
* ``s``: its syllables as a phrase in the syllable fields: finds the word inside compounds (0.8);
* ``x``: folded terms such as the Buddhist-era year of a Common-Era year (1.0);
* related forms from the lexicon: spelling variants, dotless/dotted abbreviations and their full
  forms, English and Thai transliterations (0.85–0.9); synonyms from the thesaurus and words
  written in the same contexts in a news corpus (0.6);
* close words of the index vocabulary for misspellings (added by the engine, 0.6).

Search operators of the backends never reach them: every alternative is sent as a quoted phrase
built from analysed terms. Quotes in the query ask for a phrase; a quoted phrase is required.
Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prongsai.search.analysis import Analyzer
from prongsai.thai.normalise import normalise

__all__ = ["Alternative", "Concept", "QueryPlan", "parse_query", "MAX_QUERY_CHARS"]

MAX_QUERY_CHARS = 200
MAX_CONCEPTS = 12

# Question words and particles: the way people ask, not what they ask about. Dropped when the
# query has anything else. Ordinary function words are kept at a low weight instead.
_PARTICLES = frozenset(
    [
        "อะไร",
        "บ้าง",
        "ไหม",
        "มั้ย",
        "ไหน",
        "ที่ไหน",
        "อย่างไร",
        "ยังไง",
        "เท่าไร",
        "เท่าไหร่",
        "ทำไม",
        "เมื่อไร",
        "เมื่อไหร่",
        "ใคร",
        "หรือไม่",
        "หรือเปล่า",
        "ได้ไหม",
        "ครับ",
        "ค่ะ",
        "คะ",
        "นะ",
        "จ้ะ",
        "จ้า",
        "หน่อย",
        "เถอะ",
        "ล่ะ",
        "หรอ",
        "เหรอ",
        "ไง",
    ]
)
_FUNCTION_WORDS = frozenset(
    [
        "ที่",
        "ของ",
        "และ",
        "หรือ",
        "กับ",
        "ใน",
        "การ",
        "ความ",
        "จะ",
        "ได้",
        "แล้ว",
        "เป็น",
        "มี",
        "ให้",
        "โดย",
        "ซึ่ง",
        "จาก",
        "ไป",
        "มา",
        "แก่",
        "แต่",
        "ว่า",
        "อยู่",
        "ก็",
        "นี้",
        "นั้น",
        "ต่อ",
        "ถึง",
        "เพื่อ",
        "ช่วง",
        "ตาม",
        "ทุก",
        "ด้วย",
        "อย่าง",
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "to",
        "in",
        "for",
        "on",
        "at",
        "by",
    ]
)
STOP_WEIGHT = 0.3
# Words mined from a news corpus as used in the same contexts (``mined_neighbours.tsv``):
# as low as the thesaurus's synonyms, since some are only related words.
NEIGHBOUR_WEIGHT = 0.6
# Thai words reached through an English word (คอรัปชั่น → corruption → ทุจริต): two steps of
# transliteration, 0.85 each.
PIVOT_WEIGHT = 0.85 * 0.85

_HAS_THAI = re.compile(r"[\u0e01-\u0e4e]")
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]*)[\"“”«»]")
_QUOTE_CHARS = re.compile(r"[\"“”«»]")


@dataclass(frozen=True)
class Alternative:
    family: str  # "w" words, "s" syllables, "x" extra terms
    terms: tuple[str, ...]
    weight: float
    reason: str = "exact"


@dataclass
class Concept:
    text: str
    alternatives: list[Alternative]
    weight: float = 1.0
    required: bool = False
    fuzzy_candidate: bool = False  # a single word that may be a misspelling
    unknown: bool = False  # Thai, and not a dictionary word: a misspelling may span neighbours
    chunk: int = -1  # which space-separated chunk of the query it came from

    def add(self, alt: Alternative) -> None:
        if alt.terms and all(
            a.terms != alt.terms or a.family != alt.family for a in self.alternatives
        ):
            self.alternatives.append(alt)


@dataclass
class QueryPlan:
    raw: str
    normalised: str
    concepts: list[Concept] = field(default_factory=list)
    # Unspaced chunks of two words or more, as syllable phrases: a proximity bonus.
    chunk_phrases: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.concepts

    def highlight_terms(self) -> list[tuple[str, tuple[str, ...]]]:
        out: list[tuple[str, tuple[str, ...]]] = []
        for c in self.concepts:
            for a in c.alternatives:
                if a.family in ("w", "s"):
                    out.append((a.family, a.terms))
        return out


def _phrase_alternatives(
    analyzer: Analyzer, text: str, weight: float, reason: str
) -> list[Alternative]:
    analyzed = analyzer.analyze(text, normalised=True)
    out = []
    if analyzed.words:
        out.append(Alternative("w", tuple(analyzed.words), weight, reason))
    if analyzed.syllables and len(analyzed.syllables) > 1:
        out.append(Alternative("s", tuple(analyzed.syllables), weight * 0.9, reason))
    return out


def _word_concept(analyzer: Analyzer, word: str, previous: str | None) -> Concept:
    from prongsai.search.analysis import year_terms

    concept = Concept(text=word, alternatives=[Alternative("w", (word,), 1.0)])
    is_abbreviation = word in analyzer.lexicon.abbreviations
    syllables = analyzer.syllables(word)
    if syllables and not is_abbreviation and not word.isascii():
        # The syllable fields find the word inside compounds (แล้ง in ภัยแล้ง).
        concept.add(Alternative("s", tuple(syllables), 0.8, "syllables"))
    concept.unknown = bool(
        _HAS_THAI.search(word) and word not in analyzer.dictionary and not is_abbreviation
    )
    for year in year_terms(word, previous):
        concept.add(Alternative("x", (year,), 1.0, "year"))
    related = analyzer.lexicon.related(word)
    for reason, weight in (
        ("variant", 0.9),
        ("abbreviation", 0.9),
        ("transliteration", 0.85),
        ("pivot", PIVOT_WEIGHT),
        ("synonym", 0.6),
        ("neighbour", NEIGHBOUR_WEIGHT),
    ):
        for form in sorted(related[reason])[:6]:
            for alt in _phrase_alternatives(analyzer, form, weight, reason):
                concept.add(alt)
    concept.fuzzy_candidate = (
        len(word) >= 4
        and not word.isdigit()
        and not is_abbreviation
        and len(concept.alternatives) <= 2
    )
    if word in _FUNCTION_WORDS:
        concept.weight = STOP_WEIGHT
    return concept


def _ngram_concepts(
    analyzer: Analyzer, words: list[str], *, joined_latin: bool = False
) -> list[Concept]:
    """Concepts for a run of words, joining words that the lexicon knows as one term.

    ``joined_latin``: the words are the parts of one hyphenated Latin term typed as one chunk
    (e-Service, e-Government), which documents also index joined ("eservice"): one concept.
    """
    if joined_latin and 1 < len(words) <= 4:
        key = " ".join(words)
        return [_joined_concept(analyzer, words, key, analyzer.lexicon.related(key))]
    concepts: list[Concept] = []
    i = 0
    while i < len(words):
        joined = None
        for n in (4, 3, 2):
            if i + n > len(words):
                continue
            parts = words[i : i + n]
            latin = all(p.isascii() for p in parts)
            key = " ".join(parts) if latin else "".join(parts)
            related = analyzer.lexicon.related(key)
            if any(v for r, v in related.items() if r != "neighbour"):
                joined = (n, key, related)
                break
        if joined is None:
            concepts.append(_word_concept(analyzer, words[i], words[i - 1] if i else None))
            i += 1
            continue
        n, key, related = joined
        concepts.append(_joined_concept(analyzer, words[i : i + n], key, related))
        i += n
    return concepts


def _joined_concept(
    analyzer: Analyzer, parts: list[str], key: str, related: dict[str, set[str]]
) -> Concept:
    concept = Concept(text=key, alternatives=[Alternative("w", tuple(parts), 1.0)])
    if not all(p.isascii() for p in parts):
        syllables = analyzer.syllables("".join(parts))
        concept.add(Alternative("s", tuple(syllables), 0.8, "syllables"))
    else:
        concept.add(Alternative("x", ("".join(parts),), 0.95, "joined"))
    for reason, weight in (("variant", 0.9), ("abbreviation", 0.9), ("transliteration", 0.85)):
        for form in sorted(related[reason])[:6]:
            for alt in _phrase_alternatives(analyzer, form, weight, reason):
                concept.add(alt)
    # Each word alone still counts a little, so partial matches rank above nothing.
    for p in parts:
        if p not in _FUNCTION_WORDS:
            concept.add(Alternative("w", (p,), 0.35, "part"))
    return concept


def parse_query(text: object, analyzer: Analyzer) -> QueryPlan:
    """Parse any input into a `QueryPlan`; never raises."""
    raw = text if isinstance(text, str) else ""
    raw = raw[: MAX_QUERY_CHARS * 2]
    norm = normalise(raw)[:MAX_QUERY_CHARS]
    plan = QueryPlan(raw=raw, normalised=norm)

    for phrase in _QUOTED.findall(norm):
        analyzed = analyzer.analyze(phrase, normalised=True)
        if analyzed.syllables:
            plan.concepts.append(
                Concept(
                    text=phrase.strip(),
                    alternatives=[
                        Alternative("s", tuple(analyzed.syllables), 1.0, "phrase"),
                        Alternative("w", tuple(analyzed.words), 1.0, "phrase"),
                    ],
                    required=True,
                )
            )
    rest = _QUOTE_CHARS.sub(" ", _QUOTED.sub(" ", norm))

    analysed = [analyzer.analyze(chunk, normalised=True) for chunk in rest.split()]
    chunks = [a.words for a in analysed]
    has_meaning = any(w not in _PARTICLES for ws in chunks for w in ws)
    for i, chunk_words in enumerate(chunks):
        meaningful = [w for w in chunk_words if w not in _PARTICLES] if has_meaning else chunk_words
        # Neighbouring words typed together: as a syllable phrase, a proximity bonus.
        for a, b in zip(meaningful, meaningful[1:], strict=False):
            syll = analyzer.syllables(a + b)
            if len(syll) > 1:
                plan.chunk_phrases.append(tuple(syll))
        joined_latin = (
            len(meaningful) > 1
            and all(w.isascii() and w.isalpha() for w in meaningful)
            and "".join(meaningful) in analysed[i].extras
        )
        for concept in _ngram_concepts(analyzer, meaningful, joined_latin=joined_latin):
            concept.chunk = i
            plan.concepts.append(concept)

    # Repeated words add nothing; keep the first.
    seen: set[str] = set()
    unique = []
    for c in plan.concepts:
        if c.text not in seen:
            seen.add(c.text)
            unique.append(c)
    plan.concepts = unique[:MAX_CONCEPTS]
    if plan.concepts and all(c.weight < 1 for c in plan.concepts):
        for c in plan.concepts:
            c.weight = 1.0
    return plan
