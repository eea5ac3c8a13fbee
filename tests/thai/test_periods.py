from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from prongsai.thai import Period, PeriodKind, ThaiValueError, periods_in


def test_kinds_are_strings() -> None:
    assert PeriodKind.QUARTER == "quarter"
    assert [k.value for k in PeriodKind] == ["month", "quarter", "half", "year", "current"]
    assert Period("quarter", 2566, 2).kind is PeriodKind.QUARTER


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(PeriodKind.MONTH, 2566, 1), date(2022, 10, 1), date(2022, 10, 31)),
        (Period(PeriodKind.MONTH, 2566, 4), date(2023, 1, 1), date(2023, 1, 31)),
        (Period(PeriodKind.MONTH, 2567, 5), date(2024, 2, 1), date(2024, 2, 29)),
        (Period(PeriodKind.QUARTER, 2566, 2), date(2023, 1, 1), date(2023, 3, 31)),
        (Period(PeriodKind.HALF, 2566, 1), date(2022, 10, 1), date(2023, 3, 31)),
        (Period(PeriodKind.HALF, 2566, 2), date(2023, 4, 1), date(2023, 9, 30)),
        (Period(PeriodKind.YEAR, 2566), date(2022, 10, 1), date(2023, 9, 30)),
    ],
)
def test_start_end_and_contains(period: Period, start: date, end: date) -> None:
    assert (period.start, period.end) == (start, end)
    assert period.contains(start)
    assert period.contains(end)
    assert not period.contains(date.fromordinal(start.toordinal() - 1))
    assert not period.contains(date.fromordinal(end.toordinal() + 1))


def test_current_has_no_bounds_and_contains_every_day() -> None:
    current = Period(PeriodKind.CURRENT)
    assert current.start is None and current.end is None
    assert current.contains(date(1999, 1, 1))
    assert current.fiscal_year is None and current.index is None
    assert current.span_label() == ""


def test_contains_reads_datetimes_in_bangkok() -> None:
    q2 = Period(PeriodKind.QUARTER, 2566, 2)
    assert q2.contains(datetime(2022, 12, 31, 18, 0, tzinfo=UTC))  # 1 Jan 01:00 in Bangkok
    assert not q2.contains(datetime(2022, 12, 31, 16, 0, tzinfo=UTC))
    with pytest.raises(ValueError):
        q2.contains(datetime(2023, 1, 1, 12, 0))


def test_year_gets_index_one_and_equals_its_explicit_form() -> None:
    assert Period("year", 2566) == Period("year", 2566, 1)
    assert Period("year", 2566).index == 1
    assert hash(Period("year", 2566)) == hash(Period(PeriodKind.YEAR, 2566, 1))


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("week", 2566, 1), "unknown period kind"),
        (("quarter", 2566, 5), "quarter must be 1–4"),
        (("quarter", 2566, 0), "quarter must be 1–4"),
        (("half", 2566, 3), "half must be 1–2"),
        (("month", 2566, 13), "fiscal month must be 1–12"),
        (("year", 2566, 2), "index 1"),
        (("quarter", None, 1), "needs a fiscal year"),
        (("quarter", 2566, None), "needs an index"),
        (("quarter", 2023, 1), "CE year"),
        (("current", 2566, None), "no fiscal year"),
    ],
)
def test_invalid_periods_are_refused(args: tuple[object, ...], fragment: str) -> None:
    with pytest.raises(ThaiValueError, match=fragment):
        Period(*args)  # type: ignore[arg-type]


def test_periods_are_frozen() -> None:
    period = Period("quarter", 2566, 2)
    with pytest.raises(AttributeError):
        period.index = 3  # type: ignore[misc]


# --- labels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "thai", "english"),
    [
        (Period("month", 2566, 4), "มกราคม 2566", "January 2023"),
        (Period("month", 2566, 1), "ตุลาคม 2565", "October 2022"),
        (Period("month", 2566, 12), "กันยายน 2566", "September 2023"),
        (Period("quarter", 2566, 2), "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2566", "Q2 FY 2023 (BE 2566)"),
        (
            Period("half", 2566, 1),
            "ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2566",
            "First half of FY 2023 (BE 2566)",
        ),
        (
            Period("half", 2566, 2),
            "ครึ่งปีหลัง ปีงบประมาณ พ.ศ. 2566",
            "Second half of FY 2023 (BE 2566)",
        ),
        (Period("year", 2566), "ปีงบประมาณ พ.ศ. 2566", "FY 2023 (BE 2566)"),
        (Period("current"), "ข้อมูลปัจจุบัน", "Current information"),
    ],
)
def test_labels(period: Period, thai: str, english: str) -> None:
    assert period.label() == thai
    assert period.label("en") == english


def test_labels_in_thai_digits() -> None:
    assert Period("quarter", 2566, 2).label(digits="thai") == "ไตรมาสที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๖"
    assert Period("month", 2566, 4).label(digits="thai") == "มกราคม ๒๕๖๖"


