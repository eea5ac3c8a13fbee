from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from prongsai.thai import (
    ThaiValueError,
    calendar_month_of,
    fiscal_half,
    fiscal_month,
    fiscal_month_of,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    half_bounds,
    month_bounds,
    quarter_bounds,
)

# (day, fiscal year, quarter, half, fiscal month) on both sides of every boundary.
BOUNDARIES = [
    (date(2022, 9, 30), 2565, 4, 2, 12),
    (date(2022, 10, 1), 2566, 1, 1, 1),
    (date(2022, 12, 31), 2566, 1, 1, 3),
    (date(2023, 1, 1), 2566, 2, 1, 4),
    (date(2023, 3, 31), 2566, 2, 1, 6),
    (date(2023, 4, 1), 2566, 3, 2, 7),
    (date(2023, 6, 30), 2566, 3, 2, 9),
    (date(2023, 7, 1), 2566, 4, 2, 10),
    (date(2023, 9, 30), 2566, 4, 2, 12),
    (date(2023, 10, 1), 2567, 1, 1, 1),
    (date(2024, 2, 28), 2567, 2, 1, 5),
    (date(2024, 2, 29), 2567, 2, 1, 5),  # leap day, BE 2567
    (date(2024, 3, 1), 2567, 2, 1, 6),
]


@pytest.mark.parametrize(("day", "fy", "quarter", "half", "month"), BOUNDARIES)
def test_every_boundary(day: date, fy: int, quarter: int, half: int, month: int) -> None:
    assert fiscal_year(day) == fy
    assert fiscal_quarter(day) == (fy, quarter)
    assert fiscal_half(day) == (fy, half)
    assert fiscal_month(day) == (fy, month)
    start, end = fiscal_year_bounds(fy)
    assert start <= day <= end
    q_start, q_end = quarter_bounds(fy, quarter)
    assert q_start <= day <= q_end
    h_start, h_end = half_bounds(fy, half)
    assert h_start <= day <= h_end
    m_start, m_end = month_bounds(fy, month)
    assert (m_start.year, m_start.month) == (day.year, day.month)
    assert m_start <= day <= m_end


def test_fiscal_year_2566_is_1_oct_2565_to_30_sep_2566() -> None:
    assert fiscal_year_bounds(2566) == (date(2022, 10, 1), date(2023, 9, 30))


@pytest.mark.parametrize(
    ("quarter", "bounds"),
    [
        (1, (date(2022, 10, 1), date(2022, 12, 31))),
        (2, (date(2023, 1, 1), date(2023, 3, 31))),
        (3, (date(2023, 4, 1), date(2023, 6, 30))),
        (4, (date(2023, 7, 1), date(2023, 9, 30))),
    ],
)
def test_quarter_bounds(quarter: int, bounds: tuple[date, date]) -> None:
    assert quarter_bounds(2566, quarter) == bounds


def test_half_bounds() -> None:
    assert half_bounds(2566, 1) == (date(2022, 10, 1), date(2023, 3, 31))
    assert half_bounds(2566, 2) == (date(2023, 4, 1), date(2023, 9, 30))


def test_month_bounds_follow_the_calendar_including_february() -> None:
    assert month_bounds(2566, 1) == (date(2022, 10, 1), date(2022, 10, 31))
    assert month_bounds(2566, 2) == (date(2022, 11, 1), date(2022, 11, 30))
    assert month_bounds(2566, 5) == (date(2023, 2, 1), date(2023, 2, 28))
    assert month_bounds(2567, 5) == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_bounds(2566, 12) == (date(2023, 9, 1), date(2023, 9, 30))


def test_calendar_and_fiscal_months_translate() -> None:
    assert calendar_month_of(2566, 1) == (2565, 10)
    assert calendar_month_of(2566, 4) == (2566, 1)
    assert calendar_month_of(2566, 12) == (2566, 9)
    assert fiscal_month_of(2565, 10) == (2566, 1)
    assert fiscal_month_of(2566, 9) == (2566, 12)
    for fy in (2566, 2567):
        for m in range(1, 13):
            assert fiscal_month_of(*calendar_month_of(fy, m)) == (fy, m)


def test_aware_datetimes_are_read_in_bangkok() -> None:
    # 17:00 UTC on 30 Sep is midnight on 1 Oct in Bangkok: a new fiscal year.
    assert fiscal_year(datetime(2022, 9, 30, 16, 59, tzinfo=UTC)) == 2565
    assert fiscal_year(datetime(2022, 9, 30, 17, 0, tzinfo=UTC)) == 2566
    assert fiscal_quarter(datetime(2022, 12, 31, 18, 0, tzinfo=UTC)) == (2566, 2)
    assert fiscal_half(datetime(2023, 3, 31, 17, 0, tzinfo=UTC)) == (2566, 2)
    assert fiscal_month(datetime(2023, 6, 30, 17, 0, tzinfo=UTC)) == (2566, 10)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ThaiValueError, match="naive"):
        fiscal_year(datetime(2023, 1, 1, 12, 0))


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (quarter_bounds, (2566, 0)),
        (quarter_bounds, (2566, 5)),
        (half_bounds, (2566, 3)),
        (month_bounds, (2566, 13)),
        (month_bounds, (2566, 0)),
    ],
)
def test_indexes_out_of_range_are_refused(call: object, args: tuple[int, int]) -> None:
    with pytest.raises(ThaiValueError) as err:
        call(*args)  # type: ignore[operator]
    assert "ต้องอยู่ระหว่าง" in err.value.th
    assert "must be 1–" in err.value.en


@pytest.mark.parametrize("call", [fiscal_year_bounds, lambda fy: quarter_bounds(fy, 1)])
def test_a_ce_year_is_not_taken_for_a_fiscal_year(call: object) -> None:
    with pytest.raises(ThaiValueError, match="CE year"):
        call(2023)  # type: ignore[operator]


def test_index_must_be_an_int() -> None:
    with pytest.raises(TypeError):
        quarter_bounds(2566, "2")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        month_bounds(2566, True)
