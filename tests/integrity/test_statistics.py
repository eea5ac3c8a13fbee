"""O29 statistics are computed from the cases and match them exactly."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter

from django.urls import reverse
from django.utils import timezone

from prongsai.integrity import stats
from prongsai.integrity.models import Case, CaseCategory, CaseChannel, CaseStatus
from prongsai.thai import fiscal_half
from tests.integrity.conftest import complaint, report

BKK = dt.timezone(dt.timedelta(hours=7))


def _backdate(case: Case, when: dt.datetime, closed: dt.datetime | None) -> None:
    fy, half = fiscal_half(when.date())
    fields = {"received_at": when, "fiscal_year": fy, "fiscal_half": half}
    if closed:
        fields.update(status=CaseStatus.CLOSED, closed_at=closed, outcome="unsubstantiated")
    Case.objects.filter(pk=case.pk).update(**fields)


def _make_cases(org_chart, n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    made = []
    start = dt.datetime(2023, 10, 1, 0, 0, tzinfo=BKK)  # FY 2567 starts
    for _ in range(n):
        category = rng.choice(CaseCategory.values)
        if rng.random() < 0.5:
            case = complaint(org_chart.agency, category=category).case
        else:
            case = report(org_chart, category=category).case
        received = start + dt.timedelta(
            days=rng.randrange(0, 366 + 200), minutes=rng.randrange(1440)
        )
        closed = None
        if rng.random() < 0.6:
            closed = received + dt.timedelta(days=rng.randrange(1, 120))
        _backdate(case, received, closed)
        made.append(Case.objects.get(pk=case.pk))
    return made


def _expected(cases, fy, half, as_of):
    received, finished = Counter(), Counter()
    for c in cases:
        local = timezone.localtime(c.received_at).date()
        cfy, chalf = fiscal_half(local)
        if cfy != fy or (half and chalf != half) or c.received_at > as_of:
            continue
        received[c.category] += 1
        if c.closed_at and c.closed_at <= as_of:
            finished[c.category] += 1
    return received, finished


def test_statistics_match_the_cases_exactly(org_chart):
    cases = _make_cases(org_chart, 60, seed=2567)
    complaint(org_chart.world.other_agency)  # another agency's case never counts
    for half in (None, 1, 2):
        for as_of in (
            dt.datetime(2024, 3, 31, 23, 59, tzinfo=BKK),
            dt.datetime(2024, 6, 30, 12, 0, tzinfo=BKK),
            dt.datetime(2025, 6, 1, 0, 0, tzinfo=BKK),
        ):
            table = stats.complaint_statistics(
                agency=org_chart.agency, fiscal_year=2567, half=half, as_of=as_of
            )
            received, finished = _expected(cases, 2567, half, as_of)
            for row in table.rows:
                assert row.received == received[row.category], (half, as_of, row.category)
                assert row.finished == finished[row.category]
                assert row.pending == received[row.category] - finished[row.category]
            assert table.total.received == sum(received.values())
            channel_total = sum(r.received for r in table.by_channel.values())
            assert channel_total == table.total.received
    # Every category appears, zeros included, in the catalogue's order.
    table = stats.complaint_statistics(agency=org_chart.agency, fiscal_year=2560)
    assert [r.category for r in table.rows] == CaseCategory.values
    assert table.total.received == 0


def test_channels_are_counted_separately(org_chart):
    complaint(org_chart.agency)
    complaint(org_chart.agency)
    report(org_chart)
    fy, half = fiscal_half(timezone.localdate())
    table = stats.complaint_statistics(agency=org_chart.agency, fiscal_year=fy, half=half)
    assert table.by_channel[CaseChannel.PUBLIC].received == 2
    assert table.by_channel[CaseChannel.INTERNAL].received == 1


def test_html_and_xlsx_hold_only_numbers(org_chart):
    secret = "ข้อความลับในเรื่องร้องเรียน"
    sub = complaint(org_chart.agency, what=secret)
    fy, half = fiscal_half(timezone.localdate())
    table = stats.complaint_statistics(agency=org_chart.agency, fiscal_year=fy, half=half)
    html = stats.to_html(table)
    assert "<table" in html and "<caption>" in html
    assert secret not in html and sub.case.reference not in html
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(stats.to_xlsx(table)))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "การเรียกรับสินบนหรือผลประโยชน์" in cells or any("สินบน" in c for c in cells)
    assert secret not in " ".join(cells) and sub.case.reference not in " ".join(cells)


def test_statistics_page_for_staff_roles_only(client, org_chart):
    complaint(org_chart.agency)
    url = reverse("integrity_statistics")
    client.force_login(org_chart.user("somchai"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(org_chart.user("deputy"))
    assert client.get(url).status_code == 200
    response = client.get(url + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
