"""Form fields shared by the apps' forms."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from prongsai.thai import ThaiValueError, as_bangkok_date, be_year, parse_thai_date

__all__ = ["ThaiDateField", "ThaiDateInput", "format_be_date"]

_ISO_CE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def format_be_date(value: datetime.date) -> str:
    """A date as staff type it back: ``1/10/2566`` (day/month/B.E. year, no leading zeros)."""
    return f"{value.day}/{value.month}/{be_year(value.year)}"


class ThaiDateInput(forms.TextInput):
    """A text input that shows a ``date`` in the Buddhist era, never as an ISO Common-Era date.

    What someone typed (a string, for example after an error) is shown back unchanged, except
    an ISO date with a Common-Era year (``2023-10-01``): that is how links and the API send a
    date, never how a person writes one, so it is shown as ``1/10/2566``.
    """

    def format_value(self, value: Any) -> str | None:  # noqa: ANN401
        if isinstance(value, str) and (m := _ISO_CE.match(value)) and int(m[1]) < 2400:
            try:
                value = datetime.date(int(m[1]), int(m[2]), int(m[3]))
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
        text = str(value)[:100]
        try:
            if (m := _ISO_CE.match(text)) and int(m[1]) < 2400:
                try:
                    return datetime.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise ThaiValueError(
                        f"ไม่มีวันที่นี้ในปฏิทิน: {text!r}", f"no such day in the calendar: {text!r}"
                    ) from None
            return parse_thai_date(text)
        except ThaiValueError as exc:
            reason = exc.en if translation.get_language() == "en" else exc.th
            raise forms.ValidationError(reason, code="invalid") from exc
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
