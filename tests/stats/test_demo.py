"""The demo agency's statistics: fiscal year 2566 in the aggregates, quickly, and a report with
realistic figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings

from prongsai.core.demo import seed_demo
from prongsai.stats import report
from prongsai.stats.models import (
    DailySearch,
    DailyTarget,
    DailyTotal,
    MonthlySearch,
    MonthlyTarget,
    TargetKind,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, tmp_path):
    call_command("ita_load", verbosity=0)
    with override_settings(VAR_DIR=tmp_path):
        return seed_demo()


def test_the_demo_covers_fiscal_year_2566_with_realistic_figures(demo):
    agency = demo.agency
    days = DailyTotal.objects.filter(agency=agency)
    assert days.count() == 365
    assert days.order_by("day").first().day == dt.date(2022, 10, 1)
    assert days.order_by("day").last().day == dt.date(2023, 9, 30)
    assert MonthlyTarget.objects.filter(agency=agency, target_kind=TargetKind.ITEM).exists()
    assert MonthlySearch.objects.filter(agency=agency, zero_results__gt=0).exists()
    data = report.build(agency=agency, fiscal_year=2566, quarter=3, today=dt.date(2023, 7, 5))
    figures = {f.key: f for f in data.figures}
    assert 10_000 < figures["views"].current < 40_000
    assert figures["views"].change is not None  # Q2 is there to compare with
    assert data.top_items and data.top_pages and data.zero_searches
    assert data.unread_items  # some items nobody reads

    # running it again adds nothing; after the figures are removed it makes the same ones
    from prongsai.stats import demo as stats_demo

    stats_demo.seed(demo)
    assert DailyTotal.objects.filter(agency=agency).count() == 365
    before = sorted(DailyTarget.objects.values_list("day", "target", "count"))
    for model in (DailyTotal, DailyTarget, DailySearch):
        model.objects.all().delete()
    stats_demo.seed(demo)
    assert sorted(DailyTarget.objects.values_list("day", "target", "count")) == before
