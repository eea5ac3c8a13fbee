"""Due dates from each item's frequency in the fiscal calendar, at fiscal-year boundaries, and the
boards per work group, per executive and per agency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from prongsai.disclosure import selectors
from prongsai.org import services as org_services
from tests.disclosure.conftest import make_evidence, published, submit

pytestmark = pytest.mark.django_db


def rows_for(board, code):
    return {r.period.key: r for r in board.rows if r.item.code == code}


def test_the_fiscal_year_changes_on_the_first_of_october(setup):
    before = selectors.due_board(agency=setup.agency, today=dt.date(2023, 9, 30))
    after = selectors.due_board(agency=setup.agency, today=dt.date(2023, 10, 1))
    assert before.fiscal_year == 2566
    assert after.fiscal_year == 2567
    # FY 2567 has no catalogue yet: the 2566 items define its schedule.
    assert after.catalogue.fiscal_year == 2566


def test_monthly_items_fall_due_after_each_month_within_the_answer_window(setup):
    board = selectors.due_board(agency=setup.agency, today=dt.date(2022, 10, 1), year=2566)
    o21 = rows_for(board, "O21")
    assert list(o21) == [f"2566-M0{m}" for m in range(1, 7)]
    assert o21["2566-M01"].due == dt.date(2022, 11, 30)  # 31 Oct 2022 + 30 days
    assert o21["2566-M04"].due == dt.date(2023, 3, 2)  # 31 Jan + 30 days
    assert o21["2566-M05"].due == dt.date(2023, 3, 30)  # 28 Feb + 30 days
    assert o21["2566-M06"].due == dt.date(2023, 4, 30)  # capped at the close of the answers


def test_next_year_uses_the_shifted_calendar_including_a_leap_february(setup):
    board = selectors.due_board(agency=setup.agency, today=dt.date(2023, 10, 1), year=2567)
    o21 = rows_for(board, "O21")
    assert o21["2567-M01"].due == dt.date(2023, 11, 30)
    assert o21["2567-M05"].due == dt.date(2024, 3, 30)  # 29 Feb 2024 + 30 days
    assert o21["2567-M06"].due == dt.date(2024, 4, 30)
    yearly = rows_for(board, "O19")
    assert yearly["2567"].due == dt.date(2024, 3, 1)  # the answer window opens


def test_overdue_starts_the_day_after_the_due_date(setup):
    on_time = selectors.due_board(agency=setup.agency, today=dt.date(2022, 11, 30), year=2566)
    late = selectors.due_board(agency=setup.agency, today=dt.date(2022, 12, 1), year=2566)
    assert not rows_for(on_time, "O21")["2566-M01"].overdue
    assert rows_for(on_time, "O21")["2566-M01"].due_soon
    assert rows_for(late, "O21")["2566-M01"].overdue


def test_the_board_shows_where_each_period_stands(setup):
    published(setup, period="2566-M01")
    published(setup, period="2566-M02", element_keys=["work"])
    submit(setup, make_evidence(setup, period="2566-M03"))
    make_evidence(setup, period="2566-M04")
    board = selectors.due_board(agency=setup.agency, today=dt.date(2023, 2, 1), year=2566)
    o21 = rows_for(board, "O21")
    assert o21["2566-M01"].status == "published"
    assert o21["2566-M02"].status == "partial"
    assert "ราคากลาง" in o21["2566-M02"].missing_elements
    assert o21["2566-M03"].status == "pending"
    assert o21["2566-M04"].status == "draft" and o21["2566-M04"].pages
    assert o21["2566-M05"].status == "missing"
    assert [g.code for g in o21["2566-M05"].owner_groups] == ["finance"]
    assert board.counts["published"] >= 1


def test_the_group_board_holds_only_the_groups_items(setup):
    finance = [setup.world.groups["finance"]]
    board = selectors.due_board(agency=setup.agency, year=2566, work_groups=finance)
    assert {r.item.owner_kind for r in board.rows} == {"procurement"}


def test_board_scopes_follow_roles(setup):
    agency = setup.agency
    assert selectors.board_groups_for_user(setup.user("deputy"), agency, "agency") is None
    assert [
        g.code for g in selectors.board_groups_for_user(setup.user("somchai"), agency, "group")
    ] == ["finance"]
    with pytest.raises(PermissionDenied):
        selectors.board_groups_for_user(setup.user("somchai"), agency, "agency")
    with pytest.raises(Http404):
        selectors.board_groups_for_user(setup.user("outsider"), agency, "agency")
    position = org_services.position_create(
        agency=agency,
        title_th="รองผู้ว่าฯ",
        is_executive=True,
        oversees=[setup.world.groups["hr"]],
        holder=setup.user("deputy"),
    )
    assert position.pk
    overseen = selectors.board_groups_for_user(setup.user("deputy"), agency, "executive")
    assert [g.code for g in overseen] == ["hr"]


def test_due_this_month_lists_my_groups_open_periods(setup):
    rows = selectors.due_this_month(setup.user("somchai"), setup.agency, today=dt.date(2023, 3, 5))
    keys = {(r.item.code, r.period.key) for r in rows}
    assert ("O21", "2566-M05") in keys  # due 30 March 2023
    assert ("O21", "2566-M01") in keys  # overdue
    assert all(r.item.owner_kind == "procurement" for r in rows)
    assert selectors.due_this_month(setup.user("deputy"), setup.agency) == []
