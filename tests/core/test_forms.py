"""ThaiDateField: dates as Thai people write them, Buddhist era first."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.core.forms import ThaiDateField


class DateForm(forms.Form):
    when = ThaiDateField(required=False)


@pytest.mark.parametrize(
    "typed",
    [
        "1/10/2566",
        "01/10/2566",
        "1 ต.ค. 2566",
        "๑ ตุลาคม ๒๕๖๖",
        "1 ต.ค. 66",
        "1 October 2023",
        "2023-10-01",
        "2566-10-01",
    ],
)
def test_reads_the_ways_thai_people_write_a_date(typed: str) -> None:
    form = DateForm({"when": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == datetime.date(2023, 10, 1)


def test_empty_is_no_date() -> None:
    form = DateForm({"when": "  "})
    assert form.is_valid() and form.cleaned_data["when"] is None


@pytest.mark.parametrize(
    ("typed", "thai", "english"),
    [
        ("31/2/2566", "ไม่มีวันที่นี้ในปฏิทิน", "no such day"),
        ("2024-13-45", "ไม่มีวันที่นี้ในปฏิทิน", "no such day"),
        ("เมื่อวาน", "อ่านวันที่ไม่ได้", "cannot read the date"),
        ("1/10/2023", "ถ้าเป็นปี ค.ศ. ให้บวก 543", "add 543"),
    ],
)
def test_explains_in_the_visitors_language(typed: str, thai: str, english: str) -> None:
    with translation.override("th"):
        form = DateForm({"when": typed})
        assert not form.is_valid()
        assert thai in form.errors["when"][0]
    with translation.override("en"):
        form = DateForm({"when": typed})
        assert not form.is_valid()
        assert english in form.errors["when"][0]


def test_the_input_shows_an_example_in_the_buddhist_era() -> None:
    with translation.override("th"):
        html = str(DateForm()["when"])
    assert 'type="text"' in html and "1/10/2566" in html


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_fails_on_any_input(text: str) -> None:
    form = DateForm({"when": text})
    if form.is_valid():
        assert form.cleaned_data["when"] is None or isinstance(
            form.cleaned_data["when"], datetime.date
        )
    else:
        assert form.errors["when"]
