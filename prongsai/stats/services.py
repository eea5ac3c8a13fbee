"""Writes of the statistics: daily and monthly rollups, the purge of raw events and salts, and the
quarterly report sent to the executives.

Rollups are idempotent: rolling a day up again replaces that day's rows with the same figures
(recomputed from the raw events), then recomputes its month from the daily rows. A day whose raw
events may already have been purged is refused, so a late run can never wipe good figures.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from prongsai.org.models import Agency, Membership, Role, WorkGroup
from prongsai.stats import recorder
from prongsai.stats.models import (
    DailySearch,
    DailyTarget,
    DailyTotal,
    Event,
    EventKind,
    MonthlySearch,
    MonthlyTarget,
    QuarterlyReport,
    TargetKind,
)
from prongsai.thai import BANGKOK, ThaiValueError

logger = logging.getLogger("prongsai.stats")


def retention_days() -> int:
    return max(2, int(getattr(settings, "STATS_RAW_RETENTION_DAYS", 60)))


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of a Bangkok day and of the next one (aware)."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=BANGKOK)
    return start, start + dt.timedelta(days=1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def oldest_complete_day(today: dt.date | None = None) -> dt.date:
    """The first day whose raw events are all still kept."""
    return (today or timezone.localdate()) - dt.timedelta(days=retention_days())


class RollupRefused(ThaiValueError):
    pass


@dataclass
class RollupResult:
    day: dt.date
    events: int
    totals: int
    targets: int
    searches: int


def _existing_agencies(ids: set[int]) -> set[int]:
    return set(Agency.objects.filter(pk__in=ids).values_list("pk", flat=True))


@transaction.atomic
def day_roll_up(
    *, day: dt.date, today: dt.date | None = None, update_month: bool = True
) -> RollupResult:
    """Recompute one Bangkok day's aggregates from its raw events, then (unless told not to, when
    the caller rolls a run of days up and then their months) its month."""
    if day < oldest_complete_day(today):
        raise RollupRefused(
            f"ไม่สรุปวันที่ {day.isoformat()} ใหม่: เหตุการณ์ดิบของวันนั้นอาจถูกลบไปแล้ว "
            f"(เก็บไว้ {retention_days()} วัน) ตัวเลขเดิมยังอยู่ครบ",
            f"Will not roll {day.isoformat()} up again: its raw events may have been purged "
            f"(kept {retention_days()} days); its figures are kept as they are",
        )
    start, end = day_bounds(day)
    events = Event.objects.filter(at__gte=start, at__lt=end)
    DailyTotal.objects.filter(day=day).delete()
    DailyTarget.objects.filter(day=day).delete()
    DailySearch.objects.filter(day=day).delete()

    by_kind = list(events.values("agency_id", "kind").annotate(n=Count("id")).order_by())
    agencies = _existing_agencies({r["agency_id"] for r in by_kind})
    visitors = dict(
        events.filter(agency_id__in=agencies)
        .values("agency_id")
        .annotate(v=Count("visitor", distinct=True))
        .order_by()
        .values_list("agency_id", "v")
    )
    zero = dict(
        events.filter(agency_id__in=agencies, kind=EventKind.SEARCH, results=0)
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("agency_id", "n")
    )
    totals: dict[int, DailyTotal] = {}
    field_of = {
        EventKind.VIEW: "views",
        EventKind.DOWNLOAD: "downloads",
        EventKind.SEARCH: "searches",
        EventKind.CLICK: "clicks",
        EventKind.QUESTION: "questions",
        EventKind.COMPLAINT: "complaints",
    }
    for row in by_kind:
        if row["agency_id"] not in agencies:
            continue
        total = totals.setdefault(
            row["agency_id"],
            DailyTotal(
                agency_id=row["agency_id"],
                day=day,
                visitors=visitors.get(row["agency_id"], 0),
                zero_result_searches=zero.get(row["agency_id"], 0),
            ),
        )
        setattr(total, field_of[EventKind(row["kind"])], row["n"])
    DailyTotal.objects.bulk_create(totals.values())

    group_ids = {
        (a, code): pk
        for a, code, pk in WorkGroup.objects.filter(agency_id__in=agencies).values_list(
            "agency_id", "code", "pk"
        )
    }
    targets = [
        DailyTarget(
            agency_id=r["agency_id"],
            day=day,
            kind=r["kind"],
            target_kind=r["target_kind"],
            target=r["target"],
            path=r["path"] or "",
            group_id=(
                group_ids.get((r["agency_id"], r["target"]))
                if r["target_kind"] == TargetKind.GROUP
                else r["group_id"]
            ),
            count=r["n"],
            visitors=r["v"],
        )
        for r in events.filter(
            agency_id__in=agencies, kind__in=[EventKind.VIEW, EventKind.DOWNLOAD]
        )
        .values("agency_id", "kind", "target_kind", "target")
        .annotate(
            n=Count("id"),
            v=Count("visitor", distinct=True),
            path=Max("path"),
            group_id=Max("group_id"),
        )
        .order_by()
    ]
    DailyTarget.objects.bulk_create(targets, batch_size=1000)

    searches: dict[tuple[int, str], DailySearch] = {}
    for r in (
        events.filter(agency_id__in=agencies, kind=EventKind.SEARCH)
        .values("agency_id", "query")
        .annotate(n=Count("id"), z=Count("id", filter=Q(results=0)))
        .order_by()
    ):
        searches[(r["agency_id"], r["query"])] = DailySearch(
            agency_id=r["agency_id"],
            day=day,
            query=r["query"],
            searches=r["n"],
            zero_results=r["z"],
        )
    for r in (
        events.filter(agency_id__in=agencies, kind=EventKind.CLICK)
        .values("agency_id", "query")
        .annotate(n=Count("id"), s=Sum("rank"))
        .order_by()
    ):
        row = searches.setdefault(
            (r["agency_id"], r["query"]),
            DailySearch(agency_id=r["agency_id"], day=day, query=r["query"]),
        )
        row.clicks, row.rank_sum = r["n"], r["s"] or 0
    DailySearch.objects.bulk_create(searches.values(), batch_size=1000)

    if update_month:
        month_roll_up(month=month_start(day))
    return RollupResult(
        day=day,
        events=sum(r["n"] for r in by_kind),
        totals=len(totals),
        targets=len(targets),
        searches=len(searches),
    )


@transaction.atomic
def month_roll_up(*, month: dt.date) -> None:
    """Recompute a calendar month's aggregates from its daily rows (every agency)."""
    month = month_start(month)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    in_month = {"day__gte": month, "day__lt": following}
    MonthlyTarget.objects.filter(month=month).delete()
    MonthlySearch.objects.filter(month=month).delete()
    MonthlyTarget.objects.bulk_create(
        (
            MonthlyTarget(
                agency_id=r["agency_id"],
                month=month,
                kind=r["kind"],
                target_kind=r["target_kind"],
                target=r["target"],
                path=r["p"] or "",
                group_id=r["g"],
                count=r["n"],
                visitors=r["v"],
            )
            for r in DailyTarget.objects.filter(**in_month)
            .values("agency_id", "kind", "target_kind", "target")
            .annotate(n=Sum("count"), v=Sum("visitors"), p=Max("path"), g=Max("group_id"))
            .order_by()
        ),
        batch_size=1000,
    )
    MonthlySearch.objects.bulk_create(
        (
            MonthlySearch(
                agency_id=r["agency_id"],
                month=month,
                query=r["query"],
                searches=r["n"],
                zero_results=r["z"],
                clicks=r["c"],
                rank_sum=r["r"],
            )
            for r in DailySearch.objects.filter(**in_month)
            .values("agency_id", "query")
            .annotate(n=Sum("searches"), z=Sum("zero_results"), c=Sum("clicks"), r=Sum("rank_sum"))
            .order_by()
        ),
        batch_size=1000,
    )


