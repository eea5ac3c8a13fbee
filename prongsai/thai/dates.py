"""Buddhist-era (พ.ศ.) dates and times, in the Asia/Bangkok time zone.

The Buddhist era is the Common Era plus 543: 2023 CE is พ.ศ. 2566. Thai text shows BE years;
English text shows CE years. Datetimes are always shown in Bangkok time: an aware datetime is
converted first, and a naive one (no time zone) is refused, since its moment is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from .digits import to_arabic_digits, to_thai_digits
from .errors import ThaiValueError

__all__ = [
    "BANGKOK",
    "BE_OFFSET",
    "ENGLISH_MONTHS",
    "ENGLISH_MONTHS_SHORT",
    "MAX_BE_YEAR",
    "MIN_BE_YEAR",
    "THAI_MONTHS",
    "THAI_MONTHS_SHORT",
    "TWO_DIGIT_BE_FLOOR",
    "Digits",
    "Lang",
    "Style",
    "as_bangkok_date",
    "bangkok_today",
    "be_year",
    "ce_year",
    "check_be_year",
    "format_date",
    "format_date_range",
    "format_datetime",
    "month_name",
    "parse_thai_date",
    "to_bangkok",
]

BANGKOK: tzinfo = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543
# The BE years this package accepts where a year is given as a number (CE 1857–2257). A year
# outside them is almost always a CE year passed where a BE year was meant, or the reverse.
MIN_BE_YEAR = 2400
MAX_BE_YEAR = 2800
# Two-digit years 40–99 are read as BE 2540–2599; below 40 they may be CE and are not read.
TWO_DIGIT_BE_FLOOR = 40

Style = Literal["long", "short", "numeric"]
Digits = Literal["arabic", "thai"]
Lang = Literal["th", "en"]

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ENGLISH_MONTHS_SHORT = tuple(name[:3] for name in ENGLISH_MONTHS)


# --- years -------------------------------------------------------------------------------------


def _require_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    return value


def be_year(ce_year: int) -> int:
    """The Buddhist-era year of a CE year: ``be_year(2023) == 2566``."""
    return _require_int(ce_year, "ce_year") + BE_OFFSET


def ce_year(be_year: int) -> int:
    """The CE year of a Buddhist-era year: ``ce_year(2566) == 2023``."""
    return _require_int(be_year, "be_year") - BE_OFFSET


def check_be_year(year: int) -> int:
    """Return ``year`` if it is a plausible BE year (2400–2800), else raise ``ThaiValueError``."""
    _require_int(year, "year")
    if not MIN_BE_YEAR <= year <= MAX_BE_YEAR:
        hint_th = " (ดูเหมือนเป็นปี ค.ศ.)" if MIN_BE_YEAR - BE_OFFSET <= year < MIN_BE_YEAR else ""
        hint_en = " (it looks like a CE year)" if hint_th else ""
        raise ThaiValueError(
            f"ปี พ.ศ. {year} อยู่นอกช่วงที่รองรับ {MIN_BE_YEAR}–{MAX_BE_YEAR}{hint_th}",
            f"BE year {year} is outside the supported range {MIN_BE_YEAR}–{MAX_BE_YEAR}{hint_en}",
        )
    return year


# --- months ------------------------------------------------------------------------------------


def _check_month(month: int) -> int:
    _require_int(month, "month")
    if not 1 <= month <= 12:
        raise ThaiValueError(
            f"เดือนต้องอยู่ระหว่าง 1 ถึง 12 ไม่ใช่ {month}", f"month must be 1–12, not {month}"
        )
    return month


def month_name(month: int, style: Literal["long", "short"] = "long", lang: Lang = "th") -> str:
    """The name of calendar month ``month`` (1 = January).

    ``month_name(1)`` → ``"มกราคม"``; ``style="short"`` → ``"ม.ค."``; ``lang="en"`` →
    ``"January"`` / ``"Jan"``.
    """
    _check_month(month)
    _check_choice("style", style, ("long", "short"))
    _check_choice("lang", lang, ("th", "en"))
    if lang == "th":
        names = THAI_MONTHS if style == "long" else THAI_MONTHS_SHORT
    else:
        names = ENGLISH_MONTHS if style == "long" else ENGLISH_MONTHS_SHORT
    return names[month - 1]


def _check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        options = ", ".join(allowed)
        raise ThaiValueError(
            f"ค่า {name}={value!r} ไม่รองรับ ต้องเป็นหนึ่งใน {options}",
            f"unsupported {name}={value!r}; expected one of {options}",
        )


# Every spelling of a Thai month name that staff write, as regular-expression fragments.
# "form" says how safe the spelling is to find inside other text: "full" names are long and
# unmistakable; "short" (colloquial มกรา, ตุลา…) and the abbreviations also occur inside
# other words or acronyms (ตุลาการ, ก.พ. = Civil Service Commission), so callers that scan free
# text should only trust them next to a year.
_THAI_FULL_EXTRA = {2: ("กุมภาพันธ",), 7: ("กรกฏาคม",)}
_THAI_COLLOQUIAL = (
    ("มกรา",),
    ("กุมภา",),
    ("มีนา",),
    ("เมษา",),
    ("พฤษภา",),
    ("มิถุนา",),
    ("กรกฎา", "กรกฏา"),
    ("สิงหา",),
    ("กันยา",),
    ("ตุลา",),
    ("พฤศจิกา",),
    ("ธันวา",),
)


def _thai_month_aliases() -> list[tuple[str, int, str]]:
    aliases: list[tuple[str, int, str]] = []
    for i, full in enumerate(THAI_MONTHS, start=1):
        for name in (full, *_THAI_FULL_EXTRA.get(i, ())):
            aliases.append((re.escape(name), i, "full"))
    for i, names in enumerate(_THAI_COLLOQUIAL, start=1):
        for name in names:
            aliases.append((re.escape(name), i, "short"))
    for i, abbr in enumerate(THAI_MONTHS_SHORT, start=1):
        first, second = abbr.rstrip(".").split(".")
        aliases.append((rf"{re.escape(first)}\.\s?{re.escape(second)}\.?", i, "dotted"))
    for i, abbr in enumerate(THAI_MONTHS_SHORT, start=1):
        aliases.append((re.escape(abbr.replace(".", "")) + r"\.?", i, "undotted"))
    return aliases


def _english_month_aliases() -> list[tuple[str, int, str]]:
    aliases: list[tuple[str, int, str]] = []
    for i, name in enumerate(ENGLISH_MONTHS, start=1):
        aliases.append((name.lower(), i, "full"))
    aliases.append(("sept", 9, "abbr"))
    for i, name in enumerate(ENGLISH_MONTHS_SHORT, start=1):
        aliases.append((name.lower(), i, "abbr"))
    return aliases


THAI_MONTH_ALIASES = _thai_month_aliases()
ENGLISH_MONTH_ALIASES = _english_month_aliases()
# Alternations in the order above: at one position the full name wins over its colloquial prefix.
THAI_MONTH_PATTERN = "|".join(p for p, _, _ in THAI_MONTH_ALIASES)
ENGLISH_MONTH_PATTERN = "|".join(p for p, _, _ in ENGLISH_MONTH_ALIASES)
_THAI_ALIAS_RES = [(re.compile(p), m, f) for p, m, f in THAI_MONTH_ALIASES]
_ENGLISH_ALIAS_RES = [(re.compile(p), m, f) for p, m, f in ENGLISH_MONTH_ALIASES]


def _known_month(text: str) -> tuple[int, str, str]:
    found = lookup_month(text)
    if found is None:  # unreachable: the patterns only match known names
        raise ThaiValueError(f"ไม่รู้จักชื่อเดือน {text!r}", f"unknown month name {text!r}")
    return found


def lookup_month(text: str) -> tuple[int, str, str] | None:
    """``(month, form, lang)`` for a whole month name as matched by the patterns above."""
    for compiled, month, form in _THAI_ALIAS_RES:
        if compiled.fullmatch(text):
            return month, form, "th"
    lowered = text.lower()
    for compiled, month, form in _ENGLISH_ALIAS_RES:
        if compiled.fullmatch(lowered):
            return month, form, "en"
    return None


# --- time zone ---------------------------------------------------------------------------------


def _reject_naive(value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ThaiValueError(
            "วันเวลาไม่มีเขตเวลา จึงไม่รู้ว่าเป็นเวลาใด กรุณาใช้วันเวลาที่ระบุเขตเวลา",
            "naive datetime: its moment is unknown; pass a timezone-aware datetime",
        )


def to_bangkok(value: datetime) -> datetime:
    """The same moment in Asia/Bangkok time. A naive datetime raises ``ThaiValueError``."""
    if not isinstance(value, datetime):
        raise TypeError(f"expected datetime, got {type(value).__name__}")
    _reject_naive(value)
    return value.astimezone(BANGKOK)


def as_bangkok_date(value: date | datetime) -> date:
    """The calendar date in Bangkok: a ``date`` as it is, an aware ``datetime`` converted first."""
    if isinstance(value, datetime):
        return to_bangkok(value).date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected date or datetime, got {type(value).__name__}")


def bangkok_today() -> date:
    """Today's date in Bangkok."""
    return datetime.now(BANGKOK).date()


