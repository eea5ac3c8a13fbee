"""Mine abbreviation and English/Thai pairs from a corpus of Thai news for the search lexicon.

    python scripts/mine_vocabulary.py CORPUS.jsonl.gz [--exclude DEV-CORPUS.jsonl.gz]
        [--min-count 3]

Reads JSON lines ``{"title", "text"}`` (gzip or plain) and writes, into
``prongsai/search/vocabulary/``:

* ``mined_abbreviations.tsv``: ``ABBR<TAB>FULL FORM<TAB>count`` from "full form (ก.ข.ค.)";
  the full form is the shortest run of words before the parenthesis whose first consonant is
  the abbreviation's first letter and that contains every letter of the abbreviation in order
  (the Schwartz–Hearst rule, on Thai words); pairs are counted over the corpus and the most
  frequent full form of each abbreviation is kept.
* ``mined_english.tsv``: ``ENGLISH<TAB>THAI<TAB>count`` from "ชื่อไทย (ACRONYM)" (the Thai name is
  the longest run of words that ends before the parenthesis and recurs with that acronym) and
  from a Thai transliteration next to an English word in parentheses, either way round, kept
  when the consonants sound alike ("แลนด์บริดจ์ (Landbridge)").

Nothing is written by hand and no query set is read: the lists depend only on the corpus and
on these general rules. ``--exclude`` leaves out the documents whose ``id`` is in another
corpus file, so the shipped lists are mined without the judged development corpus (its
evaluation then measures documents the lists have never seen). Needs PyThaiNLP's word list
and nlpO3 (installed with the site); about ten minutes for 18,000 news items.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "prongsai" / "search" / "vocabulary"

_CONSONANT = "\u0e01-\u0e2e"
_THAI = "\u0e01-\u0e4e"
# ก.ข.ค. / กขค. / รพ.สต.: consonants (and อ) with dots, ending with a dot, 2-8 letters.
_ABBR = rf"[{_CONSONANT}](?:\.?[{_CONSONANT}]){{1,7}}\."
ABBR_IN_PARENS = re.compile(rf"([{_THAI} ]{{4,160}}?)\s*\(\s*({_ABBR})\s*\)")
# A law's name is written with its year before the acronym: "... ข้อมูลส่วนบุคคล พ.ศ. 2562 (PDPA)".
_LAW_YEAR = r"(?:\s*พ\.\s?ศ\.\s*[0-9\u0e50-\u0e59]{4})?"
ACRONYM_IN_PARENS = re.compile(
    rf"([{_THAI} ]{{4,160}}?){_LAW_YEAR}\s*\(\s*([A-Z][A-Z0-9&\-]{{1,9}}s?)\s*\)"
)
THAI_THEN_ENGLISH = re.compile(rf"([{_THAI}]{{3,40}})\s*\(\s*([A-Za-z][A-Za-z \-]{{2,40}}?)\s*\)")
ENGLISH_THEN_THAI = re.compile(rf"([A-Za-z][A-Za-z \-]{{2,40}}?)\s*\(\s*([{_THAI}]{{3,40}})\s*\)")
_LEADING_VOWELS = "เแโใไ"
GENERIC_RATIO = (
    25  # a name in more than this many documents per pairing with its acronym is generic
)
# Words that start a clause rather than a name; a full form never starts with one.
_NOT_A_START = frozenset(
    [
        "และ",
        "หรือ",
        "ของ",
        "โดย",
        "จาก",
        "ที่",
        "ให้",
        "กับ",
        "ใน",
        "ว่า",
        "ซึ่ง",
        "ได้",
        "เป็น",
        "มี",
        "ต่อ",
        "ถึง",
        "เพื่อ",
        "แก่",
        "แต่",
        "ตาม",
        "ร่วมกับ",
        "ตามที่",
        "โดยมี",
        "ทั้ง",
        "พร้อม",
        "ซึ่งเป็น",
        "ทั้งนี้",
        "ระหว่าง",
    ]
)


def _segmenter():
    import nlpo3
    import pythainlp.corpus

    words = Path(pythainlp.corpus.__file__).resolve().parent / "words_th.txt"
    nlpo3.load_dict(str(words), "mine-words")
    return lambda text: nlpo3.segment(text, "mine-words")


def first_consonant(word: str) -> str:
    word = word.lstrip(_LEADING_VOWELS)
    return word[:1]


def full_form_for(abbr: str, words: list[str], max_words: int = 12) -> str | None:
    """The shortest run of trailing ``words`` that the abbreviation ``abbr`` can stand for.

    The run's first word must start with the abbreviation's first letter, and the run must
    contain all its letters in order. None when no run of up to ``max_words`` words fits.
    """
    letters = abbr.replace(".", "")
    if len(letters) < 2:
        return None
    words = [w for w in words if w.strip()]
    for k in range(1, min(max_words, len(words)) + 1):
        run = words[-k:]
        if first_consonant(run[0]) != letters[0] or run[0] in _NOT_A_START:
            continue
        text = "".join(run)
        pos = 0
        for ch in letters:
            pos = text.find(ch, pos)
            if pos < 0:
                break
            pos += 1
        else:
            # Every letter but the first may come from inside a word; the full form is longer
            # than the abbreviation by a clear margin (not a word that merely contains it), and
            # not so long that it must have swallowed the words before the name.
            if 2 * len(letters) + 2 <= len(text) <= 12 * len(letters) + 6:
                return text
            return None
    return None


# -- English/Thai sound comparison ----------------------------------------------------------

_THAI_SOUND = {}
for _chars, _code in (
    ("กขฃคฅฆ", "K"),
    ("ง", "N"),
    ("จฉชฌ", "J"),
    ("ซศษส", "S"),
    ("ญย", "Y"),
    ("ดตฎฏฐฑฒถทธ", "T"),
    ("ณน", "N"),
    ("บปผพภ", "P"),
    ("ฝฟ", "F"),
    ("ม", "M"),
    ("ร", "R"),
    ("ลฬ", "L"),
    ("ว", "W"),
):
    for _c in _chars:
        _THAI_SOUND[_c] = _code
_EN_DIGRAPHS = (("th", "T"), ("ph", "F"), ("sh", "J"), ("ch", "J"), ("ck", "K"), ("ng", "N"))
_EN_SOUND = dict(zip("bcdfgjklmnpqrstvwxz", "PKTFKJKLMNPKRSTFWSS", strict=True))


def thai_skeleton(word: str) -> str:
    return "".join(_THAI_SOUND.get(c, "") for c in word)


def english_skeleton(word: str) -> str:
    w = word.lower()
    for a, b in _EN_DIGRAPHS:
        w = w.replace(a, b.lower() + "\0")
    out = []
    for c in w:
        if c == "\0":
            out[-1] = out[-1].upper()
            continue
        out.append(_EN_SOUND.get(c, ""))
    return "".join(out).upper()


def _lcs(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ca == cb else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def similarity(thai: str, english: str) -> float:
    """How alike the consonant sounds of a Thai word and an English word or phrase are (0-1)."""
    a, b = thai_skeleton(thai), english_skeleton(english.replace(" ", "").replace("-", ""))
    if len(a) < 2 or len(b) < 2:
        return 0.0
    return 2 * _lcs(a, b) / (len(a) + len(b))


def sounds_alike(thai: str, english: str, threshold: float = 0.8) -> bool:
    """Whether a Thai word is a plausible transliteration of an English word or phrase."""
    return similarity(thai, english) >= threshold


# -- mining ---------------------------------------------------------------------------------


def read_texts(path: Path, exclude: frozenset[str] = frozenset()) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        for line in f:
            if line.strip():
                obj = json.loads(line)
                if str(obj.get("id")) in exclude:
                    continue
                yield f"{obj.get('title') or ''}\n{obj.get('text') or ''}"


def read_ids(path: Path) -> frozenset[str]:
    """The ``id`` of every document of a corpus file (the documents to leave out)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        return frozenset(str(json.loads(line).get("id")) for line in f if line.strip())


