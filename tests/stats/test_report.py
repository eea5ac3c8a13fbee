"""The quarterly report against figures computed by hand, its PDF (Thai text that extracts
exactly with pypdf and ``pdftotext -raw``), its XLSX, the e-mail to the executives and the
commands."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from prongsai.ita import services as ita_services
from prongsai.ita.models import Item
from prongsai.ita.schema import CATALOGUE_DIR
from prongsai.stats import report, services
from prongsai.stats.models import EventKind, QuarterlyReport, TargetKind
from prongsai.thai.normalise import normalise
from tests.ita.conftest import publish
from tests.stats.conftest import bkk, event

pytestmark = pytest.mark.django_db

_PUA = dict(
    zip(
        range(0xF700, 0xF71B),
        "\u0e10\u0e34\u0e35\u0e36\u0e37"
        + "\u0e48\u0e49\u0e4a\u0e4b\u0e4c" * 2
        + "\u0e0d\u0e31\u0e4d\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e38\u0e39\u0e3a",
        strict=True,
    )
)


def exact_key(s: str) -> str:
    """Compare PDF text with the source: no whitespace, PUA marks mapped, ํ+า as ำ, NFC, then
    the project's normaliser (testing-recipes.md, section 3)."""
    s = re.sub(r"\s+", "", s).translate(_PUA)
    s = re.sub("\u0e4d([\u0e48-\u0e4b]?)\u0e32", "\\1\u0e33", s)
    return normalise(unicodedata.normalize("NFC", s))


@pytest.fixture
def quarter(world):
    """Events of Q1 and Q2 of FY 2566 with figures worked out by hand (see the tests)."""
    catalogue = ita_services.catalogue_import(file=CATALOGUE_DIR / "ita-2566.toml").catalogue
    items = list(Item.objects.filter(catalogue=catalogue).order_by("order"))
    first, second = items[0], items[1]
    ev = publish(world.agency, second, ["2566"])
    a = world.agency
    # Q1 (Oct-Dec 2565): 4 views, 3 visitor-days, 2 searches (1 without results)
    event(a, bkk(2022, 11, 10, 9), target="10", visitor="a")
    event(a, bkk(2022, 11, 10, 10), target="10", visitor="a")
    event(a, bkk(2022, 12, 1, 9), target="10", visitor="b")
    event(a, bkk(2022, 12, 1, 9), target="10", visitor="c")
    event(a, bkk(2022, 12, 1, 9), EventKind.SEARCH, query="งบประมาณ", results=0)
    event(a, bkk(2022, 12, 1, 9), EventKind.SEARCH, query="งบประมาณ", results=2)
    # Q2 (Jan-Mar 2566)
    item_key = f"2566/{first.slug}"
    for v in ("x", "x", "y"):
        event(
            a,
            bkk(2023, 1, 5, 9),
            target_kind=TargetKind.ITEM,
            target=item_key,
            path=f"/ita/2566/{first.slug}/",
            visitor=v,
        )
    event(a, bkk(2023, 2, 10, 9), target="10", visitor="x")
    event(a, bkk(2023, 2, 10, 10), target="10", visitor="x")
    event(
        a,
        bkk(2023, 2, 10, 11),
        target_kind=TargetKind.EVIDENCE,
        target="77",
        path=f"/evidence/{ev.pk}/",
        visitor="x",
    )
    event(
        a,
        bkk(2023, 2, 10, 12),
        EventKind.DOWNLOAD,
        target_kind=TargetKind.DOC,
        target="5",
        path="/documents/5/plan.pdf",
        visitor="z",
    )
    event(a, bkk(2023, 3, 31, 23, 30), target="10", visitor="w")
    event(a, bkk(2023, 4, 1, 0, 0), target="10", visitor="q3")  # Q3: not in the report
    for _ in range(3):
        event(a, bkk(2023, 1, 5, 10), EventKind.SEARCH, query="ค่าธรรมเนียม", results=4)
    for _ in range(2):
        event(a, bkk(2023, 1, 5, 10), EventKind.SEARCH, query="น้ำประปา", results=0)
    event(a, bkk(2023, 1, 5, 10), EventKind.SEARCH, query="ป่าไม้ชุมชน", results=0)
    event(a, bkk(2023, 1, 5, 10), EventKind.CLICK, query="ค่าธรรมเนียม", rank=1)
    event(a, bkk(2023, 1, 5, 10), EventKind.CLICK, query="ค่าธรรมเนียม", rank=4)
    event(a, bkk(2023, 3, 2, 10), EventKind.QUESTION)
    event(a, bkk(2023, 3, 3, 10), EventKind.COMPLAINT)
    days = {
        e.date()
        for e in (
            bkk(2022, 11, 10),
            bkk(2022, 12, 1),
            bkk(2023, 1, 5),
            bkk(2023, 2, 10),
            bkk(2023, 3, 2),
            bkk(2023, 3, 3),
            bkk(2023, 3, 31),
            bkk(2023, 4, 1),
        )
    }
    for day in sorted(days):
        services.day_roll_up(day=day, today=day + dt.timedelta(days=1))
    data = report.build(agency=a, fiscal_year=2566, quarter=2, today=dt.date(2023, 4, 5))
    return data, first, second, len(items)


