"""Pure Thai helpers: digits, Buddhist-era dates, the fiscal calendar and reporting periods.

Nothing here imports Django or any other part of Prongsai, so every function can be used (and is
tested) on its own. Bad input raises ``ThaiValueError`` (a ``ValueError``) with a Thai and an
English message.
"""

from __future__ import annotations

from .dates import (
    BANGKOK,
    BE_OFFSET,
    ENGLISH_MONTHS,
    ENGLISH_MONTHS_SHORT,
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    as_bangkok_date,
    bangkok_today,
    be_year,
    ce_year,
    check_be_year,
    format_date,
    format_date_range,
    format_datetime,
    month_name,
    parse_thai_date,
    to_bangkok,
)
from .digits import ARABIC_DIGITS, THAI_DIGITS, to_arabic_digits, to_thai_digits
from .errors import ThaiValueError
from .filenames import guess_period_from_filename
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
from .periods import Period, PeriodKind, periods_in

__all__ = [
    "ARABIC_DIGITS",
    "BANGKOK",
    "BE_OFFSET",
    "ENGLISH_MONTHS",
    "ENGLISH_MONTHS_SHORT",
    "MAX_BE_YEAR",
    "MIN_BE_YEAR",
    "THAI_DIGITS",
    "THAI_MONTHS",
    "THAI_MONTHS_SHORT",
    "Period",
    "PeriodKind",
    "ThaiValueError",
    "as_bangkok_date",
    "bangkok_today",
    "be_year",
    "calendar_month_of",
    "ce_year",
    "check_be_year",
    "fiscal_half",
    "fiscal_month",
    "fiscal_month_of",
    "fiscal_quarter",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_date",
    "format_date_range",
    "format_datetime",
    "guess_period_from_filename",
    "half_bounds",
    "month_bounds",
    "month_name",
    "parse_thai_date",
    "periods_in",
    "quarter_bounds",
    "to_arabic_digits",
    "to_bangkok",
    "to_thai_digits",
]
