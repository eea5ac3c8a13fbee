"""Read the reporting period from the name of a file that staff upload.

``guess_period_from_filename(name, kind=None, default_fy=None)`` returns a ``Period`` or ``None``.
It answers only when the name says one thing clearly; anything unknown, ambiguous or
contradictory gives ``None``, never a guess that could be silently wrong.

Before reading, the folder part and the extension are dropped, Thai digits become Arabic, Latin
letters are lower-cased, and ``_ - . /`` and spaces all count as separators.

Years
    Four digits are a BE year (2400–2800) or a CE year (1857–2257, converted: 2023 → 2566). Two
    digits are a BE year only: 40–99 → 2540–2599 (``ต.ค.65`` is October 2565); 00–39 are not read
    as years. A year names a *calendar* year next to a month, and a *fiscal* year next to a
    quarter, half or ``ปีงบประมาณ`` / ``ปีงบ`` / ``FY``. Digits that follow a quarter, half or
    month but are no year (``q2_01``, ``ต.ค.12``) make the whole name unreadable.

Months (kind ``month``)
    - Thai month names next to a year: full ``มกราคม 2566``, misspelt ``กรกฏาคม``, colloquial
      ``มกรา 66``, abbreviated ``ม.ค.66`` / ``ม.ค. 2566`` / ``มค66``, with ``พ.ศ.`` or ``ปี`` allowed
      before the year: ``สขร1_ต.ค.65.pdf``, ``สรุปผลจัดซื้อ มกราคม 2566.pdf``.
    - A full Thai month name with no year takes the year from elsewhere in the name (``ปีงบประมาณ
      2566``, a bare ``2566``) or from ``default_fy`` (then it is that fiscal year's month).
      Abbreviated and colloquial names are trusted only next to a year or in a range, since they
      also occur inside other words (``ตุลาการ``, ``ก.พ.`` for the Civil Service Commission).
    - English month names with a 4-digit year: ``January 2023``, ``jan-2023``, ``2023_jan``
      (without a year only in a range: ``jan-mar 2023``).
    - Numbers: year then month ``procurement-2023-01.pdf``, ``O21_2566_03.pdf`` (calendar months);
      month then year only zero-padded with ``- _ /``: ``03-2566``.
    - A month preceded by a day number (``5 ม.ค. 2566``) or a full date (``2566-03-15``,
      ``15/03/2566``) is a date, not a period, and is ignored.

Quarters (kind ``quarter``; always fiscal, Q1 = Oct–Dec)
    ``ไตรมาส2-2566.xlsx``, ``ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2566``, ``ไตรมาส 2_66``, ``Q2_2566``,
    ``2566-Q2``, ``FY2023 Q2``. With a CE year the quarter is read only next to ``FY``:
    ``Q2 2023`` could be a calendar quarter, so it gives ``None``. A span of quarters is read when
    it is a half or the year (``ไตรมาส 1-2`` → H1, ``q3-q4`` → H2, ``ไตรมาส 1-4`` → year); any
    other span (``ไตรมาส 2-3``) gives ``None``.

Halves (kind ``half``; H1 = Oct–Mar)
    ``ครึ่งปีแรก``/``ครึ่งแรก``, ``ครึ่งปีหลัง``/``ครึ่งหลัง``, ``6 เดือนแรก``, ``6 เดือนหลัง``,
    ``รอบ 6 เดือน`` and a bare ``6 เดือน`` (the ITA's "6-month" report is H1), ``H1``/``H2``,
    ``first half``/``second half``; with a year as for quarters.

Years (kind ``year``)
    ``ปีงบประมาณ 2566``, ``ปีงบ 66``, ``ปีงบฯ 2566``, ``FY2566``, ``FY2023`` (CE → 2566), ``รอบ 12 เดือน 2566``.
    A bare year (``แผนจัดซื้อ 2566.pdf``) is read as that fiscal year only when ``kind="year"`` is
    asked for and the year is BE; otherwise it only supplies a year to a month, quarter or half.

Ranges
    Two months joined by ``-``, ``–``, ``ถึง`` or ``to`` (``ต.ค.65-มี.ค.66``, ``ต.ค.-ธ.ค. 65``) give
    the quarter, half or year they span exactly; any other span gives ``None``. ``รอบ 9 เดือน`` and
    other cumulative spans are not periods and give ``None``.

Our own keys (``2566-M04``, ``2566-Q2``, ``2566-H1``) are read as ``Period.from_key`` does. Labels
whose digits are no period are skipped: ``ITA2566`` (the assessment), ITA item codes (``O21``) and
the procurement form ``สขร.1`` (so ``สขร 1 ก.พ. 66`` is February, not a date).

Choosing
    Everything found must agree: two different years, a quarter and a month outside it, or two
    months give ``None``. Periods that nest (``ไตรมาส 1 (ต.ค.-ธ.ค. 65)``) agree. With ``kind``, the
    answer is the period of that kind (``None`` when none was found); without it, the one period
    found (``None`` when nested periods of several kinds were found). ``kind="current"`` always
    gives ``None``: no file name says that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .dates import (
    BE_OFFSET,
    ENGLISH_MONTH_PATTERN,
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    THAI_MONTH_PATTERN,
    TWO_DIGIT_BE_FLOOR,
    ce_year,
    check_be_year,
    lookup_month,
)
from .digits import to_arabic_digits
from .fiscal import calendar_month_of
from .periods import Period, PeriodKind

__all__ = ["guess_period_from_filename"]

_THAI_LETTER = "\u0e01-\u0e4e"
_SEP = r"[\s_\-.,/()\[\]]*"
_BE_MARK = r"(?:พ\.\s?ศ\.?|พศ\.?)"
_FY_MARK = r"(?:ปีงบประมาณ|ปีงบฯ?|(?<![a-z])fy)"
_YEAR = r"(?P<year>\d{4}|\d{2})(?![0-9])"
# An optional year after a quarter, half or "12 months": "-2566", " ปีงบประมาณ พ.ศ. 2566", "_fy66".
_TRAILING_YEAR = (
    rf"(?:{_SEP}(?:(?P<fymark>{_FY_MARK})|ปี)?{_SEP}(?:{_BE_MARK}\s*)?"
    rf"(?P<year>\d{{4}}|\d{{2}})(?![0-9]))?"
)

_EXT_RE = re.compile(r"\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,5}$")
# Labels whose digits are no period: the ITA assessment year, ITA item codes (O21), form สขร.1.
_LABEL_RES = (
    re.compile(r"(?<![a-z])ita[\s_\-]*(?:\d{4}|\d{2})(?![0-9])"),
    re.compile(r"(?<![a-z0-9])o\d{1,2}(?![0-9])"),
    re.compile(r"สขร\.?\s*\d(?![0-9])"),
)
_KEY_MONTH_RE = re.compile(r"(?<![0-9a-z])(?P<fy>\d{4})-m(?P<index>\d{2})(?![0-9a-z])")
_DATE_RES = (
    re.compile(r"(?<![0-9])\d{4}([-_./])\d{1,2}\1\d{1,2}(?![0-9])"),
    re.compile(r"(?<![0-9])\d{1,2}([-_./])\d{1,2}\1(?:\d{4}|\d{2})(?![0-9])"),
)
_QUARTER_WORD = r"(?:ไตรมาส(?:ที่)?|(?<![a-z])quarter|(?<![a-z])q)"
_QUARTER_RE = re.compile(
    rf"{_QUARTER_WORD}\s*[-_.]?\s*(?P<index>[1-4])(?![0-9])"
    # "ไตรมาส 1-2", "q1-q2", "ไตรมาส 3 และ 4": a span of quarters
    rf"(?:\s*(?:-|–|ถึง|และ|,|to)\s*{_QUARTER_WORD}?\s*(?P<last>[1-4])(?![0-9]))?" + _TRAILING_YEAR
)
# Spans of quarters that are a half or the whole year; any other span is no period.
_QUARTER_SPANS = {(1, 2): ("half", 1), (3, 4): ("half", 2), (1, 4): ("whole", 1)}
_HALF_RE = re.compile(
    r"(?:(?P<first>ครึ่งปีแรก|ครึ่งแรก|(?:รอบ\s*|(?<![0-9a-z]))6\s*เดือน\s*แรก|first[\s_\-]*half)"
    r"|(?P<second>ครึ่งปีหลัง|ครึ่งหลัง|(?:รอบ\s*|(?<![0-9a-z]))6\s*เดือน\s*หลัง|second[\s_\-]*half)"
    r"|(?<![a-z])h(?P<index>[12])(?![0-9])"
    r"|(?P<whole>(?:รอบ\s*|(?<![0-9a-z]))12\s*เดือน)"
    r"|(?P<six>(?:รอบ\s*|(?<![0-9a-z]))6\s*เดือน)"
    r"|(?P<other>รอบ\s*\d{1,2}\s*เดือน))" + _TRAILING_YEAR
)
_FY_RE = re.compile(rf"{_FY_MARK}{_SEP}(?:{_BE_MARK}\s*)?{_YEAR}")
_THAI_MONTH_RE = re.compile(
    rf"(?P<month>{THAI_MONTH_PATTERN})(?:{_SEP}(?:(?:{_BE_MARK}|ปี)\s*)?{_YEAR})?"
)
_ENGLISH_MONTH_RE = re.compile(
    rf"(?<![a-z])(?P<month>{ENGLISH_MONTH_PATTERN})(?![a-z])(?:{_SEP}(?P<year>\d{{4}})(?![0-9]))?"
    rf"|(?<![0-9])(?P<year2>\d{{4}}){_SEP}(?P<month2>{ENGLISH_MONTH_PATTERN})(?![a-z])"
)
_NUMERIC_MONTH_RES = (
    re.compile(r"(?<![0-9a-z])(?P<year>\d{4})[-_./ ](?P<month>\d{1,2})(?![0-9])"),
    re.compile(
        rf"(?<![0-9a-z{_THAI_LETTER}.])(?P<month>0[1-9]|1[0-2])[-_/](?P<year>\d{{4}})(?![0-9])"
    ),
)
_MARKED_YEAR_RE = re.compile(rf"(?:{_BE_MARK}|ปี)\s*{_YEAR}")
_BARE_YEAR_RE = re.compile(r"(?<![0-9a-z])(?P<year>\d{4})(?![0-9])")
_DAY_BEFORE_RE = re.compile(rf"(?:^|[^0-9a-z{_THAI_LETTER}.])(?:วันที่\s*)?\d{{1,2}}\s*$")
_RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|~|ถึง|to)\s*")
_MASK = "\x00"


@dataclass
class _Hit:
    """Something period-like found in the name, before the years are resolved.

    ``what``: ``month`` (``index`` = calendar month, ``year`` = calendar BE year), ``quarter``,
    ``half``, ``whole`` (the whole fiscal year; ``year`` = fiscal BE year), ``range`` (two months),
    ``period`` (already a Period), ``fy`` (a fiscal-year mark), ``bare`` (a year alone), ``weak``
    (an abbreviated month without a year: only usable in a range), ``skip`` (a date or a label,
    read only so that its digits are not taken for a period) and ``ambiguous`` (the whole answer
    is None).
    """

    what: str
    start: int
    end: int
    index: int | None = None
    year: int | None = None
    ce: bool = False
    fy_marked: bool = False
    period: Period | None = None
    end_hit: _Hit | None = None


# A reader turns one match (and the text it ran on) into a hit, or None to leave the text alone.
_Reader = Callable[[re.Match[str], str], _Hit | None]


class _Ambiguous(Exception):
    """Raised inside the resolver: the name says something we must not guess at."""


def _read_year(token: str | None) -> tuple[int, bool] | None:
    """``(BE year, written in CE)`` for a year token, or None when it is no year."""
    if token is None:
        return None
    number = int(token)
    if len(token) == 2:
        return (2500 + number, False) if number >= TWO_DIGIT_BE_FLOOR else None
    if MIN_BE_YEAR <= number <= MAX_BE_YEAR:
        return number, False
    if MIN_BE_YEAR - BE_OFFSET <= number <= MAX_BE_YEAR - BE_OFFSET:
        return number + BE_OFFSET, True
    return None


def _normalise(name: str) -> str:
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFC", base).replace("\u0e4d\u0e32", "\u0e33")
    base = to_arabic_digits(base).lower()
    return _EXT_RE.sub("", base.strip())


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.hits: list[_Hit] = []

    def scan(self, regex: re.Pattern[str], read: _Reader) -> None:
        spans = []
        for m in regex.finditer(self.text):
            hit = read(m, self.text)
            if hit is not None:
                self.hits.append(hit)
                spans.append((m.start(), m.end()))
        for start, end in spans:
            self.text = self.text[:start] + _MASK * (end - start) + self.text[end:]


def _read_skip(m: re.Match[str], text: str) -> _Hit | None:
    return _Hit("skip", m.start(), m.end())


def _read_key_month(m: re.Match[str], text: str) -> _Hit | None:
    try:
        return _Hit("period", m.start(), m.end(), period=Period.from_key(m[0].upper()))
    except ValueError:
        return _Hit("ambiguous", m.start(), m.end())


def _sized_hit(what: str, index: int | None, m: re.Match[str]) -> _Hit:
    year = _read_year(m["year"])
    if m["year"] is not None and year is None:
        return _Hit("ambiguous", m.start(), m.end())  # "q2_01": digits that are no year
    return _Hit(
        what,
        m.start(),
        m.end(),
        index=index,
        year=year[0] if year else None,
        ce=bool(year and year[1]),
        fy_marked=m["fymark"] is not None,
    )


def _read_quarter(m: re.Match[str], text: str) -> _Hit | None:
    first = int(m["index"])
    if m["last"] is None:
        return _sized_hit("quarter", first, m)
    span = _QUARTER_SPANS.get((first, int(m["last"])))
    if span is None:
        return _Hit("ambiguous", m.start(), m.end())
    return _sized_hit(span[0], span[1], m)


def _read_half(m: re.Match[str], text: str) -> _Hit | None:
    if m["other"]:
        return _Hit("ambiguous", m.start(), m.end())
    if m["whole"]:
        return _sized_hit("whole", 1, m)
    if m["second"]:
        index = 2
    elif m["index"]:
        index = int(m["index"])
    else:  # first half, "6 เดือนแรก", "รอบ 6 เดือน", a bare "6 เดือน"
        index = 1
    return _sized_hit("half", index, m)


def _read_fy(m: re.Match[str], text: str) -> _Hit | None:
    year = _read_year(m["year"])
    if year is None:
        return None
    return _Hit("fy", m.start(), m.end(), year=year[0], ce=year[1], fy_marked=True)


def _read_thai_month(m: re.Match[str], text: str) -> _Hit | None:
    found = lookup_month(m["month"])
    if found is None:
        return None
    month, form, _lang = found
    start = m.start()
    if form == "undotted" and start > 0 and re.match(rf"[{_THAI_LETTER}]", text[start - 1]):
        return None  # "มค" inside a Thai word
    if _DAY_BEFORE_RE.search(text[:start]):
        return _Hit("skip", start, m.end())
    if m["year"] is None:
        return _Hit("month" if form == "full" else "weak", start, m.end(), index=month)
    year = _read_year(m["year"])
    if year is None:
        return _Hit("ambiguous", start, m.end())  # "ต.ค.12": digits that are no year
    return _Hit("month", start, m.end(), index=month, year=year[0], ce=year[1])


def _read_english_month(m: re.Match[str], text: str) -> _Hit | None:
    found = lookup_month(m["month"] or m["month2"])
    if found is None:
        return None
    if m["month"] and _DAY_BEFORE_RE.search(text[: m.start()]):
        return _Hit("skip", m.start(), m.end())
    if m["month"] and m["year"] is None:
        # "may", "march" are English words too: alone they only open a range ("jan-mar 2023").
        return _Hit("weak", m.start(), m.end(), index=found[0])
    year = _read_year(m["year"] or m["year2"])
    if year is None:
        return None
    return _Hit("month", m.start(), m.end(), index=found[0], year=year[0], ce=year[1])


def _read_numeric_month(m: re.Match[str], text: str) -> _Hit | None:
    year = _read_year(m["year"])
    month = int(m["month"])
    if year is None or len(m["year"]) != 4 or not 1 <= month <= 12:
        return None
    return _Hit("month", m.start(), m.end(), index=month, year=year[0], ce=year[1])


def _read_bare_year(m: re.Match[str], text: str) -> _Hit | None:
    year = _read_year(m["year"])
    if year is None:
        return None
    return _Hit("bare", m.start(), m.end(), year=year[0], ce=year[1])


def _scan(text: str) -> list[_Hit]:
    scanner = _Scanner(text)
    readers: list[tuple[re.Pattern[str], _Reader]] = [
        *[(regex, _read_skip) for regex in _LABEL_RES],
        (_KEY_MONTH_RE, _read_key_month),
        *[(regex, _read_skip) for regex in _DATE_RES],
        (_QUARTER_RE, _read_quarter),
        (_HALF_RE, _read_half),
        (_FY_RE, _read_fy),
        (_THAI_MONTH_RE, _read_thai_month),
        (_ENGLISH_MONTH_RE, _read_english_month),
        *[(regex, _read_numeric_month) for regex in _NUMERIC_MONTH_RES],
        (_MARKED_YEAR_RE, _read_bare_year),
        (_BARE_YEAR_RE, _read_bare_year),
    ]
    for regex, read in readers:
        scanner.scan(regex, read)
    return _join_ranges(scanner.hits, text)


def _join_ranges(hits: list[_Hit], text: str) -> list[_Hit]:
    """Pair two months separated only by a range word into one ``range`` hit."""
    months = sorted((h for h in hits if h.what in ("month", "weak")), key=lambda h: h.start)
    joined: set[int] = set()
    out = [h for h in hits if h.what not in ("month", "weak")]
    for first, second in zip(months, months[1:], strict=False):
        if id(first) in joined:
            continue
        if _RANGE_JOIN_RE.fullmatch(text[first.end : second.start]):
            out.append(
                _Hit(
                    "range",
                    first.start,
                    second.end,
                    index=first.index,
                    year=first.year,
                    end_hit=second,
                )
            )
            joined.update((id(first), id(second)))
    out.extend(h for h in months if id(h) not in joined and h.what == "month")
    return sorted(out, key=lambda h: h.start)


def _month_period(year_be: int, month: int) -> Period:
    return Period.for_calendar_month(check_be_year(year_be), month)


def _fiscal_month_period(fy: int, month: int) -> Period:
    """Calendar month ``month`` inside fiscal year ``fy``."""
    year_ce = ce_year(fy) - 1 if month >= 10 else ce_year(fy)
    return Period.for_calendar_month(year_ce + BE_OFFSET, month)


def _range_period(hit: _Hit, fy: int | None) -> Period:
    """The quarter, half or year a range spans exactly; raise _Ambiguous otherwise."""
    second = hit.end_hit
    if second is None or hit.index is None or second.index is None:
        raise _Ambiguous
    m1, m2 = hit.index, second.index
    y1, y2 = hit.year, second.year
    if y2 is None and y1 is not None:
        y2 = y1 if m2 >= m1 else y1 + 1
    if y2 is None:
        if fy is None:
            raise _Ambiguous
        start_p, end_p = _fiscal_month_period(fy, m1), _fiscal_month_period(fy, m2)
    else:
        if y1 is None:
            y1 = y2 if m1 <= m2 else y2 - 1
        start_p, end_p = _month_period(y1, m1), _month_period(y2, m2)
    start, end = start_p.start, end_p.end
    if start is None or end is None or start > end:
        raise _Ambiguous
    if start_p == end_p:
        return start_p
    for kind in (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
        candidate = Period.for_date(kind, start)
        if candidate.start == start and candidate.end == end:
            return candidate
    raise _Ambiguous


def _fiscal_of(hit: _Hit) -> int:
    """The fiscal year a quarter/half/whole hit names with its own year."""
    if hit.year is None:
        raise _Ambiguous
    if hit.ce and not hit.fy_marked:
        raise _Ambiguous  # "Q2 2023" may be a calendar quarter
    return check_be_year(hit.year)


def _sized_period(hit: _Hit, fy: int) -> Period:
    kind = {"quarter": PeriodKind.QUARTER, "half": PeriodKind.HALF, "whole": PeriodKind.YEAR}
    return Period(kind[hit.what], fy, hit.index)


def _own_period(hit: _Hit) -> Period | None:
    """The period a hit names on its own (with its own year), or None when it needs a year."""
    if hit.what == "period":
        return hit.period
    if hit.what == "month":
        return None if hit.year is None else _month_period(hit.year, hit.index or 0)
    if hit.what in ("quarter", "half", "whole"):
        return None if hit.year is None else _sized_period(hit, _fiscal_of(hit))
    if hit.what == "range":
        has_year = hit.year is not None or (hit.end_hit and hit.end_hit.year is not None)
        return _range_period(hit, None) if has_year else None
    return None


def _resolve(hits: list[_Hit], kind: PeriodKind | None, default_fy: int | None) -> set[Period]:
    if any(h.what == "ambiguous" for h in hits):
        raise _Ambiguous
    fys = {h.year for h in hits if h.what == "fy"}
    bares = {(h.year, h.ce) for h in hits if h.what == "bare"}
    if len(fys) > 1 or len(bares) > 1:
        raise _Ambiguous
    fy_mark = next(iter(fys), None)
    bare = next(iter(bares), None)
    subs = [h for h in hits if h.what in ("month", "quarter", "half", "whole", "range", "period")]

    if fy_mark is not None and bare is not None and bare[0] != fy_mark:
        raise _Ambiguous  # "ปีงบประมาณ 2566-2567", or a year that says something else
    if not subs:
        if fy_mark is not None:
            return {Period(PeriodKind.YEAR, check_be_year(fy_mark))}
        if bare is not None and kind is PeriodKind.YEAR and not bare[1] and bare[0] is not None:
            return {Period(PeriodKind.YEAR, check_be_year(bare[0]))}
        return set()

    complete: list[Period] = []
    pending: list[_Hit] = []
    for hit in subs:
        period = _own_period(hit)
        if period is None:
            pending.append(hit)
        else:
            complete.append(period)

    if fy_mark is not None and any(p.fiscal_year != fy_mark for p in complete):
        raise _Ambiguous
    if bare is not None and bare[0] is not None:
        for period in complete:
            years = {period.fiscal_year}
            if period.kind is PeriodKind.MONTH and period.fiscal_year and period.index:
                years.add(calendar_month_of(period.fiscal_year, period.index)[0])
            if bare[0] not in years:
                raise _Ambiguous

    shared = {p.fiscal_year for p in complete}
    context_fy = fy_mark
    if context_fy is None and len(shared) == 1:
        context_fy = next(iter(shared))
    for hit in pending:
        complete.append(_fill(hit, context_fy, bare, default_fy))
    return set(complete)


def _fill(
    hit: _Hit, context_fy: int | None, bare: tuple[int | None, bool] | None, default_fy: int | None
) -> Period:
    """Give a year-less hit its year: the name's fiscal year, a bare year, or ``default_fy``."""
    if hit.what == "month" and hit.index is not None:
        if context_fy is not None:
            return _fiscal_month_period(context_fy, hit.index)
        if bare is not None and bare[0] is not None:
            return _month_period(bare[0], hit.index)
        if default_fy is not None:
            return _fiscal_month_period(default_fy, hit.index)
        raise _Ambiguous
    if hit.what == "range":
        fy = context_fy if context_fy is not None else default_fy
        return _range_period(hit, fy)
    fy = context_fy
    if fy is None and bare is not None and bare[0] is not None:
        if bare[1]:
            raise _Ambiguous  # a CE year beside a quarter may be a calendar year
        fy = bare[0]
    if fy is None:
        fy = default_fy
    if fy is None:
        raise _Ambiguous
    return _sized_period(hit, check_be_year(fy))