# --- formatting --------------------------------------------------------------------------------


def _apply_digits(text: str, digits: Digits) -> str:
    _check_choice("digits", digits, ("arabic", "thai"))
    return to_thai_digits(text) if digits == "thai" else text


def format_date(
    d: date | datetime, style: Style = "long", digits: Digits = "arabic", lang: Lang = "th"
) -> str:
    """A date for people to read.

    Thai (BE year): ``"5 มกราคม 2566"`` (long), ``"5 ม.ค. 2566"`` (short), ``"05/01/2566"``
    (numeric); ``digits="thai"`` gives ``"๕ มกราคม ๒๕๖๖"``. English (CE year): ``"5 January 2023"``,
    ``"5 Jan 2023"``, ``"05/01/2023"``. An aware datetime is first converted to Bangkok time.
    """
    _check_choice("style", style, ("long", "short", "numeric"))
    _check_choice("lang", lang, ("th", "en"))
    day = as_bangkok_date(d)
    year = be_year(day.year) if lang == "th" else day.year
    if style == "numeric":
        text = f"{day.day:02d}/{day.month:02d}/{year}"
    else:
        text = f"{day.day} {month_name(day.month, style, lang)} {year}"
    return _apply_digits(text, digits)


def format_datetime(
    dt: datetime, style: Style = "long", digits: Digits = "arabic", lang: Lang = "th"
) -> str:
    """A moment in Bangkok time: ``"5 มกราคม 2566 เวลา 14:05 น."`` / ``"5 January 2023 14:05"``.

    The datetime must be aware (it is converted to Asia/Bangkok); a naive one raises
    ``ThaiValueError``.
    """
    local = to_bangkok(dt)
    text = format_date(local, style, "arabic", lang)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    text = f"{text} เวลา {clock} น." if lang == "th" else f"{text} {clock}"
    return _apply_digits(text, digits)


