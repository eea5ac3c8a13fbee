"""Readiness rules: required periods, coverage, due dates and the predicted score (no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from prongsai.ita.rules import (
    ClaimRef,
    ElementRequirement,
    due_date,
    evaluate_item,
    period_covered,
    required_periods,
    score,
)
from prongsai.ita.schema import PeriodRule
from prongsai.thai.periods import Period

OPENS = dt.date(2023, 3, 1)
CLOSES = dt.date(2023, 4, 30)


def keys(periods):
    return [p.key for p in periods]


def P(key: str) -> Period:
    return Period.from_key(key)


def evaluate(rule, claims, elements=("a", "b"), today=dt.date(2023, 3, 15), optional=()):
    reqs = [ElementRequirement(k) for k in elements] + [
        ElementRequirement(k, required=False) for k in optional
    ]
    return evaluate_item(
        rule=rule,
        fiscal_year=2566,
        elements=reqs,
        claims=claims,
        today=today,
        answer_opens=OPENS,
        answer_closes=CLOSES,
        grace_days=30,
    )


def claim(n, element, period, **kw):
    return ClaimRef(id=n, element_key=element, period_key=period, **kw)


# ---------------------------------------------------------------------------- required periods


def test_a_monthly_item_over_the_first_half_needs_each_of_its_six_months():
    assert keys(required_periods(PeriodRule("h1", "month"), 2566)) == [
        "2566-M01",
        "2566-M02",
        "2566-M03",
        "2566-M04",
        "2566-M05",
        "2566-M06",
    ]


def test_required_periods_of_other_rules():
    assert keys(required_periods(PeriodRule("h1", "half"), 2566)) == ["2566-H1"]
    assert keys(required_periods(PeriodRule("h1", "quarter"), 2566)) == ["2566-Q1", "2566-Q2"]
    assert keys(required_periods(PeriodRule("year", "quarter"), 2566)) == [
        "2566-Q1",
        "2566-Q2",
        "2566-Q3",
        "2566-Q4",
    ]
    assert keys(required_periods(PeriodRule("year", "year"), 2566)) == ["2566"]
    assert keys(required_periods(PeriodRule("previous_year", "year"), 2566)) == ["2565"]
    assert keys(required_periods(PeriodRule("year", "any"), 2566)) == ["2566"]
    assert keys(required_periods(PeriodRule("current", "current"), 2566)) == ["current"]


# ---------------------------------------------------------------------------- coverage


def test_a_half_is_covered_by_itself_or_by_finer_periods_that_fill_it():
    h1 = P("2566-H1")
    assert period_covered(h1, [P("2566-H1")], "half")
    assert period_covered(h1, [P("2566-Q1"), P("2566-Q2")], "half")
    assert period_covered(h1, [P("2566-Q1"), *(P(f"2566-M0{m}") for m in (4, 5, 6))], "half")
    assert not period_covered(h1, [P(f"2566-M0{m}") for m in (1, 2, 3, 4, 5)], "half")


def test_a_coarser_or_other_year_claim_does_not_cover_a_period():
    assert not period_covered(P("2566-M01"), [P("2566-H1")], "month")
    assert not period_covered(P("2566-H1"), [P("2566")], "half")
    assert not period_covered(P("2566-H1"), [P("2565-H1")], "half")
    assert not period_covered(P("2566-H1"), [P("current")], "half")


def test_any_needs_one_claim_inside_the_span():
    year = P("2566")
    assert period_covered(year, [P("2566-M03")], "any")
    assert period_covered(year, [P("2566")], "any")
    assert not period_covered(year, [P("2565-M12")], "any")
    assert not period_covered(year, [P("current")], "any")


def test_current_is_covered_by_any_claim():
    assert period_covered(P("current"), [P("2564")], "current")
    assert not period_covered(P("current"), [], "current")


@given(st.sets(st.integers(min_value=1, max_value=6)))
def test_h1_is_covered_exactly_when_all_six_months_are_claimed(months):
    claimed = [P(f"2566-M{m:02d}") for m in months]
    assert period_covered(P("2566-H1"), claimed, "half") == (months == set(range(1, 7)))


# ---------------------------------------------------------------------------- due dates


def test_due_dates_follow_the_period_and_the_answer_window():
    kw = {"answer_opens": OPENS, "answer_closes": CLOSES, "grace_days": 30}
    # October 2565 is due 30 days after it ends.
    assert due_date(P("2566-M01"), unit="month", **kw) == dt.date(2022, 11, 30)
    # March 2566 would be due 30 April: the close of the answer window.
    assert due_date(P("2566-M06"), unit="month", **kw) == CLOSES
    assert due_date(P("2566-H1"), unit="half", **kw) == CLOSES
    # A period that ends after the window is due after it ends, never before.
    assert due_date(P("2566-Q4"), unit="quarter", **kw) == dt.date(2023, 10, 30)
    # Whole-year, "any" and current evidence is due when the answer window opens.
    assert due_date(P("2566"), unit="year", **kw) == OPENS
    assert due_date(P("2565"), unit="year", **kw) == OPENS
    assert due_date(P("current"), unit="current", **kw) == OPENS


# ---------------------------------------------------------------------------- items


def test_an_item_with_no_claims_is_missing():
    r = evaluate(PeriodRule("current", "current"), [], today=dt.date(2023, 2, 1))
    assert (r.published, r.passes, r.score, r.status) == (False, False, 0, "missing")
    assert r.elements_covered == 0 and r.elements_required == 2
    # Once the answer window has opened, current information that is missing is overdue.
    assert evaluate(PeriodRule("current", "current"), []).status == "overdue"


def test_each_element_must_be_ticked_by_a_claim():
    rule = PeriodRule("current", "current")
    untagged = evaluate(rule, [claim(1, None, "current")])
    assert untagged.published and not untagged.passes
    one = evaluate(rule, [claim(1, "a", "current")])
    assert [e.covered for e in one.elements] == [True, False]
    assert one.periods[0].missing_elements == ("b",)
    both = evaluate(rule, [claim(1, "a", "current"), claim(2, "b", "current")])
    assert both.passes and both.score == 100 and both.status == "complete"
    assert [c.id for c in both.elements[1].claims] == [2]


def test_optional_elements_do_not_hold_back_the_score():
    r = evaluate(
        PeriodRule("current", "current"), [claim(1, "a", "current")], ("a",), optional=("x",)
    )
    assert r.passes
    assert [(e.key, e.required, e.covered) for e in r.elements] == [
        ("a", True, True),
        ("x", False, False),
    ]


def test_a_monthly_item_needs_every_element_every_month():
    rule = PeriodRule("h1", "month")
    claims = [claim(m, el, f"2566-M{m:02d}") for m in range(1, 7) for el in ("a", "b")]
    assert evaluate(rule, claims).passes
    gap = [c for c in claims if not (c.period_key == "2566-M04" and c.element_key == "b")]
    r = evaluate(rule, gap)
    assert not r.passes
    assert r.periods_covered == 5
    m04 = next(p for p in r.periods if p.key == "2566-M04")
    assert m04.missing_elements == ("b",)
    assert r.elements[1].periods_missing == ("2566-M04",)


def test_a_nothing_to_report_claim_covers_every_element_of_its_month():
    rule = PeriodRule("h1", "month")
    claims = [claim(m, el, f"2566-M{m:02d}") for m in range(1, 6) for el in ("a", "b")]
    claims.append(claim(99, None, "2566-M06", nil_return=True))
    assert evaluate(rule, claims).passes


def test_overdue_is_a_missing_period_past_its_due_date():
    rule = PeriodRule("h1", "month")
    claims = [claim(1, el, "2566-M01") for el in ("a", "b")]
    # November 2565 (M02) ends 30 Nov 2022 and is due 30 days later.
    early = evaluate(rule, claims, today=dt.date(2022, 12, 30))
    assert not early.overdue and early.status == "partial"
    assert early.next_due == dt.date(2022, 12, 30)
    late = evaluate(rule, claims, today=dt.date(2022, 12, 31))
    assert late.overdue and late.status == "overdue"
    assert [p.key for p in late.periods if p.overdue] == ["2566-M02"]


def test_claims_with_bad_period_keys_count_as_published_but_cover_nothing():
    r = evaluate(PeriodRule("year", "year"), [claim(1, "a", "2566-X9"), claim(2, "b", "2566")])
    assert r.published and not r.passes
    assert [e.covered for e in r.elements] == [False, True]


def test_last_published_is_the_latest_claim():
    t1 = dt.datetime(2023, 1, 5, 3, 0, tzinfo=dt.UTC)
    t2 = dt.datetime(2023, 2, 5, 3, 0, tzinfo=dt.UTC)
    r = evaluate(
        PeriodRule("current", "current"),
        [claim(1, "a", "current", published_at=t2), claim(2, "b", "current", published_at=t1)],
    )
    assert r.last_published == t2


def test_score_is_the_share_of_items_that_pass():
    s = score([True, True, False, True])
    assert (s.items, s.passed, s.percent, s.ita_points) == (4, 3, 75.0, 30.0)
    assert score([]).percent == 0.0
