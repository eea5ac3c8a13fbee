"""Daily rollups across day, quarter and fiscal-year boundaries (Bangkok time), idempotence,
the refusal to re-roll purged days, the purge of raw events and the discarding of salts."""

from __future__ import annotations

import datetime as dt

import pytest

from prongsai.stats import recorder, selectors, services
from prongsai.stats.models import (
    DailySalt,
    DailySearch,
    DailyTarget,
    DailyTotal,
    Event,
    EventKind,
    MonthlySearch,
    MonthlyTarget,
    TargetKind,
)
from prongsai.stats.selectors import StatsPeriod
from tests.stats.conftest import bkk, event

pytestmark = pytest.mark.django_db

# 30 Sep 2566 is the last day of Q4 of FY 2566; 1 Oct 2566 opens Q1 of FY 2567.
LAST_DAY = dt.date(2023, 9, 30)
FIRST_DAY = dt.date(2023, 10, 1)
TODAY = dt.date(2023, 10, 2)


def roll(*days: dt.date) -> None:
    for day in days:
        services.day_roll_up(day=day, today=TODAY)


@pytest.fixture
def boundary_events(world):
    a = world.agency
    # Bangkok 23:59:59 on 30 Sep (16:59:59 UTC) and 00:00:00 on 1 Oct (17:00:00 UTC the day before)
    event(a, bkk(2023, 9, 30, 23, 59, 59), target="10", visitor="aaaa")
    event(a, bkk(2023, 9, 30, 0, 0, 0), target="10", visitor="aaaa")
    event(a, bkk(2023, 10, 1, 0, 0, 0), target="10", visitor="bbbb")
    event(a, bkk(2023, 10, 1, 9, 0, 0), target="11", visitor="bbbb")
    event(a, bkk(2023, 10, 1, 9, 5, 0), target="11", visitor="cccc")
    event(a, dt.datetime(2023, 9, 30, 17, 30, tzinfo=dt.UTC), target="11")  # 00:30 on 1 Oct
    event(
        a,
        bkk(2023, 10, 1, 10, 0),
        EventKind.DOWNLOAD,
        target_kind=TargetKind.DOC,
        target="5",
        visitor="cccc",
    )
    event(a, bkk(2023, 9, 30, 12, 0), EventKind.SEARCH, query="งบประมาณ", results=0, visitor="aaaa")
    event(a, bkk(2023, 10, 1, 12, 0), EventKind.SEARCH, query="งบประมาณ", results=3, visitor="bbbb")
    event(a, bkk(2023, 10, 1, 12, 1), EventKind.CLICK, query="งบประมาณ", rank=2, visitor="bbbb")
    event(a, bkk(2023, 10, 1, 12, 2), EventKind.CLICK, query="งบประมาณ", rank=5, visitor="bbbb")
    event(a, bkk(2023, 10, 1, 13, 0), EventKind.QUESTION)
    event(world.other_agency, bkk(2023, 10, 1, 13, 0), target="99", visitor="zzzz")
    return world


def test_days_are_cut_at_bangkok_midnight(boundary_events):
    world = boundary_events
    roll(LAST_DAY, FIRST_DAY)
    sep = DailyTotal.objects.get(agency=world.agency, day=LAST_DAY)
    oct1 = DailyTotal.objects.get(agency=world.agency, day=FIRST_DAY)
    assert (sep.views, sep.visitors, sep.searches, sep.zero_result_searches) == (2, 1, 1, 1)
    assert (oct1.views, oct1.visitors, oct1.downloads, oct1.searches) == (4, 2, 1, 1)
    assert (oct1.zero_result_searches, oct1.clicks, oct1.questions) == (0, 2, 1)
    other = DailyTotal.objects.get(agency=world.other_agency, day=FIRST_DAY)
    assert (other.views, other.visitors) == (1, 1)


def test_targets_and_searches_per_day(boundary_events):
    world = boundary_events
    roll(LAST_DAY, FIRST_DAY)
    got = {
        (t.day, t.kind, t.target): (t.count, t.visitors)
        for t in DailyTarget.objects.filter(agency=world.agency)
    }
    assert got == {
        (LAST_DAY, EventKind.VIEW, "10"): (2, 1),
        (FIRST_DAY, EventKind.VIEW, "10"): (1, 1),
        (FIRST_DAY, EventKind.VIEW, "11"): (3, 2),  # the event without a visitor hash counts
        (FIRST_DAY, EventKind.DOWNLOAD, "5"): (1, 1),
    }
    s = DailySearch.objects.get(agency=world.agency, day=FIRST_DAY, query="งบประมาณ")
    assert (s.searches, s.zero_results, s.clicks, s.rank_sum) == (1, 0, 2, 7)


