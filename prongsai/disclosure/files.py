"""Check an uploaded file by its content before it is stored: type, size, integrity, active content.

Evidence may be PDF, DOCX, XLSX, PNG or JPEG. The type is read from the bytes (magic numbers),
then the file is parsed with the library that reads that type, so a renamed, truncated or
corrupt file is refused. Refused outright:

* executables and scripts (PE ``MZ``, ELF, Mach-O, ``#!``), whatever the name says;
* macro documents: a name ending ``.docm``/``.xlsm``/…, a ``vbaProject.bin`` (or other VBA or
  ActiveX part) inside the package, or a macro-enabled content type;
* encrypted files: password-protected PDF, encrypted OOXML (an OLE container with an
  ``EncryptedPackage``), ZIP entries with the encryption flag;
* legacy OLE Office files (``.doc``/``.xls``), which may hold macros and cannot be checked;
* PDF with document JavaScript or embedded files;
* ZIP bombs (too many or too large members, or an extreme compression ratio) and image bombs.

No Django: ``check_file`` raises ``FileRejected`` whose message names the file, in Thai and in
English, and the caller decides how to show it.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from prongsai.core import antivirus

__all__ = [
    "ALLOWED_KINDS",
    "DEFAULT_MAX_BYTES",
    "CheckedFile",
    "FileRejected",
    "check_file",
    "human_size",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# kind -> (MIME type, extension, label for people)
ALLOWED_KINDS: dict[str, tuple[str, str, str]] = {
    "pdf": ("application/pdf", "pdf", "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "Word (DOCX)",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        "Excel (XLSX)",
    ),
    "png": ("image/png", "png", "PNG"),
    "jpeg": ("image/jpeg", "jpg", "JPEG"),
}
_NAME_EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "png": {"png"},
    "jpeg": {"jpg", "jpeg", "jpe"},
}
_MACRO_EXTENSIONS = {"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam", "sldm"}
_EXECUTABLE_EXTENSIONS = {
    "exe", "com", "bat", "cmd", "msi", "msp", "dll", "scr", "cpl", "pif", "js", "jse", "vbs",
    "vbe", "wsf", "wsh", "ps1", "psm1", "sh", "bash", "jar", "apk", "app", "dmg", "deb", "rpm",
    "hta", "lnk", "reg", "py", "pl", "rb", "php", "elf", "bin", "run", "iso", "img",
}  # fmt: skip
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "activex", "vbaprojectsignature")
_MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"ms-office.vbaproject", b"activex")

_MAX_ZIP_MEMBERS = 5000
_MAX_ZIP_UNCOMPRESSED = 300 * 1024 * 1024
_MAX_ZIP_RATIO = 200
_MAX_IMAGE_PIXELS = 80_000_000
# Action dictionaries that run code or programs when seen uncompressed (objects inside
# compressed object streams are seen by pdfium's document-JavaScript count only).
_PDF_ACTIVE_RE = re.compile(rb"/S\s*/(?:JavaScript|Launch)\b|/JS\s*[(<]")


class FileRejected(ValueError):
    """An upload that may not be stored. ``code`` is stable for tests and logs."""

    def __init__(self, name: str, code: str, message_th: str, message_en: str) -> None:
        self.name = name
        self.code = code
        self.message_th = message_th
        self.message_en = message_en
        super().__init__(f"{name}: {message_th} ({message_en})")

    @property
    def message(self) -> str:
        return f"ไฟล์ “{self.name}”: {self.message_th} (file “{self.name}”: {self.message_en})"


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the name as uploaded (folder part removed)
    kind: str  # a key of ALLOWED_KINDS
    size: int
    sha256: str

    @property
    def mime(self) -> str:
        return ALLOWED_KINDS[self.kind][0]

    @property
    def extension(self) -> str:
        return ALLOWED_KINDS[self.kind][1]

    @property
    def label(self) -> str:
        return ALLOWED_KINDS[self.kind][2]


def human_size(size: int, lang: str = "th") -> str:
    """``1.5 MB``, ``820 KB``, ``12 ไบต์`` / ``12 bytes``."""
    if size < 1024:
        return f"{size} ไบต์" if lang == "th" else f"{size} bytes"
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"
            return f"{text} {unit}"
    return f"{size} bytes"  # pragma: no cover - unreachable


def _base_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base or "file"


def _extension(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def _reject(name: str, code: str, th: str, en: str) -> FileRejected:
    return FileRejected(name, code, th, en)


def _sniff(data: bytes) -> str:
    """The kind the bytes look like; "" when unknown. Executables are named as such."""
    head = data[:16]
    if head.startswith(b"MZ"):
        return "exe"
    if head.startswith(b"\x7fELF"):
        return "exe"
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
    ):
        return "exe"
    if head.startswith(b"#!"):
        return "script"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    # PDF readers accept the header anywhere in the first 1024 bytes.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return ""


def check_file(name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedFile:
    """Check one upload; return what it is, or raise ``FileRejected`` naming the file."""
    name = _base_name(name)
    size = len(data)
    if size == 0:
        raise _reject(name, "empty", "ไฟล์ว่างเปล่า ไม่มีข้อมูล", "the file is empty")
    if size > max_bytes:
        raise _reject(
            name,
            "too_large",
            f"ไฟล์มีขนาด {human_size(size)} เกินขนาดสูงสุดที่รับได้ {human_size(max_bytes)}",
            f"the file is {human_size(size, 'en')}, larger than the "
            f"{human_size(max_bytes, 'en')} allowed",
        )
    ext = _extension(name)
    if ext in _MACRO_EXTENSIONS:
        raise _reject(
            name,
            "macro",
            "เอกสารที่มีมาโครไม่รับ กรุณาบันทึกเป็น PDF, DOCX หรือ XLSX ที่ไม่มีมาโคร",
            "documents with macros are not accepted; save it as PDF, DOCX or XLSX without macros",
        )
    sniffed = _sniff(data)
    if sniffed in ("exe", "script") or ext in _EXECUTABLE_EXTENSIONS:
        raise _reject(
            name,
            "executable",
            "ไฟล์โปรแกรมหรือสคริปต์ไม่อนุญาตให้อัปโหลด",
            "programs and scripts may not be uploaded",
        )
    if sniffed == "ole":
        _check_ole(name, data)
    if sniffed == "zip":
        kind = _check_ooxml(name, data)
    elif sniffed == "pdf":
        _check_pdf(name, data)
        kind = "pdf"
    elif sniffed in ("png", "jpeg"):
        _check_image(name, data, sniffed)
        kind = sniffed
    else:
        raise _reject(
            name,
            "unsupported",
            "ชนิดไฟล์ไม่รองรับ รับเฉพาะ PDF, DOCX, XLSX, PNG และ JPEG (ตรวจจากเนื้อไฟล์ ไม่ใช่ชื่อไฟล์)",
            "unsupported file type; only PDF, DOCX, XLSX, PNG and JPEG are accepted "
            "(checked by content, not by name)",
        )
    if ext and ext not in _NAME_EXTENSIONS[kind]:
        label = ALLOWED_KINDS[kind][2]
        raise _reject(
            name,
            "name_mismatch",
            f"เนื้อไฟล์เป็น {label} แต่ชื่อไฟล์ลงท้ายด้วย .{ext} กรุณาแก้ชื่อไฟล์ให้ตรงกับชนิด",
            f"the content is {label} but the name ends in .{ext}; rename the file to match",
        )
    _scan(name, data)
    return CheckedFile(name=name, kind=kind, size=size, sha256=hashlib.sha256(data).hexdigest())


def _scan(name: str, data: bytes) -> None:
    """Refuse what clamd finds, and everything while a configured clamd cannot answer."""
    refused = antivirus.refusal(data)
    if refused:
        raise _reject(name, *refused)


# --------------------------------------------------------------------------- per type


def _corrupt(name: str, what: str) -> FileRejected:
    return _reject(
        name,
        "corrupt",
        f"ไฟล์ {what} เสียหายหรือไม่สมบูรณ์ เปิดอ่านไม่ได้",
        f"the {what} file is damaged or incomplete and cannot be read",
    )


def _encrypted(name: str) -> FileRejected:
    return _reject(
        name,
        "encrypted",
        "ไฟล์ถูกเข้ารหัสหรือตั้งรหัสผ่านไว้ ประชาชนจะเปิดอ่านไม่ได้ กรุณาเอารหัสผ่านออกก่อนอัปโหลด",
        "the file is encrypted or password-protected, so the public could not open it; "
        "remove the password before uploading",
    )


def _check_ole(name: str, data: bytes) -> None:
    # Encrypted OOXML documents are OLE containers with these stream names (UTF-16LE).
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        raise _encrypted(name)
    raise _reject(
        name,
        "legacy_office",
        "ไฟล์ Office รุ่นเก่า (.doc/.xls) อาจมีมาโครและตรวจไม่ได้ กรุณาบันทึกเป็น PDF, DOCX หรือ XLSX",
        "old Office files (.doc/.xls) may hold macros and cannot be checked; "
        "save it as PDF, DOCX or XLSX",
    )


def _check_pdf(name: str, data: bytes) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (
            pdfium_c.FPDF_ERR_PASSWORD,
            pdfium_c.FPDF_ERR_SECURITY,
        ):
            raise _encrypted(name) from exc
        raise _corrupt(name, "PDF") from exc
    try:
        if len(pdf) < 1:
            raise _corrupt(name, "PDF")
        # A PDF that opens without a password may still carry an owner password (encryption).
        if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
            raise _encrypted(name)
        if pdfium_c.FPDFDoc_GetJavaScriptActionCount(pdf.raw) > 0 or _PDF_ACTIVE_RE.search(data):
            raise _reject(
                name,
                "active_content",
                "ไฟล์ PDF มีสคริปต์หรือคำสั่งเปิดโปรแกรมฝังอยู่ ไม่อนุญาตให้เผยแพร่",
                "the PDF holds JavaScript or a launch action, which may not be published",
            )
        if pdf.count_attachments() > 0:
            raise _reject(
                name,
                "active_content",
                "ไฟล์ PDF มีไฟล์อื่นฝังอยู่ภายใน กรุณาแยกไฟล์แนบออกก่อนอัปโหลด",
                "the PDF has other files embedded in it; upload them separately",
            )
        try:
            pdf[0].close()
        except pdfium.PdfiumError as exc:
            raise _corrupt(name, "PDF") from exc
    finally:
        pdf.close()


def _check_ooxml(name: str, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _corrupt(name, "ZIP/Office") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > _MAX_ZIP_MEMBERS:
            raise _reject(name, "zip_bomb", "ไฟล์มีส่วนประกอบมากผิดปกติ", "too many parts inside")
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > _MAX_ZIP_UNCOMPRESSED or total / packed > _MAX_ZIP_RATIO:
            raise _reject(
                name,
                "zip_bomb",
                "ไฟล์ขยายตัวใหญ่ผิดปกติเมื่อแตกไฟล์ (อาจเป็นไฟล์อันตราย)",
                "the file expands to an abnormal size (possible zip bomb)",
            )
        if any(i.flag_bits & 0x1 for i in infos):
            raise _encrypted(name)
        names = {i.filename.lower() for i in infos}
        if any(part in n for n in names for part in _MACRO_PARTS):
            raise _reject(
                name,
                "macro",
                "เอกสารมีมาโคร (VBA) หรือ ActiveX ฝังอยู่ ไม่อนุญาตให้เผยแพร่",
                "the document holds macros (VBA) or ActiveX, which may not be published",
            )
        if "[content_types].xml" not in names:
            raise _reject(
                name,
                "unsupported",
                "ไฟล์ ZIP ไม่ใช่เอกสาร DOCX หรือ XLSX",
                "a ZIP archive that is not a DOCX or XLSX document",
            )
        try:
            types = archive.read("[Content_Types].xml").lower()
            bad = archive.testzip()
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as exc:
            raise _corrupt(name, "Office") from exc
        if bad is not None:
            raise _corrupt(name, "Office")
        if any(marker in types for marker in _MACRO_CONTENT_TYPES):
            raise _reject(
                name,
                "macro",
                "เอกสารเป็นชนิดที่เปิดใช้มาโคร ไม่อนุญาตให้เผยแพร่",
                "the document is macro-enabled, which may not be published",
            )
        if "word/document.xml" in names:
            kind = "docx"
        elif "xl/workbook.xml" in names:
            kind = "xlsx"
        else:
            raise _reject(
                name,
                "unsupported",
                "เอกสาร Office ชนิดนี้ไม่รองรับ รับเฉพาะ DOCX และ XLSX",
                "this kind of Office document is not accepted; only DOCX and XLSX",
            )
    _parse_office(name, data, kind)
    return kind


def _parse_office(name: str, data: bytes, kind: str) -> None:
    try:
        if kind == "docx":
            import docx

            docx.Document(io.BytesIO(data))
        else:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            book.close()
    except Exception as exc:  # noqa: BLE001 - any parser failure means the file is unreadable
        raise _corrupt(name, ALLOWED_KINDS[kind][2]) from exc


def _check_image(name: str, data: bytes, kind: str) -> None:
    import warnings

    from PIL import Image

    label = ALLOWED_KINDS[kind][2]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > _MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _reject(
            name,
            "image_bomb",
            "รูปภาพมีจำนวนพิกเซลมากผิดปกติ",
            "the image has an abnormal number of pixels",
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any decoder failure means the file is unreadable
        raise _corrupt(name, label) from exc
