"""Checks of evidence files sent with a report or complaint: size, count, and type by content.

The extension must be on the allow-list *and* the content must be what the extension says
(``filetype`` reads the magic bytes); Office files are opened as ZIP archives and refused when
they carry macros, when they would expand too much, or when they are not really Office files.
Every refusal names the file, in Thai and English.

Accepted files are then stripped of what could identify their author (ASVS 5.0 14.2.8): EXIF and
other metadata of pictures (GPS position, camera owner), and the author, company and editor
fields of Word and Excel files, and a PDF's document information and XMP metadata (author,
creator tool, editing history) together with anything active or hidden in it (scripts, actions on
opening, embedded files, forms): a PDF is rewritten by qpdf (pikepdf) keeping only the page tree
and what displays it. The people handling a case see the evidence, never who made the file.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

from prongsai.core import antivirus

# extension -> (accepted sniffed MIME types, type served back)
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "pdf": (frozenset({"application/pdf"}), "application/pdf"),
    "jpg": (frozenset({"image/jpeg"}), "image/jpeg"),
    "jpeg": (frozenset({"image/jpeg"}), "image/jpeg"),
    "png": (frozenset({"image/png"}), "image/png"),
    "webp": (frozenset({"image/webp"}), "image/webp"),
    "docx": (
        frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "mp3": (frozenset({"audio/mpeg"}), "audio/mpeg"),
    "m4a": (frozenset({"audio/mp4", "audio/m4a", "video/mp4"}), "audio/mp4"),
    "mp4": (frozenset({"video/mp4"}), "video/mp4"),
    "txt": (frozenset(), "text/plain; charset=utf-8"),
}
OOXML = {"docx": "word/", "xlsx": "xl/"}
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100


def max_file_bytes() -> int:
    return int(getattr(settings, "INTEGRITY_MAX_FILE_BYTES", 10 * 1024 * 1024))


def max_files() -> int:
    return int(getattr(settings, "INTEGRITY_MAX_FILES", 5))


def accept_attribute() -> str:
    return ",".join(f".{ext}" for ext in ALLOWED)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    data: bytes
    content_type: str


def display_name(name: str) -> str:
    """The last path part of a user-given name, without control characters, at most 150 long."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(
        ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C"
    )
    base = base.strip().strip(".") or "file"
    if len(base) > 150:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:140] + dot + ext) if dot and len(ext) <= 8 else base[:150]
    return base


def _error(name: str, th: str, en: str) -> ValidationError:
    return ValidationError(f"{name}: {th} ({en})", code="upload")


def _check_ooxml(name: str, data: bytes, ext: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise _error(
            name, "ไฟล์เสียหรือไม่ใช่ไฟล์ Office", "the file is damaged or not an Office file"
        ) from None
    names = {i.filename for i in infos}
    if len(infos) > ZIP_MAX_ENTRIES:
        raise _error(name, "มีส่วนประกอบภายในมากเกินไป", "too many parts inside the file")
    total = sum(i.file_size for i in infos)
    if total > ZIP_MAX_UNCOMPRESSED or total > ZIP_MAX_RATIO * max(len(data), 1):
        raise _error(name, "ขยายตัวมากผิดปกติเมื่อเปิด", "the file expands abnormally when opened")
    if "[Content_Types].xml" not in names or not any(n.startswith(OOXML[ext]) for n in names):
        raise _error(name, "ไม่ใช่ไฟล์ Word หรือ Excel ที่ถูกต้อง", "not a valid Word or Excel file")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _error(name, "มีมาโคร (macro) ซึ่งไม่รับ", "it contains macros, which are not accepted")


def check_upload(name: str, data: bytes) -> CheckedFile:
    """A checked file, or ValidationError naming the file and the reason (Thai and English)."""
    shown = display_name(name)
    if not data:
        raise _error(shown, "ไฟล์ว่างเปล่า", "the file is empty")
    limit = max_file_bytes()
    if len(data) > limit:
        raise _error(
            shown,
            f"ไฟล์ใหญ่เกิน {limit // (1024 * 1024)} MB",
            f"the file is larger than {limit // (1024 * 1024)} MB",
        )
    ext = shown.rpartition(".")[2].lower() if "." in shown else ""
    if ext not in ALLOWED:
        allowed = ", ".join(sorted(ALLOWED))
        raise _error(
            shown,
            f"ไม่รับไฟล์ชนิดนี้ รับเฉพาะ {allowed}",
            f"this type of file is not accepted; accepted: {allowed}",
        )
    accepted, served = ALLOWED[ext]
    if ext == "txt":
        if b"\x00" in data:
            raise _error(shown, "ไม่ใช่ไฟล์ข้อความ", "not a text file")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise _error(shown, "ต้องเป็นข้อความ UTF-8", "text files must be UTF-8") from None
        _scan(shown, data)
        return CheckedFile(shown, data, served)
    kind = filetype.guess(data)
    if kind is None or kind.mime not in accepted:
        raise _error(
            shown,
            f"เนื้อไฟล์ไม่ใช่ .{ext} ตามนามสกุล",
            f"the content is not a .{ext} file as its name says",
        )
    if ext in OOXML:
        _check_ooxml(shown, data, ext)
    _scan(shown, data)
    if ext in OOXML:
        data = _strip_ooxml(data)
    elif ext in IMAGES:
        data = _strip_image(shown, data, ext)
    elif ext == "pdf":
        data = _strip_pdf(shown, data)
    return CheckedFile(shown, data, served)


# What a PDF's catalogue may keep: the pages and how they are shown. Everything else (/Metadata,
# /OpenAction, /AA, /Names with its JavaScript and embedded files, /AcroForm, /AF, /Outlines
# with their actions, /StructTreeRoot's author notes…) is dropped; /Info is removed from the
# trailer.
PDF_ROOT_KEYS = frozenset({"/Type", "/Pages", "/PageLayout", "/PageMode", "/Lang", "/Version"})
PDF_PAGE_DROP = ("/AA", "/Annots", "/Metadata", "/PieceInfo", "/Thumb")
# The pdfid triage list: no object of the cleaned file may have these keys or be of these types.
PDF_ACTIVE = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/URI",
    }
)


