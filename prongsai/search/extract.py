"""Text extraction from PDF, DOCX, XLSX and HTML files, with OCR for scanned or broken pages.

PDF text comes from PDFium (pypdfium2). Thai PDFs are often scanned, or their fonts map glyphs
to the Private Use Area or lose part of a character (คำนำ extracted as "ค าน า"); such pages
fail the quality check and are read again by Tesseract OCR with the Thai model
(``tesseract-ocr-tha``). The result is normalised (`prongsai.thai.normalise`).

Every failure is a per-file `ExtractionError` with a message in Thai and English: a corrupt,
encrypted or empty file never stops a batch. Pure: no Django (tasks live in ``tasks.py``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from prongsai.thai.normalise import normalise

__all__ = [
    "Extraction",
    "ExtractionError",
    "detect_type",
    "extract_bytes",
    "page_needs_ocr",
]

MAX_BYTES = 200 * 1024 * 1024
OCR_DPI = 300
OCR_TIMEOUT_S = 120
MIN_PAGE_CHARS = 20


class ExtractionError(Exception):
    """A file whose text cannot be read; ``code`` is stable, the messages are for people."""

    def __init__(self, code: str, th: str, en: str) -> None:
        super().__init__(f"{th} / {en}")
        self.code = code
        self.message_th = th
        self.message_en = en


@dataclass
class Extraction:
    file_type: str
    text: str
    pages: int = 0
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def used_ocr(self) -> bool:
        return bool(self.ocr_pages)


def _error(code: str) -> ExtractionError:
    th, en = {
        "corrupt": ("ไฟล์เสียหายหรือไม่ใช่ไฟล์ชนิดที่ระบุ", "the file is damaged or not of its stated type"),
        "encrypted": ("ไฟล์ถูกเข้ารหัสด้วยรหัสผ่าน", "the file is protected by a password"),
        "empty": ("ไฟล์ไม่มีข้อความที่อ่านได้", "the file has no readable text"),
        "too_large": ("ไฟล์มีขนาดใหญ่เกินกำหนด", "the file is too large"),
        "unsupported": ("ไม่รองรับไฟล์ชนิดนี้", "this file type is not supported"),
        "ocr_unavailable": (
            "หน้าที่สแกนต้องใช้ OCR แต่เครื่องไม่มี Tesseract ภาษาไทย",
            "scanned pages need OCR, but Tesseract with Thai is not installed",
        ),
    }[code]
    return ExtractionError(code, th, en)


def detect_type(data: bytes, filename: str = "") -> str:
    """pdf, docx, xlsx, html or txt: from the content first, the name second."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    lower = head.lower()
    if lower.startswith((b"<!doctype html", b"<html")) or b"<body" in lower:
        return "html"
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix in {"htm", "html"}:
        return "html"
    if suffix in {"pdf", "docx", "xlsx", "txt"}:
        return suffix
    return "unknown"


# --- quality check ----------------------------------------------------------------------------

