"""Thai text analysis for the search index: the same code turns documents and queries into terms.

Pipeline: `prongsai.thai.normalise` → nlpO3 word segmentation (PyThaiNLP's ``words_th.txt``
plus the agency vocabulary shipped in ``vocabulary/``) → a second nlpO3 pass with
``syllables_th.txt`` → term cleaning (case folding, dotless abbreviations, split on
punctuation) → extra terms (Buddhist-era year tokens for BE and CE years, joined Latin compounds).

Index and queries must be analysed by exactly the same dictionaries and code, so
`ANALYZER_VERSION` hashes both; an index stores the version it was built with, and a different
version means "rebuild the index".

Pure: no Django; imports only `prongsai.thai`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from prongsai.thai import normalise as normalise_module
from prongsai.thai.normalise import normalise

__all__ = [
    "AnalyzedText",
    "Analyzer",
    "Lexicon",
    "get_analyzer",
    "year_terms",
]

# The version also hashes this module's and the normaliser's source; bump this for changes
# elsewhere (for example a new nlpO3 release) that change the terms produced.
CODE_VERSION = "nlpo3-1.4"

VOCABULARY_DIR = Path(__file__).resolve().parent / "vocabulary"

# Characters that FTS5's ``unicode61 categories 'L* N* Co M*'`` keeps inside a token.
# Python's \w covers letters and digits (and "_"), marks are listed explicitly.
_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff"
    r"\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\ue000-\uf8ff])+"
)
_THAI_ONLY = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+")
_HAS_THAI = re.compile(r"[\u0e01-\u0e4e]")
_DIGITS = re.compile(r"[0-9]+")
_NOISE_TOKENS = frozenset({"ๆ", "ฯ", "ฯลฯ"})
# Words after which a two-digit number is a Buddhist-era year ("ปี 66", "พ.ศ. 66").
_YEAR_CUES = frozenset({"ปี", "พศ", "ปีงบประมาณ", "งบประมาณ", "ปีการศึกษา"})
BE_MIN, BE_MAX = 2400, 2700
SYLLABLE_CACHE_SIZE = 200_000
CE_MIN, CE_MAX = BE_MIN - 543, BE_MAX - 543


def _pythainlp_corpus() -> Path:
    import pythainlp.corpus

    return Path(pythainlp.corpus.__file__).resolve().parent


def year_terms(number: str, previous: str | None = None) -> list[str]:
    """Extra terms for a number that may be a year: ``yr`` + the Buddhist-era year.

    ``2566`` (BE) and ``2023`` (CE) both give ``yr2566``; ``66`` after ``ปี`` gives ``yr2566``.
    """
    if not number.isascii() or not number.isdigit():
        return []
    n = int(number)
    if len(number) == 4:
        if BE_MIN <= n <= BE_MAX:
            return [f"yr{n}"]
        if CE_MIN <= n <= CE_MAX:
            return [f"yr{n + 543}"]
    elif len(number) == 2 and previous in _YEAR_CUES:
        return [f"yr25{number}"]
    return []


@dataclass(frozen=True)
class AnalyzedText:
    """Terms of one text: words, syllables and extra terms (years, joined compounds)."""

    words: list[str]
    syllables: list[str]
    extras: list[str]


@dataclass
class Lexicon:
    """Term relations used to expand queries (never to change what a document says)."""

    # dotless abbreviation -> full forms, and full form -> dotless abbreviations
    abbreviations: dict[str, set[str]] = field(default_factory=dict)
    expansions_of_full: dict[str, set[str]] = field(default_factory=dict)
    # spelling variant <-> standard spelling (both directions)
    variants: dict[str, set[str]] = field(default_factory=dict)
    # English term (lower case, words joined by one space) <-> Thai forms (both directions)
    transliterations: dict[str, set[str]] = field(default_factory=dict)
    # Thai words with their synonyms from the thesaurus
    synonyms: dict[str, set[str]] = field(default_factory=dict)
    # Words written in the same contexts in a news corpus (mined; word -> its neighbours)
    neighbours: dict[str, set[str]] = field(default_factory=dict)

    def related(self, term: str) -> dict[str, set[str]]:
        """Every known relation of ``term`` (a normalised, lower-case query chunk)."""
        key = term.replace(".", "").replace(" ", "") if _HAS_THAI.search(term) else term
        spelled = spelled_acronym(key)
        listed = self.transliterations.get(term, set()) | self.transliterations.get(key, set())
        return {
            "abbreviation": self.abbreviations.get(key, set())
            | self.expansions_of_full.get(key, set()),
            "variant": self.variants.get(key, set()),
            "transliteration": listed | ({spelled} if spelled else set()),
            "synonym": self.synonyms.get(key, set()),
            "neighbour": self.neighbours.get(key, set()),
            "pivot": self._pivots(term, key, listed) if _HAS_THAI.search(term) else set(),
        }

    def _pivots(self, term: str, key: str, english: set[str]) -> set[str]:
        """Thai words that share an English word with a Thai ``term``: คอรัปชั่น → corruption
        → ทุจริต. The loanword and the native word are listed beside the same English term
        (PyThaiNLP's transliterations, the mined "Thai name (English)" pairs), so each reaches
        the other. Spelled-out acronyms are not a pivot (data → ดีเอทีเอ is no translation)."""
        out: set[str] = set()
        for word in english:
            if _HAS_THAI.search(word):
                continue
            out |= {t for t in self.transliterations.get(word, ()) if _HAS_THAI.search(t)}
        return out - english - {term, key}


# How Thai writes the names of Latin letters: an acronym is often written out in Thai
# (BOI = บีโอไอ, EEC = อีอีซี), so either form also looks for the other.
_LETTER_NAMES = {
    "a": "เอ", "b": "บี", "c": "ซี", "d": "ดี", "e": "อี", "f": "เอฟ", "g": "จี", "h": "เอช",
    "i": "ไอ", "j": "เจ", "k": "เค", "l": "แอล", "m": "เอ็ม", "n": "เอ็น", "o": "โอ", "p": "พี",
    "q": "คิว", "r": "อาร์", "s": "เอส", "t": "ที", "u": "ยู", "v": "วี", "w": "ดับเบิลยู",
    "x": "เอ็กซ์", "y": "วาย", "z": "แซด",
}  # fmt: skip
_NAME_LETTERS = sorted(((v, k) for k, v in _LETTER_NAMES.items()), key=lambda x: -len(x[0]))
_ACRONYM = re.compile(r"[a-z]{2,5}")


def spelled_acronym(term: str) -> str | None:
    """A Latin acronym written out in Thai letter names, or the reverse; None if neither.

    ``spelled_acronym("boi") == "บีโอไอ"`` and ``spelled_acronym("บีโอไอ") == "boi"``.
    """
    if _ACRONYM.fullmatch(term):
        return "".join(_LETTER_NAMES[c] for c in term)
    if not _HAS_THAI.search(term) or len(term) < 4:
        return None
    out = []
    i = 0
    while i < len(term):
        for name, letter in _NAME_LETTERS:
            if term.startswith(name, i):
                out.append(letter)
                i += len(name)
                break
        else:
            return None
    return "".join(out) if 2 <= len(out) <= 5 else None


def wordnet_synonyms(path: Path, known: set[str]) -> dict[str, set[str]]:
    """Synonyms from PyThaiNLP's Thai WordNet: words sharing a synset, both known words.

    Query-time only (the index never changes with it). Read-only from the wheel; a synset of
    more than six known words is too broad to expand a query with.
    """
    import sqlite3

    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = conn.execute("SELECT synsetid, li FROM word_synset").fetchall()
        conn.close()
    except sqlite3.Error:
        return {}
    by_synset: dict[str, list[str]] = {}
    for synset, lemma in rows:
        word = normalise(lemma)
        if word in known:
            by_synset.setdefault(synset, []).append(word)
    synonyms: dict[str, set[str]] = {}
    for words in by_synset.values():
        if 1 < len(words) <= 6:
            for a in words:
                for b in words:
                    if a != b:
                        synonyms.setdefault(a, set()).add(b)
    return synonyms


def _read_lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


_LATIN_PARTS = re.compile(r"[^\W\d_]+|\d+")


def latin_key(text: str) -> str:
    """An English term as the analyser splits it: "e-Service" → "e service", "PM2.5" → "pm 2 5"."""
    return " ".join(_LATIN_PARTS.findall(normalise(text).lower()))


def _dotless(text: str) -> str:
    return text.replace(".", "").replace(" ", "")


class Analyzer:
    """Segments and cleans text; one instance per process (see `get_analyzer`)."""

    def __init__(self, vocabulary_dir: Path = VOCABULARY_DIR) -> None:
        import nlpo3

        corpus = _pythainlp_corpus()
        words_file = corpus / "words_th.txt"
        syllables_file = corpus / "syllables_th.txt"
        translit_file = corpus / "th_en_transliteration_v1.4.tsv"
        provinces_file = corpus / "thailand_provinces_th.csv"
        vocab_files = sorted(vocabulary_dir.glob("*.t*"))

        digest = hashlib.sha256(CODE_VERSION.encode())
        code_files = [Path(__file__), Path(normalise_module.__file__ or "")]
        sources = [words_file, syllables_file, translit_file, provinces_file, *vocab_files]
        for path in [*code_files, *sources]:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        self.version = digest.hexdigest()[:16]

        self.lexicon = Lexicon()
        extra_words = self._load_vocabulary(vocabulary_dir, translit_file, provinces_file)
        base_words = {normalise(w) for w in words_file.read_text(encoding="utf-8").split()}
        # A vocabulary word that the base dictionary already splits into known words is a
        # compound: adding it would hide its parts from word matching, so leave it out.
        base_name = f"prongsai-base-{self.version}"
        nlpo3.load_dict(str(words_file), base_name)
        extra_words = {
            w
            for w in extra_words - base_words
            if not all(p in base_words for p in nlpo3.segment(w, base_name))
        }
        merged = sorted(base_words | extra_words)
        # Thesaurus pairs that the news corpus uses in unlike contexts (รัฐ / จังหวัด: another
        # sense of the word) are left out; generated by scripts/mine_neighbours.py.
        unlike = {
            tuple(normalise(x) for x in line.split("\t")[:2])
            for line in _read_lines(vocabulary_dir / "mined_unlike_synonyms.tsv")
        }
        for word, synonyms in wordnet_synonyms(corpus / "wordnet_th.db", base_words).items():
            kept = {s for s in synonyms if (word, s) not in unlike}
            if kept:
                self.lexicon.synonyms[word] = kept

        cache_dir = Path(tempfile.gettempdir()) / "prongsai-search"
        cache_dir.mkdir(parents=True, exist_ok=True)
        dict_path = cache_dir / f"words-{self.version}.txt"
        if not dict_path.exists():
            tmp = dict_path.with_suffix(f".{threading.get_ident()}.tmp")
            tmp.write_text("\n".join(merged) + "\n", encoding="utf-8")
            tmp.replace(dict_path)
        self._words_dict = f"prongsai-w-{self.version}"
        self._syllables_dict = f"prongsai-s-{self.version}"
        nlpo3.load_dict(str(dict_path), self._words_dict)
        nlpo3.load_dict(str(syllables_file), self._syllables_dict)
        self._segment = nlpo3.segment
        self._syllable_cache: dict[str, list[str]] = {}
        self._token_cache: dict[str, tuple[list[str], list[str], list[str] | None]] = {}
        self.dictionary = frozenset(merged)

    # -- vocabulary --------------------------------------------------------------------------

    def _load_vocabulary(self, vocab: Path, translit_file: Path, provinces_file: Path) -> set[str]:
        lex = self.lexicon
        words: set[str] = set()

        def link(table: dict[str, set[str]], a: str, b: str) -> None:
            if a and b and a != b:
                table.setdefault(a, set()).add(b)

        for line in _read_lines(vocab / "terms_th.txt"):
            words.add(normalise(line))
        for line in _read_lines(vocab / "abbreviations_th.tsv"):
            abbr, full = (normalise(x) for x in line.split("\t", 1))
            key = _dotless(abbr)
            words.add(key)
            link(lex.abbreviations, key, full)
            link(lex.expansions_of_full, _dotless(full), key)
        # Generated by scripts/mine_vocabulary.py from a news corpus. An abbreviation that is
        # also an ordinary word (สอน, ดย) is left out: it would expand every query for the word.
        base = {
            normalise(w) for w in (translit_file.parent / "words_th.txt").read_text("utf-8").split()
        }
        for line in _read_lines(vocab / "mined_abbreviations.tsv"):
            abbr, full = (normalise(x) for x in line.split("\t")[:2])
            if abbr in base or len(abbr) < 2:
                continue
            words.add(abbr)
            link(lex.abbreviations, abbr, full)
            link(lex.expansions_of_full, _dotless(full), abbr)
        for line in _read_lines(vocab / "mined_english.tsv"):
            english, thai = line.split("\t")[:2]
            en, th = latin_key(english), normalise(thai)
            if th in base and len(th) < 4:
                continue
            link(lex.transliterations, en, th)
            link(lex.transliterations, _dotless(th), en)
        # Generated by scripts/mine_neighbours.py: query-time only, like the thesaurus.
        for line in _read_lines(vocab / "mined_neighbours.tsv"):
            a, b = (normalise(x) for x in line.split("\t")[:2])
            link(lex.neighbours, a, b)
        for line in _read_lines(vocab / "variants_th.tsv"):
            wrong, right = (normalise(x) for x in line.split("\t", 1))
            words.update((wrong, right))
            link(lex.variants, wrong, right)
            link(lex.variants, right, wrong)
        for line in _read_lines(vocab / "transliterations.tsv"):
            english, thai_forms = line.split("\t", 1)
            en = latin_key(english)
            for thai in thai_forms.split("|"):
                th = normalise(thai)
                link(lex.transliterations, en, th)
                link(lex.transliterations, _dotless(th), en)
                if " " not in th and "." not in th:
                    words.add(th)
        # PyThaiNLP's English/Thai transliteration table (3,868 pairs); "False" marks a
        # non-standard Thai spelling, which is also a spelling variant of the standard one.
        standard: dict[str, str] = {}
        rows = list(csv.reader(translit_file.read_text("utf-8").splitlines(), delimiter="\t"))[1:]
        for row in rows:
            if len(row) >= 2 and row[2:3] == ["True"]:
                standard[latin_key(row[1])] = normalise(row[0])
        for row in rows:
            if len(row) < 2:
                continue
            th, en = normalise(row[0]), latin_key(row[1])
            link(lex.transliterations, en, th)
            link(lex.transliterations, th.replace(" ", ""), en)
            if row[2:3] == ["False"] and en in standard:
                link(lex.variants, th, standard[en])
                link(lex.variants, standard[en], th)
        for row in csv.reader(provinces_file.read_text("utf-8").splitlines()):
            if len(row) >= 3:
                th, abbr, en = normalise(row[0]), normalise(row[1]), row[2].lower()
                words.add(th)
                link(lex.transliterations, en, th)
                link(lex.transliterations, th, en)
        return {w for w in words if w and " " not in w}

    # -- analysis ----------------------------------------------------------------------------

    def _clean_token(self, tok: str, previous: str | None, extras: list[str]) -> list[str]:
        """Index terms of one non-Thai-only segmenter token (extra terms go to ``extras``)."""
        if tok.isspace() or not tok:
            return []
        low = tok.lower()
        if _HAS_THAI.search(low) and ("." in low or low.endswith("ฯ")):
            # Thai abbreviation: ป.ป.ช. / ปปช. / ปปช and นายกฯ / นายก are the same term.
            low = low.replace(".", "").rstrip("ฯ") or low
        parts = [p for p in _TOKEN.findall(low) if p not in _NOISE_TOKENS]
        if len(parts) > 1 and not low.replace(".", "").isdigit():
            extras.append("".join(parts))
        for p in parts:
            if p.isdigit():
                extras.extend(year_terms(p, previous))
            previous = p
        return parts

    def _syllables_of(self, word: str) -> list[str]:
        """Syllables of one Thai word (cached: words repeat, segmentation is deterministic)."""
        cached = self._syllable_cache.get(word)
        if cached is None:
            cached = [
                t
                for tok in self._segment(word, self._syllables_dict)
                for t in ([tok] if _THAI_ONLY.fullmatch(tok) else self._clean_token(tok, None, []))
            ]
            if len(self._syllable_cache) > SYLLABLE_CACHE_SIZE:
                self._syllable_cache.clear()
            self._syllable_cache[word] = cached
        return cached

    def _token_plan(self, tok: str) -> tuple[list[str], list[str], list[str] | None]:
        """What `_clean_token` gives for ``tok``, cached: (terms, extras, extras after a cue).

        ``previous`` only matters to a two-digit number (a year after ``ปี``), and only
        through membership in `_YEAR_CUES`, so the token is cleaned once without a cue and
        once after one; the third item is None when the two agree.
        """
        plan = self._token_cache.get(tok)
        if plan is None:
            plain: list[str] = []
            parts = self._clean_token(tok, None, plain)
            cued: list[str] = []
            self._clean_token(tok, "ปี", cued)
            plan = (parts, plain, None if cued == plain else cued)
            if len(self._token_cache) > SYLLABLE_CACHE_SIZE:
                self._token_cache.clear()
            self._token_cache[tok] = plan
        return plan

    def analyze(self, text: str, *, normalised: bool = False) -> AnalyzedText:
        """Words, syllables and extra terms of ``text`` (normalised first unless told).

        Syllables come from each word on its own, so a word has the same syllables wherever
        it appears, in a document or in a query.
        """
        if not normalised:
            text = normalise(text)
        words: list[str] = []
        syllables: list[str] = []
        extras: list[str] = []
        # The hot loop of indexing (hundreds of tokens a document): a word seen before is one
        # dictionary look-up (only Thai-only words are keys of the syllable cache), a space is
        # skipped, and any other token's cleaning is cached too (see `_token_plan`).
        add_word, add_words = words.append, words.extend
        add_syllables = syllables.extend
        known_syllables = self._syllable_cache.get
        thai_only = _THAI_ONLY.fullmatch
        for tok in self._segment(text, self._words_dict):
            syl = known_syllables(tok)
            if syl is not None:
                add_word(tok)
                add_syllables(syl)
                continue
            if tok == " ":
                continue
            if thai_only(tok):
                add_word(tok)
                add_syllables(self._syllables_of(tok))
                continue
            parts, plain, cued = self._token_plan(tok)
            if cued is not None and words and words[-1] in _YEAR_CUES:
                extras.extend(cued)
            elif plain:
                extras.extend(plain)
            if parts:
                add_words(parts)
                add_syllables(parts)
        return AnalyzedText(words=words, syllables=syllables, extras=extras)

    def words(self, text: str) -> list[str]:
        return self.analyze(text, normalised=True).words

    def syllables(self, text: str) -> list[str]:
        return self.analyze(text, normalised=True).syllables


_lock = threading.Lock()


@functools.cache
def _analyzer() -> Analyzer:
    with _lock:
        return Analyzer()


def get_analyzer() -> Analyzer:
    """The process-wide analyser (loading the dictionaries takes about a second)."""
    return _analyzer()


def __getattr__(name: str) -> str:
    # ANALYZER_VERSION is computed lazily: importing this module must stay cheap.
    if name == "ANALYZER_VERSION":
        return get_analyzer().version
    raise AttributeError(name)
