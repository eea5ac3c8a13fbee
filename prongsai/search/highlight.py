"""Snippets and titles with the matched Thai highlighted in the ORIGINAL text.

Matching happens on normalised, segmented text; the reader sees the original (Thai digits,
odd spacing and all). `prongsai.thai.normalise.normalise_with_offsets` maps one to the other.
A match counts only where it starts and ends on a syllable boundary, so ยาง is not
highlighted inside ดุริยางค์. Pure: no Django. Returns HTML-escaped strings with ``<mark>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from prongsai.search.analysis import Analyzer
from prongsai.thai.normalise import normalise, normalise_with_offsets

__all__ = ["highlight", "snippet"]

SNIPPET_CHARS = 220


def _needles(terms: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    out = set()
    for _family, words in terms:
        if not words:
            continue
        latin = all(w.isascii() for w in words)
        out.add((" " if latin else "").join(words).lower())
        if latin and len(words) > 1:
            out.add("".join(words).lower())
    # Longest first, so a phrase wins over its parts.
    return sorted((n for n in out if n), key=len, reverse=True)


def _boundaries(analyzer: Analyzer, text: str) -> set[int]:
    cuts = {0, len(text)}
    pos = 0
    for tok in analyzer._segment(text, analyzer._syllables_dict):
        pos += len(tok)
        cuts.add(pos)
    return cuts


def _spans(analyzer: Analyzer, norm: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    low = norm.lower()
    if len(low) != len(norm):  # pragma: no cover - exotic case mappings
        low = norm
    cuts = _boundaries(analyzer, norm)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        start = low.find(needle)
        while start != -1:
            end = start + len(needle)
            if start in cuts and end in cuts:
                spans.append((start, end))
            start = low.find(needle, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _render(original: str, offsets: list[int], spans: list[tuple[int, int]]) -> str:
    out = []
    pos = 0
    for s, e in spans:
        a, b = offsets[s], offsets[e]
        if a < pos:
            continue
        out.append(escape(original[pos:a]))
        out.append(f"<mark>{escape(original[a:b])}</mark>")
        pos = b
    out.append(escape(original[pos:]))
    return "".join(out)


def highlight(text: str, terms: Sequence[tuple[str, Sequence[str]]], analyzer: Analyzer) -> str:
    """All of ``text`` (a title) with matches marked."""
    norm, offsets = normalise_with_offsets(text)
    return _render(text, offsets, _spans(analyzer, norm, _needles(terms)))


def snippet(
    text: str,
    terms: Sequence[tuple[str, Sequence[str]]],
    analyzer: Analyzer,
    width: int = SNIPPET_CHARS,
) -> str:
    """A window of ``text`` around the first match, with matches marked."""
    needles = _needles(terms)
    if not text:
        return ""
    # Find the first match in the original text (cheap); only when the original hides it
    # (digits, zero-width characters, broken marks) normalise the whole text to look again.
    hay = text.lower() if any(n.isascii() for n in needles) else text
    first = min((i for i in (hay.find(n) for n in needles) if i != -1), default=-1)
    if first == -1:
        low = normalise(text).lower()
        first = min((i for i in (low.find(n) for n in needles) if i != -1), default=-1)
    # Normalising rarely lengthens text, so the original position is at or after `first`.
    window_start = max(0, first - width // 3) if first != -1 else 0
    window_end = window_start + 2 * width
    window = text[window_start:window_end]
    norm, offsets = normalise_with_offsets(window)
    spans = _spans(analyzer, norm, needles)
    if first != -1 and not spans and window_start > 0:
        # The match sat further on in the original than estimated: take a larger window.
        window = text[window_start : window_start + 4 * width]
        norm, offsets = normalise_with_offsets(window)
        spans = _spans(analyzer, norm, needles)
    # Trim to `width` characters around the first span.
    if spans:
        centre = offsets[spans[0][0]]
        a = max(0, centre - width // 3)
    else:
        a = 0
    b = min(len(window), a + width)
    # Do not cut inside a word: move to the nearest space when one is close.
    sp = window.rfind(" ", max(0, a - 20), a + 1)
    a = sp + 1 if sp != -1 and a > 0 else a
    sp = window.find(" ", b - 20, b + 20) if b < len(window) else -1
    b = sp if sp != -1 else b
    inner = [(s, e) for s, e in spans if offsets[s] >= a and offsets[e] <= b]
    local_offsets = [min(max(o - a, 0), b - a) for o in offsets]
    body = _render(window[a:b], local_offsets, inner)
    prefix = "… " if window_start + a > 0 else ""
    suffix = " …" if window_start + b < len(text) else ""
    return prefix + body + suffix