def test_quarters_and_fiscal_years_split_at_the_boundary(boundary_events):
    world = boundary_events
    roll(LAST_DAY, FIRST_DAY)
    a = world.agency
    q4 = StatsPeriod.of(2566, 4)
    q1 = StatsPeriod.of(2567, 1)
    assert selectors.totals(a, q4.start, q4.end).views == 2
    assert selectors.totals(a, q1.start, q1.end).views == 4
    fy66, fy67 = StatsPeriod.of(2566), StatsPeriod.of(2567)
    assert selectors.totals(a, fy66.start, fy66.end).searches == 1
    assert selectors.totals(a, fy67.start, fy67.end).searches == 1
    assert q1.previous == q4
    # monthly tables, which the period figures are read from, split the same way
    assert [(t.target, t.count) for t in selectors.top_targets(a, q4)] == [("10", 2)]
    assert [(t.target, t.count) for t in selectors.top_targets(a, q1)] == [("11", 3), ("10", 1)]
    [sep] = selectors.top_searches(a, q4)
    [oct_] = selectors.top_searches(a, q1)
    assert (sep.searches, sep.zero_results, sep.clicks) == (1, 1, 0)
    assert (oct_.searches, oct_.zero_results, oct_.clicks, oct_.mean_rank) == (1, 0, 2, 3.5)
    assert [r.query for r in selectors.zero_result_searches(a, q1)] == []


def test_rolling_up_again_gives_the_same_figures(boundary_events):
    roll(LAST_DAY, FIRST_DAY)

    def snapshot():
        return (
            sorted(DailyTotal.objects.values_list("agency_id", "day", "views", "visitors")),
            sorted(DailyTarget.objects.values_list("day", "target", "count", "visitors")),
            sorted(MonthlyTarget.objects.values_list("month", "target", "count", "visitors")),
            sorted(MonthlySearch.objects.values_list("month", "query", "searches", "clicks")),
        )

    first = snapshot()
    roll(FIRST_DAY, LAST_DAY, FIRST_DAY)
    assert snapshot() == first


def test_a_late_event_is_included_when_the_day_is_rolled_up_again(boundary_events):
    world = boundary_events
    roll(FIRST_DAY)
    event(world.agency, bkk(2023, 10, 1, 23, 0), target="12")
    roll(FIRST_DAY)
    assert DailyTotal.objects.get(agency=world.agency, day=FIRST_DAY).views == 5
    assert MonthlyTarget.objects.filter(agency=world.agency, target="12").get().count == 1


def test_months_sum_their_days(world):
    for d in (1, 15, 31):
        event(world.agency, bkk(2023, 1, d, 10), target="7", visitor=f"v{d}")
        event(world.agency, bkk(2023, 1, d, 11), target="7", visitor=f"v{d}")
    for d in (1, 15, 31):
        services.day_roll_up(day=dt.date(2023, 1, d), today=dt.date(2023, 2, 1))
    row = MonthlyTarget.objects.get(agency=world.agency, target="7")
    assert (row.month, row.count, row.visitors) == (dt.date(2023, 1, 1), 6, 3)


def test_a_day_whose_raw_events_may_be_purged_is_refused(world, settings):
    settings.STATS_RAW_RETENTION_DAYS = 30
    DailyTotal.objects.create(agency=world.agency, day=dt.date(2023, 1, 1), views=42)
    with pytest.raises(services.RollupRefused) as err:
        services.day_roll_up(day=dt.date(2023, 1, 1), today=dt.date(2023, 3, 1))
    assert "ไม่สรุป" in str(err.value) and "Will not roll" in str(err.value)
    assert DailyTotal.objects.get(day=dt.date(2023, 1, 1)).views == 42


def test_the_periodic_job_purges_old_events_and_discards_past_salts(world, settings):
    settings.STATS_RAW_RETENTION_DAYS = 10
    today = dt.date(2023, 10, 20)
    event(world.agency, bkk(2023, 10, 9, 23, 59), target="old")
    event(world.agency, bkk(2023, 10, 10, 0, 0), target="kept")
    event(world.agency, bkk(2023, 10, 19, 8, 0), target="yesterday")
    recorder.salt_for(dt.date(2023, 10, 19))
    recorder.salt_for(today)
    run = services.stats_roll_up(today=today)
    assert [r.day for r in run.days] == [dt.date(2023, 10, 19), today]
    assert run.purged == 1
    assert sorted(Event.objects.values_list("target", flat=True)) == ["kept", "yesterday"]
    assert list(DailySalt.objects.values_list("day", flat=True)) == [today]
    assert DailyTotal.objects.get(day=dt.date(2023, 10, 19)).views == 1


def test_events_of_a_deleted_agency_are_skipped(world):
    Event.objects.create(agency_id=987654, at=bkk(2023, 10, 1, 9), kind=EventKind.VIEW, target="1")
    event(world.agency, bkk(2023, 10, 1, 9), target="1")
    result = services.day_roll_up(day=FIRST_DAY, today=TODAY)
    assert result.totals == 1
    assert DailyTotal.objects.count() == 1


def test_the_rollup_command(world):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.utils import timezone

    day = timezone.localdate() - dt.timedelta(days=3)
    event(world.agency, bkk(day.year, day.month, day.day, 9), target="1")
    out = StringIO()
    call_command("stats_rollup", "--date", day.isoformat(), stdout=out)
    assert f"{day.isoformat()}: 1 events" in out.getvalue()
    with pytest.raises(CommandError, match="Will not roll"):
        call_command("stats_rollup", "--date", "2020-01-01")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("stats_rollup", "--date", "1/10/2566")
