"""ThaiDateTimeField: a date and time as Thai staff type them (B.E., Bangkok time)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django import forms
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.core.forms import ThaiDateTimeField, ThaiDateTimeInput

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
NINE_THIRTY = datetime.datetime(2023, 10, 1, 9, 30, tzinfo=BANGKOK)


class MomentForm(forms.Form):
    when = ThaiDateTimeField(required=False)


@pytest.mark.parametrize(
    "typed",
    [
        "1/10/2566 09:30",
        "1/10/2566 9.30",
        "1 ต.ค. 66 9.30 น.",
        "1 ตุลาคม 2566 เวลา 09:30 น.",
        "๑/๑๐/๒๕๖๖ ๐๙:๓๐",
        "2023-10-01 09:30",  # ISO, as Wagtail and links send it
        "2023-10-01T09:30:00",
        "  1/10/2566   09:30  ",
    ],
)
def test_reads_the_ways_thai_staff_write_a_moment(typed: str) -> None:
    form = MomentForm({"when": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == NINE_THIRTY
    assert form.cleaned_data["when"].utcoffset() == datetime.timedelta(hours=7)


def test_a_date_alone_is_midnight_in_bangkok() -> None:
    form = MomentForm({"when": "1/10/2566"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == datetime.datetime(2023, 10, 1, tzinfo=BANGKOK)


@pytest.mark.parametrize(
    ("typed", "th", "en"),
    [
        ("1/10/2566 25:00", "ไม่มีเวลานี้ในหนึ่งวัน: 25:00", "There is no such time of day: 25:00."),
        ("1/10/2566 09:75", "ไม่มีเวลานี้ในหนึ่งวัน: 09:75", "There is no such time of day: 09:75."),
        ("31/9/2566 09:30", "ไม่มีวันที่นี้ในปฏิทิน", "no such day in the calendar"),
        ("tomorrow at nine", "อ่านวันที่ไม่ได้", "cannot read the date"),
    ],
)
def test_a_bad_moment_is_explained_in_thai_and_english(typed: str, th: str, en: str) -> None:
    for lang, expected in (("th", th), ("en", en)):
        with translation.override(lang):
            form = MomentForm({"when": typed})
            assert not form.is_valid()
            assert expected in " ".join(form.errors["when"]), (lang, form.errors)
    assert f'value="{typed.strip()}"' in str(MomentForm({"when": typed})["when"])


@pytest.mark.parametrize(
    ("initial", "shown"),
    [
        (NINE_THIRTY, "1/10/2566 09:30"),
        # 20:15 UTC on 30 September is 03:15 on 1 October in Bangkok.
        (datetime.datetime(2023, 9, 30, 20, 15, tzinfo=datetime.UTC), "1/10/2566 03:15"),
        (datetime.datetime(2024, 2, 29, 17, 5), "29/2/2567 17:05"),
    ],
)
def test_an_existing_moment_is_shown_in_the_buddhist_era(initial, shown: str) -> None:
    html = str(MomentForm(initial={"when": initial})["when"])
    assert f'value="{shown}"' in html
    assert "2023" not in html and "2024" not in html


@settings(max_examples=60, deadline=None)
@given(
    st.datetimes(min_value=datetime.datetime(1950, 1, 1), max_value=datetime.datetime(2150, 12, 31))
)
def test_what_is_shown_reads_back_as_the_same_minute(moment: datetime.datetime) -> None:
    moment = moment.replace(second=0, microsecond=0, tzinfo=BANGKOK)
    shown = ThaiDateTimeInput().format_value(moment)
    form = MomentForm({"when": shown})
    assert form.is_valid(), (shown, form.errors)
    assert form.cleaned_data["when"] == moment


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_input_is_a_value_or_a_clear_error(text: str) -> None:
    form = MomentForm({"when": text})
    if not form.is_valid():
        assert form.errors["when"]
