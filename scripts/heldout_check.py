"""A held-out sanity check: fresh known-item queries generated from documents nobody has tuned on.

    python scripts/heldout_check.py NEWS.jsonl.gz [--exclude DEV-CORPUS.jsonl.gz] [--docs 3000]
        [--queries 60] [--seed 11] [--json]

Samples ``--docs`` news items (seeded; items whose id is in ``--exclude`` are skipped, so the
judged development corpus stays out), indexes them with the production analyser and engine, and
generates queries from the titles of ``--queries`` of them by general rules:

* ``unspaced``: the first words of the title typed together, sometimes with a question word;
* ``spaced``: the title's three longest words, separated by spaces, in another order;
* ``misspelt``: a title word misspelt by a general rule (a dropped tone mark, ติ for a final ต,
  ซ/ส, ศ/ส, ฎ/ฏ, ณ/น, ิ/ี, ุ/ู, a dropped silent letter, two letters swapped) plus another word;
* ``abbreviation``: a dotted abbreviation of the title typed without dots (or the other way),
  plus another title word.

The document the query came from is the one to find: recall@10 and MRR@10 of that document.
Other documents may be just as relevant, so the numbers are a floor; compare runs, not the
absolute level. The rules are general (they name no word), and no query or document is
written to disk.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from prongsai.search.analysis import get_analyzer  # noqa: E402
from prongsai.search.documents import SearchDocument  # noqa: E402
from prongsai.search.evaluation import build_engine  # noqa: E402
from prongsai.thai.normalise import normalise  # noqa: E402

K = 10
_THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]+$")
_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_DOTTED = re.compile(r"(?<![\u0e01-\u0e4e.])((?:[\u0e01-\u0e2e]\.){3,6})")
_QUESTION_WORDS = ("อะไรบ้าง", "ยังไง", "ไหม", "เมื่อไหร่", "ที่ไหน", "")
_SWAPS = (
    ("ซ", "ส"),
    ("ส", "ซ"),
    ("ศ", "ส"),
    ("ฎ", "ฏ"),
    ("ฏ", "ต"),
    ("ณ", "น"),
    ("ี", "ิ"),
    ("ิ", "ี"),
    ("ู", "ุ"),
    ("ุ", "ู"),
)


def misspell(word: str, rng: random.Random) -> str | None:
    """``word`` misspelt by one general rule chosen at random (None if none applies)."""
    rules: list[list[str]] = [[], [], [], [], []]
    for i, ch in enumerate(word):
        if ch in _TONES:
            rules[0].append(word[:i] + word[i + 1 :])
        if ch == "\u0e4c" and i > 0:  # drop the silent letter and its mark
            rules[1].append(word[: i - 1] + word[i + 1 :])
    if word.endswith("ต"):
        rules[2].append(word + "ิ")
    for a, b in _SWAPS:
        if a in word:
            rules[3].append(word.replace(a, b, 1))
    # Two neighbouring consonants swapped (a typing slip).
    for i in range(len(word) - 1):
        if _CONSONANT.match(word[i]) and _CONSONANT.match(word[i + 1]) and word[i] != word[i + 1]:
            rules[4].append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    rules = [[o for o in r if o != word and len(o) >= 3] for r in rules]
    rules = [r for r in rules if r]
    return rng.choice(rng.choice(rules)) if rules else None


def load_docs(path: Path, exclude: set[str], n: int, seed: int) -> list[SearchDocument]:
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        for line in f:
            obj = json.loads(line)
            if str(obj["id"]) not in exclude:
                rows.append(obj)
    random.Random(seed).shuffle(rows)  # noqa: S311 - a reproducible sample, not a secret
    return [
        SearchDocument(
            key=str(o["id"]), title=str(o.get("title") or ""), body=str(o.get("text") or "")
        )
        for o in rows[:n]
    ]


def ids_of(path: Path | None) -> set[str]:
    if path is None:
        return set()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        return {str(json.loads(line)["id"]) for line in f if line.strip()}


def generate(docs: list[SearchDocument], n: int, seed: int) -> list[tuple[str, str, str]]:
    """(kind, query, document key) tuples, ``n`` per kind at most."""
    analyzer = get_analyzer()
    rng = random.Random(seed)  # noqa: S311 - reproducible queries, not a secret
    out: dict[str, list[tuple[str, str, str]]] = {
        k: [] for k in ("unspaced", "spaced", "misspelt", "abbreviation")
    }
    order = list(range(len(docs)))
    rng.shuffle(order)
    for idx in order:
        doc = docs[idx]
        title = normalise(doc.title)
        words = [w for w in analyzer.words(title) if _THAI_WORD.match(w)]
        content = [w for w in words if len(w) >= 3]
        if len(content) < 4:
            continue
        if len(out["unspaced"]) < n:
            q = "".join(words[: rng.randint(3, 5)]) + rng.choice(_QUESTION_WORDS)
            out["unspaced"].append(("unspaced", q, doc.key))
        if len(out["spaced"]) < n:
            picked = sorted(set(content), key=len, reverse=True)[:3]
            rng.shuffle(picked)
            out["spaced"].append(("spaced", " ".join(picked), doc.key))
        if len(out["misspelt"]) < n:
            longish = [w for w in content if len(w) >= 4]
            if longish:
                target = rng.choice(longish)
                wrong = misspell(target, rng)
                other = rng.choice([w for w in content if w != target] or [""])
                if wrong and wrong not in analyzer.dictionary:
                    out["misspelt"].append(("misspelt", f"{wrong} {other}".strip(), doc.key))
        if len(out["abbreviation"]) < n:
            m = _DOTTED.search(title)
            if m:
                abbr = m.group(1).replace(".", "")
                other = rng.choice([w for w in content if w != abbr] or [""])
                out["abbreviation"].append(("abbreviation", f"{abbr} {other}".strip(), doc.key))
        if all(len(v) >= n for v in out.values()):
            break
    return [q for v in out.values() for q in v]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--exclude", type=Path)
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    docs = load_docs(args.corpus, ids_of(args.exclude), args.docs, args.seed)
    engine = build_engine(docs)
    queries = generate(docs, args.queries, args.seed)
    by_kind: dict[str, list[tuple[float, float]]] = {}
    started = time.perf_counter()
    for kind, query, key in queries:
        ranked = engine.ranked_keys(query, K)
        rank = ranked.index(key) + 1 if key in ranked else 0
        by_kind.setdefault(kind, []).append((1.0 if rank else 0.0, 1 / rank if rank else 0.0))
    elapsed = (time.perf_counter() - started) * 1000 / max(len(queries), 1)
    report = {
        kind: {
            "queries": len(v),
            "recall@10": round(sum(r for r, _ in v) / len(v), 3),
            "mrr@10": round(sum(m for _, m in v) / len(v), 3),
        }
        for kind, v in by_kind.items()
    }
    allv = [x for v in by_kind.values() for x in v]
    report["overall"] = {
        "queries": len(allv),
        "recall@10": round(sum(r for r, _ in allv) / max(len(allv), 1), 3),
        "mrr@10": round(sum(m for _, m in allv) / max(len(allv), 1), 3),
    }
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(
            f"{len(docs)} documents, analyser {engine.analyzer.version}, "
            f"{elapsed:.1f} ms per query\n{'kind':<14}{'n':>4}{'recall@10':>11}{'MRR@10':>9}\n"
        )
        for kind, m in report.items():
            sys.stdout.write(
                f"{kind:<14}{m['queries']:>4}{m['recall@10']:>11.3f}{m['mrr@10']:>9.3f}\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
