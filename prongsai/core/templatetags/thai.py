"""Template filters for Thai dates, digits and periods (built-in: no {% load %} needed)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from prongsai.thai import dates, digits, periods

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


@register.filter
def thaidate(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    """`{{ d|thaidate }}` → 5 มกราคม 2566; `{{ d|thaidate:"short" }}` → 5 ม.ค. 2566."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return dates.format_date(value, style=style, lang=_lang())


@register.filter
def thaidatetime(value: dt.datetime | None, style: str = "long") -> str:
    if value in (None, ""):
        return ""
    return dates.format_datetime(value, style=style, lang=_lang())


@register.filter
def thaiwhen(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    """A date or a date and time, whichever it is, in the Buddhist era (for Wagtail's admin)."""
    if isinstance(value, dt.datetime):
        return thaidatetime(value, style)
    return thaidate(value, style)


@register.filter(is_safe=True)
def thaicell(value: object) -> object:
    """A table cell's value: dates in the Buddhist era (short), anything else unchanged."""
    if isinstance(value, dt.date):
        return thaiwhen(value, "short")
    return value


@register.filter
def thaidigits(value: object) -> str:
    return digits.to_thai_digits(str(value))


@register.filter
def period_label(value: str | periods.Period | None) -> str:
    """A period key (2566-Q2) or Period → ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2566."""
    if not value:
        return ""
    period = value if isinstance(value, periods.Period) else periods.Period.from_key(str(value))
    return period.label(lang=_lang())
