"""Mine "neighbour" words from a corpus of Thai news: words written in the same contexts.

    python scripts/mine_neighbours.py NEWS.jsonl.gz [--exclude DEV-CORPUS.jsonl.gz]

Reads JSON lines ``{"id", "title", "text"}`` (gzip or plain), segments every paragraph with the
production analyser (`prongsai.search.analysis`), trains word vectors on the words (gensim
word2vec, skip-gram, 100 dimensions, window 5, words seen 20+ times, 5 epochs, one worker and
a fixed seed, so the same corpus gives the same list) and writes
``prongsai/search/vocabulary/mined_neighbours.tsv``: ``WORD<TAB>NEIGHBOUR<TAB>cosine``, one line
per direction. The search uses it at query time only: a query word also looks for its
neighbours at a low weight (มอเตอร์เวย์ → ทางหลวงพิเศษ, ใบขับขี่ → ใบอนุญาตขับรถ,
หน่วยงานรัฐ → ภาครัฐ).

Word vectors put together words that can stand in for each other, and also words that are
merely related (neighbouring provinces, weekdays, a verb and its usual object). A pair is
kept only when (see `select_pairs`):

* each word is among the other's 5 nearest, with cosine 0.75 or more;
* both are Thai dictionary words of the analyser (not fragments of unknown names), or one is
  a Thai word and the other an English word of three letters or more;
* neither is a person's name, a family name, a country or a province (PyThaiNLP's lists);
* neither contains the other (the syllable fields already find a word inside a longer one);
* they are rarely written next to each other: within two words of each other in at most
  10 % of the rarer word's occurrences (a collocation such as รับฟัง ความคิดเห็น is not a
  pair of synonyms).

The same vectors also check PyThaiNLP's Thai WordNet, which the search uses as a thesaurus:
a WordNet pair whose words both have vectors with cosine below 0.3 is written to
``mined_unlike_synonyms.tsv`` and the search leaves it out. A WordNet synset is a sense, and
a word of the pair often has another sense in government news (รัฐ "state" / จังหวัด
"province" share a synset as "political unit"; in this corpus รัฐ means the government).

``--exclude`` leaves out the documents whose ``id`` is in another corpus file: the list that
ships is mined without the judged development corpus, so its evaluation measures documents the
list has never seen. Nothing is written by hand and no query set is read.

Needs gensim, which the site does not (``pip install -r requirements/mining.in`` in the
project's virtual environment); about five minutes for 10 million words on one core.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = REPO_ROOT / "prongsai" / "search" / "vocabulary"
OUT = VOCABULARY / "mined_neighbours.tsv"
UNLIKE_OUT = VOCABULARY / "mined_unlike_synonyms.tsv"
sys.path.insert(0, str(REPO_ROOT))

from prongsai.search.evaluation import open_lines  # noqa: E402

MIN_COUNT = 20
NEAREST = 5
MIN_COSINE = 0.75
NEAR_WINDOW = 2
MAX_NEAR_SHARE = 0.10
MIN_SYNONYM_COSINE = 0.30
SEED = 1

_THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]{2,}$")
_ENGLISH_WORD = re.compile(r"^[a-z]{3,}$")


@dataclass(frozen=True)
class Candidate:
    a: str
    b: str
    cosine: float
    rank_ab: int  # b's place among a's nearest words (0 = nearest)
    rank_ba: int  # a's place among b's nearest words
    count_a: int
    count_b: int
    near: int  # times the two are written within NEAR_WINDOW words of each other


def read_ids(path: Path) -> set[str]:
    return {str(json.loads(line).get("id")) for line in open_lines(path) if line.strip()}


def sentences(path: Path, exclude: set[str]) -> Iterator[list[str]]:
    """Words of each paragraph of each document (titles are paragraphs too)."""
    from prongsai.search.analysis import get_analyzer

    analyzer = get_analyzer()
    for line in open_lines(path):
        if not line.strip():
            continue
        doc = json.loads(line)
        if str(doc.get("id")) in exclude:
            continue
        for part in (doc.get("title") or "", doc.get("text") or ""):
            for paragraph in str(part).split("\n"):
                words = [w for w in analyzer.analyze(paragraph).words if w.strip()]
                if words:
                    yield words


def near_counts(sents: Iterable[list[str]], window: int = NEAR_WINDOW) -> Counter[tuple[str, str]]:
    """How often two words are written within ``window`` words of each other (both orders)."""
    near: Counter[tuple[str, str]] = Counter()
    for words in sents:
        for i, w in enumerate(words):
            for u in words[i + 1 : i + 1 + window]:
                if u != w:
                    near[(w, u)] += 1
                    near[(u, w)] += 1
    return near


def excluded_words() -> set[str]:
    """Names of people, families, countries and provinces: related words, never synonyms."""
    from prongsai.search.analysis import _pythainlp_corpus
    from prongsai.thai.normalise import normalise

    corpus = _pythainlp_corpus()
    words: set[str] = set()
    for name in (
        "countries_th.txt",
        "family_names_th.txt",
        "person_names_female_th.txt",
        "person_names_male_th.txt",
    ):
        text = (corpus / name).read_text(encoding="utf-8-sig")
        words |= {normalise(w.strip()) for w in text.splitlines() if w.strip()}
    with (corpus / "thailand_provinces_th.csv").open(encoding="utf-8") as fh:
        words |= {normalise(row[0]) for row in csv.reader(fh) if row}
    return words


def select_pairs(
    candidates: Iterable[Candidate],
    dictionary: set[str] | frozenset[str],
    excluded: set[str],
    *,
    nearest: int = NEAREST,
    min_cosine: float = MIN_COSINE,
    min_count: int = MIN_COUNT,
    max_near_share: float = MAX_NEAR_SHARE,
) -> list[tuple[str, str, float]]:
    """The pairs worth expanding a query with, one tuple per direction, sorted."""

    def thai(word: str) -> bool:
        return bool(_THAI_WORD.match(word)) and word in dictionary and word not in excluded

    out = []
    for c in candidates:
        if c.cosine < min_cosine or c.rank_ab >= nearest or c.rank_ba >= nearest:
            continue
        if min(c.count_a, c.count_b) < min_count or c.a in c.b or c.b in c.a:
            continue
        if c.near > max_near_share * min(c.count_a, c.count_b):
            continue
        thai_a, thai_b = thai(c.a), thai(c.b)
        if not (thai_a and thai_b):
            english_pair = (thai_a and _ENGLISH_WORD.match(c.b)) or (
                thai_b and _ENGLISH_WORD.match(c.a)
            )
            if not english_pair:
                continue
        out.append((c.a, c.b, round(c.cosine, 3)))
    return sorted(out)


def unlike_synonyms(
    synonyms: dict[str, set[str]],
    similarity: Callable[[str, str], float | None],
    threshold: float = MIN_SYNONYM_COSINE,
) -> list[tuple[str, str, float]]:
    """Thesaurus pairs the corpus uses in unlike contexts (both words known, cosine low)."""
    out = []
    for a, words in synonyms.items():
        for b in words:
            cosine = similarity(a, b)
            if cosine is not None and cosine < threshold:
                out.append((a, b, round(cosine, 3)))
    return sorted(out)


def _write(path: Path, header: str, rows: list[tuple[str, str, float]]) -> None:
    path.write_text(header + "".join(f"{a}\t{b}\t{s:.3f}\n" for a, b, s in rows), "utf-8")
    sys.stdout.write(f"{len(rows)} lines written to {path.name}\n")


def train(sents: list[list[str]]):  # pragma: no cover - needs gensim, run by hand
    try:
        from gensim.models import Word2Vec
    except ImportError:
        sys.exit("needs gensim: pip install -r requirements/mining.in")
    return Word2Vec(
        sents,
        vector_size=100,
        window=5,
        min_count=MIN_COUNT,
        sg=1,
        workers=1,
        seed=SEED,
        epochs=5,
    )


def candidates_from(model, sents: list[list[str]]) -> list[Candidate]:  # pragma: no cover
    wv = model.wv
    nearest = {w: wv.most_similar(w, topn=NEAREST) for w in wv.index_to_key}
    rank = {w: {b: i for i, (b, _s) in enumerate(lst)} for w, lst in nearest.items()}
    counts = Counter(w for words in sents for w in words)
    near = near_counts(sents)
    out = []
    for a, lst in nearest.items():
        for i, (b, cosine) in enumerate(lst):
            if a in rank.get(b, {}):
                out.append(
                    Candidate(
                        a, b, float(cosine), i, rank[b][a], counts[a], counts[b], near[(a, b)]
                    )
                )
    return out


def main() -> None:  # pragma: no cover - run by hand
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--exclude", type=Path, help="corpus file whose ids are left out")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    from prongsai.search.analysis import _pythainlp_corpus, get_analyzer, wordnet_synonyms
    from prongsai.thai.normalise import normalise

    exclude = read_ids(args.exclude) if args.exclude else set()
    sents = list(sentences(args.corpus, exclude))
    model = train(sents)
    pairs = select_pairs(candidates_from(model, sents), get_analyzer().dictionary, excluded_words())
    docs = "all documents" if not exclude else f"without the {len(exclude):,} excluded documents"
    source = f"# Generated by scripts/mine_neighbours.py from {args.corpus.name} ({docs}).\n"
    _write(
        args.out,
        source + "# WORD<TAB>NEIGHBOUR<TAB>cosine; query-time only. Do not edit by hand.\n",
        pairs,
    )

    corpus = _pythainlp_corpus()
    known = {normalise(w) for w in (corpus / "words_th.txt").read_text("utf-8").split()}

    def similarity(a: str, b: str) -> float | None:
        return float(model.wv.similarity(a, b)) if a in model.wv and b in model.wv else None

    _write(
        args.out.with_name(UNLIKE_OUT.name),
        source + "# WORDNET WORD<TAB>SYNONYM<TAB>cosine: pairs the search leaves out.\n",
        unlike_synonyms(wordnet_synonyms(corpus / "wordnet_th.db", known), similarity),
    )


if __name__ == "__main__":
    main()
