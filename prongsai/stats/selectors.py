"""Reads of the statistics for the dashboard, the public page and the quarterly report.

Periods are whole fiscal quarters or years, so every figure over a period is read from the
monthly tables (a year is 12 rows per target); only the visits-per-day series reads daily totals.
Each function runs a fixed number of queries. Titles of what was viewed are looked up in one query
per kind of target.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, Sum
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from prongsai.org.models import Agency, Role, WorkGroup
from prongsai.org.selectors import AnyUser, agencies_for_user, has_role
from prongsai.stats.models import (
    DailyTotal,
    EventKind,
    MonthlySearch,
    MonthlyTarget,
    TargetKind,
)
from prongsai.thai import (
    THAI_MONTHS_SHORT,
    ThaiValueError,
    fiscal_quarter,
    fiscal_year_bounds,
    format_date_range,
    quarter_bounds,
)

# Who may read the dashboard and the report: executives, the PR unit, the agency's administrator.
STATS_ROLES = (Role.EXECUTIVE, Role.PR, Role.ADMIN)

VIEW_LABELS = {
    "ita-index": _("ITA: all years"),
    "ita-year": _("ITA items of a year"),
    "ita-information-centre": _("Information centre"),
    "site-work-groups": _("Work groups"),
    "site-questions": _("Questions and answers"),
    "site-news-feed": _("News feed"),
    "stats-public": _("Site statistics"),
}


# ---------------------------------------------------------------------------- access


def agencies_for_stats(user: AnyUser) -> list[Agency]:
    return [a for a in agencies_for_user(user) if has_role(user, a, *STATS_ROLES)]


def get_agency_for_stats(user: AnyUser, slug: str | None, current: Agency | None) -> Agency:
    """The agency whose statistics the user asked for: 404 for another agency, 403 without a
    role that may read statistics anywhere."""
    agencies = agencies_for_stats(user)
    if not agencies:
        raise PermissionDenied
    if slug:
        for agency in agencies:
            if agency.slug == slug:
                return agency
        raise Http404("ไม่พบหน่วยงาน (no such agency)")
    if current is not None:
        for agency in agencies:
            if agency.pk == current.pk:
                return agency
    return agencies[0]


# ---------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class StatsPeriod:
    fiscal_year: int
    quarter: int | None  # None: the whole fiscal year
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def of(cls, fiscal_year: int, quarter: int | None = None) -> StatsPeriod:
        if quarter is None:
            start, end = fiscal_year_bounds(fiscal_year)
        else:
            start, end = quarter_bounds(fiscal_year, quarter)
        return cls(fiscal_year, quarter, start, end)

    @classmethod
    def parse(cls, year: str | None, quarter: str | None, today: dt.date) -> StatsPeriod:
        """From query parameters; defaults to the current quarter. Bad input: ThaiValueError."""
        fy, q = fiscal_quarter(today)
        if year:
            try:
                fy = int(year)
            except ValueError:
                raise ThaiValueError(
                    f"ปีงบประมาณ “{year}” ไม่ใช่ตัวเลข", f"Fiscal year “{year}” is not a number"
                ) from None
            q = None
        if quarter:
            try:
                q = int(quarter)
            except ValueError:
                raise ThaiValueError(
                    f"ไตรมาส “{quarter}” ไม่ใช่ตัวเลข 1-4", f"Quarter “{quarter}” is not 1-4"
                ) from None
        return cls.of(fy, q)

    @property
    def months(self) -> list[dt.date]:
        out, m = [], self.start
        while m <= self.end:
            out.append(m)
            m = (m + dt.timedelta(days=32)).replace(day=1)
        return out

    @property
    def previous(self) -> StatsPeriod:
        if self.quarter is None:
            return StatsPeriod.of(self.fiscal_year - 1)
        if self.quarter == 1:
            return StatsPeriod.of(self.fiscal_year - 1, 4)
        return StatsPeriod.of(self.fiscal_year, self.quarter - 1)

    @property
    def label(self) -> str:
        if self.quarter is None:
            return gettext("Fiscal year %(year)s") % {"year": self.fiscal_year}
        return gettext("Quarter %(quarter)s of fiscal year %(year)s") % {
            "quarter": self.quarter,
            "year": self.fiscal_year,
        }

    @property
    def dates(self) -> str:
        return format_date_range(self.start, self.end)

    def month_filter(self) -> Q:
        return Q(month__gte=self.start, month__lte=self.end)


def month_label(month: dt.date) -> str:
    return f"{THAI_MONTHS_SHORT[month.month - 1]} {str(month.year + 543)[-2:]}"


# ---------------------------------------------------------------------------- totals


TOTAL_FIELDS = (
    "views",
    "visitors",
    "downloads",
    "searches",
    "zero_result_searches",
    "clicks",
    "questions",
    "complaints",
)


@dataclass
class Totals:
    views: int = 0
    visitors: int = 0  # visitor-days: distinct visitors per day, summed
    downloads: int = 0
    searches: int = 0
    zero_result_searches: int = 0
    clicks: int = 0
    questions: int = 0
    complaints: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f: getattr(self, f) for f in TOTAL_FIELDS}


def totals(agency: Agency, start: dt.date, end: dt.date) -> Totals:
    row = DailyTotal.objects.filter(agency=agency, day__gte=start, day__lte=end).aggregate(
        **{f: Sum(f) for f in TOTAL_FIELDS}
    )
    return Totals(**{f: row[f] or 0 for f in TOTAL_FIELDS})


def change(current: int, previous: int) -> float | None:
    """Percent change from the previous period (None when there is nothing to compare with)."""
    if not previous:
        return None
    return round(100.0 * (current - previous) / previous, 1)


@dataclass
class SeriesPoint:
    label: str
    day: dt.date
    views: int
    visitors: int
    downloads: int = 0
    searches: int = 0


def daily_series(agency: Agency, start: dt.date, end: dt.date) -> list[SeriesPoint]:
    """Every day of the period (days without visits as zero)."""
    rows = {
        r["day"]: r
        for r in DailyTotal.objects.filter(agency=agency, day__gte=start, day__lte=end).values(
            "day", "views", "visitors", "downloads", "searches"
        )
    }
    out, day = [], start
    while day <= end:
        r = rows.get(day, {})
        out.append(
            SeriesPoint(
                label=f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]}",
                day=day,
                views=r.get("views", 0),
                visitors=r.get("visitors", 0),
                downloads=r.get("downloads", 0),
                searches=r.get("searches", 0),
            )
        )
        day += dt.timedelta(days=1)
    return out


def monthly_series(agency: Agency, start: dt.date, end: dt.date) -> list[SeriesPoint]:
    """Every month of the period, summed from the daily totals (at most 366 rows)."""
    sums: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in DailyTotal.objects.filter(agency=agency, day__gte=start, day__lte=end).values(
        "day", "views", "visitors", "downloads", "searches"
    ):
        bucket = sums[r["day"].replace(day=1)]
        for f in ("views", "visitors", "downloads", "searches"):
            bucket[f] += r[f]
    out, month = [], start.replace(day=1)
    while month <= end:
        b = sums.get(month, {})
        out.append(
            SeriesPoint(
                label=month_label(month),
                day=month,
                views=b.get("views", 0),
                visitors=b.get("visitors", 0),
                downloads=b.get("downloads", 0),
                searches=b.get("searches", 0),
            )
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


# ---------------------------------------------------------------------------- what was read


@dataclass
class TargetRow:
    kind: int
    target_kind: str
    target: str
    path: str
    count: int
    visitors: int
    group_id: int | None = None
    title: str = ""
    code: str = ""

    @property
    def kind_label(self) -> str:
        return str(TargetKind(self.target_kind).label)


def _target_rows(qs: Iterable[dict]) -> list[TargetRow]:
    return [
        TargetRow(
            kind=r["kind"],
            target_kind=r["target_kind"],
            target=r["target"],
            path=r["p"] or "",
            count=r["n"] or 0,
            visitors=r["v"] or 0,
            group_id=r["g"],
        )
        for r in qs
    ]


def _grouped(agency: Agency, period: StatsPeriod, kind: int, kinds: Iterable[str] | None):
    qs = MonthlyTarget.objects.filter(period.month_filter(), agency=agency, kind=kind)
    if kinds is not None:
        qs = qs.filter(target_kind__in=list(kinds))
    return (
        qs.values("kind", "target_kind", "target")
        .annotate(n=Sum("count"), v=Sum("visitors"), p=Max("path"), g=Max("group_id"))
        .order_by()
    )


def top_targets(
    agency: Agency,
    period: StatsPeriod,
    *,
    kind: int = EventKind.VIEW,
    kinds: Iterable[str] | None = None,
    limit: int = 10,
) -> list[TargetRow]:
    """The most viewed (or downloaded) targets of the period, with their titles."""
    qs = _grouped(agency, period, kind, kinds).order_by("-n", "target_kind", "target")[:limit]
    rows = _target_rows(qs)
    add_titles(agency, rows)
    return rows


def all_targets(
    agency: Agency, period: StatsPeriod, *, kind: int, kinds: Iterable[str]
) -> list[TargetRow]:
    return _target_rows(_grouped(agency, period, kind, kinds))


@dataclass
class GroupViews:
    group: WorkGroup
    views: int
    downloads: int


def views_by_group(agency: Agency, period: StatsPeriod) -> list[GroupViews]:
    """Views and downloads of what each work group owns (its page, its evidence and pages)."""
    sums: dict[tuple[int, int], int] = {}
    for r in (
        MonthlyTarget.objects.filter(period.month_filter(), agency=agency, group_id__isnull=False)
        .values("group_id", "kind")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        sums[(r["group_id"], r["kind"])] = r["n"]
    groups = list(WorkGroup.objects.filter(agency=agency).order_by("order", "name_th"))
    rows = [
        GroupViews(
            group=g,
            views=sums.get((g.pk, EventKind.VIEW), 0),
            downloads=sums.get((g.pk, EventKind.DOWNLOAD), 0),
        )
        for g in groups
    ]
    rows.sort(key=lambda r: (-r.views - r.downloads, r.group.order, r.group.name_th))
    return rows


# ---------------------------------------------------------------------------- ITA items


@dataclass
class ItemViews:
    item: object  # prongsai.ita.models.Item
    page_views: int
    evidence_views: int
    downloads: int

    @property
    def total(self) -> int:
        return self.page_views + self.evidence_views + self.downloads


def _claim_paths(agency: Agency, items: list) -> dict[str, set[int]]:
    """Public paths of the evidence claimed for each item: path -> item ids."""
    from urllib.parse import urlsplit

    from prongsai.ita.models import EvidenceClaim

    out: dict[str, set[int]] = defaultdict(set)
    for item_id, url in EvidenceClaim.objects.filter(
        agency=agency, item__in=[i.pk for i in items]
    ).values_list("item_id", "url"):
        path = urlsplit(url).path
        if path:
            out[path].add(item_id)
            if path.startswith("/en/"):
                out[path[3:]].add(item_id)
            else:
                out["/en" + path].add(item_id)
    return out


def item_views(agency: Agency, period: StatsPeriod, catalogue: object) -> list[ItemViews]:
    """Every item of a catalogue with the views of its page, of the evidence claimed for it and
    the downloads of that evidence's files; items nobody read show zeros (content gaps)."""
    from prongsai.ita.models import Item

    items = list(Item.objects.filter(catalogue=catalogue).order_by("order"))
    by_key = {f"{catalogue.fiscal_year}/{i.slug}": i for i in items}  # type: ignore[attr-defined]
    page_views: dict[int, int] = defaultdict(int)
    evidence_views: dict[int, int] = defaultdict(int)
    downloads: dict[int, int] = defaultdict(int)
    paths = _claim_paths(agency, items)
    for r in (
        MonthlyTarget.objects.filter(period.month_filter(), agency=agency)
        .values("kind", "target_kind", "target", "path")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        if r["target_kind"] == TargetKind.ITEM and r["kind"] == EventKind.VIEW:
            item = by_key.get(r["target"])
            if item is not None:
                page_views[item.pk] += r["n"]
            continue
        claimed = paths.get(r["path"], set())
        if not claimed and r["kind"] == EventKind.DOWNLOAD:
            # a file of an evidence page: .../<evidence>/files/<key>/ belongs to the page
            head = r["path"].split("files/")[0] if "files/" in r["path"] else ""
            claimed = paths.get(head, set())
        for item_id in claimed:
            if r["kind"] == EventKind.DOWNLOAD:
                downloads[item_id] += r["n"]
            else:
                evidence_views[item_id] += r["n"]
    return [
        ItemViews(
            item=i,
            page_views=page_views.get(i.pk, 0),
            evidence_views=evidence_views.get(i.pk, 0),
            downloads=downloads.get(i.pk, 0),
        )
        for i in items
    ]


# ---------------------------------------------------------------------------- searches


@dataclass
class SearchRow:
    query: str
    searches: int
    zero_results: int
    clicks: int
    rank_sum: int

    @property
    def mean_rank(self) -> float | None:
        return round(self.rank_sum / self.clicks, 1) if self.clicks else None

    @property
    def click_rate(self) -> float:
        return round(100.0 * self.clicks / self.searches, 1) if self.searches else 0.0


def _searches(agency: Agency, period: StatsPeriod):
    return (
        MonthlySearch.objects.filter(period.month_filter(), agency=agency)
        .values("query")
        .annotate(s=Sum("searches"), z=Sum("zero_results"), c=Sum("clicks"), r=Sum("rank_sum"))
        .order_by()
    )


def _search_rows(qs: Iterable[dict]) -> list[SearchRow]:
    return [
        SearchRow(
            query=r["query"], searches=r["s"], zero_results=r["z"], clicks=r["c"], rank_sum=r["r"]
        )
        for r in qs
    ]


def top_searches(agency: Agency, period: StatsPeriod, limit: int = 20) -> list[SearchRow]:
    return _search_rows(_searches(agency, period).filter(s__gt=0).order_by("-s", "query")[:limit])


def zero_result_searches(agency: Agency, period: StatsPeriod, limit: int = 20) -> list[SearchRow]:
    """Searches that found nothing, most frequent first: the content citizens miss."""
    return _search_rows(_searches(agency, period).filter(z__gt=0).order_by("-z", "query")[:limit])


# ---------------------------------------------------------------------------- titles


def _view_title(target: str) -> str:
    name, _sep, rest = target.partition(":")
    label = VIEW_LABELS.get(name)
    if label is None:
        return target
    return f"{label} {rest}".strip() if rest else str(label)


def add_titles(agency: Agency, rows: list[TargetRow]) -> None:
    """Fill ``title`` (and ``code`` for ITA items) of each row: one query per kind of target."""
    keys: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        keys[r.target_kind].add(r.target)
    titles: dict[tuple[str, str], tuple[str, str]] = {}
    pages = {k for kind in (TargetKind.PAGE, TargetKind.EVIDENCE) for k in keys.get(kind, ())}
    if pages:
        from wagtail.models import Page

        ids = [int(k) for k in pages if k.isdigit()]
        for pk, title in Page.objects.filter(pk__in=ids).values_list("pk", "title"):
            for kind in (TargetKind.PAGE, TargetKind.EVIDENCE):
                titles[(kind, str(pk))] = (title, "")
    if keys.get(TargetKind.ITEM):
        from prongsai.ita.models import Item

        wanted = Q()
        for key in keys[TargetKind.ITEM]:
            year, _sep, slug = key.partition("/")
            if year.isdigit():
                wanted |= Q(catalogue__fiscal_year=int(year), slug=slug)
        if wanted:
            for year, slug, code, title in Item.objects.filter(wanted).values_list(
                "catalogue__fiscal_year", "slug", "code", "title_th"
            ):
                titles[(TargetKind.ITEM, f"{year}/{slug}")] = (title, code)
    if keys.get(TargetKind.GROUP):
        for code, name in WorkGroup.objects.filter(
            agency=agency, code__in=keys[TargetKind.GROUP]
        ).values_list("code", "name_th"):
            titles[(TargetKind.GROUP, code)] = (name, "")
    if keys.get(TargetKind.DOC):
        from wagtail.documents import get_document_model

        ids = [int(k) for k in keys[TargetKind.DOC] if k.isdigit()]
        for pk, title in get_document_model().objects.filter(pk__in=ids).values_list("pk", "title"):
            titles[(TargetKind.DOC, str(pk))] = (title, "")
    if keys.get(TargetKind.FILE) and apps.is_installed("prongsai.disclosure"):
        attachment = apps.get_model("disclosure", "EvidenceAttachment")
        uuids = []
        for k in keys[TargetKind.FILE]:
            try:
                uuids.append(uuid.UUID(k))
            except ValueError:
                continue
        for key, title, name in attachment.objects.filter(key__in=uuids).values_list(
            "key", "title", "original_name"
        ):
            titles[(TargetKind.FILE, key.hex)] = (title or name, "")
    for r in rows:
        found = titles.get((r.target_kind, r.target))
        if found:
            r.title, r.code = found
        elif r.target_kind == TargetKind.VIEW:
            r.title = _view_title(r.target)
        else:
            r.title = r.path or r.target


# ---------------------------------------------------------------------------- the public page


@dataclass
class PublicStats:
    period: StatsPeriod
    totals: Totals
    months: list[SeriesPoint]
    top_items: list[TargetRow] = field(default_factory=list)
    top_pages: list[TargetRow] = field(default_factory=list)


def latest_day(agency: Agency) -> dt.date | None:
    """The last day with any figures (one indexed query)."""
    return (
        DailyTotal.objects.filter(agency=agency).order_by("-day").values_list("day", flat=True)
    ).first()


def default_period(agency: Agency, today: dt.date, *, whole_year: bool) -> StatsPeriod:
    """The current quarter (or fiscal year); when it has no figures yet, the last one that has."""
    fy, q = fiscal_quarter(today)
    period = StatsPeriod.of(fy, None if whole_year else q)
    if DailyTotal.objects.filter(agency=agency, day__gte=period.start).exists():
        return period
    last = latest_day(agency)
    if last is None:
        return period
    fy, q = fiscal_quarter(last)
    return StatsPeriod.of(fy, None if whole_year else q)


def public_stats(agency: Agency, today: dt.date) -> PublicStats:
    """The current fiscal year so far (or the last one with figures): visits per month and what
    was read most."""
    period = default_period(agency, today, whole_year=True)
    return PublicStats(
        period=period,
        totals=totals(agency, period.start, period.end),
        months=monthly_series(agency, period.start, max(period.start, min(period.end, today))),
        top_items=top_targets(agency, period, kinds=[TargetKind.ITEM], limit=10),
        top_pages=top_targets(
            agency,
            period,
            kinds=[TargetKind.PAGE, TargetKind.EVIDENCE, TargetKind.GROUP],
            limit=10,
        ),
    )
