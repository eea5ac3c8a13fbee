"""The ITAS export: one row per item, the item code first, as the NACC's ITAS form asks.

Columns: code, title, มี/ไม่มี, the absolute URL of the item's permanent page on the agency's own
domain, a Thai explanation of where each element is on that page, and the last update (พ.ศ.).
The same rows feed the CSV and the XLSX writers, the ``ita_export`` command and the dashboard.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from prongsai.ita.models import READINESS_STATUS_LABELS
from prongsai.ita.selectors import CatalogueReadiness, ItemRow
from prongsai.org.models import Agency
from prongsai.thai.dates import format_date
from prongsai.thai.periods import Period

HEADERS = (
    "ข้อ",
    "ชื่อรายการ",
    "มี/ไม่มี",
    "URL",
    "คำอธิบายตำแหน่งข้อมูลบนหน้าเว็บไซต์",
    "ปรับปรุงล่าสุด",
)
HAS, HAS_NOT = "มี", "ไม่มี"


@dataclass(frozen=True)
class ExportRow:
    code: str
    title: str
    answer: str
    url: str
    explanation: str
    last_update: str

    def as_tuple(self) -> tuple[str, ...]:
        return (self.code, self.title, self.answer, self.url, self.explanation, self.last_update)


def agency_root_url(agency: Agency) -> str:
    """The agency's own address, from its Wagtail site (``https://host`` or ``http://host:port``)."""
    return agency.site.root_url.rstrip("/")


def item_url(agency: Agency, year: int, slug: str) -> str:
    with override("th"):
        path = reverse("ita-item", args=[year, slug])
    return agency_root_url(agency) + path


def _period_label(key: str) -> str:
    try:
        return Period.from_key(key).label("th")
    except ValueError:
        return key


def explanation(row: ItemRow) -> str:
    """Where each element is on the item's page, in Thai, for the assessor."""
    item = row.item
    parts = [f"หน้ารายการ {item.code} หัวข้อ “องค์ประกอบตามเกณฑ์” แสดงแต่ละองค์ประกอบพร้อมลิงก์ไปยังหลักฐาน"]
    for number, er in enumerate(row.elements, start=1):
        label = f"ข้อ {number} {er.element.text_th} (#el-{er.element.key})"
        if er.samples:
            shown = [f"“{x.title}” ({_period_label(x.period_key)})" for x in er.samples]
            more = f" และอีก {er.more} รายการ" if er.more else ""
            parts.append(f"{label}: {', '.join(shown)}{more}")
        elif er.element.required:
            parts.append(f"{label}: ยังไม่มีหลักฐาน")
        else:
            parts.append(f"{label}: ไม่บังคับ ยังไม่มีหลักฐาน")
    missing = [p.period.label("th") for p in row.readiness.periods if not p.covered]
    if missing and row.readiness.published:
        parts.append("ช่วงเวลาที่ยังไม่ครบ: " + ", ".join(missing))
    return "; ".join(parts)


def export_rows(readiness: CatalogueReadiness) -> list[ExportRow]:
    year = readiness.catalogue.fiscal_year
    out: list[ExportRow] = []
    for row in readiness.rows:
        last = row.readiness.last_published
        out.append(
            ExportRow(
                code=row.item.code,
                title=row.item.title_th,
                answer=HAS if row.readiness.published else HAS_NOT,
                url=item_url(readiness.agency, year, row.item.slug),
                explanation=explanation(row),
                last_update=format_date(timezone.localtime(last).date(), style="short")
                if last
                else "",
            )
        )
    return out


def to_csv(rows: list[ExportRow]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Thai text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(row.as_tuple())
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[ExportRow], *, title: str = "ITAS") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.as_tuple())
        link = sheet.cell(row=sheet.max_row, column=4)
        link.hyperlink = row.url
        link.style = "Hyperlink"
    widths = (8, 60, 10, 50, 90, 16)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lang() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def _short(d: dt.date | None) -> str:
    return format_date(d, style="short", lang=_lang()) if d else ""


def readiness_xlsx(readiness: CatalogueReadiness) -> bytes:
    """The readiness dashboard as a workbook: items, scores and gaps (in the active language)."""
    book = Workbook()
    items = book.active
    items.title = str(_("Readiness"))[:31]
    items.append(
        [
            _("Code"),
            _("Title"),
            _("Owner"),
            _("Status"),
            _("Elements covered"),
            _("Periods covered"),
            _("Next due"),
            _("Last update"),
            _("Predicted score"),
        ]
    )
    for row in readiness.visible_rows:
        r = row.readiness
        last = r.last_published
        items.append(
            [
                row.item.code,
                row.item.title,
                ", ".join(g.name_th for g in row.owner_groups) or row.item.get_owner_kind_display(),
                str(READINESS_STATUS_LABELS[r.status]),
                f"{r.elements_covered}/{r.elements_required}",
                f"{r.periods_covered}/{len(r.periods)}",
                _short(r.next_due),
                _short(timezone.localtime(last).date() if last else None),
                r.score,
            ]
        )
    scores = book.create_sheet(str(_("Scores"))[:31])
    scores.append([_("Indicator"), _("Items"), _("Complete"), _("Predicted score")])
    for top in readiness.indicators:
        scores.append(
            [
                f"{top.indicator.code} {top.indicator.name}",
                top.score.items,
                top.score.passed,
                top.score.percent,
            ]
        )
        for sub in top.children:
            scores.append(
                [
                    f"  {sub.indicator.code} {sub.indicator.name}",
                    sub.score.items,
                    sub.score.passed,
                    sub.score.percent,
                ]
            )
    scores.append(
        [_("OIT total"), readiness.total.items, readiness.total.passed, readiness.total.percent]
    )
    gaps = book.create_sheet(str(_("Gaps"))[:31])
    gaps.append([_("Due"), _("Code"), _("Title"), _("Period"), _("Missing elements"), _("Owner")])
    for gap in readiness.gaps:
        gaps.append(
            [
                _short(gap.due),
                gap.row.item.code,
                gap.row.item.title,
                gap.period.period.label(_lang()),
                "; ".join(e.text for e in gap.missing),
                ", ".join(g.name_th for g in gap.row.owner_groups)
                or gap.row.item.get_owner_kind_display(),
            ]
        )
    for sheet in (items, scores, gaps):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 14 if index != 2 else 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
