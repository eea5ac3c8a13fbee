"""Analysis of many documents at once, in worker processes (rebuilds and benchmarks).

Analysis (normalise, nlpO3 words and syllables) costs about twice what writing a row to the
index costs, and is pure, so a rebuild analyses in ``workers`` forked processes while this
process writes. Documents go out in small batches with a bounded number in flight (memory
stays flat for a million documents) and come back in their original order, so a parallel
rebuild writes exactly the rows, in exactly the order, of a serial one.

A batch comes back as the analysed fields only (the documents stay in this process) and the
document frequencies of its terms, counted in the worker from the analysed term lists: the
writer then adds one small table per batch to the index's term counts instead of splitting
and counting every document's fields again (see `AnalysedRow`).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from prongsai.search.analysis import Analyzer, get_analyzer
from prongsai.search.backends.base import IndexRow
from prongsai.search.documents import SearchDocument

__all__ = ["AnalysedRow", "analysed_rows", "default_workers"]

BATCH = 64
IN_FLIGHT_PER_WORKER = 4

Fields = tuple[str, str, str, str, str]
_COUNTED_WITH_BATCH: Mapping[str, int] = {}


@dataclass(frozen=True)
class AnalysedRow(IndexRow):
    """An `IndexRow` whose terms were already counted for the index's term table.

    ``term_counts`` holds the document frequencies of the terms of the row's whole batch on
    the batch's first row, and is empty on the other rows of the batch (counted with it).
    A writer that keeps document frequencies adds these instead of counting the row's fields;
    any other writer ignores them. Rows compare equal whatever batch they came in.
    """

    term_counts: Mapping[str, int] = field(compare=False)


def default_workers() -> int:
    """One worker per core this process may use (the writer shares them)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


def _analyse(doc: SearchDocument, analyzer: Analyzer, counts: Counter[str]) -> Fields:
    """The fields of `engine.analyse_document`, and the document's distinct terms counted.

    The terms are those of the joined fields split on spaces: analysed terms are never empty
    and never contain white space, so the lists give the same set without splitting.
    """
    title = analyzer.analyze(doc.title)
    body = analyzer.analyze(doc.body)
    extras = title.extras + body.extras
    terms = set(title.words)
    terms.update(title.syllables, body.words, body.syllables, extras)
    counts.update(terms)
    return (
        " ".join(title.words),
        " ".join(title.syllables),
        " ".join(body.words),
        " ".join(body.syllables),
        " ".join(extras),
    )


def _analyse_batch(docs: list[SearchDocument]) -> tuple[list[Fields], Counter[str]]:
    analyzer = get_analyzer()
    counts: Counter[str] = Counter()
    return [_analyse(d, analyzer, counts) for d in docs], counts


def _rows(docs: list[SearchDocument], fields: list[Fields], counts: Counter[str]) -> list[IndexRow]:
    return [
        AnalysedRow(d, *f, term_counts=counts if i == 0 else _COUNTED_WITH_BATCH)
        for i, (d, f) in enumerate(zip(docs, fields, strict=True))
    ]


def analysed_rows(
    docs: Iterable[SearchDocument], workers: int = 1, batch: int = BATCH
) -> Iterator[IndexRow]:
    """``analyse_document`` of every document, in order; in ``workers`` processes if > 1."""
    it = iter(docs)
    if workers <= 1:
        while chunk := list(itertools.islice(it, batch)):
            yield from _rows(chunk, *_analyse_batch(chunk))
        return
    get_analyzer()  # load the dictionaries once, before forking: the workers share them
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque = deque()
        while True:
            chunk = list(itertools.islice(it, batch))
            if chunk:
                pending.append((chunk, pool.apply_async(_analyse_batch, (chunk,))))
            if pending and (not chunk or len(pending) >= workers * IN_FLIGHT_PER_WORKER):
                sent, result = pending.popleft()
                yield from _rows(sent, *result.get())
            elif not chunk:
                break
