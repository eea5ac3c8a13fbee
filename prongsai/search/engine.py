"""The search engine: analysis, candidate retrieval, ranking, facets, snippets, suggestions.

Ranking, computed the same way over every backend's candidates:

* BM25 per concept alternative and field (k1 1.2, b 0.75), title hits boosted;
* each alternative weighted: the word itself above its syllables, variants and relations below;
* a concept scores its best alternative; the query scores the sum over concepts;
* coverage: the share of the query's concepts (weighted by IDF) that a document matches,
  squared, multiplies the score, so documents that have every part of the question come first;
* a bonus when an unspaced chunk of the query appears as one phrase;
* a small recency factor.

Pure: no Django (the Django side is in `service.py`).
"""

from __future__ import annotations

import datetime
import math
import re
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from prongsai.search.analysis import Analyzer, get_analyzer
from prongsai.search.backends.base import (
    Candidate,
    IndexRow,
    IndexSwapped,
    MatchGroup,
    SearchBackend,
)
from prongsai.search.documents import Filters, SearchDocument, Visibility
from prongsai.search.highlight import highlight, snippet
from prongsai.search.query import Alternative, Concept, QueryPlan, parse_query
from prongsai.search.spelling import SpellingIndex

__all__ = ["Hit", "SearchEngine", "SearchResults", "analyse_document"]

T = TypeVar("T")
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
K1 = 1.2
B = 0.75
TITLE_BOOST = 2.0
CANDIDATES = 300  # per candidate query (any / all concepts)
COMMON_SHARE = 0.25  # a concept in more than this share of documents is 'common'
RERANK = 100  # candidates whose analysed fields are loaded and ranked in Python
CHUNK_PHRASE_BONUS = 0.15
SOUND_MIN_RATIO = 3  # a known word also looks for a same-sound spelling this many times as common
COVERAGE_POWER = 2.0
TITLE_COVERAGE_WEIGHT = 1.0
LEAD_COVERAGE_WEIGHT = 0.5
LEAD_CHARS = 600
RECENCY_WEIGHT = 0.05
RECENCY_HALF_LIFE_DAYS = 365.0
FACETS = ("fiscal_year", "ita_item", "work_group", "file_type", "kind")
_THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]+$")


def analyse_document(doc: SearchDocument, analyzer: Analyzer) -> IndexRow:
    title = analyzer.analyze(doc.title)
    body = analyzer.analyze(doc.body)
    return IndexRow(
        doc=doc,
        title_w=" ".join(title.words),
        title_s=" ".join(title.syllables),
        body_w=" ".join(body.words),
        body_s=" ".join(body.syllables),
        extras=" ".join(title.extras + body.extras),
    )


@dataclass
class Hit:
    key: str
    title: str
    url: str
    kind: str
    score: float
    date: datetime.date | None
    fiscal_year: int | None
    ita_item: str
    work_group: str
    file_type: str
    is_public: bool
    title_html: str = ""
    snippet_html: str = ""


@dataclass
class SearchResults:
    query: str
    plan: QueryPlan
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str = ""
    elapsed_ms: float = 0.0
    truncated: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def _count(padded_field: str, terms: Sequence[str]) -> int:
    """Occurrences of the phrase ``terms`` in a field padded with one space at each end."""
    if len(padded_field) < 3:
        return 0
    return padded_field.count(" " + " ".join(terms) + " ")


def _bm25(tf: int, length: int, avg: float) -> float:
    if tf <= 0:
        return 0.0
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / max(avg, 1.0)))