def events_purge(*, today: dt.date | None = None) -> int:
    """Delete raw events older than the retention period; returns how many."""
    start, _ = day_bounds(oldest_complete_day(today))
    deleted, _ = Event.objects.filter(at__lt=start).delete()
    return deleted


@dataclass
class RollupRun:
    days: list[RollupResult]
    purged: int
    salts_discarded: int


def stats_roll_up(*, days: list[dt.date] | None = None, today: dt.date | None = None) -> RollupRun:
    """The periodic job: write buffered events, roll up yesterday and today (or the given days),
    purge old raw events and discard the salts of past days."""
    today = today or timezone.localdate()
    recorder.flush()
    wanted = days or [today - dt.timedelta(days=1), today]
    results = [day_roll_up(day=d, today=today, update_month=False) for d in sorted(set(wanted))]
    for month in sorted({month_start(d) for d in wanted}):
        month_roll_up(month=month)
    purged = events_purge(today=today)
    discarded = recorder.discard_old_salts(today)
    return RollupRun(days=results, purged=purged, salts_discarded=discarded)


# ---------------------------------------------------------------------------- the quarterly report


def executives_of(agency: Agency) -> list[str]:
    """E-mail addresses of the agency's executives (role executive, active, with an address)."""
    emails = (
        Membership.objects.filter(agency=agency, role=Role.EXECUTIVE, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted(set(emails))


def previous_quarter(today: dt.date) -> tuple[int, int]:
    from prongsai.thai import fiscal_quarter

    fy, q = fiscal_quarter(today)
    return (fy, q - 1) if q > 1 else (fy - 1, 4)


@transaction.atomic
def quarterly_report_send(*, agency: Agency, fiscal_year: int, quarter: int) -> QuarterlyReport:
    """Make the quarter's PDF and XLSX and e-mail them to the executives, once."""
    from prongsai.stats import report

    row, _ = QuarterlyReport.objects.select_for_update().get_or_create(
        agency=agency, fiscal_year=fiscal_year, quarter=quarter
    )
    if row.sent_at is not None:
        return row
    recipients = executives_of(agency)
    if not recipients:
        logger.warning(
            "No executive of %s has an e-mail address: quarterly report not sent", agency.slug
        )
        return row
    data = report.build(agency=agency, fiscal_year=fiscal_year, quarter=quarter)
    pdf = report.render_pdf(data)
    xlsx = report.render_xlsx(data)
    message = EmailMessage(
        subject=report.email_subject(data),
        body=report.email_body(data),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    message.attach(report.file_name(data, "pdf"), pdf, "application/pdf")
    message.attach(report.file_name(data, "xlsx"), xlsx, report.XLSX_MIME)
    message.send()
    row.sent_at = timezone.now()
    row.recipients = len(recipients)
    row.save(update_fields=["sent_at", "recipients"])
    return row


def due_reports(*, today: dt.date | None = None) -> list[tuple[Agency, int, int]]:
    """(agency, fiscal year, quarter) of every report of the quarter just ended not yet sent."""
    fy, q = previous_quarter(today or timezone.localdate())
    sent = set(
        QuarterlyReport.objects.filter(
            fiscal_year=fy, quarter=q, sent_at__isnull=False
        ).values_list("agency_id", flat=True)
    )
    return [(a, fy, q) for a in Agency.objects.order_by("pk") if a.pk not in sent]
