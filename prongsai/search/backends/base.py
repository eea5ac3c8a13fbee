"""The interface every index backend implements, and the rows it stores.

A backend stores analysed documents and answers three questions fast: which documents match
any (or all) of a query's alternatives, how many documents contain a term, and what a stored
document says. Ranking, snippets, facets and suggestions are computed by the engine the same
way for every backend, so the same tests hold for SQLite FTS5 and PostgreSQL (and would for an
OpenSearch backend fed the same pre-segmented fields).
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from prongsai.search.documents import Filters, SearchDocument, Visibility
from prongsai.search.query import Alternative

__all__ = [
    "Candidate",
    "IndexRow",
    "IndexStats",
    "IndexSwapped",
    "IndexWriter",
    "SearchBackend",
    "MatchGroup",
]


class IndexSwapped(Exception):  # noqa: N818 - an event, not an error of the caller
    """A rebuild replaced the live index while a search was reading it (inside
    `SearchBackend.reading`): nothing is wrong with the query; running it again reads the new
    index."""


# Field families and the stored fields that hold them.
FAMILY_FIELDS = {"w": ("title_w", "body_w"), "s": ("title_s", "body_s"), "x": ("extras",)}


@dataclass(frozen=True)
class IndexRow:
    """A document with its analysed fields (space-separated terms)."""

    doc: SearchDocument
    title_w: str
    title_s: str
    body_w: str
    body_s: str
    extras: str


@dataclass
class Candidate:
    id: int
    key: str
    kind: str
    is_public: bool
    work_group: str
    fiscal_year: int | None
    ita_item: str
    file_type: str
    date: datetime.date | None
    backend_score: float = 0.0
    # Analysed fields, filled by `SearchBackend.load_terms` for the candidates worth ranking.
    title_w: str = ""
    title_s: str = ""
    body_w: str = ""
    body_s: str = ""
    extras: str = ""


@dataclass(frozen=True)
class IndexStats:
    doc_count: int
    avg_title_len: float
    avg_body_len: float


@dataclass(frozen=True)
class MatchGroup:
    """The alternatives of one concept: a document matches the group if it has any of them."""

    alternatives: tuple[Alternative, ...]


class IndexWriter(ABC):
    @abstractmethod
    def add(self, rows: Sequence[IndexRow]) -> None: ...


class SearchBackend(ABC):
    """One index. Implementations take a DB-API connection and a table-name prefix."""

    name = "base"
    # Bump when the stored layout changes: with the analyser version it makes the index version.
    schema_version = "1"
    # A candidate query reading more postings than this (see `postings`) is answered by
    # bounded queries instead of ranking every match in the backend (None: never).
    exact_postings: int | None = None

    @abstractmethod
    def ensure_schema(self) -> None: ...

    def reading(self) -> AbstractContextManager[object]:
        """One search's reads: inside the block a backend may look up what locates the live
        index (its generation) once and reuse it. Blocks nest; writes stay outside. If a
        rebuild replaces the index meanwhile, a read raises `IndexSwapped`."""
        return nullcontext()

    @abstractmethod
    def analyzer_version(self) -> str | None:
        """The analyser version the live index was built with (None: no index yet)."""

    @abstractmethod
    def mark_version(self, analyzer_version: str) -> None:
        """Record the analyser version of an index filled by `upsert` from empty."""

    @abstractmethod
    def upsert(self, rows: Sequence[IndexRow]) -> None: ...

    @abstractmethod
    def delete(self, keys: Iterable[str]) -> int: ...

    @abstractmethod
    def rebuild(self, analyzer_version: str) -> AbstractContextManager[IndexWriter]:
        """Build a complete new index beside the live one and swap it in on success.

        If the build stops half-way (killed, error), the live index is untouched.
        """

    @abstractmethod
    def candidates(
        self,
        groups: Sequence[MatchGroup],
        required: Sequence[MatchGroup],
        *,
        match_all: bool,
        filters: Filters,
        visibility: Visibility,
        limit: int,
    ) -> list[Candidate]:
        """Documents matching any group (or every group if ``match_all``) and all ``required``."""

    @abstractmethod
    def load_terms(self, candidates: Sequence[Candidate]) -> None:
        """Fill the analysed fields of ``candidates`` (in place)."""

    @abstractmethod
    def doc_freqs(self, terms: Iterable[str]) -> dict[str, int]:
        """Number of documents containing each term (any field)."""

    @abstractmethod
    def stats(self) -> IndexStats: ...

    @abstractmethod
    def fetch(self, ids: Sequence[int]) -> dict[int, dict[str, object]]:
        """Stored originals: title, body, url and the filter fields, by id."""

    @abstractmethod
    def title_prefix(
        self, prefix: str, *, visibility: Visibility, limit: int
    ) -> list[dict[str, str]]:
        """Titles that start with ``prefix`` (a normalised, analysed prefix), newest first."""

    @abstractmethod
    def vocabulary(self, min_df: int = 2) -> Iterator[tuple[str, int]]:
        """Word terms with their document frequency (for spelling suggestions)."""

    @abstractmethod
    def size_bytes(self) -> int: ...

    def close(self) -> None:  # pragma: no cover - optional
        return None


def match_terms(groups: Sequence[MatchGroup]) -> set[str]:
    return {t for g in groups for a in g.alternatives for t in a.terms}


def postings(
    groups: Sequence[MatchGroup], required: Sequence[MatchGroup], dfs: dict[str, int]
) -> int:
    """How many postings a candidate query reads: the document frequencies of its terms,
    summed over every alternative (a phrase reads the posting list of each of its terms)."""
    return sum(dfs.get(t, 0) for g in [*groups, *required] for a in g.alternatives for t in a.terms)


def plain_words(g: MatchGroup) -> MatchGroup:
    """The one-word alternatives of a group in the word fields (cheap to rank)."""
    return MatchGroup(tuple(a for a in g.alternatives if a.family == "w" and len(a.terms) == 1))


def plain_word_query(
    groups: Sequence[MatchGroup],
    required: Sequence[MatchGroup],
    *,
    match_all: bool,
    dfs: dict[str, int],
    bound: int,
) -> tuple[list[MatchGroup], list[MatchGroup]] | None:
    """The query reduced to its plain one-word alternatives, when every group that must match
    keeps one and ranking them reads at most ``bound`` postings; otherwise None. Both backends
    rank this cheaper query first when the whole one is too costly to rank."""
    words = [plain_words(g) for g in groups]
    words_req = [plain_words(g) for g in required]
    if not match_all:
        words = [g for g in words if g.alternatives]
    if (
        words
        and all(g.alternatives for g in [*words, *words_req])
        and postings(words, words_req, dfs) <= bound
    ):
        return words, words_req
    return None


def visibility_allows(doc_is_public: bool, work_group: str, visibility: Visibility) -> bool:
    return doc_is_public or visibility.all_drafts or work_group in visibility.draft_work_groups
