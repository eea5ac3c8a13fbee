"""Form fields shared by the apps' forms."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.forms.utils import from_current_timezone
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from prongsai.thai import (
    ThaiValueError,
    as_bangkok_date,
    be_year,
    parse_thai_date,
    to_arabic_digits,
    to_bangkok,
)

__all__ = [
    "ThaiDateField",
    "ThaiDateInput",
    "ThaiDateTimeField",
    "ThaiDateTimeInput",
    "format_be_date",
    "format_be_datetime",
]

_ISO_CE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# A time of day after the date: "09:30", "9.30 น.", "เวลา 09:30 น.", "T09:30:00" (ISO).
_TIME_AFTER_DATE = re.compile(
    r"^(?P<date>.+?)(?:(?:\s+|T)(?:เวลา\s*)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?::\d{2}(?:\.\d+)?)?(?:\s*น\.?)?)?\s*$"
)


def _iso_ce_date(text: str) -> datetime.date | None:
    """The date of an ISO date with a Common-Era year (``2023-10-01``), as links and the API
    send it; None for any other text. ``ValueError`` if there is no such day."""
    if (m := _ISO_CE.match(text)) and int(m[1]) < 2400:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    return None


def _read_date(text: str, invalid: str) -> datetime.date:
    """A date as staff or links write it (see `ThaiDateField`); the reason in the visitor's
    language (Thai or English) if it cannot be read, ``invalid`` if no reason is known."""
    try:
        try:
            day = _iso_ce_date(text)
        except ValueError:
            raise ThaiValueError(
                f"ไม่มีวันที่นี้ในปฏิทิน: {text!r}", f"no such day in the calendar: {text!r}"
            ) from None
        return day or parse_thai_date(text)
    except ThaiValueError as exc:
        reason = exc.en if translation.get_language() == "en" else exc.th
        raise forms.ValidationError(reason, code="invalid") from exc
    except (TypeError, ValueError) as exc:
        raise forms.ValidationError(invalid, code="invalid") from exc


def format_be_date(value: datetime.date) -> str:
    """A date as staff type it back: ``1/10/2566`` (day/month/B.E. year, no leading zeros)."""
    return f"{value.day}/{value.month}/{be_year(value.year)}"


def format_be_datetime(value: datetime.datetime) -> str:
    """A moment as staff type it back, in Bangkok time: ``1/10/2566 09:30``."""
    if value.tzinfo:
        value = to_bangkok(value)
    return f"{format_be_date(value.date())} {value:%H:%M}"


class ThaiDateInput(forms.TextInput):
    """A text input that shows a ``date`` in the Buddhist era, never as an ISO Common-Era date.

    What someone typed (a string, for example after an error) is shown back unchanged, except
    an ISO date with a Common-Era year (``2023-10-01``): that is how links and the API send a
    date, never how a person writes one, so it is shown as ``1/10/2566``.
    """

    def format_value(self, value: Any) -> str | None:  # noqa: ANN401
        if isinstance(value, str):
            try:
                value = _iso_ce_date(value) or value
            except ValueError:
                return value  # no such day: shown as sent, next to the error
        if isinstance(value, datetime.datetime):
            value = as_bangkok_date(value) if value.tzinfo else value.date()
        if isinstance(value, datetime.date):
            return format_be_date(value)
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date typed as Thai people write it, Buddhist era first.

    Reads ``1/10/2566``, ``1 ต.ค. 66``, ``๑ ตุลาคม ๒๕๖๖``, ``1 October 2023`` and the ISO form
    with either era (``2023-10-01`` or ``2566-10-01``, as links and the API send it). A value
    that cannot be read gets the reason in the visitor's language (Thai or English).
    """

    widget = ThaiDateInput

    default_error_messages = {
        "invalid": _("Write the date as day/month/B.E. year, for example 1/10/2566."),
    }

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("placeholder", _("e.g. 1/10/2566"))
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value: Any) -> datetime.date | None:  # noqa: ANN401
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return _read_date(str(value)[:100], self.error_messages["invalid"])


class ThaiDateTimeInput(forms.TextInput):
    """A text input that shows a date and time in the Buddhist era, in Bangkok time.

    Replaces Wagtail's date-and-time picker, which shows and sends Common-Era dates. What
    someone typed (a string) is shown back unchanged.
    """

    def format_value(self, value: Any) -> str | None:  # noqa: ANN401
        if isinstance(value, datetime.datetime):
            return format_be_datetime(value)
        if isinstance(value, datetime.date):
            return format_be_date(value)
        return super().format_value(value)


class ThaiDateTimeField(forms.DateTimeField):
    """A date and time typed as Thai people write them: ``1/10/2566 09:30``.

    The date part is read as `ThaiDateField` reads it (so ``1 ต.ค. 66 9.30 น.`` and ISO
    ``2023-10-01 09:30`` work too); the time is optional (midnight) and is Bangkok time.
    """

    widget = ThaiDateTimeInput

    default_error_messages = {
        "invalid": _(
            "Write the date and time as day/month/B.E. year hour:minute, "
            "for example 1/10/2566 09:30."
        ),
        "invalid_time": _("There is no such time of day: %(time)s."),
    }

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("placeholder", _("e.g. 1/10/2566 09:30"))
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value: Any) -> datetime.datetime | None:  # noqa: ANN401
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return from_current_timezone(value)
        if isinstance(value, datetime.date):
            return from_current_timezone(datetime.datetime.combine(value, datetime.time()))
        text = to_arabic_digits(str(value)[:100])
        match = _TIME_AFTER_DATE.match(text)
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day = _read_date(match["date"].strip(), self.error_messages["invalid"])
        hour, minute = int(match["hour"] or 0), int(match["minute"] or 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(
                self.error_messages["invalid_time"],
                code="invalid_time",
                params={"time": f"{match['hour']}:{match['minute']}"},
            )
        return from_current_timezone(datetime.datetime.combine(day, datetime.time(hour, minute)))
