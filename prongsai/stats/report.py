"""The quarterly report for the executives: access and search statistics, ITA readiness and
overdue items, and the change from the previous quarter; as PDF (WeasyPrint, Thai font, charts)
and XLSX (openpyxl).

The PDF embeds its Thai font whole (``full_fonts=True``): WeasyPrint's subsetting maps some glyphs
(ำ, shifted tone marks) to the wrong text, so copied or extracted text would differ from what is
printed. The font is a TH Sarabun-compatible TLWG font found on the system (Debian package
``fonts-thai-tlwg-ttf``) or named by ``STATS_REPORT_FONT``; without it the report is refused with
a clear error rather than printed in a fallback font.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from prongsai.org.models import Agency
from prongsai.stats import charts, selectors
from prongsai.stats.models import EventKind, TargetKind
from prongsai.stats.selectors import StatsPeriod
from prongsai.thai import ThaiValueError, format_date

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_FAMILY = "Prongsai Report"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/tlwg/Laksaman.ttf",
    "/usr/share/fonts/truetype/thai/Laksaman.ttf",
    "/usr/share/fonts/opentype/tlwg/Laksaman.otf",
)
FONT_BOLD_CANDIDATES = (
    "/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf",
    "/usr/share/fonts/truetype/thai/Laksaman-Bold.ttf",
    "/usr/share/fonts/opentype/tlwg/Laksaman-Bold.otf",
)


class ReportFontMissing(ThaiValueError):
    pass


def _fc_match(pattern: str) -> str:
    fc = shutil.which("fc-match")
    if not fc:
        return ""
    try:
        out = subprocess.run(  # noqa: S603 - fixed program, no shell
            [fc, "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return out if "laksaman" in out.lower() else ""


def report_fonts() -> tuple[Path, Path | None]:
    """The regular and bold font files of the report; ReportFontMissing when there is none."""
    configured = getattr(settings, "STATS_REPORT_FONT", "") or ""
    if configured:
        regular = Path(configured)
        if not regular.is_file():
            raise ReportFontMissing(
                f"ไม่พบไฟล์ฟอนต์รายงาน {regular} (STATS_REPORT_FONT)",
                f"The report font file {regular} does not exist (STATS_REPORT_FONT)",
            )
        bold = Path(getattr(settings, "STATS_REPORT_FONT_BOLD", "") or "")
        return regular, bold if bold.is_file() else None
    regular_name = next((p for p in FONT_CANDIDATES if Path(p).is_file()), "") or _fc_match(
        "Laksaman"
    )
    if not regular_name:
        raise ReportFontMissing(
            "ไม่พบฟอนต์ภาษาไทยสำหรับรายงาน PDF (Laksaman ในแพ็กเกจ fonts-thai-tlwg-ttf) "
            "ติดตั้งแพ็กเกจนี้หรือกำหนด STATS_REPORT_FONT",
            "No Thai font for the PDF report (Laksaman, Debian package fonts-thai-tlwg-ttf): "
            "install it or set STATS_REPORT_FONT",
        )
    bold_name = next((p for p in FONT_BOLD_CANDIDATES if Path(p).is_file()), "") or _fc_match(
        "Laksaman:bold"
    )
    return Path(regular_name), Path(bold_name) if bold_name else None


# ---------------------------------------------------------------------------- the data


@dataclass
class Figure:
    key: str
    label: str
    current: int
    previous: int

    @property
    def change(self) -> float | None:
        return selectors.change(self.current, self.previous)

    @property
    def change_text(self) -> str:
        c = self.change
        if c is None:
            return "–"
        return f"{c:+.1f}%"


@dataclass
class OverdueRow:
    due: dt.date
    code: str
    title: str
    period: str
    owners: str


@dataclass
class Readiness:
    fiscal_year: int
    items: int
    complete: int
    partial: int
    overdue: int
    missing: int
    percent: float
    overdue_rows: list[OverdueRow] = field(default_factory=list)


@dataclass
class QuarterReportData:
    agency: Agency
    period: StatsPeriod
    previous: StatsPeriod
    generated_at: dt.datetime
    figures: list[Figure]
    months: list[selectors.SeriesPoint]
    days: list[selectors.SeriesPoint]
    top_pages: list[selectors.TargetRow]
    top_items: list[selectors.TargetRow]
    top_files: list[selectors.TargetRow]
    groups: list[selectors.GroupViews]
    top_searches: list[selectors.SearchRow]
    zero_searches: list[selectors.SearchRow]
    item_views: list[selectors.ItemViews]
    readiness: Readiness | None

    @property
    def unread_items(self) -> list[selectors.ItemViews]:
        return [i for i in self.item_views if i.total == 0]

    @property
    def title(self) -> str:
        return f"รายงานสถิติการเข้าชมและการค้นหาเว็บไซต์ {self.period.label}"


FIGURE_LABELS = (
    ("views", "การเข้าชมหน้าเว็บ (ครั้ง)"),
    ("visitors", "ผู้เข้าชม (คน-วัน)"),
    ("downloads", "การดาวน์โหลดไฟล์ (ครั้ง)"),
    ("searches", "การค้นหา (ครั้ง)"),
    ("zero_result_searches", "การค้นหาที่ไม่พบผล (ครั้ง)"),
    ("clicks", "การเปิดผลการค้นหา (ครั้ง)"),
    ("questions", "คำถามในกระดานถาม-ตอบ (เรื่อง)"),
    ("complaints", "เรื่องร้องเรียนการทุจริต (เรื่อง)"),
)


def _readiness(agency: Agency, period: StatsPeriod, today: dt.date) -> Readiness | None:
    from prongsai.ita.selectors import catalogue_readiness

    catalogue = _catalogue_for(period)
    if catalogue is None:
        return None
    data = catalogue_readiness(catalogue=catalogue, agency=agency, today=today)
    counts = data.counts
    overdue = [
        OverdueRow(
            due=gap.due,
            code=gap.row.item.code,
            title=gap.row.item.title_th,
            period=gap.period.key,
            owners=", ".join(g.name_th for g in gap.row.owner_groups),
        )
        for gap in data.gaps
        if gap.period.overdue
    ]
    return Readiness(
        fiscal_year=catalogue.fiscal_year,
        items=data.total.items,
        complete=counts["complete"],
        partial=counts["partial"],
        overdue=counts["overdue"],
        missing=counts["missing"],
        percent=data.total.percent,
        overdue_rows=overdue,
    )


def _catalogue_for(period: StatsPeriod) -> Any:
    """The catalogue of the period's fiscal year, else the newest in use."""
    from prongsai.ita.models import Catalogue
    from prongsai.ita.selectors import default_catalogue

    return Catalogue.objects.filter(fiscal_year=period.fiscal_year).first() or default_catalogue()


