"""Extraction: every format, the OCR fallback for scanned Thai pages, clear per-file errors."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from prongsai.search.extract import ExtractionError, detect_type, extract_bytes, page_needs_ocr

THAI_FONT = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")


def latin_pdf(text: str) -> bytes:
    """A minimal one-page PDF with a standard font (enough for the text path)."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def scanned_thai_pdf(lines: list[str]) -> bytes:
    """A PDF that is only a picture of Thai text, as a scanner makes."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(THAI_FONT), 64)
    image = Image.new("L", (2400, 200 + 120 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((100, 100 + 120 * i), line, font=font, fill=0)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PDF", resolution=300)
    return buf.getvalue()


def test_text_pdf() -> None:
    result = extract_bytes(latin_pdf("Integrity and Transparency Assessment 2023"), "a.pdf")
    assert result.file_type == "pdf"
    assert "Integrity and Transparency Assessment 2023" in result.text
    assert result.pages == 1 and not result.used_ocr


@pytest.mark.skipif(
    shutil.which("tesseract") is None or not THAI_FONT.exists(),
    reason="needs Debian's tesseract-ocr-tha and fonts-thai-tlwg-ttf",
)
def test_scanned_thai_pdf_goes_to_ocr_and_is_normalised() -> None:
    result = extract_bytes(scanned_thai_pdf(["สำนักงานจังหวัด", "การป้องกันการทุจริต"]), "scan.pdf")
    assert result.ocr_pages == [1]
    assert "\u0e4d\u0e32" not in result.text  # Tesseract's ํ+า became ำ
    assert "ทุจริต" in result.text
    assert "สำนักงาน" in result.text


def test_docx_paragraphs_and_tables() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินงาน ๒๕๖๖")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "ค่าใช้จ่าย"
    table.rows[0].cells[1].text = "๑,๒๐๐ บาท"
    buf = io.BytesIO()
    document.save(buf)
    result = extract_bytes(buf.getvalue(), "report.docx")
    assert result.file_type == "docx"
    assert "รายงานผลการดำเนินงาน 2566" in result.text
    assert "ค่าใช้จ่าย | 1,200 บาท" in result.text


def test_xlsx_rows() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "สถิติ"
    ws.append(["เดือน", "จำนวนเรื่องร้องเรียน"])
    ws.append(["ตุลาคม", 12])
    buf = io.BytesIO()
    wb.save(buf)
    result = extract_bytes(buf.getvalue(), "stats.xlsx")
    assert result.file_type == "xlsx"
    assert "เดือน | จำนวนเรื่องร้องเรียน" in result.text and "ตุลาคม | 12" in result.text


def test_html_text_without_scripts() -> None:
    html = "<html><head><title>ประกาศ</title><script>var x='ลับ'</script></head><body><p>ผู้ชนะ\u200bการเสนอราคา</p></body></html>"
    result = extract_bytes(html.encode(), "page.html")
    assert result.text == "ประกาศ ผู้ชนะการเสนอราคา"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "empty.pdf", "empty"),
        (b"   \n", "blank.txt", "empty"),
        (b"%PDF-1.4\nthis is not a pdf at all", "broken.pdf", "corrupt"),
        (b"PK\x03\x04 not a zip", "broken.docx", "corrupt"),
        (b"\x00\x01\x02", "thing.bin", "unsupported"),
    ],
)
def test_bad_files_get_a_clear_error_in_thai_and_english(data: bytes, name: str, code: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_bytes(data, name)
    assert info.value.code == code
    assert info.value.message_th and info.value.message_en


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs Debian's qpdf to encrypt a PDF")
def test_encrypted_pdf(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(latin_pdf("secret"))
    locked = tmp_path / "locked.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", str(plain), str(locked)],
        check=True,
    )
    with pytest.raises(ExtractionError) as info:
        extract_bytes(locked.read_bytes(), "locked.pdf")
    assert info.value.code == "encrypted"


def test_an_empty_pdf_page_without_ocr_is_an_error() -> None:
    blank = latin_pdf("")
    with pytest.raises(ExtractionError) as info:
        extract_bytes(blank, "blank.pdf", ocr=False)
    assert info.value.code == "empty"


def test_quality_check_sends_broken_pages_to_ocr() -> None:
    good = "สำนักงานจังหวัดประกาศมาตรการป้องกันการทุจริตและประพฤติมิชอบ เพื่อส่งเสริมคุณธรรม"
    assert not page_needs_ocr(good)
    assert page_needs_ocr("")
    assert page_needs_ocr("   ๑   ")
    assert page_needs_ocr(good.replace("\u0e49", "\uf70b"))  # PUA tone marks
    assert page_needs_ocr("ค าน า ส านักงาน จ านวน ก าหนด การด าเนินงาน " * 3)
    assert page_needs_ocr("ต ้องการ ที ่ จะ ป ้องกัน ส ่งเสริม ได ้ ให ้ " * 3)


def test_detect_type_prefers_content_to_name() -> None:
    assert detect_type(latin_pdf("x"), "wrong.docx") == "pdf"
    assert detect_type(b"<html><body>x</body></html>", "x.txt") == "html"