_PUA = re.compile("[\uf700-\uf71a]")
_THAI = re.compile("[\u0e01-\u0e5b]")
_MARK_AFTER_SPACE = re.compile("\\s[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# Lost halves of sara am: "ค าน า" for "คำนำ" (a lone sara aa between spaces after a consonant).
_BROKEN_SARA_AM = re.compile("[\u0e01-\u0e2e] \u0e32(?=\\s|[\u0e01-\u0e2e])")


def page_needs_ocr(text: str) -> bool:
    """True if a page's extracted text is missing or looks broken."""
    stripped = re.sub(r"\s+", "", text)
    if len(stripped) < MIN_PAGE_CHARS:
        return True
    if _PUA.search(text) and len(_PUA.findall(text)) > len(stripped) * 0.01:
        return True
    thai = len(_THAI.findall(text))
    if thai >= 20:
        if len(_MARK_AFTER_SPACE.findall(text)) > thai * 0.02:
            return True
        if len(_BROKEN_SARA_AM.findall(text)) >= 3:
            return True
    return False


def tesseract_available() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        langs = subprocess.run(  # noqa: S603 - fixed arguments, tesseract from PATH
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "tha" in langs.split()


def ocr_image(png: bytes) -> str:
    """Thai (and English) OCR of one page image with Tesseract."""
    exe = shutil.which("tesseract")
    if not exe:
        raise _error("ocr_unavailable")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        path.write_bytes(png)
        result = subprocess.run(  # noqa: S603 - our own temp file, fixed arguments
            [
                exe,
                str(path),
                "stdout",
                "-l",
                "tha+eng",
                "--psm",
                "6",
                "-c",
                "preserve_interword_spaces=1",
            ],
            capture_output=True,
            timeout=OCR_TIMEOUT_S,
            check=False,
        )
    if result.returncode != 0:
        raise _error("ocr_unavailable")
    return result.stdout.decode("utf-8", "replace")


# --- formats ----------------------------------------------------------------------------------


def _pdf(data: bytes, ocr: bool) -> Extraction:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's load errors: 4 password, 5 unsupported security handler; 2/3 file/format.
        if getattr(exc, "err_code", None) in (4, 5):
            raise _error("encrypted") from exc
        raise _error("corrupt") from exc
    out = Extraction(file_type="pdf", text="", pages=len(pdf))
    texts = []
    can_ocr = ocr and tesseract_available()
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
            textpage.close()
            if page_needs_ocr(text):
                if can_ocr:
                    bitmap = page.render(scale=OCR_DPI / 72)
                    image = bitmap.to_pil()
                    buf = io.BytesIO()
                    image.save(buf, format="PNG")
                    text = ocr_image(buf.getvalue())
                    out.ocr_pages.append(i + 1)
                elif ocr:
                    out.warnings.append(f"page {i + 1}: needs OCR, Tesseract (tha) not installed")
            page.close()
            texts.append(text)
    finally:
        pdf.close()
    out.text = "\n".join(texts)
    return out


def _docx(data: bytes) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _error("corrupt") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return Extraction(file_type="docx", text="\n".join(parts))


def _xlsx(data: bytes) -> Extraction:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _error("corrupt") from exc
    lines = []
    try:
        for ws in wb.worksheets:
            lines.append(str(ws.title))
            for row in ws.iter_rows(values_only=True):
                cells = [str(v) for v in row if v is not None and str(v).strip()]
                if cells:
                    lines.append(" | ".join(cells))
    finally:
        wb.close()
    return Extraction(file_type="xlsx", text="\n".join(lines), pages=len(wb.sheetnames))


def _html(data: bytes) -> Extraction:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    body = soup.body or soup
    return Extraction(
        file_type="html", text=(title + "\n" + body.get_text("\n", strip=True)).strip()
    )


def extract_bytes(data: bytes, filename: str = "", *, ocr: bool = True) -> Extraction:
    """Text of one file, normalised. Raises `ExtractionError` with a clear per-file reason."""
    if len(data) > MAX_BYTES:
        raise _error("too_large")
    if not data.strip():
        raise _error("empty")
    kind = detect_type(data, filename)
    if kind == "pdf":
        result = _pdf(data, ocr)
    elif kind == "docx":
        result = _docx(data)
    elif kind == "xlsx":
        result = _xlsx(data)
    elif kind == "html":
        result = _html(data)
    elif kind == "txt":
        result = Extraction(file_type="txt", text=data.decode("utf-8", "replace"))
    elif Path(filename).suffix.lower() in {".pdf", ".docx", ".xlsx"}:
        raise _error("corrupt")
    else:
        raise _error("unsupported")
    result.text = normalise(result.text)
    if len(re.sub(r"\s+", "", result.text)) == 0:
        if kind == "pdf" and result.warnings:
            raise _error("ocr_unavailable")
        raise _error("empty")
    return result
