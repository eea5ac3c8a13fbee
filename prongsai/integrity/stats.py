"""Complaint statistics (ITA O29), computed from the cases themselves.

For a fiscal year, or one half of it, the table counts the cases *received* in the period by
category and channel, and of those how many were *finished* (closed) and how many are still
*pending* as of a given time. Only counts leave the cases: no text, no names, no references, so
the table can be published. One grouped query, whatever the number of cases.

``complaint_statistics`` gives the numbers; ``to_html`` and ``to_xlsx`` give what the publishing
workflow attaches to the O29 evidence page (see prongsai.integrity.publication).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from prongsai.integrity.models import Case, CaseCategory, CaseChannel
from prongsai.org.models import Agency
from prongsai.thai import Period, fiscal_year_bounds, format_date, half_bounds


@dataclass
class Row:
    category: str
    label: Any  # a lazy translation: Thai in exports, the reader's language on screen
    received: int = 0
    finished: int = 0

    @property
    def pending(self) -> int:
        return self.received - self.finished


@dataclass
class ComplaintStatistics:
    agency: Agency
    fiscal_year: int
    half: int | None
    start: dt.date
    end: dt.date
    as_of: dt.datetime
    rows: list[Row] = field(default_factory=list)
    by_channel: dict[str, Row] = field(default_factory=dict)

    @property
    def total(self) -> Row:
        return Row(
            "total",
            _("Total"),
            sum(r.received for r in self.rows),
            sum(r.finished for r in self.rows),
        )

    @property
    def period(self) -> Period:
        if self.half:
            return Period.from_key(f"{self.fiscal_year}-H{self.half}")
        return Period.from_key(str(self.fiscal_year))

    @property
    def period_key(self) -> str:
        return self.period.key


def complaint_statistics(
    *,
    agency: Agency,
    fiscal_year: int,
    half: int | None = None,
    as_of: dt.datetime | None = None,
) -> ComplaintStatistics:
    """Counts by category (every category, zeros included) and by channel."""
    if half not in (None, 1, 2):
        raise ValueError("ครึ่งปีต้องเป็น 1 หรือ 2 (half must be 1 or 2)")
    start, end = half_bounds(fiscal_year, half) if half else fiscal_year_bounds(fiscal_year)
    now = timezone.now()
    as_of = as_of or now
    cases = Case.objects.filter(agency=agency, fiscal_year=fiscal_year)
    if half:
        cases = cases.filter(fiscal_half=half)
    if as_of < now:  # a past date: leave out what arrived after it (otherwise index-only)
        cases = cases.filter(received_at__lte=as_of)
    counted = cases.values("category", "channel").annotate(
        received=Count("pk"), finished=Count("pk", filter=Q(closed_at__lte=as_of))
    )
    rows = {value: Row(value, label) for value, label in CaseCategory.choices}
    channels = {value: Row(value, label) for value, label in CaseChannel.choices}
    for item in counted:
        for target in (rows[item["category"]], channels[item["channel"]]):
            target.received += item["received"]
            target.finished += item["finished"]
    return ComplaintStatistics(
        agency=agency,
        fiscal_year=fiscal_year,
        half=half,
        start=start,
        end=end,
        as_of=as_of,
        rows=list(rows.values()),
        by_channel=channels,
    )


def title(stats: ComplaintStatistics) -> str:
    return (
        f"ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ {stats.period.label('th')} "
        f"({format_date(stats.start)} – {format_date(stats.end)})"
    )


def to_html(stats: ComplaintStatistics, language: str = "th") -> str:
    """The table as an HTML fragment (accessible: caption, scoped headers)."""
    with translation.override(language):
        return render_to_string(
            "integrity/o29_table.html", {"stats": stats, "title": title(stats)}
        ).strip()


def to_xlsx(stats: ComplaintStatistics) -> bytes:
    """The table as a Thai spreadsheet."""
    with translation.override("th"):
        return _xlsx(stats)


def _xlsx(stats: ComplaintStatistics) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "สถิติเรื่องร้องเรียน"
    bold = Font(bold=True)
    sheet.append([title(stats)])
    sheet["A1"].font = bold
    sheet.append([stats.agency.name_th])
    sheet.append([f"ข้อมูล ณ วันที่ {format_date(timezone.localtime(stats.as_of).date())}"])
    sheet.append([])
    sheet.append(["ประเภทเรื่อง", "จำนวนที่ได้รับ", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"])
    for cell in sheet[5]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True)
    for row in [*stats.rows, stats.total]:
        sheet.append([str(row.label), row.received, row.finished, row.pending])
    sheet[sheet.max_row][0].font = bold
    sheet.append([])
    sheet.append(["ช่องทาง", "จำนวนที่ได้รับ", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in stats.by_channel.values():
        sheet.append([str(row.label), row.received, row.finished, row.pending])
    sheet.column_dimensions["A"].width = 48
    for column in "BCD":
        sheet.column_dimensions[column].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