def test_label_rejects_unknown_options() -> None:
    with pytest.raises(ThaiValueError, match="lang"):
        Period("year", 2566).label("fr")  # type: ignore[arg-type]
    with pytest.raises(ThaiValueError, match="digits"):
        Period("year", 2566).label(digits="roman")  # type: ignore[arg-type]


def test_span_label_says_which_six_months() -> None:
    h1 = Period("half", 2566, 1)
    assert f"6 เดือนแรก: {h1.span_label()}" == "6 เดือนแรก: 1 ต.ค. 2565 – 31 มี.ค. 2566"
    assert h1.span_label(digits="thai") == "๑ ต.ค. ๒๕๖๕ – ๓๑ มี.ค. ๒๕๖๖"
    assert h1.span_label("en") == "1 Oct 2022 – 31 Mar 2023"


# --- keys ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "key"),
    [
        (Period("month", 2566, 4), "2566-M04"),
        (Period("month", 2566, 12), "2566-M12"),
        (Period("quarter", 2566, 2), "2566-Q2"),
        (Period("half", 2566, 1), "2566-H1"),
        (Period("year", 2566), "2566"),
        (Period("current"), "current"),
    ],
)
def test_keys_round_trip(period: Period, key: str) -> None:
    assert period.key == key
    assert str(period) == key
    assert Period.from_key(key) == period


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (" 2566-q2 ", "2566-Q2"),
        ("๒๕๖๖-M๐๔", "2566-M04"),
        ("2566-M4", "2566-M04"),
        ("CURRENT", "current"),
    ],
)
def test_from_key_forgives_case_spaces_and_thai_digits(text: str, key: str) -> None:
    assert Period.from_key(text).key == key


@pytest.mark.parametrize("text", ["", "2566-Q5", "2566-X1", "66-Q1", "2566Q1", "2023-Q1", "Q2"])
def test_from_key_rejects_bad_keys(text: str) -> None:
    with pytest.raises(ThaiValueError):
        Period.from_key(text)


# --- construction and stepping -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "day", "key"),
    [
        ("month", date(2022, 10, 1), "2566-M01"),
        ("month", date(2022, 9, 30), "2565-M12"),
        ("quarter", date(2022, 12, 31), "2566-Q1"),
        ("quarter", date(2023, 1, 1), "2566-Q2"),
        ("quarter", date(2023, 3, 31), "2566-Q2"),
        ("quarter", date(2023, 4, 1), "2566-Q3"),
        ("quarter", date(2023, 6, 30), "2566-Q3"),
        ("quarter", date(2023, 7, 1), "2566-Q4"),
        ("half", date(2023, 3, 31), "2566-H1"),
        ("half", date(2023, 4, 1), "2566-H2"),
        ("year", date(2023, 9, 30), "2566"),
        ("year", date(2023, 10, 1), "2567"),
        ("month", date(2024, 2, 29), "2567-M05"),
        ("current", date(2024, 2, 29), "current"),
    ],
)
def test_for_date(kind: str, day: date, key: str) -> None:
    assert Period.for_date(kind, day).key == key


def test_for_calendar_month() -> None:
    assert Period.for_calendar_month(2566, 1) == Period("month", 2566, 4)
    assert Period.for_calendar_month(2565, 10) == Period("month", 2566, 1)
    assert Period.for_calendar_month(2566, 9) == Period("month", 2566, 12)


@pytest.mark.parametrize(
    ("key", "next_key"),
    [
        ("2566-M01", "2566-M02"),
        ("2566-M12", "2567-M01"),
        ("2566-Q3", "2566-Q4"),
        ("2566-Q4", "2567-Q1"),
        ("2566-H1", "2566-H2"),
        ("2566-H2", "2567-H1"),
        ("2566", "2567"),
    ],
)
def test_next_and_previous(key: str, next_key: str) -> None:
    assert Period.from_key(key).next().key == next_key
    assert Period.from_key(next_key).previous().key == key


def test_current_has_no_neighbours() -> None:
    with pytest.raises(ThaiValueError):
        Period("current").next()
    with pytest.raises(ThaiValueError):
        Period("current").previous()


def test_periods_in() -> None:
    assert [p.key for p in periods_in("quarter", 2566)] == [
        "2566-Q1",
        "2566-Q2",
        "2566-Q3",
        "2566-Q4",
    ]
    assert [p.key for p in periods_in("half", 2566)] == ["2566-H1", "2566-H2"]
    assert [p.key for p in periods_in("year", 2566)] == ["2566"]
    months = periods_in(PeriodKind.MONTH, 2566)
    assert [p.label() for p in months][:4] == [
        "ตุลาคม 2565",
        "พฤศจิกายน 2565",
        "ธันวาคม 2565",
        "มกราคม 2566",
    ]
    assert len(months) == 12
    with pytest.raises(ThaiValueError):
        periods_in("current", 2566)