def format_date_range(
    start: date | datetime,
    end: date | datetime,
    style: Style = "short",
    digits: Digits = "arabic",
    lang: Lang = "th",
) -> str:
    """Two dates joined by an en dash: ``"1 ต.ค. 2565 – 31 มี.ค. 2566"``."""
    first = format_date(start, style, digits, lang)
    last = format_date(end, style, digits, lang)
    return f"{first} – {last}"


# --- parsing -----------------------------------------------------------------------------------

_BE_MARK = r"พ\.?\s?ศ\.?|b\.?\s?e\.?"
_CE_MARK = r"ค\.?\s?ศ\.?|c\.?\s?e\.?|a\.?\s?d\.?"
_TEXT_DATE = re.compile(
    rf"(?:วันที่\s*)?(?P<day>\d{{1,2}})\s*(?:เดือน\s*)?(?P<month>{THAI_MONTH_PATTERN}|"
    rf"{ENGLISH_MONTH_PATTERN})\s*,?\s*(?:(?P<be>{_BE_MARK})|(?P<ce>{_CE_MARK}))?\s*"
    r"(?P<year>\d+)"
)
_NUMERIC_DATE = re.compile(r"(?P<day>\d{1,2})([/.\-])(?P<month>\d{1,2})\2(?P<year>\d+)")
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")

