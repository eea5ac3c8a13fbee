"""Reporting periods of the fiscal year: a month, quarter, half, the whole year, or "current".

A ``Period`` names a stretch of one fiscal year by ``(kind, fiscal_year, index)``:

============  ===========  =====================================================  ==========
kind          index        example                                                key
============  ===========  =====================================================  ==========
``month``     1–12 (Oct=1) มกราคม 2566 = ``Period("month", 2566, 4)``             ``2566-M04``
``quarter``   1–4          ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2566                         ``2566-Q2``
``half``      1–2          ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2566                          ``2566-H1``
``year``      1            ปีงบประมาณ พ.ศ. 2566                                    ``2566``
``current``   none         ข้อมูลปัจจุบัน (information kept up to date, no dates)     ``current``
============  ===========  =====================================================  ==========

Note that a month's index and key count fiscal months: ``2566-M04`` is January 2566, the fourth
month of FY 2566, not April. ``Period.for_calendar_month(2566, 1)`` builds it from the calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .dates import Digits, Lang, as_bangkok_date, ce_year, format_date_range, month_name
from .digits import to_arabic_digits, to_thai_digits
from .errors import ThaiValueError
from .fiscal import (
    calendar_month_of,
    fiscal_half,
    fiscal_month,
    fiscal_month_of,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    half_bounds,
    month_bounds,
    quarter_bounds,
)

__all__ = ["Period", "PeriodKind", "periods_in"]


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    CURRENT = "current"


_COUNT = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}
_KEY_LETTER = {PeriodKind.MONTH: "M", PeriodKind.QUARTER: "Q", PeriodKind.HALF: "H"}
_LETTER_KIND = {letter: kind for kind, letter in _KEY_LETTER.items()}
_KEY_RE = re.compile(r"(?P<fy>\d{4})(?:-(?P<letter>[MQH])(?P<index>\d{1,2}))?")


def _kind(value: PeriodKind | str) -> PeriodKind:
    try:
        return PeriodKind(value)
    except ValueError:
        options = ", ".join(k.value for k in PeriodKind)
        raise ThaiValueError(
            f"ไม่รู้จักชนิดช่วงเวลา {value!r} (ต้องเป็น {options})",
            f"unknown period kind {value!r} (expected {options})",
        ) from None


@dataclass(frozen=True, slots=True)
class Period:
    """One reporting period; see the module docstring for the kinds and their indexes.

    ``Period("year", 2566)`` gets index 1; ``Period("current")`` has neither year nor index.
    Invalid combinations raise ``ThaiValueError``.
    """

    kind: PeriodKind
    fiscal_year: int | None = None
    index: int | None = None

    def __post_init__(self) -> None:
        kind = _kind(self.kind)
        object.__setattr__(self, "kind", kind)
        if kind is PeriodKind.CURRENT:
            if self.fiscal_year is not None or self.index is not None:
                raise ThaiValueError(
                    "ช่วงเวลา 'ข้อมูลปัจจุบัน' ไม่มีปีหรือลำดับ",
                    "a 'current' period has no fiscal year or index",
                )
            return
        if self.fiscal_year is None:
            raise ThaiValueError(
                "ต้องระบุปีงบประมาณของช่วงเวลา", f"a {kind.value} period needs a fiscal year"
            )
        if kind is PeriodKind.YEAR and self.index is None:
            object.__setattr__(self, "index", 1)
        if self.index is None:
            raise ThaiValueError("ต้องระบุลำดับของช่วงเวลา", f"a {kind.value} period needs an index")
        # The bounds check validates the year and the index in one place.
        self._bounds()

    # --- construction ----------------------------------------------------------------------

    @classmethod
    def for_date(cls, kind: PeriodKind | str, d: date | datetime) -> Period:
        """The period of ``kind`` that contains ``d`` (an aware datetime is read in Bangkok)."""
        kind = _kind(kind)
        if kind is PeriodKind.CURRENT:
            return cls(kind)
        if kind is PeriodKind.YEAR:
            return cls(kind, fiscal_year(d), 1)
        finder = {
            PeriodKind.MONTH: fiscal_month,
            PeriodKind.QUARTER: fiscal_quarter,
            PeriodKind.HALF: fiscal_half,
        }[kind]
        fy, index = finder(d)
        return cls(kind, fy, index)

    @classmethod
    def for_calendar_month(cls, year_be: int, month: int) -> Period:
        """The month period of calendar month ``month`` of BE year ``year_be``."""
        fy, index = fiscal_month_of(year_be, month)
        return cls(PeriodKind.MONTH, fy, index)

    @classmethod
    def from_key(cls, key: str) -> Period:
        """Read a key written by ``Period.key``: ``2566-M04``, ``2566-Q2``, ``2566-H1``, ``2566``,
        ``current`` (case, surrounding spaces and Thai digits are forgiven)."""
        if not isinstance(key, str):
            raise TypeError(f"expected str, got {type(key).__name__}")
        text = to_arabic_digits(key).strip()
        if text.lower() == PeriodKind.CURRENT.value:
            return cls(PeriodKind.CURRENT)
        m = _KEY_RE.fullmatch(text.upper())
        if m is None:
            raise ThaiValueError(
                f"รหัสช่วงเวลาไม่ถูกต้อง: {key!r} (เช่น 2566-M04, 2566-Q2, 2566-H1, 2566, current)",
                f"invalid period key {key!r} (e.g. 2566-M04, 2566-Q2, 2566-H1, 2566, current)",
            )
        if m["letter"] is None:
            return cls(PeriodKind.YEAR, int(m["fy"]), 1)
        return cls(_LETTER_KIND[m["letter"]], int(m["fy"]), int(m["index"]))

    # --- reading ---------------------------------------------------------------------------

    def _bounds(self) -> tuple[date, date] | None:
        fy, index = self.fiscal_year, self.index
        if self.kind is PeriodKind.CURRENT or fy is None or index is None:
            return None
        if self.kind is PeriodKind.YEAR:
            if index != 1:
                raise ThaiValueError(
                    f"ช่วงเวลาทั้งปีมีลำดับ 1 เท่านั้น ไม่ใช่ {index}",
                    f"a year period has index 1, not {index}",
                )
            return fiscal_year_bounds(fy)
        bounder = {
            PeriodKind.MONTH: month_bounds,
            PeriodKind.QUARTER: quarter_bounds,
            PeriodKind.HALF: half_bounds,
        }[self.kind]
        return bounder(fy, index)

    @property
    def start(self) -> date | None:
        """First day (inclusive); ``None`` for ``current``."""
        bounds = self._bounds()
        return bounds[0] if bounds else None

    @property
    def end(self) -> date | None:
        """Last day (inclusive); ``None`` for ``current``."""
        bounds = self._bounds()
        return bounds[1] if bounds else None

    @property
    def key(self) -> str:
        """A stable string form: ``2566-M04``, ``2566-Q2``, ``2566-H1``, ``2566``, ``current``."""
        if self.kind is PeriodKind.CURRENT:
            return PeriodKind.CURRENT.value
        if self.kind is PeriodKind.YEAR:
            return f"{self.fiscal_year}"
        width = 2 if self.kind is PeriodKind.MONTH else 1
        return f"{self.fiscal_year}-{_KEY_LETTER[self.kind]}{self.index:0{width}d}"

    def __str__(self) -> str:
        return self.key

    def contains(self, d: date | datetime) -> bool:
        """Whether ``d`` falls in this period. ``current`` is not bounded: it contains every day."""
        bounds = self._bounds()
        if bounds is None:
            return True
        return bounds[0] <= as_bangkok_date(d) <= bounds[1]

    def _fy_label(self, lang: Lang) -> str:
        fy = self.fiscal_year
        if fy is None:  # only 'current', which never reaches here
            return ""
        return f"ปีงบประมาณ พ.ศ. {fy}" if lang == "th" else f"FY {ce_year(fy)} (BE {fy})"

    def label(self, lang: Lang = "th", digits: Digits = "arabic") -> str:
        """The period for people to read.

        Thai: ``มกราคม 2566``, ``ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2566``, ``ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2566``,
        ``ปีงบประมาณ พ.ศ. 2566``, ``ข้อมูลปัจจุบัน``. English: ``January 2023``,
        ``Q2 FY 2023 (BE 2566)``, ``First half of FY 2023 (BE 2566)``, ``FY 2023 (BE 2566)``,
        ``Current information``. ``digits="thai"`` writes every digit in Thai.
        """
        if lang not in ("th", "en"):
            raise ThaiValueError(
                f"ไม่รองรับภาษา {lang!r} (th หรือ en)", f"unsupported lang {lang!r} (th or en)"
            )
        if digits not in ("arabic", "thai"):
            raise ThaiValueError(
                f"ไม่รองรับตัวเลขแบบ {digits!r} (arabic หรือ thai)",
                f"unsupported digits {digits!r} (arabic or thai)",
            )
        text = self._label(lang)
        return to_thai_digits(text) if digits == "thai" else text

    def _label(self, lang: Lang) -> str:
        kind, index = self.kind, self.index
        if kind is PeriodKind.CURRENT:
            return "ข้อมูลปัจจุบัน" if lang == "th" else "Current information"
        if kind is PeriodKind.MONTH and self.fiscal_year is not None and index is not None:
            year_be, month = calendar_month_of(self.fiscal_year, index)
            year = year_be if lang == "th" else ce_year(year_be)
            return f"{month_name(month, 'long', lang)} {year}"
        if kind is PeriodKind.QUARTER:
            prefix = f"ไตรมาสที่ {index}" if lang == "th" else f"Q{index}"
        elif kind is PeriodKind.HALF:
            if lang == "th":
                prefix = "ครึ่งปีแรก" if index == 1 else "ครึ่งปีหลัง"
            else:
                prefix = "First half of" if index == 1 else "Second half of"
        else:
            return self._fy_label(lang)
        return f"{prefix} {self._fy_label(lang)}"

    def span_label(self, lang: Lang = "th", digits: Digits = "arabic") -> str:
        """The dates the period covers: ``1 ต.ค. 2565 – 31 มี.ค. 2566``; empty for ``current``."""
        bounds = self._bounds()
        if bounds is None:
            return ""
        return format_date_range(bounds[0], bounds[1], "short", digits, lang)

    # --- moving ----------------------------------------------------------------------------

    def _step(self, delta: int) -> Period:
        if self.kind is PeriodKind.CURRENT or self.fiscal_year is None or self.index is None:
            raise ThaiValueError(
                "ช่วงเวลา 'ข้อมูลปัจจุบัน' ไม่มีช่วงก่อนหน้าหรือถัดไป",
                "a 'current' period has no previous or next period",
            )
        count = _COUNT[self.kind]
        fy, zero_based = divmod((self.fiscal_year * count) + self.index - 1 + delta, count)
        return Period(self.kind, fy, zero_based + 1)

    def next(self) -> Period:
        """The period of the same kind that follows (Q4 2566 → Q1 2567)."""
        return self._step(1)

    def previous(self) -> Period:
        """The period of the same kind just before (M01 2566 → M12 2565)."""
        return self._step(-1)


def periods_in(kind: PeriodKind | str, fy: int) -> list[Period]:
    """All periods of ``kind`` in fiscal year ``fy``, in order (12 months, 4 quarters, 2 halves,
    1 year). ``current`` is not a part of any year and raises ``ThaiValueError``."""
    kind = _kind(kind)
    if kind is PeriodKind.CURRENT:
        raise ThaiValueError(
            "ช่วงเวลา 'ข้อมูลปัจจุบัน' ไม่ได้แบ่งตามปีงบประมาณ",
            "'current' periods are not divided by fiscal year",
        )
    return [Period(kind, fy, i) for i in range(1, _COUNT[kind] + 1)]
