from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from prongsai.thai import (
    BANGKOK,
    ENGLISH_MONTHS,
    ENGLISH_MONTHS_SHORT,
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    ThaiValueError,
    as_bangkok_date,
    be_year,
    ce_year,
    check_be_year,
    format_date,
    format_date_range,
    format_datetime,
    month_name,
    parse_thai_date,
    to_bangkok,
)

JAN_5 = date(2023, 1, 5)

EXPECTED_TH = [
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
]


# --- years --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ce", "be"), [(2023, 2566), (2024, 2567), (1957, 2500), (0, 543)])
def test_be_and_ce_years_differ_by_543(ce: int, be: int) -> None:
    assert be_year(ce) == be
    assert ce_year(be) == ce


def test_year_conversion_needs_an_int() -> None:
    with pytest.raises(TypeError):
        be_year("2023")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ce_year(True)


def test_check_be_year_flags_a_ce_year() -> None:
    assert check_be_year(2566) == 2566
    with pytest.raises(ThaiValueError) as err:
        check_be_year(2023)
    assert "ค.ศ." in err.value.th
    assert "CE year" in err.value.en
    with pytest.raises(ThaiValueError):
        check_be_year(9999)


# --- month names --------------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name_in_both_styles_and_languages(month: int) -> None:
    long_th, short_th = EXPECTED_TH[month - 1]
    assert month_name(month) == long_th == THAI_MONTHS[month - 1]
    assert month_name(month, "short") == short_th == THAI_MONTHS_SHORT[month - 1]
    english = date(2023, month, 1).strftime("%B")
    assert month_name(month, lang="en") == english == ENGLISH_MONTHS[month - 1]
    assert month_name(month, "short", "en") == english[:3] == ENGLISH_MONTHS_SHORT[month - 1]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_formats_long_and_short(month: int) -> None:
    long_th, short_th = EXPECTED_TH[month - 1]
    d = date(2024, month, 1)
    assert format_date(d) == f"1 {long_th} 2567"
    assert format_date(d, "short") == f"1 {short_th} 2567"
    assert format_date(d, "numeric") == f"01/{month:02d}/2567"


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_name_rejects_a_month_out_of_range(month: int) -> None:
    with pytest.raises(ThaiValueError, match="1–12"):
        month_name(month)


def test_month_name_rejects_an_unknown_style() -> None:
    with pytest.raises(ThaiValueError, match="style"):
        month_name(1, "numeric")  # type: ignore[arg-type]


# --- format_date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "digits", "lang", "expected"),
    [
        ("long", "arabic", "th", "5 มกราคม 2566"),
        ("long", "thai", "th", "๕ มกราคม ๒๕๖๖"),
        ("short", "arabic", "th", "5 ม.ค. 2566"),
        ("short", "thai", "th", "๕ ม.ค. ๒๕๖๖"),
        ("numeric", "arabic", "th", "05/01/2566"),
        ("numeric", "thai", "th", "๐๕/๐๑/๒๕๖๖"),
        ("long", "arabic", "en", "5 January 2023"),
        ("short", "arabic", "en", "5 Jan 2023"),
        ("numeric", "arabic", "en", "05/01/2023"),
    ],
)
def test_format_date(style: str, digits: str, lang: str, expected: str) -> None:
    assert format_date(JAN_5, style, digits, lang) == expected  # type: ignore[arg-type]


def test_format_date_on_the_leap_day() -> None:
    assert format_date(date(2024, 2, 29)) == "29 กุมภาพันธ์ 2567"
    assert format_date(date(2024, 2, 29), "short", "thai") == "๒๙ ก.พ. ๒๕๖๗"


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [({"style": "full"}, "style"), ({"digits": "roman"}, "digits"), ({"lang": "fr"}, "lang")],
)
def test_format_date_rejects_unknown_options(kwargs: dict[str, str], word: str) -> None:
    with pytest.raises(ThaiValueError, match=word):
        format_date(JAN_5, **kwargs)  # type: ignore[arg-type]


