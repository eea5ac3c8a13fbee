"""ThaiDateField: dates as Thai people write them, Buddhist era first."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.core.forms import ThaiDateField, ThaiDateTimeField


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


@pytest.mark.parametrize(
    ("initial", "shown"),
    [
        (datetime.date(2023, 10, 1), "1/10/2566"),
        (datetime.date(2024, 2, 29), "29/2/2567"),
        (datetime.datetime(2023, 10, 1, 9, 30), "1/10/2566"),
        # 20:00 UTC is already the next day in Bangkok.
        (datetime.datetime(2023, 9, 30, 20, 0, tzinfo=datetime.UTC), "1/10/2566"),
    ],
)
def test_an_existing_date_is_shown_in_the_buddhist_era(initial, shown: str) -> None:
    html = str(DateForm(initial={"when": initial})["when"])
    assert f'value="{shown}"' in html
    assert "2023" not in html and "2024" not in html


def test_the_shown_date_reads_back_as_the_same_date() -> None:
    day = datetime.date(2023, 10, 1)
    shown = DateForm(initial={"when": day})["when"].field.widget.format_value(day)
    form = DateForm({"when": shown})
    assert form.is_valid() and form.cleaned_data["when"] == day


def test_what_was_typed_is_shown_back_unchanged_after_an_error() -> None:
    form = DateForm({"when": "31/2/2566"})
    assert not form.is_valid()
    assert 'value="31/2/2566"' in str(form["when"])


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("2023-10-01", "1/10/2566"),  # ISO with a C.E. year, as links send it
        ("2566-10-01", "2566-10-01"),  # already B.E.: typed by a person, kept
        ("2023-02-30", "2023-02-30"),  # no such day: kept next to the error
        ("1 ต.ค. 66", "1 ต.ค. 66"),
    ],
)
def test_a_common_era_iso_date_is_shown_in_the_buddhist_era(sent: str, shown: str) -> None:
    assert f'value="{shown}"' in str(DateForm({"when": sent})["when"])


# --- every date staff type ---------------------------------------------------------------------

PRONGSAI = Path(__file__).resolve().parents[2] / "prongsai"


def test_every_model_date_in_wagtail_forms_is_a_thai_date_field() -> None:
    from django.apps import apps
    from django.db import models
    from wagtail.admin.forms.models import formfield_for_dbfield

    dates = [
        field
        for model in apps.get_models()
        if model.__module__.startswith("prongsai.")
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    ]
    assert len(dates) > 10
    for field in dates:
        assert isinstance(formfield_for_dbfield(field), ThaiDateField), field
    date_time = next(
        f for f in apps.get_model("integrity", "Case")._meta.fields if f.name == "due_at"
    )
    assert not isinstance(formfield_for_dbfield(date_time), ThaiDateField)
    assert isinstance(formfield_for_dbfield(date_time), ThaiDateTimeField)


def test_no_form_of_ours_asks_for_a_common_era_date() -> None:
    """Browser and Wagtail date pickers show and send Common-Era dates; staff type B.E. dates."""
    pattern = re.compile(
        r"""type=["'](?:date|datetime-local)["']|AdminDate(?:Time)?Input|forms\.Date(?:Time)?Input"""
        r"""|forms\.Date(?:Time)?Field\("""
    )
    found = [
        f"{path.relative_to(PRONGSAI)}:{n}"
        for path in sorted(PRONGSAI.rglob("*"))
        if path.suffix in {".py", ".html"} and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