def pdf_active_parts(data: bytes) -> set[str]:
    """The triage names found anywhere in a PDF's objects, direct ones included (keys, and
    /Type and /S values); empty when clean."""
    import pikepdf

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def walk(obj: object, depth: int = 0) -> None:
        if depth > 100:
            return
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                return
            seen.add(obj.objgen)
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            found.update(set(obj.keys()) & PDF_ACTIVE)
            for key in ("/Type", "/S"):
                value = obj.get(key)
                if isinstance(value, pikepdf.Name) and str(value) in PDF_ACTIVE:
                    found.add(str(value))
            for _key, value in obj.items():
                walk(value, depth + 1)
        elif isinstance(obj, pikepdf.Array):
            for value in obj:
                walk(value, depth + 1)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        walk(pdf.trailer)
        for obj in pdf.objects:
            walk(obj)
    return found


def _strip_pdf(name: str, data: bytes) -> bytes:
    """Rewrite a PDF with only its pages: no metadata, no scripts, forms, links or attachments."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for key in list(pdf.Root.keys()):
                if key not in PDF_ROOT_KEYS:
                    del pdf.Root[key]
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            for page in pdf.pages:
                for key in PDF_PAGE_DROP:
                    if key in page.obj:
                        del page.obj[key]
            pdf.remove_unreferenced_resources()
            out = io.BytesIO()
            pdf.save(
                out,
                fix_metadata_version=False,
                deterministic_id=True,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
                compress_streams=True,
            )
    except pikepdf.PasswordError:
        raise _error(
            name, "ไฟล์ PDF ถูกตั้งรหัสผ่าน กรุณาส่งฉบับที่ไม่มีรหัสผ่าน", "the PDF is password-protected"
        ) from None
    except (pikepdf.PdfError, ValueError, RuntimeError):
        raise _error(name, "เปิดไฟล์ PDF ไม่ได้ ไฟล์อาจเสียหาย", "the PDF cannot be opened") from None
    cleaned = out.getvalue()
    if pdf_active_parts(cleaned):
        # An active keyword inside a content stream we cannot rewrite safely: refuse rather
        # than keep something that could act when a handler opens the file.
        raise _error(
            name,
            "ไฟล์ PDF มีส่วนที่ทำงานได้เอง (สคริปต์หรือไฟล์แนบ) ที่ลบออกไม่ได้",
            "the PDF has active content (scripts or attachments) that cannot be removed",
        )
    return cleaned


def _scan(name: str, data: bytes) -> None:
    """Refuse what clamd finds, and every file while a configured clamd cannot answer (the rest
    of the report or complaint is kept; the sender is told to send the file again later)."""
    refused = antivirus.refusal(data)
    if refused:
        _code, th, en = refused
        raise _error(name, th, en)


IMAGES = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
_EMPTY_PARTS = {
    "docProps/core.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>'
    ),
    "docProps/app.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"></Properties>'
    ),
    "docProps/custom.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties"></Properties>'
    ),
}


def _strip_ooxml(data: bytes) -> bytes:
    """Rewrite the document properties (author, last editor, company, custom fields) empty."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in _EMPTY_PARTS:
                content = _EMPTY_PARTS[info.filename].encode("utf-8")
            target.writestr(info.filename, content)
    return out.getvalue()


def _strip_image(name: str, data: bytes, ext: str) -> bytes:
    """Re-encode a picture without EXIF, XMP or text chunks (turned upright first)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            clean = upright.copy()
            clean.info = {}
            out = io.BytesIO()
            options = {"quality": 92} if IMAGES[ext] in ("JPEG", "WEBP") else {}
            if upright.mode == "P" and "transparency" in upright.info:
                options["transparency"] = upright.info["transparency"]
            clean.save(out, IMAGES[ext], **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise _error(name, "เปิดรูปภาพไม่ได้ ไฟล์อาจเสียหาย", "the picture cannot be opened") from None


def check_uploads(
    files: list[tuple[str, bytes]],
) -> tuple[list[CheckedFile], list[ValidationError]]:
    """Check every file; returns the good ones and one error per bad one (none is dropped silently)."""
    good: list[CheckedFile] = []
    errors: list[ValidationError] = []
    if len(files) > max_files():
        errors.append(
            ValidationError(
                f"แนบได้ไม่เกิน {max_files()} ไฟล์ (at most {max_files()} files)", code="upload"
            )
        )
        return good, errors
    for name, data in files:
        try:
            good.append(check_upload(name, data))
        except ValidationError as exc:
            errors.append(exc)
    return good, errors