def test_the_figures_match_the_hand_computed_ones(quarter):
    data, first, second, n_items = quarter
    figures = {f.key: (f.current, f.previous, f.change) for f in data.figures}
    assert figures["views"] == (7, 4, 75.0)
    assert figures["visitors"] == (5, 3, 66.7)  # 2 on 5 Jan, 2 on 10 Feb, 1 on 31 Mar
    assert figures["downloads"] == (1, 0, None)
    assert figures["searches"] == (6, 2, 200.0)
    assert figures["zero_result_searches"] == (3, 1, 200.0)
    assert figures["clicks"] == (2, 0, None)
    assert figures["questions"] == (1, 0, None)
    assert figures["complaints"] == (1, 0, None)
    assert [(m.label, m.views, m.visitors) for m in data.months] == [
        ("ม.ค. 66", 3, 2),
        ("ก.พ. 66", 3, 2),
        ("มี.ค. 66", 1, 1),
    ]
    assert len(data.days) == 90  # 1 Jan - 31 Mar 2566
    assert data.period.label == "ไตรมาส 2 ปีงบประมาณ 2566"


def test_the_lists_match_the_hand_computed_ones(quarter):
    data, first, second, n_items = quarter
    assert [
        (s.query, s.searches, s.zero_results, s.clicks, s.mean_rank) for s in data.top_searches
    ] == [
        ("ค่าธรรมเนียม", 3, 0, 2, 2.5),
        ("น้ำประปา", 2, 2, 0, None),
        ("ป่าไม้ชุมชน", 1, 1, 0, None),
    ]
    assert [(s.query, s.zero_results) for s in data.zero_searches] == [
        ("น้ำประปา", 2),
        ("ป่าไม้ชุมชน", 1),
    ]
    assert [(t.code, t.title, t.count, t.visitors) for t in data.top_items] == [
        (first.code, first.title_th, 3, 2)
    ]
    assert [(t.target, t.count) for t in data.top_pages] == [("10", 3), ("77", 1)]
    assert [(t.target, t.count) for t in data.top_files] == [("5", 1)]
    views = {i.item.pk: (i.page_views, i.evidence_views, i.downloads) for i in data.item_views}
    assert views[first.pk] == (3, 0, 0)
    assert views[second.pk] == (0, 1, 0)  # its evidence was read
    assert len(data.unread_items) == n_items - 2
    assert data.readiness is not None and data.readiness.items == n_items
    assert data.readiness.overdue_rows  # most items have nothing published