def test_format_date_reads_an_aware_datetime_in_bangkok() -> None:
    late_utc = datetime(2022, 12, 31, 18, 0, tzinfo=UTC)  # 01:00 on 1 Jan in Bangkok
    assert format_date(late_utc) == "1 มกราคม 2566"


def test_format_date_refuses_a_naive_datetime() -> None:
    with pytest.raises(ThaiValueError, match="naive"):
        format_date(datetime(2023, 1, 5, 12, 0))


def test_format_date_range() -> None:
    assert format_date_range(date(2022, 10, 1), date(2023, 3, 31)) == "1 ต.ค. 2565 – 31 มี.ค. 2566"
    assert (
        format_date_range(date(2022, 10, 1), date(2023, 3, 31), "long", "thai")
        == "๑ ตุลาคม ๒๕๖๕ – ๓๑ มีนาคม ๒๕๖๖"
    )
    assert format_date_range(date(2022, 10, 1), date(2023, 3, 31), lang="en") == (
        "1 Oct 2022 – 31 Mar 2023"
    )


# --- datetimes and Bangkok ----------------------------------------------------------------------


def test_format_datetime_thai_and_english() -> None:
    moment = datetime(2023, 1, 5, 7, 5, tzinfo=UTC)  # 14:05 in Bangkok
    assert format_datetime(moment) == "5 มกราคม 2566 เวลา 14:05 น."
    assert format_datetime(moment, "short", "thai") == "๕ ม.ค. ๒๕๖๖ เวลา ๑๔:๐๕ น."
    assert format_datetime(moment, "numeric") == "05/01/2566 เวลา 14:05 น."
    assert format_datetime(moment, lang="en") == "5 January 2023 14:05"
    assert format_datetime(moment, "short", lang="en") == "5 Jan 2023 14:05"


@pytest.mark.parametrize(
    ("utc", "bangkok_text"),
    [
        (datetime(2022, 12, 31, 16, 59, tzinfo=UTC), "31 ธันวาคม 2565 เวลา 23:59 น."),
        (datetime(2022, 12, 31, 17, 0, tzinfo=UTC), "1 มกราคม 2566 เวลา 00:00 น."),
        (datetime(2022, 12, 31, 18, 0, tzinfo=UTC), "1 มกราคม 2566 เวลา 01:00 น."),
        (datetime(2022, 9, 30, 17, 0, tzinfo=UTC), "1 ตุลาคม 2565 เวลา 00:00 น."),
        (datetime(2024, 2, 28, 17, 30, tzinfo=UTC), "29 กุมภาพันธ์ 2567 เวลา 00:30 น."),
    ],
)
def test_datetimes_crossing_midnight_utc_to_bangkok(utc: datetime, bangkok_text: str) -> None:
    assert format_datetime(utc) == bangkok_text


def test_other_time_zones_are_converted_too() -> None:
    new_york = timezone(timedelta(hours=-5))
    moment = datetime(2023, 1, 4, 20, 0, tzinfo=new_york)  # 01:00 UTC on 5 Jan = 08:00 Bangkok
    assert format_datetime(moment) == "5 มกราคม 2566 เวลา 08:00 น."
    assert to_bangkok(moment).tzinfo is BANGKOK
    assert to_bangkok(moment) == moment


def test_naive_datetimes_are_refused_in_both_languages() -> None:
    with pytest.raises(ThaiValueError) as err:
        format_datetime(datetime(2023, 1, 5, 14, 5))
    assert "เขตเวลา" in err.value.th
    assert "naive" in err.value.en
    assert err.value.th in str(err.value) and err.value.en in str(err.value)
    with pytest.raises(ValueError):
        to_bangkok(datetime(2023, 1, 5))
    with pytest.raises(ValueError):
        as_bangkok_date(datetime(2023, 1, 5))


def test_as_bangkok_date() -> None:
    assert as_bangkok_date(JAN_5) == JAN_5
    assert as_bangkok_date(datetime(2023, 1, 4, 17, 0, tzinfo=UTC)) == JAN_5
    with pytest.raises(TypeError):
        as_bangkok_date("2023-01-05")  # type: ignore[arg-type]


