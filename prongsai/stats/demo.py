"""A year of statistics for the demo agency: fiscal year 2566 (1 Oct 2565 – 30 Sep 2566), so the
dashboard, the public page and the quarterly reports show realistic figures.

Raw events of a past year would have been purged long ago, so the daily aggregates are written
directly (and the months computed from them by the same code as the rollup). Visits follow
working days, a slow growth and the busy weeks of the ITA assessment; what is read follows a
long tail over the agency's real pages, ITA items, work groups and evidence files; searches mix
queries that find something with some that find nothing. Seeded randomness: the same every run.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from wagtail.models import Page

from prongsai.core.demo import DemoContext
from prongsai.ita.models import EvidenceClaim, Item
from prongsai.org.models import WorkGroup
from prongsai.stats import services
from prongsai.stats.models import (
    DailySearch,
    DailyTarget,
    DailyTotal,
    EventKind,
    TargetKind,
)
from prongsai.thai import fiscal_year_bounds

ORDER = 90
YEAR = 2566

# (query, weight, finds something)
QUERIES = [
    ("ผลการจัดซื้อจัดจ้าง", 40, True),
    ("แผนการจัดซื้อจัดจ้าง", 30, True),
    ("งบประมาณ", 26, True),
    ("ร้องเรียน", 22, True),
    ("คู่มือการปฏิบัติงาน", 18, True),
    ("ita", 17, True),
    ("แผนปฏิบัติราชการ", 15, True),
    ("ประกาศผู้ชนะการเสนอราคา", 14, True),
    ("โครงสร้างหน่วยงาน", 12, True),
    ("ผู้บริหาร", 11, True),
    ("รายงานผลการดำเนินงาน", 10, True),
    ("สมัครงาน", 10, False),
    ("ประมวลจริยธรรม", 9, True),
    ("no gift policy", 8, True),
    ("ค่าธรรมเนียม", 8, False),
    ("ศูนย์ดำรงธรรม", 7, True),
    ("เบอร์โทรศัพท์", 7, True),
    ("ขอข้อมูลข่าวสาร", 6, True),
    ("ทุนการศึกษา", 6, False),
    ("ผลการประเมิน ita 2565", 5, False),
    ("การเบิกจ่ายงบประมาณ", 5, True),
    ("น้ำท่วม", 5, False),
    ("ประกาศรับสมัครพนักงานราชการ", 4, False),
    ("แผนพัฒนาจังหวัด", 4, True),
    ("ราคากลาง", 4, True),
    ("ผลประโยชน์ทับซ้อน", 3, True),
    ("ภาษีที่ดิน", 3, False),
    ("สวัสดิการผู้สูงอายุ", 3, False),
    ("e-service", 2, True),
    ("ตรวจสอบภายใน", 2, True),
]


def _page_path(page: Page, root: Page) -> str:
    return "/" + page.url_path[len(root.url_path) :]


def _targets(ctx: DemoContext) -> list[tuple[int, str, str, str, int | None, float]]:
    """(event kind, target kind, target, path, work group id, weight) of what can be read."""
    agency = ctx.agency
    root = agency.site.root_page
    out: list[tuple[int, str, str, str, int | None, float]] = []
    rng = random.Random(YEAR)  # noqa: S311 - demo figures, not secrets
    out.append((EventKind.VIEW, TargetKind.PAGE, str(root.pk), "/", None, 60.0))
    for name, path, weight in (
        ("ita-index", "/ita/", 12.0),
        (f"ita-year:{YEAR}", f"/ita/{YEAR}/", 25.0),
        ("ita-information-centre", "/information-centre/", 14.0),
        ("site-work-groups", "/groups/", 6.0),
        ("stats-public", "/statistics/", 2.0),
    ):
        out.append((EventKind.VIEW, TargetKind.VIEW, name, path, None, weight))
    for rank, page in enumerate(
        Page.objects.descendant_of(root).live().specific().order_by("path")[:60], start=1
    ):
        label = page._meta.label_lower
        kind = TargetKind.EVIDENCE if label == "disclosure.evidencepage" else TargetKind.PAGE
        group_id = getattr(page, "work_group_id", None)
        path = _page_path(page, root)
        out.append((EventKind.VIEW, kind, str(page.pk), path, group_id, 18.0 / rank**0.7))
        if kind != TargetKind.EVIDENCE:
            continue
        for attachment in page.attachments.all():
            out.append(
                (
                    EventKind.DOWNLOAD,
                    TargetKind.FILE,
                    attachment.key.hex,
                    f"{path}files/{attachment.key}/",
                    group_id,
                    6.0 / rank**0.5,
                )
            )
    items = list(Item.objects.filter(catalogue__fiscal_year=YEAR).order_by("order"))
    claimed = set(EvidenceClaim.objects.filter(agency=agency).values_list("item_id", flat=True))
    for item in items:
        # a long tail, with a few items (procurement, plans, complaints) read far more
        weight = 0.3 + 12.0 * rng.paretovariate(1.6) / (1 + item.order / 10)
        if item.pk not in claimed and rng.random() < 0.3:
            weight = 0.0  # items with nothing published that nobody reads: a report finding
        out.append(
            (
                EventKind.VIEW,
                TargetKind.ITEM,
                f"{YEAR}/{item.slug}",
                f"/ita/{YEAR}/{item.slug}/",
                None,
                weight,
            )
        )
    for group in WorkGroup.objects.filter(agency=agency):
        out.append(
            (
                EventKind.VIEW,
                TargetKind.GROUP,
                group.code,
                f"/groups/{group.code}/",
                group.pk,
                1.0 + rng.random() * 4,
            )
        )
    return out


def _visits(day: dt.date, first: dt.date, rng: random.Random) -> int:
    weekday = 1.0 if day.weekday() < 5 else 0.35
    growth = 1.0 + 0.6 * (day - first).days / 365
    # the ITA assessment weeks (answers in May and June) and the fiscal year end
    busy = 1.0 + 0.8 * math.exp(-(((day - dt.date(day.year, 6, 1)).days / 25) ** 2))
    holiday = 0.3 if (day.month, day.day) in {(12, 31), (1, 1), (4, 13), (4, 14), (4, 15)} else 1
    return int(140 * weekday * growth * busy * holiday * rng.uniform(0.8, 1.2))


def _share(total: int, weight: float, weight_sum: float, rng: random.Random) -> int:
    expected = total * weight / weight_sum
    whole = int(expected)
    return whole + (1 if rng.random() < expected - whole else 0)


def seed(ctx: DemoContext) -> None:
    agency = ctx.agency
    if DailyTotal.objects.filter(agency=agency).exists():
        return
    rng = random.Random(YEAR * 7)  # noqa: S311 - demo figures, not secrets
    first, last = fiscal_year_bounds(YEAR)
    targets = _targets(ctx)
    views = [t for t in targets if t[0] == EventKind.VIEW and t[5] > 0]
    files = [t for t in targets if t[0] == EventKind.DOWNLOAD]
    view_sum = sum(t[5] for t in views)
    file_sum = sum(t[5] for t in files) or 1.0
    query_sum = sum(q[1] for q in QUERIES)
    totals: list[DailyTotal] = []
    rows: list[DailyTarget] = []
    searches: list[DailySearch] = []
    day = first
    while day <= last:
        n_views = _visits(day, first, rng)
        visitors = int(n_views * rng.uniform(0.38, 0.48))
        n_files = int(n_views * rng.uniform(0.08, 0.14)) if files else 0
        n_search = int(n_views * rng.uniform(0.05, 0.09))
        day_views = day_files = 0
        for kind, tkind, target, path, group_id, weight in views + files:
            total, wsum = (n_views, view_sum) if kind == EventKind.VIEW else (n_files, file_sum)
            count = _share(total, weight, wsum, rng)
            if count <= 0:
                continue
            if kind == EventKind.VIEW:
                day_views += count
            else:
                day_files += count
            rows.append(
                DailyTarget(
                    agency=agency,
                    day=day,
                    kind=kind,
                    target_kind=tkind,
                    target=target,
                    path=path,
                    group_id=group_id,
                    count=count,
                    visitors=max(1, int(count * rng.uniform(0.6, 0.9))),
                )
            )
        day_searches = day_zero = day_clicks = 0
        for query, weight, finds in QUERIES:
            count = _share(n_search, weight, query_sum, rng)
            if count <= 0:
                continue
            zero = 0 if finds else count
            clicks = int(count * rng.uniform(0.45, 0.75)) if finds else 0
            day_searches, day_zero, day_clicks = (
                day_searches + count,
                day_zero + zero,
                day_clicks + clicks,
            )
            searches.append(
                DailySearch(
                    agency=agency,
                    day=day,
                    query=query,
                    searches=count,
                    zero_results=zero,
                    clicks=clicks,
                    rank_sum=sum(rng.choice((1, 1, 1, 2, 2, 3, 4, 6)) for _ in range(clicks)),
                )
            )
        totals.append(
            DailyTotal(
                agency=agency,
                day=day,
                views=day_views,
                visitors=min(visitors, day_views),
                downloads=day_files,
                searches=day_searches,
                zero_result_searches=day_zero,
                clicks=day_clicks,
                questions=1 if rng.random() < 0.25 else 0,
                complaints=1 if rng.random() < 0.03 else 0,
            )
        )
        day += dt.timedelta(days=1)
    DailyTotal.objects.bulk_create(totals, batch_size=1000)
    DailyTarget.objects.bulk_create(rows, batch_size=2000)
    DailySearch.objects.bulk_create(searches, batch_size=2000)
    month = first
    while month <= last:
        services.month_roll_up(month=month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