_EXAMPLES_TH = "เช่น 5 ม.ค. 2566, 5 มกราคม 2566, 05/01/2566 หรือ 2566-01-05"
_EXAMPLES_EN = "e.g. 5 ม.ค. 2566, 5 มกราคม 2566, 05/01/2566 or 2566-01-05"


def _normalise(text: str) -> str:
    text = to_arabic_digits(unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text).strip().lower()


def _year_from(digits: str, era: str, original: str) -> int:
    """The CE year for a written year of ``era`` ("be", "ce").

    Two digits 40–99 mean BE 2540–2599 (``66`` is 2566); 00–39 could as well be a CE year, so
    they are refused rather than guessed.
    """
    if len(digits) == 2 and era == "be" and int(digits) >= TWO_DIGIT_BE_FLOOR:
        return 2500 + int(digits) - BE_OFFSET
    if len(digits) != 4:
        raise ThaiValueError(
            f"ปีต้องเขียนเป็นตัวเลข 4 หลัก: {original!r}", f"write the year in 4 digits: {original!r}"
        )
    year = int(digits)
    if era == "ce":
        year += BE_OFFSET
    try:
        check_be_year(year)
    except ThaiValueError:
        if era == "be":
            raise ThaiValueError(
                f"ปี พ.ศ. {year} ไม่สมเหตุสมผล (ถ้าเป็นปี ค.ศ. ให้บวก 543): {original!r}",
                f"BE year {year} is implausible (add 543 to a CE year): {original!r}",
            ) from None
        raise ThaiValueError(
            f"ปี ค.ศ. {digits} ไม่สมเหตุสมผล (ถ้าเป็นปี พ.ศ. ให้ใช้ชื่อเดือนภาษาไทย): {original!r}",
            f"CE year {digits} is implausible (write a BE year with a Thai month): {original!r}",
        ) from None
    return year - BE_OFFSET


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ThaiValueError(
            f"ไม่มีวันที่นี้ในปฏิทิน: {original!r}", f"no such day in the calendar: {original!r}"
        ) from None


def parse_thai_date(text: str) -> date:
    """Read a date as Thai staff write it and return it as a ``date``.

    Understood (Thai or Arabic digits, any spacing, an optional leading ``วันที่``):

    - day, Thai month name, BE year: ``5 ม.ค. 2566``, ``๕ มกราคม ๒๕๖๖``, ``5 มกราคม พ.ศ. 2566``,
      ``5 มค 66`` (a two-digit year 40–99 is BE: 66 → 2566); colloquial ``5 มกรา 2566`` too;
    - day, English month name, CE year: ``5 January 2023``, ``5 Jan 2023`` (4-digit year);
    - numbers, day first, BE year: ``05/01/2566``, ``5/1/2566``, ``5-1-2566``, ``5.1.66``;
    - ISO order with a BE year: ``2566-01-05``.

    An explicit era (``พ.ศ.``/``BE`` or ``ค.ศ.``/``CE``/``AD``) before the year overrides the default.
    A year that is implausible in its era (``2023-01-05`` read as BE) is refused rather than
    guessed. Bad input raises ``ThaiValueError`` with a Thai and an English message.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    original = text
    cleaned = _normalise(text)
    if not cleaned:
        raise ThaiValueError("ไม่ได้ระบุวันที่", "no date given")

    if m := _TEXT_DATE.fullmatch(cleaned):
        month, _form, lang = _known_month(m["month"])
        era = "be" if m["be"] else "ce" if m["ce"] else ("be" if lang == "th" else "ce")
        if lang == "en" and len(m["year"]) != 4:
            era = "ce"
        year = _year_from(m["year"], era, original)
        return _make_date(year, month, int(m["day"]), original)
    if m := _NUMERIC_DATE.fullmatch(cleaned):
        year = _year_from(m["year"], "be", original)
        return _make_date(year, int(m["month"]), int(m["day"]), original)
    if m := _ISO_DATE.fullmatch(cleaned):
        year = _year_from(m["year"], "be", original)
        return _make_date(year, int(m["month"]), int(m["day"]), original)
    raise ThaiValueError(
        f"อ่านวันที่ไม่ได้: {original!r} ({_EXAMPLES_TH})",
        f"cannot read the date {original!r} ({_EXAMPLES_EN})",
    )