def _contains(outer: Period, inner: Period) -> bool:
    if outer.start is None or outer.end is None or inner.start is None or inner.end is None:
        return False
    return outer.start <= inner.start and inner.end <= outer.end


def guess_period_from_filename(
    name: str, kind: PeriodKind | str | None = None, default_fy: int | None = None
) -> Period | None:
    """The reporting period a file name states, or ``None``; see the module docstring."""
    if not isinstance(name, str):
        raise TypeError(f"expected str, got {type(name).__name__}")
    wanted = PeriodKind(kind) if kind is not None else None
    if default_fy is not None:
        check_be_year(default_fy)
    if wanted is PeriodKind.CURRENT:
        return None
    text = _normalise(name)
    try:
        found = _resolve(_scan(text), wanted, default_fy)
    except (_Ambiguous, ValueError):
        return None
    periods = sorted(found, key=lambda p: (p.start or date.min, -_span_days(p)))
    for a in periods:
        for b in periods:
            if a != b and not (_contains(a, b) or _contains(b, a)):
                return None
    if wanted is not None:
        periods = [p for p in periods if p.kind is wanted]
    return periods[0] if len(periods) == 1 else None


def _span_days(period: Period) -> int:
    if period.start is None or period.end is None:
        return 0
    return (period.end - period.start).days
