"""The Thai government fiscal year (ปีงบประมาณ).

A fiscal year runs from 1 October to 30 September and is named by the BE year in which it ends:
FY 2566 is 1 Oct 2565 – 30 Sep 2566 (1 Oct 2022 – 30 Sep 2023 CE). Quarters, halves and months
are counted from October: Q1 = Oct–Dec, H1 = Oct–Mar, fiscal month 1 = October, 12 = September.

Every function takes a ``date`` or an aware ``datetime`` (read in Bangkok time; naive datetimes are
refused) and returns plain ``date`` objects; bounds are inclusive. Fiscal years are BE years
between 2400 and 2800; anything else raises ``ThaiValueError`` (usually a CE year by mistake).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

from .dates import as_bangkok_date, be_year, ce_year, check_be_year
from .errors import ThaiValueError

__all__ = [
    "calendar_month_of",
    "fiscal_half",
    "fiscal_month_of",
    "fiscal_month",
    "fiscal_quarter",
    "fiscal_year",
    "fiscal_year_bounds",
    "half_bounds",
    "month_bounds",
    "quarter_bounds",
]

_FIRST_MONTH = 10  # October opens the fiscal year


def _check_index(value: int, upper: int, th: str, en: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{en} must be an int, got {type(value).__name__}")
    if not 1 <= value <= upper:
        raise ThaiValueError(
            f"{th}ต้องอยู่ระหว่าง 1 ถึง {upper} ไม่ใช่ {value}",
            f"{en} must be 1–{upper}, not {value}",
        )
    return value


def _fiscal_month_index(d: date) -> int:
    return (d.month - _FIRST_MONTH) % 12 + 1


def _calendar_month(fy: int, m: int) -> tuple[int, int]:
    """The (CE year, calendar month) of fiscal month ``m`` of fiscal year ``fy``."""
    month = (m + _FIRST_MONTH - 2) % 12 + 1
    year = ce_year(fy) - 1 if month >= _FIRST_MONTH else ce_year(fy)
    return year, month


def _month_span(fy: int, first: int, count: int) -> tuple[date, date]:
    """First and last day of ``count`` fiscal months starting at fiscal month ``first``."""
    y0, m0 = _calendar_month(fy, first)
    y1, m1 = _calendar_month(fy, first + count - 1)
    return date(y0, m0, 1), date(y1, m1, calendar.monthrange(y1, m1)[1])


def fiscal_year(d: date | datetime) -> int:
    """The BE fiscal year of a day: ``fiscal_year(date(2022, 10, 1)) == 2566``."""
    day = as_bangkok_date(d)
    ce = day.year + 1 if day.month >= _FIRST_MONTH else day.year
    return check_be_year(be_year(ce))


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of fiscal year ``fy``: 2566 → (2022-10-01, 2023-09-30)."""
    check_be_year(fy)
    return _month_span(fy, 1, 12)


def fiscal_quarter(d: date | datetime) -> tuple[int, int]:
    """``(fiscal year, quarter)`` of a day; Q1 = Oct–Dec, Q2 = Jan–Mar, Q3 = Apr–Jun, Q4 = Jul–Sep."""
    day = as_bangkok_date(d)
    return fiscal_year(day), (_fiscal_month_index(day) - 1) // 3 + 1


def quarter_bounds(fy: int, q: int) -> tuple[date, date]:
    """First and last day of quarter ``q`` (1–4) of fiscal year ``fy``."""
    check_be_year(fy)
    _check_index(q, 4, "ไตรมาส", "quarter")
    return _month_span(fy, (q - 1) * 3 + 1, 3)


def fiscal_half(d: date | datetime) -> tuple[int, int]:
    """``(fiscal year, half)`` of a day; H1 = Oct–Mar (ครึ่งปีแรก), H2 = Apr–Sep."""
    day = as_bangkok_date(d)
    return fiscal_year(day), (_fiscal_month_index(day) - 1) // 6 + 1


def half_bounds(fy: int, h: int) -> tuple[date, date]:
    """First and last day of half ``h`` (1–2) of fiscal year ``fy``."""
    check_be_year(fy)
    _check_index(h, 2, "ครึ่งปี", "half")
    return _month_span(fy, (h - 1) * 6 + 1, 6)


def fiscal_month(d: date | datetime) -> tuple[int, int]:
    """``(fiscal year, fiscal month)`` of a day; October is month 1, September month 12."""
    day = as_bangkok_date(d)
    return fiscal_year(day), _fiscal_month_index(day)


def month_bounds(fy: int, m: int) -> tuple[date, date]:
    """First and last day of fiscal month ``m`` (1 = October … 12 = September) of ``fy``."""
    check_be_year(fy)
    _check_index(m, 12, "เดือนในปีงบประมาณ", "fiscal month")
    return _month_span(fy, m, 1)


def calendar_month_of(fy: int, m: int) -> tuple[int, int]:
    """The (BE year, calendar month) of fiscal month ``m`` of ``fy``: (2566, 4) → (2566, 1)."""
    check_be_year(fy)
    _check_index(m, 12, "เดือนในปีงบประมาณ", "fiscal month")
    year, month = _calendar_month(fy, m)
    return be_year(year), month


def fiscal_month_of(year_be: int, month: int) -> tuple[int, int]:
    """The (fiscal year, fiscal month) of calendar month ``month`` of BE year ``year_be``."""
    check_be_year(year_be)
    _check_index(month, 12, "เดือน", "month")
    return fiscal_month(date(ce_year(year_be), month, 1))