def build(
    *, agency: Agency, fiscal_year: int, quarter: int, today: dt.date | None = None
) -> QuarterReportData:
    """Every figure of one quarter's report (ITA readiness as at the quarter's last day, or
    today while the quarter runs)."""
    with translation.override("th"):
        period = StatsPeriod.of(fiscal_year, quarter)
        previous = period.previous
        today = today or timezone.localdate()
        now = selectors.totals(agency, period.start, period.end)
        before = selectors.totals(agency, previous.start, previous.end)
        figures = [
            Figure(key, label, getattr(now, key), getattr(before, key))
            for key, label in FIGURE_LABELS
        ]
        catalogue = _catalogue_for(period)
        return QuarterReportData(
            agency=agency,
            period=period,
            previous=previous,
            generated_at=timezone.now(),
            figures=figures,
            months=selectors.monthly_series(agency, period.start, period.end),
            days=selectors.daily_series(agency, period.start, period.end),
            top_pages=selectors.top_targets(
                agency,
                period,
                kinds=[
                    TargetKind.PAGE,
                    TargetKind.EVIDENCE,
                    TargetKind.GROUP,
                    TargetKind.VIEW,
                    TargetKind.PATH,
                ],
                limit=10,
            ),
            top_items=selectors.top_targets(agency, period, kinds=[TargetKind.ITEM], limit=10),
            top_files=selectors.top_targets(agency, period, kind=EventKind.DOWNLOAD, limit=10),
            groups=selectors.views_by_group(agency, period),
            top_searches=selectors.top_searches(agency, period, limit=20),
            zero_searches=selectors.zero_result_searches(agency, period, limit=20),
            item_views=selectors.item_views(agency, period, catalogue) if catalogue else [],
            readiness=_readiness(agency, period, min(today, period.end)),
        )