def _pdf_texts(pdf: bytes, tmp_path) -> list[str]:
    from pypdf import PdfReader

    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    texts = ["".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)]
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    texts.append(
        subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    return texts


def test_the_pdf_text_extracts_exactly(quarter, tmp_path, caplog):
    data, first, second, n_items = quarter
    pdf = report.render_pdf(data)
    assert pdf.startswith(b"%PDF")
    assert ".notdef" not in caplog.text
    wanted = [
        data.title,
        "สำนักงานจังหวัดร้อยเอ็ด",
        "คำค้นที่ไม่พบผล (ข้อมูลที่ประชาชนต้องการแต่ยังไม่มีบนเว็บไซต์)",
        "น้ำประปา",
        "ค่าธรรมเนียม",
        "ป่าไม้ชุมชน",
        first.title_th,
        "การเข้าชมหน้าเว็บ (ครั้ง)",
        "เรื่องร้องเรียนการทุจริต (เรื่อง)",
        "ไม่ใช้คุกกี้ และไม่เก็บหมายเลขไอพีหรือข้อมูลเบราว์เซอร์",
        "+75.0%",
    ]
    for text in _pdf_texts(pdf, tmp_path):
        got = exact_key(text)
        missing = [w for w in wanted if exact_key(w) not in got]
        assert missing == []


def test_the_pdf_has_the_charts_and_embeds_the_whole_font(quarter):
    from pypdf import PdfReader

    data = quarter[0]
    html = report.report_html(data)
    assert html.count('role="img"') == 3  # months, items, searches
    pdf = PdfReader(io.BytesIO(report.render_pdf(data)))
    fonts = set()
    for page in pdf.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("Laksaman" in f for f in fonts)


def test_a_missing_font_is_refused_not_replaced(quarter, settings):
    settings.STATS_REPORT_FONT = "/nonexistent/font.ttf"
    with pytest.raises(report.ReportFontMissing) as err:
        report.render_pdf(quarter[0])
    assert "ไม่พบไฟล์ฟอนต์" in str(err.value) and "does not exist" in str(err.value)


def test_the_xlsx_holds_the_same_figures(quarter):
    from openpyxl import load_workbook

    data = quarter[0]
    wb = load_workbook(io.BytesIO(report.render_xlsx(data)))
    summary = list(wb["สรุป"].iter_rows(values_only=True))
    assert summary[0] == (
        "รายการ",
        "ไตรมาส 2 ปีงบประมาณ 2566",
        "ไตรมาส 1 ปีงบประมาณ 2566",
        "เปลี่ยนแปลง (%)",
    )
    assert summary[1] == ("การเข้าชมหน้าเว็บ (ครั้ง)", 7, 4, 75.0)
    gaps = list(wb["คำค้นที่ไม่พบผล"].iter_rows(values_only=True))
    assert gaps[1:] == [("น้ำประปา", 2, 2), ("ป่าไม้ชุมชน", 1, 1)]
    assert wb["รายเดือน"]._charts  # a native chart of the months


def _executive_with_email(world):
    deputy = world.users["deputy"]
    deputy.email = "deputy@example.go.th"
    deputy.save(update_fields=["email"])
    return deputy


def test_the_report_is_emailed_to_the_executives_once(quarter, world):
    _executive_with_email(world)
    row = services.quarterly_report_send(agency=world.agency, fiscal_year=2566, quarter=2)
    assert row.sent_at is not None and row.recipients == 1
    [message] = mail.outbox
    assert message.to == ["deputy@example.go.th"]
    assert "ไตรมาส 2 ปีงบประมาณ 2566" in message.subject
    assert "น้ำประปา" in message.body
    names = [a[0] for a in message.attachments]
    assert names == ["stats-roiet-2566-q2.pdf", "stats-roiet-2566-q2.xlsx"]
    services.quarterly_report_send(agency=world.agency, fiscal_year=2566, quarter=2)
    assert len(mail.outbox) == 1


def test_after_a_quarter_ends_the_daily_job_sends_each_report_once(world):
    _executive_with_email(world)
    call_command("stats_quarterly_reports", "--today", "2023-04-02")
    sent = QuarterlyReport.objects.get(agency=world.agency)
    assert (sent.fiscal_year, sent.quarter) == (2566, 2)
    assert len(mail.outbox) == 1  # the other agency has no executive with an address
    call_command("stats_quarterly_reports", "--today", "2023-04-03")
    assert len(mail.outbox) == 1


def test_the_report_command_writes_pdf_and_xlsx(quarter, world, tmp_path):
    for fmt in ("pdf", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        call_command(
            "quarterly_report",
            "--fiscal-year",
            "2566",
            "--quarter",
            "2",
            "--format",
            fmt,
            "--output",
            str(out),
            "--agency",
            "roiet",
            stdout=io.StringIO(),
        )
        head = out.read_bytes()[:4]
        assert head == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")
    with pytest.raises(CommandError, match="--agency"):
        call_command(
            "quarterly_report", "--fiscal-year", "2566", "--quarter", "2", "--output", str(out)
        )
    with pytest.raises(CommandError, match="2022"):
        call_command(
            "quarterly_report",
            "--fiscal-year",
            "2022",
            "--quarter",
            "2",
            "--output",
            str(out),
            "--agency",
            "roiet",
        )