class SearchEngine:
    def __init__(self, backend: SearchBackend, analyzer: Analyzer | None = None) -> None:
        self.backend = backend
        self.analyzer = analyzer or get_analyzer()
        self._spelling: SpellingIndex | None = None

    # -- indexing ----------------------------------------------------------------------------

    @property
    def index_version(self) -> str:
        """What the index must have been built with: the analyser and the backend layout."""
        return f"{self.analyzer.version}-{self.backend.name}{self.backend.schema_version}"

    def needs_rebuild(self) -> bool:
        return self.backend.analyzer_version() != self.index_version

    def index(self, docs: Iterable[SearchDocument], batch: int = 200) -> int:
        n = 0
        rows: list[IndexRow] = []
        for doc in docs:
            rows.append(analyse_document(doc, self.analyzer))
            if len(rows) >= batch:
                self.backend.upsert(rows)
                n += len(rows)
                rows = []
        if rows:
            self.backend.upsert(rows)
            n += len(rows)
        if self.backend.analyzer_version() is None:
            self.backend.mark_version(self.index_version)
        self._spelling = None
        return n

    def rebuild(self, docs: Iterable[SearchDocument], batch: int = 200) -> int:
        return self.rebuild_rows((analyse_document(d, self.analyzer) for d in docs), batch=batch)

    def rebuild_rows(self, rows: Iterable[IndexRow], batch: int = 200) -> int:
        n = 0
        with self.backend.rebuild(self.index_version) as writer:
            chunk: list[IndexRow] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= batch:
                    writer.add(chunk)
                    n += len(chunk)
                    chunk = []
            if chunk:
                writer.add(chunk)
                n += len(chunk)
        self._spelling = None
        return n

    def delete(self, keys: Iterable[str]) -> int:
        return self.backend.delete(keys)

    # -- query expansion ---------------------------------------------------------------------

    def _spelling_index(self) -> SpellingIndex:
        if self._spelling is None:
            # In a small index every word counts; in a large one, words seen once are mostly typos.
            min_df = 2 if self.backend.stats().doc_count >= 1000 else 1
            self._spelling = SpellingIndex(self.backend.vocabulary(min_df=min_df))
        return self._spelling

    def _alt_terms(self, alt: Alternative) -> list[str]:
        return list(alt.terms)

    def _repair_unknown(self, plan: QueryPlan) -> None:
        """Rejoin a misspelt word that the segmenter cut into pieces (ดำรงค์ → ดำ|รงค์).

        A piece that is not a dictionary word is joined with its neighbours in the same chunk;
        if the index knows the joined string, or a word close to it, that becomes one concept.
        """
        concepts = plan.concepts
        i = 0
        while i < len(concepts):
            c = concepts[i]
            if not c.unknown:
                i += 1
                continue
            best = None
            for lo, hi in ((i - 1, i + 1), (i, i + 2), (i - 1, i + 2), (i - 2, i + 1)):
                if lo < 0 or hi > len(concepts) or hi - lo < 2:
                    continue
                group = concepts[lo:hi]
                if any(g.chunk != c.chunk or len(g.alternatives[0].terms) != 1 for g in group):
                    continue
                joined = "".join(g.alternatives[0].terms[0] for g in group)
                spelling = self._spelling_index()
                found = spelling.lookup(joined, max_results=1, include_exact=True)
                found = found or spelling.sounds_like(joined, max_results=1)
                if found:
                    best = (lo, hi, joined, found[0][0])
                    break
            if best is None:
                i += 1
                continue
            lo, hi, joined, fixed = best
            merged = Concept(
                text=joined, alternatives=[Alternative("w", (joined,), 1.0)], chunk=c.chunk
            )
            merged.add(Alternative("w", (fixed,), 0.9, "fuzzy"))
            syll = self.analyzer.syllables(fixed)
            if syll:
                merged.add(Alternative("s", tuple(syll), 0.75, "fuzzy"))
            for form in self.analyzer.lexicon.related(fixed)["variant"]:
                merged.add(Alternative("w", (form,), 0.8, "variant"))
            concepts[lo:hi] = [merged]
            i = lo + 1

    def _join_by_sound(self, plan: QueryPlan) -> None:
        """Join neighbouring words that are a misspelling of one word (อนุ|ญาติ → อนุญาต).

        A misspelt word can be cut into pieces that are all real words, so `_repair_unknown`
        never sees it. Two or three neighbours typed together whose joined spelling the index
        does not know, but whose sound key (`thai_sound_key`) is that of an indexed word, become
        one concept: the pieces as a phrase (what was typed) or the indexed word.
        """
        spelling = self._spelling_index()
        concepts = plan.concepts
        i = 0
        while i < len(concepts) - 1:
            merged = None
            for n in (3, 2):
                group = concepts[i : i + n]
                if len(group) < n or any(
                    g.chunk != group[0].chunk
                    or g.required
                    or len(g.alternatives[0].terms) != 1
                    or not _THAI_WORD.match(g.alternatives[0].terms[0])
                    for g in group
                ):
                    continue
                pieces = tuple(g.alternatives[0].terms[0] for g in group)
                joined = "".join(pieces)
                if joined in spelling.df or joined in self.analyzer.dictionary:
                    continue
                found = spelling.sounds_like(joined, max_results=1)
                if found:
                    merged = (n, pieces, joined, found[0][0])
                    break
            if merged is None:
                i += 1
                continue
            n, pieces, joined, fixed = merged
            concept = Concept(
                text=joined, alternatives=[Alternative("w", pieces, 1.0)], chunk=concepts[i].chunk
            )
            concept.add(Alternative("w", (fixed,), 0.9, "sound"))
            syll = self.analyzer.syllables(fixed)
            if len(syll) > 1:
                concept.add(Alternative("s", tuple(syll), 0.75, "sound"))
            concepts[i : i + n] = [concept]
            i += 1

    def _expand_fuzzy(self, plan: QueryPlan, dfs: dict[str, int]) -> None:
        """Add other spellings of the same sound, and close vocabulary words for words the
        index does not know (misspellings)."""
        for concept in plan.concepts:
            first = concept.alternatives[0].terms
            if len(first) != 1 or len(first[0]) < 4 or not _THAI_WORD.match(first[0]):
                continue
            if concept.text in self.analyzer.lexicon.abbreviations:
                continue
            # A known word only borrows a much more common spelling of its sound (อินเตอร์เน็ต
            # → อินเทอร์เน็ต), not every word that differs from it by a tone mark.
            own = dfs.get(first[0], 0)
            if own and len(self.analyzer.syllables(first[0])) < 2:
                continue  # one syllable: a tone mark changes the word (ส่วย, สวย)
            for close, df in self._spelling_index().sounds_like(first[0], max_results=2):
                if own and df < SOUND_MIN_RATIO * own:
                    continue
                concept.add(Alternative("w", (close,), 0.85, "sound"))
                syll = self.analyzer.syllables(close)
                if len(syll) > 1:
                    concept.add(Alternative("s", tuple(syll), 0.7, "sound"))
        # A transliteration from the lists may be spelt otherwise in the index (บิก → บิ๊ก,
        # the news writes the tone mark): it borrows the index's more common spelling.
        for concept in plan.concepts:
            for alt in list(concept.alternatives):
                form = "".join(alt.terms)
                if alt.reason != "transliteration" or alt.family != "w" or len(form) < 3:
                    continue
                if not _THAI_WORD.match(form):
                    continue
                own = self._spelling_index().df.get(form, 0)
                for close, df in self._spelling_index().sounds_like(form, max_results=1):
                    if own and df < SOUND_MIN_RATIO * own:
                        continue
                    concept.add(Alternative("w", (close,), alt.weight, "sound"))
                    syll = self.analyzer.syllables(close)
                    if len(syll) > 1:
                        concept.add(Alternative("s", tuple(syll), alt.weight * 0.8, "sound"))
        for concept in plan.concepts:
            if not concept.fuzzy_candidate:
                continue
            word = concept.alternatives[0].terms[0]
            if dfs.get(word, 0) > 0:
                continue
            for close, _df in self._spelling_index().lookup(word, max_results=3):
                concept.add(Alternative("w", (close,), 0.6, "fuzzy"))
                syll = self.analyzer.syllables(close)
                if len(syll) > 1:
                    concept.add(Alternative("s", tuple(syll), 0.5, "fuzzy"))

    def suggestion(self, plan: QueryPlan) -> str:
        """A corrected query when some words are unknown to the index ('' if none)."""
        changed = False
        out = []
        dfs = self.backend.doc_freqs(
            c.alternatives[0].terms[0] for c in plan.concepts if c.alternatives
        )
        for concept in plan.concepts:
            first = concept.alternatives[0].terms
            word = first[0] if len(first) == 1 else concept.text
            if len(first) == 1 and dfs.get(word, 0) == 0 and len(word) >= 3:
                best = self._spelling_index().lookup(word, max_results=1)
                if best:
                    out.append(best[0][0])
                    changed = True
                    continue
            out.append(concept.text)
        return " ".join(out) if changed else ""

    # -- ranking -----------------------------------------------------------------------------

    def _idf(self, df: int, n: int) -> float:
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _alt_idf(self, alt: Alternative, dfs: dict[str, int], n: int) -> float:
        # A phrase is at most as common as its rarest term.
        df = min((dfs.get(t, 0) for t in alt.terms), default=0)
        return self._idf(df, n)

    def _rank(
        self, plan: QueryPlan, cands: Sequence[Candidate], dfs: dict[str, int]
    ) -> list[tuple[float, Candidate]]:
        stats = self.backend.stats()
        n = max(stats.doc_count, 1)
        concepts = plan.concepts
        importance = []
        for c in concepts:
            idf = max((self._alt_idf(a, dfs, n) for a in c.alternatives[:2]), default=0.0)
            importance.append(c.weight * max(idf, 0.1))
        total_importance = sum(importance) or 1.0
        today = datetime.datetime.now(BANGKOK).date()
        ranked = []
        for cand in cands:
            title_len = cand.title_w.count(" ") + 1
            body_len = cand.body_w.count(" ") + 1
            fields = {
                name: f" {getattr(cand, name)} "
                for name in ("title_w", "title_s", "body_w", "body_s", "extras")
            }
            lead = {
                "body_w": fields["body_w"][:LEAD_CHARS].rsplit(" ", 1)[0] + " ",
                "body_s": fields["body_s"][: LEAD_CHARS * 3 // 2].rsplit(" ", 1)[0] + " ",
            }
            score = 0.0
            covered = 0.0
            title_covered = 0.0
            lead_covered = 0.0
            for c, imp in zip(concepts, importance, strict=True):
                best = 0.0
                best_cov = 0.0
                in_title = 0.0
                in_lead = 0.0
                for alt in c.alternatives:
                    if not dfs.get(alt.terms[0], 0):
                        continue
                    if alt.family == "x":
                        tf_t, tf_b = 0, _count(fields["extras"], alt.terms)
                    elif alt.family == "w":
                        tf_t = _count(fields["title_w"], alt.terms)
                        tf_b = _count(fields["body_w"], alt.terms)
                    else:
                        tf_t = _count(fields["title_s"], alt.terms)
                        tf_b = _count(fields["body_s"], alt.terms)
                    if not tf_t and not tf_b:
                        continue
                    s = (
                        alt.weight
                        * self._alt_idf(alt, dfs, n)
                        * (
                            TITLE_BOOST * _bm25(tf_t, title_len, stats.avg_title_len)
                            + _bm25(tf_b, body_len, stats.avg_body_len)
                        )
                    )
                    best = max(best, s)
                    best_cov = max(best_cov, alt.weight)
                    if tf_t:
                        in_title = max(in_title, alt.weight)
                    if alt.family != "x" and _count(lead["body_" + alt.family], alt.terms):
                        in_lead = max(in_lead, alt.weight)
                score += c.weight * best
                covered += imp * min(best_cov, 1.0)
                title_covered += imp * min(in_title, 1.0)
                lead_covered += imp * min(in_lead, 1.0)
            coverage = covered / total_importance
            score *= coverage**COVERAGE_POWER
            # "Mainly about it": the question's words in the title and the opening lines.
            score *= (
                1
                + TITLE_COVERAGE_WEIGHT * title_covered / total_importance
                + LEAD_COVERAGE_WEIGHT * lead_covered / total_importance
            )
            for phrase in plan.chunk_phrases:
                if _count(fields["title_s"], phrase) or _count(fields["body_s"], phrase):
                    score *= 1 + CHUNK_PHRASE_BONUS
            if cand.date:
                age = max((today - cand.date).days, 0)
                score *= 1 + RECENCY_WEIGHT * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS)
            if score > 0:
                ranked.append((score, cand))
        ranked.sort(key=lambda x: (-x[0], x[1].id))
        return ranked

    def _ranked(
        self, plan: QueryPlan, filters: Filters, visibility: Visibility, limit: int = CANDIDATES
    ) -> list[tuple[float, Candidate]]:
        if plan.empty:
            return []
        if any(c.unknown for c in plan.concepts):
            self._repair_unknown(plan)
        if len(plan.concepts) > 1:
            self._join_by_sound(plan)
        terms = {t for c in plan.concepts for a in c.alternatives for t in a.terms}
        dfs = self.backend.doc_freqs(terms)
        self._expand_fuzzy(plan, dfs)
        extra = {t for c in plan.concepts for a in c.alternatives for t in a.terms} - terms
        if extra:
            dfs.update(self.backend.doc_freqs(extra))
        # Alternatives that occur nowhere cost time and find nothing.
        groups = []
        required = []
        for c in plan.concepts:
            alts = tuple(a for a in c.alternatives if all(dfs.get(t, 0) > 0 for t in a.terms))
            if c.required:
                required.append(MatchGroup(alts))
            elif alts:
                groups.append(MatchGroup(alts))
        if any(not g.alternatives for g in required):
            return []
        # Concepts found in a large share of the index barely rank and cost the most to
        # retrieve: leave them to the ranker and retrieve by the rarer ones (all of them if
        # every concept is common).
        n_docs = max(self.backend.stats().doc_count, 1)

        def group_df(g: MatchGroup) -> int:
            return max(min(dfs.get(t, 0) for t in a.terms) for a in g.alternatives)

        rare = [g for g in groups if group_df(g) <= COMMON_SHARE * n_docs]
        if rare:
            retrieve = rare
        else:
            # Every concept is common: its plain words find more than enough documents, and
            # syllable phrases over common syllables are the most expensive thing to match.
            retrieve = [
                MatchGroup(tuple(a for a in g.alternatives if len(a.terms) == 1) or g.alternatives)
                for g in groups
            ]
        # Documents that match every retrieved concept first, then (if too few) those that
        # match any, each in the backend's BM25 order; the first RERANK are ranked here.
        by_id: dict[int, Candidate] = {}
        if len(retrieve) > 1 or (required and not retrieve):
            for c in self.backend.candidates(
                retrieve,
                required,
                match_all=True,
                filters=filters,
                visibility=visibility,
                limit=limit,
            ):
                by_id.setdefault(c.id, c)
        if retrieve and (len(retrieve) == 1 or (len(by_id) < RERANK and rare)):
            for c in self.backend.candidates(
                retrieve,
                required,
                match_all=False,
                filters=filters,
                visibility=visibility,
                limit=limit,
            ):
                by_id.setdefault(c.id, c)
        cands = list(by_id.values())
        head, tail = cands[:RERANK], cands[RERANK:]
        self.backend.load_terms(head)
        ranked = self._rank(plan, head, dfs)
        floor = min((s for s, _c in ranked), default=1.0)
        tail.sort(key=lambda c: -c.backend_score)
        ranked += [(floor * 0.5 ** (i + 1) / (i + 1), c) for i, c in enumerate(tail)]
        return ranked

    def _reading(self, read: Callable[[], T]) -> T:
        """``read()`` inside one `SearchBackend.reading` block; run once more if a rebuild
        replaced the live index meanwhile (a reindex must not fail the searches it overlaps)."""
        try:
            with self.backend.reading():
                return read()
        except IndexSwapped:
            self._spelling = None
            with self.backend.reading():
                return read()

    # -- public API --------------------------------------------------------------------------

    def plan(self, query: object) -> QueryPlan:
        return parse_query(query, self.analyzer)

    def ranked_keys(
        self, query: str, k: int = 10, visibility: Visibility | None = None
    ) -> list[str]:
        ranked = self._reading(
            lambda: self._ranked(self.plan(query), Filters(), visibility or Visibility.everything())
        )
        return [c.key for _s, c in ranked[:k]]

    def search(
        self,
        query: object,
        *,
        filters: Filters | None = None,
        visibility: Visibility | None = None,
        page: int = 1,
        page_size: int = 10,
        with_snippets: bool = True,
    ) -> SearchResults:
        started = time.perf_counter()
        filters = filters or Filters()
        visibility = visibility or Visibility.public()
        page = max(1, int(page)) if isinstance(page, int) else 1
        page_size = min(max(1, page_size), 50)
        # Planned afresh on a retry: ranking adds the index's spellings to the plan.
        return self._reading(
            lambda: self._search(
                self.plan(query), filters, visibility, page, page_size, with_snippets, started
            )
        )

    def _search(
        self,
        plan: QueryPlan,
        filters: Filters,
        visibility: Visibility,
        page: int,
        page_size: int,
        with_snippets: bool,
        started: float,
    ) -> SearchResults:
        ranked = self._ranked(plan, filters, visibility)
        total = len(ranked)
        facets: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            counts = Counter(str(getattr(c, name)) for _s, c in ranked if getattr(c, name))
            if counts:
                facets[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        window = ranked[(page - 1) * page_size : page * page_size]
        stored = self.backend.fetch([c.id for _s, c in window])
        terms = plan.highlight_terms()
        hits = []
        for score, cand in window:
            doc = stored.get(cand.id, {})
            title = str(doc.get("title", ""))
            hits.append(
                Hit(
                    key=cand.key,
                    title=title,
                    url=str(doc.get("url", "")),
                    kind=cand.kind,
                    score=round(score, 4),
                    date=cand.date,
                    fiscal_year=cand.fiscal_year,
                    ita_item=cand.ita_item,
                    work_group=cand.work_group,
                    file_type=cand.file_type,
                    is_public=cand.is_public,
                    title_html=highlight(title, terms, self.analyzer) if with_snippets else "",
                    snippet_html=(
                        snippet(str(doc.get("body", "")), terms, self.analyzer)
                        if with_snippets
                        else ""
                    ),
                )
            )
        suggestion = self.suggestion(plan) if not ranked and not plan.empty else ""
        return SearchResults(
            query=plan.raw,
            plan=plan,
            hits=hits,
            total=total,
            page=page,
            page_size=page_size,
            facets=facets,
            suggestion=suggestion,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            truncated=total >= CANDIDATES,
        )

    def autocomplete(
        self, prefix: object, *, visibility: Visibility | None = None, limit: int = 8
    ) -> list[dict[str, str]]:
        text = prefix if isinstance(prefix, str) else ""
        key = "".join(self.analyzer.syllables(text[:100]))
        if not key:
            return []
        return self._reading(
            lambda: self.backend.title_prefix(
                key, visibility=visibility or Visibility.public(), limit=limit
            )
        )