# ---------------------------------------------------------------------------- charts


def chart_svgs(data: QuarterReportData) -> dict[str, str]:
    return {
        "months": charts.column_chart(
            [(m.label, m.views) for m in data.months],
            chart_id="chart-months",
            title="การเข้าชมรายเดือน",
            unit="ครั้ง",
            width=520,
            height=200,
        ),
        "days": charts.line_chart(
            [(d.label, d.views) for d in data.days],
            second=[d.visitors for d in data.days],
            chart_id="chart-days",
            title="การเข้าชมรายวัน (เส้นทึบ) และผู้เข้าชม (เส้นประ)",
            unit="ครั้ง",
            width=640,
            height=200,
        ),
        "searches": charts.bar_chart(
            [(s.query, s.searches) for s in data.top_searches[:10]],
            chart_id="chart-searches",
            title="คำค้นยอดนิยม 10 อันดับ",
            unit="ครั้ง",
            width=640,
            label_width=240,
        ),
        "items": charts.bar_chart(
            [(f"{r.code} {r.title}".strip(), r.count) for r in data.top_items[:10]],
            chart_id="chart-items",
            title="ข้อ ITA ที่มีผู้เข้าชมมากที่สุด 10 อันดับ",
            unit="ครั้ง",
            width=640,
            label_width=300,
        ),
    }


# ---------------------------------------------------------------------------- PDF


def report_html(data: QuarterReportData, *, font_urls: tuple[str, str] | None = None) -> str:
    with translation.override("th"):
        return render_to_string(
            "stats/report_pdf.html",
            {
                "r": data,
                "charts": chart_svgs(data),
                "font_family": FONT_FAMILY,
                "font_regular": font_urls[0] if font_urls else "",
                "font_bold": font_urls[1] if font_urls else "",
                "generated": format_date(data.generated_at),
            },
        )


def render_pdf(data: QuarterReportData) -> bytes:
    from weasyprint import HTML

    regular, bold = report_fonts()
    html = report_html(data, font_urls=(regular.as_uri(), (bold or regular).as_uri()))
    return HTML(string=html, base_url=str(regular.parent)).write_pdf(full_fonts=True)


# ---------------------------------------------------------------------------- XLSX


