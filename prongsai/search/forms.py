"""Search parameters from a query string: forgiving, never an error page for a bad filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.core.forms import ThaiDateField, ThaiDateInput
from prongsai.search.documents import Filters
from prongsai.search.query import MAX_QUERY_CHARS
from prongsai.thai.normalise import normalise

MAX_PAGE = 100


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"), max_length=MAX_QUERY_CHARS * 2)
    year = forms.IntegerField(
        required=False, label=_("Fiscal year (B.E.)"), min_value=1900, max_value=2700
    )
    item = forms.CharField(required=False, label=_("ITA item"), max_length=20)
    group = forms.CharField(required=False, label=_("Work group"), max_length=100)
    type = forms.CharField(required=False, label=_("File type"), max_length=20)
    # Shown through the widget, so a date that came in a link (ISO, C.E.) reads as B.E.
    date_from = ThaiDateField(
        required=False, label=_("From date"), widget=ThaiDateInput(attrs={"size": 12})
    )
    date_to = ThaiDateField(
        required=False, label=_("To date"), widget=ThaiDateInput(attrs={"size": 12})
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        # Accept a Common Era year too: 2023 means B.E. 2566.
        if year is not None and year < 2400:
            year += 543
        return year

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date is after the end date."), code="date_order"
            )
        return data

    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(
            fiscal_year=d.get("year"),
            ita_item=(d.get("item") or "").strip(),
            work_group=(d.get("group") or "").strip(),
            file_type=(d.get("type") or "").strip().lower(),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )

    def query(self) -> str:
        return normalise(self.cleaned_data.get("q") or "")

    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1
