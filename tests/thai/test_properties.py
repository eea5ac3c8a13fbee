"""Properties that hold for every day, period and string (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from prongsai.thai import (
    THAI_DIGITS,
    Period,
    PeriodKind,
    fiscal_half,
    fiscal_month,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    format_date,
    format_datetime,
    guess_period_from_filename,
    parse_thai_date,
    periods_in,
    to_arabic_digits,
    to_thai_digits,
)

ONE_DAY = timedelta(days=1)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
fiscal_years = st.integers(min_value=2444, max_value=2743)
sized_kinds = st.sampled_from(
    [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR]
)
periods = st.builds(
    lambda kind, fy, data: Period(
        kind, fy, data.draw(st.integers(1, {"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]))
    ),
    sized_kinds,
    fiscal_years,
    st.data(),
)


@given(days)
def test_every_day_is_in_exactly_one_period_of_each_kind_of_its_year(day: date) -> None:
    fy = fiscal_year(day)
    start, end = fiscal_year_bounds(fy)
    assert start <= day <= end
    for kind, finder in (
        (PeriodKind.MONTH, fiscal_month),
        (PeriodKind.QUARTER, fiscal_quarter),
        (PeriodKind.HALF, fiscal_half),
        (PeriodKind.YEAR, lambda d: (fiscal_year(d), 1)),
    ):
        containing = [p for p in periods_in(kind, fy) if p.contains(day)]
        assert len(containing) == 1
        assert (containing[0].fiscal_year, containing[0].index) == finder(day)
        assert Period.for_date(kind, day) == containing[0]


@given(fiscal_years, sized_kinds)
def test_periods_of_a_year_are_contiguous_and_cover_it(fy: int, kind: PeriodKind) -> None:
    parts = periods_in(kind, fy)
    start, end = fiscal_year_bounds(fy)
    assert parts[0].start == start
    assert parts[-1].end == end
    for before, after in zip(parts, parts[1:], strict=False):
        assert before.end is not None and after.start is not None
        assert before.end + ONE_DAY == after.start
    assert fiscal_year_bounds(fy + 1)[0] == end + ONE_DAY


@given(periods)
def test_next_starts_the_day_after_and_previous_undoes_it(period: Period) -> None:
    following = period.next()
    assert period.end is not None and following.start is not None
    assert period.end + ONE_DAY == following.start
    assert following.previous() == period
    assert following.kind is period.kind


@given(periods)
def test_keys_round_trip(period: Period) -> None:
    assert Period.from_key(period.key) == period
    assert Period.from_key(to_thai_digits(period.key)) == period


@given(periods)
def test_a_periods_own_key_is_read_back_from_a_file_name(period: Period) -> None:
    if period.kind is not PeriodKind.YEAR:  # a bare year is only read when a year is asked for
        assert guess_period_from_filename(f"report_{period.key}.pdf") == period
    assert guess_period_from_filename(f"report_{period.key}.pdf", kind=period.kind) == period


@given(periods)
def test_a_periods_thai_label_is_read_back_from_a_file_name(period: Period) -> None:
    assert guess_period_from_filename(f"{period.label()}.pdf") == period
    assert guess_period_from_filename(f"{period.label(digits='thai')}.pdf") == period


name_alphabet = st.one_of(
    st.sampled_from(list("0123456789๐๑๒๓๔๕๖๗๘๙ _-./()qhQHfyFY")),
    st.sampled_from(["ไตรมาส", "ที่", "ม.ค.", "ต.ค.", "มกราคม", "รอบ", "เดือน", "ปีงบประมาณ", "พ.ศ."]),
    st.sampled_from(["6", "12", "2566", "65", "2023", "jan", "ถึง", "แรก", "หลัง", "สขร"]),
)


@given(st.lists(name_alphabet, max_size=12).map("".join))
def test_file_name_guessing_never_fails_and_never_contradicts_itself(name: str) -> None:
    guess = guess_period_from_filename(name)
    assert guess is None or isinstance(guess, Period)
    if guess is not None:
        assert guess_period_from_filename(name, kind=guess.kind) == guess


@given(st.text())
def test_arbitrary_text_gives_a_period_or_none(name: str) -> None:
    guess = guess_period_from_filename(name)
    assert guess is None or isinstance(guess, Period)


@given(st.text())
def test_digit_conversion_round_trips(text: str) -> None:
    without_thai = "".join(c for c in text if c not in THAI_DIGITS)
    assert to_arabic_digits(to_thai_digits(without_thai)) == without_thai
    without_arabic = "".join(c for c in text if c not in "0123456789")
    assert to_thai_digits(to_arabic_digits(without_arabic)) == without_arabic
    assert len(to_thai_digits(text)) == len(text)
    assert to_thai_digits(to_arabic_digits(text)) == to_thai_digits(text)


@given(
    st.dates(min_value=date(1857, 1, 1), max_value=date(2257, 12, 31)),
    st.sampled_from(["long", "short", "numeric"]),
    st.sampled_from(["arabic", "thai"]),
    st.sampled_from(["th", "en"]),
)
def test_formatted_dates_parse_back(day: date, style: str, digits: str, lang: str) -> None:
    text = format_date(day, style, digits, lang)  # type: ignore[arg-type]
    if lang == "en" and style == "numeric":
        return  # numeric English dates carry a CE year, which the Thai parser reads as BE
    assert parse_thai_date(text) == day


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    )
)
def test_aware_datetimes_are_shown_and_counted_in_bangkok(moment: datetime) -> None:
    local_day = (moment + timedelta(hours=7)).date()  # Bangkok has been UTC+7 since 1920
    if moment.year < 1921:
        return
    assert fiscal_year(moment) == fiscal_year(local_day)
    assert format_datetime(moment).startswith(format_date(local_day) + " เวลา ")
