"""Analysis of many documents at once, in worker processes (rebuilds and benchmarks).

Analysis (normalise, nlpO3 words and syllables) costs about four times what writing a row
to the index costs, and is pure, so a rebuild analyses in ``workers`` forked processes while
this process writes. Documents go out in small batches with a bounded number in flight
(memory stays flat for a million documents) and come back in their original order, so a
parallel rebuild writes exactly the rows, in exactly the order, of a serial one.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator

from prongsai.search.analysis import get_analyzer
from prongsai.search.backends.base import IndexRow
from prongsai.search.documents import SearchDocument
from prongsai.search.engine import analyse_document

__all__ = ["analysed_rows", "default_workers"]

BATCH = 64
IN_FLIGHT_PER_WORKER = 4


def default_workers() -> int:
    """One worker per core this process may use (the writer shares them)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


def _analyse_batch(docs: list[SearchDocument]) -> list[IndexRow]:
    analyzer = get_analyzer()
    return [analyse_document(d, analyzer) for d in docs]


def analysed_rows(
    docs: Iterable[SearchDocument], workers: int = 1, batch: int = BATCH
) -> Iterator[IndexRow]:
    """``analyse_document`` of every document, in order; in ``workers`` processes if > 1."""
    if workers <= 1:
        analyzer = get_analyzer()
        for d in docs:
            yield analyse_document(d, analyzer)
        return
    get_analyzer()  # load the dictionaries once, before forking: the workers share them
    it = iter(docs)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque = deque()
        while True:
            chunk = list(itertools.islice(it, batch))
            if chunk:
                pending.append(pool.apply_async(_analyse_batch, (chunk,)))
            if pending and (not chunk or len(pending) >= workers * IN_FLIGHT_PER_WORKER):
                yield from pending.popleft().get()
            elif not chunk:
                break