def render_xlsx(data: QuarterReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    wb = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[object]], first: bool = False):
        ws = wb.active if first else wb.create_sheet()
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
        for i, _h in enumerate(header, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = 18 if i > 1 else 48
        ws.freeze_panes = "A2"
        return ws

    sheet(
        "สรุป",
        ["รายการ", data.period.label, data.previous.label, "เปลี่ยนแปลง (%)"],
        [[f.label, f.current, f.previous, f.change] for f in data.figures],
        first=True,
    )
    months = sheet(
        "รายเดือน",
        ["เดือน", "การเข้าชม", "ผู้เข้าชม (คน-วัน)", "ดาวน์โหลด", "การค้นหา"],
        [[m.label, m.views, m.visitors, m.downloads, m.searches] for m in data.months],
    )
    chart = BarChart()
    chart.title = "การเข้าชมรายเดือน"
    chart.add_data(
        Reference(months, min_col=2, min_row=1, max_row=len(data.months) + 1), titles_from_data=True
    )
    chart.set_categories(Reference(months, min_col=1, min_row=2, max_row=len(data.months) + 1))
    months.add_chart(chart, "G2")
    sheet(
        "รายวัน",
        ["วันที่", "การเข้าชม", "ผู้เข้าชม", "ดาวน์โหลด", "การค้นหา"],
        [[d.day, d.views, d.visitors, d.downloads, d.searches] for d in data.days],
    )
    sheet(
        "หน้าที่เข้าชมมากที่สุด",
        ["หน้า", "ประเภท", "ที่อยู่", "การเข้าชม", "ผู้เข้าชม (คน-วัน)"],
        [[r.title, r.kind_label, r.path, r.count, r.visitors] for r in data.top_pages],
    )
    sheet(
        "ไฟล์ที่ดาวน์โหลดมากที่สุด",
        ["ไฟล์", "ที่อยู่", "ดาวน์โหลด"],
        [[r.title, r.path, r.count] for r in data.top_files],
    )
    sheet(
        "กลุ่มงาน",
        ["กลุ่มงาน", "การเข้าชม", "ดาวน์โหลด"],
        [[g.group.name_th, g.views, g.downloads] for g in data.groups],
    )
    sheet(
        "ข้อ ITA",
        ["ข้อ", "ชื่อ", "เข้าชมหน้าข้อ", "เข้าชมหลักฐาน", "ดาวน์โหลด", "รวม"],
        [
            [i.item.code, i.item.title_th, i.page_views, i.evidence_views, i.downloads, i.total]  # type: ignore[attr-defined]
            for i in data.item_views
        ],
    )
    sheet(
        "คำค้นยอดนิยม",
        ["คำค้น", "จำนวนครั้ง", "ไม่พบผล", "เปิดผลการค้นหา", "อันดับที่เปิดโดยเฉลี่ย"],
        [[s.query, s.searches, s.zero_results, s.clicks, s.mean_rank] for s in data.top_searches],
    )
    sheet(
        "คำค้นที่ไม่พบผล",
        ["คำค้น", "ไม่พบผล (ครั้ง)", "ค้นทั้งหมด"],
        [[s.query, s.zero_results, s.searches] for s in data.zero_searches],
    )
    r = data.readiness
    sheet(
        "ความพร้อม ITA",
        ["กำหนดส่ง", "ข้อ", "ชื่อ", "ช่วงเวลา", "ผู้รับผิดชอบ"],
        [[o.due, o.code, o.title, o.period, o.owners] for o in (r.overdue_rows if r else [])],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------- e-mail and names


def file_name(data: QuarterReportData, extension: str) -> str:
    p = data.period
    return f"stats-{data.agency.slug}-{p.fiscal_year}-q{p.quarter}.{extension}"


def email_subject(data: QuarterReportData) -> str:
    return f"{data.title} ({data.agency.name_th})"


def email_body(data: QuarterReportData) -> str:
    lines = [
        f"เรียน ผู้บริหาร{data.agency.name_th}",
        "",
        f"งานประชาสัมพันธ์ขอส่ง{data.title} ({data.period.dates}) ตามมาตรการเผยแพร่ข้อมูลต่อสาธารณะ "
        "ในไฟล์ PDF และ XLSX ที่แนบมา สรุปได้ดังนี้",
        "",
    ]
    for f in data.figures:
        lines.append(f"- {f.label}: {f.current:,} (ไตรมาสก่อน {f.previous:,}, {f.change_text})")
    if data.zero_searches:
        top = ", ".join(f"“{s.query}”" for s in data.zero_searches[:5])
        lines += ["", f"คำค้นที่ประชาชนค้นแล้วไม่พบผลบ่อยที่สุด: {top}"]
    if data.readiness:
        lines += [
            "",
            f"ความพร้อม ITA ปี {data.readiness.fiscal_year}: ครบถ้วน {data.readiness.complete} "
            f"จาก {data.readiness.items} ข้อ เกินกำหนด {len(data.readiness.overdue_rows)} รายการ",
        ]
    lines += ["", "ระบบโปร่งใส (Prongsai)"]
    return "\n".join(lines)