def _normalise(text: str) -> str:
    sys.path.insert(0, str(REPO_ROOT))
    from prongsai.thai.normalise import normalise

    return normalise(text)


class Miner:
    def __init__(self, segment=None) -> None:
        self.segment = segment or _segmenter()
        self.abbreviations: dict[str, Counter[str]] = defaultdict(Counter)
        self.acronym_contexts: dict[str, list[list[str]]] = defaultdict(list)
        self.transliterations: Counter[tuple[str, str]] = Counter()
        self.name_docs: Counter[str] = Counter()

    def count_names(self, texts: Iterable[str], min_count: int) -> None:
        """Second pass: in how many documents each candidate Thai name appears at all."""
        names = set()
        for contexts in self.acronym_contexts.values():
            found = recurring_suffix(contexts, min_count)
            if found:
                names.add(found[0])
        self.name_docs = Counter()
        for text in texts:
            for name in names:
                if name in text:
                    self.name_docs[name] += 1

    def feed(self, text: str) -> None:
        for m in ABBR_IN_PARENS.finditer(text):
            before, abbr = m.group(1), m.group(2)
            words = self.segment(before.split(" ")[-1] if " " in before else before)
            full = full_form_for(abbr, words)
            if full:
                self.abbreviations[abbr.replace(".", "")][full] += 1
        for m in ACRONYM_IN_PARENS.finditer(text):
            # "กฎหมายคุ้มครองข้อมูลส่วนบุคคลฯ (PDPA)": ฯ abbreviates the rest of the name.
            before, acronym = m.group(1).rstrip().rstrip("ฯ").rstrip(), m.group(2)
            chunk = before.split(" ")[-1]
            words = [w for w in self.segment(chunk) if w.strip()][-12:]
            if words:
                self.acronym_contexts[acronym].append(words)
        for m in THAI_THEN_ENGLISH.finditer(text):
            self._transliteration(m.group(1), m.group(2), thai_last=True)
        for m in ENGLISH_THEN_THAI.finditer(text):
            self._transliteration(m.group(2), m.group(1), thai_last=False)

    def _transliteration(self, thai: str, english: str, thai_last: bool) -> None:
        english = english.strip()
        if english.isupper() and " " not in english:
            return  # an acronym: handled by its Thai name above
        n_en = len(english.split())
        words = [w for w in self.segment(thai) if w.strip()]
        # The Thai transliteration is a run of words next to the parenthesis.
        runs = [words[-k:] for k in range(1, min(6, len(words)) + 1)] if thai_last else []
        if not thai_last:
            runs = [words[:k] for k in range(1, min(6, len(words)) + 1)]
        best = None
        for run in runs:
            if run[0 if thai_last else -1] in _NOT_A_START:
                continue
            candidate = "".join(run)
            score = similarity(candidate, english)
            if score >= 0.8 and (best is None or score > best[0]):
                best = (score, candidate)  # the closest; the shorter one on a tie
        if best and len(best[1]) >= 3 and n_en <= 4:
            self.transliterations[(english.lower(), best[1])] += 1

    def results(
        self, min_count: int
    ) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
        abbreviations = []
        for abbr, fulls in sorted(self.abbreviations.items()):
            (full, n), *_ = fulls.most_common(1)
            if n >= min_count and n >= 0.3 * sum(fulls.values()):
                abbreviations.append((abbr, full, n))
        names = {}
        for acronym, contexts in sorted(self.acronym_contexts.items()):
            name = recurring_suffix(contexts, min_count)
            if name:
                names[acronym] = name
        # A Thai "name" found before three acronyms or more is a generic word (จำกัด, อาเซียน),
        # and so is one that most documents using it never pair with the acronym.
        shared = Counter(name for name, _n in names.values())
        english = [
            (acronym, name, n)
            for acronym, (name, n) in names.items()
            if shared[name] < 3 and self.name_docs.get(name, 0) <= GENERIC_RATIO * n
        ]
        # "Land Bridge", "LandBridge" and "Landbridge" are one term written three ways: count
        # them together, and keep every written form (a query may use any of them).
        together: Counter[tuple[str, str]] = Counter()
        for (en, th), n in self.transliterations.items():
            together[(_joined(en), th)] += n
        for en, th in sorted(self.transliterations):
            total = together[(_joined(en), th)]
            if total >= min_count:
                english.append((en, th, total))
        return abbreviations, english