# --- parse_thai_date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "5 ม.ค. 2566",
        "๕ มกราคม ๒๕๖๖",
        "05/01/2566",
        "2566-01-05",
        "5/1/2566",
        "5-1-2566",
        "5.1.2566",
        "05/01/66",
        "5 มกราคม พ.ศ. 2566",
        "5 ม.ค. พ.ศ.๒๕๖๖",
        "วันที่ 5 มกราคม 2566",
        "วันที่ ๕ เดือนมกราคม พ.ศ. ๒๕๖๖",
        "5ม.ค.2566",
        "  5   ม.ค.  2566  ",
        "5 มค 2566",
        "5 มค. 66",
        "5.1.66",
        "5 มกรา 2566",
        "5 January 2023",
        "5 Jan 2023",
        "5 jan 2023",
        "5 January, 2023",
        "5 January ค.ศ. 2023",
        "5 มกราคม ค.ศ. 2023",
        "5 January BE 2566",
    ],
)
def test_parse_thai_date_accepts(text: str) -> None:
    assert parse_thai_date(text) == JAN_5


@pytest.mark.parametrize("month", range(1, 13))
def test_parse_every_month_name(month: int) -> None:
    long_th, short_th = EXPECTED_TH[month - 1]
    expected = date(2024, month, 1)
    assert parse_thai_date(f"1 {long_th} 2567") == expected
    assert parse_thai_date(f"1 {short_th} 2567") == expected
    assert parse_thai_date(f"1 {short_th.replace('.', '')} 2567") == expected
    assert parse_thai_date(f"1 {ENGLISH_MONTHS[month - 1]} 2024") == expected
    assert parse_thai_date(f"1 {ENGLISH_MONTHS_SHORT[month - 1]} 2024") == expected


def test_parse_common_misspellings() -> None:
    assert parse_thai_date("1 กรกฏาคม 2566") == date(2023, 7, 1)
    assert parse_thai_date("1 กุมภาพันธ 2566") == date(2023, 2, 1)
    assert parse_thai_date("1 Sept 2023") == date(2023, 9, 1)


def test_parse_the_leap_day() -> None:
    assert parse_thai_date("29 ก.พ. 2567") == date(2024, 2, 29)
    assert parse_thai_date("29/02/2567") == date(2024, 2, 29)
    with pytest.raises(ThaiValueError) as err:
        parse_thai_date("29 ก.พ. 2566")
    assert "ไม่มีวันที่นี้" in err.value.th
    assert "no such day" in err.value.en


@pytest.mark.parametrize(
    ("text", "th_fragment", "en_fragment"),
    [
        ("", "ไม่ได้ระบุ", "no date"),
        ("   ", "ไม่ได้ระบุ", "no date"),
        ("พรุ่งนี้", "อ่านวันที่ไม่ได้", "cannot read"),
        ("5 Foo 2566", "อ่านวันที่ไม่ได้", "cannot read"),
        ("32/01/2566", "ไม่มีวันที่นี้", "no such day"),
        ("31 เม.ย. 2566", "ไม่มีวันที่นี้", "no such day"),
        ("05/13/2566", "ไม่มีวันที่นี้", "no such day"),
        ("2023-01-05", "ถ้าเป็นปี ค.ศ.", "CE year"),
        ("05/01/2023", "ถ้าเป็นปี ค.ศ.", "CE year"),
        ("5 January 2566", "ถ้าเป็นปี พ.ศ.", "BE year"),
        ("5 January 23", "4 หลัก", "4 digits"),
        ("5 ม.ค. 566", "4 หลัก", "4 digits"),
        ("05/01/23", "4 หลัก", "4 digits"),
        ("5 ม.ค. 39", "4 หลัก", "4 digits"),
        ("05/01/2566 14:05", "อ่านวันที่ไม่ได้", "cannot read"),
    ],
)
def test_parse_thai_date_rejects_clearly(text: str, th_fragment: str, en_fragment: str) -> None:
    with pytest.raises(ThaiValueError) as err:
        parse_thai_date(text)
    assert th_fragment in err.value.th
    assert en_fragment in err.value.en
    assert isinstance(err.value, ValueError)


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        parse_thai_date(JAN_5)  # type: ignore[arg-type]