def _joined(english: str) -> str:
    """An English term without its spaces and hyphens ("land bridge" → "landbridge")."""
    return re.sub(r"[\s\-]+", "", english)


def recurring_suffix(contexts: list[list[str]], min_count: int) -> tuple[str, int] | None:
    """The run of words that ends most of the contexts (the name before an acronym).

    Start from the most frequent last word and add the word before it while most of the
    contexts still agree (a name is followed by its acronym; the words before it vary).
    """
    counts: Counter[tuple[str, ...]] = Counter()
    for words in contexts:
        for k in range(1, len(words) + 1):
            counts[tuple(words[-k:])] += 1
    need = max(min_count, int(0.3 * len(contexts)))
    last = [(n, s) for s, n in counts.items() if len(s) == 1 and n >= need]
    if not last:
        return None
    n, suffix = max(last)
    while True:
        longer = [
            (m, s) for s, m in counts.items() if len(s) == len(suffix) + 1 and s[1:] == suffix
        ]
        if not longer:
            break
        m, s = max(longer)
        if m < 0.5 * n or m < min_count or s[0] in _NOT_A_START:
            break
        n, suffix = m, s
    while suffix and suffix[0] in _NOT_A_START:
        suffix = suffix[1:]
    text = "".join(suffix)
    return (text, n) if len(text) >= 4 else None


def write_tsv(path: Path, header: str, rows: Iterable[tuple[str, str, int]]) -> int:
    lines = [header] + [f"{a}\t{b}\t{n}" for a, b, n in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--exclude", type=Path, help="corpus file whose ids are left out")
    args = parser.parse_args(argv)
    exclude = read_ids(args.exclude) if args.exclude else frozenset()
    miner = Miner()
    docs = 0
    for text in read_texts(args.corpus, exclude):
        miner.feed(_normalise(text))
        docs += 1
    miner.count_names((_normalise(t) for t in read_texts(args.corpus, exclude)), args.min_count)
    abbreviations, english = miner.results(args.min_count)
    source = f"# Generated by scripts/mine_vocabulary.py from {docs:,} Thai government news items"
    rule = f" (pairs seen at least {args.min_count} times); do not edit by hand."
    n_a = write_tsv(
        args.out / "mined_abbreviations.tsv",
        source + rule + "\n# abbreviation without dots, full form, times seen",
        abbreviations,
    )
    n_e = write_tsv(
        args.out / "mined_english.tsv",
        source + rule + "\n# English (lower case except acronyms), Thai form, times seen",
        english,
    )
    sys.stdout.write(f"{docs} documents: {n_a} abbreviations, {n_e} English/Thai pairs\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
