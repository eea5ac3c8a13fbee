"""Upload checks by content (no database): accepted types, and every refusal names the file in
Thai and English."""

from __future__ import annotations

import io
import zipfile

import pytest

from prongsai.disclosure import samples
from prongsai.disclosure.files import FileRejected, check_file, human_size
from prongsai.disclosure.views import content_disposition


def pdf_bytes(text: str = "Hello") -> bytes:
    return samples.simple_pdf([text])


def xlsx_bytes() -> bytes:
    return samples.simple_xlsx([["งาน", "วงเงิน"], ["กระดาษ", 1200]])


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("ประกาศผลการจัดซื้อจัดจ้าง")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def image_bytes(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, fmt)
    return out.getvalue()


def refused(name: str, data: bytes, **kwargs) -> FileRejected:
    with pytest.raises(FileRejected) as exc:
        check_file(name, data, **kwargs)
    error = exc.value
    assert name.rsplit("/", 1)[-1] in error.message  # the message names the file
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in error.message_th)  # and is in Thai
    assert error.message_en
    return error


@pytest.mark.parametrize(
    ("name", "maker", "kind"),
    [
        ("สขร1_ต.ค.65.pdf", pdf_bytes, "pdf"),
        ("สขร1.xlsx", xlsx_bytes, "xlsx"),
        ("ประกาศ.docx", docx_bytes, "docx"),
        ("ผังองค์กร.png", lambda: image_bytes("PNG"), "png"),
        ("ภาพ.jpg", lambda: image_bytes("JPEG"), "jpeg"),
        ("ภาพ.JPEG", lambda: image_bytes("JPEG"), "jpeg"),
        ("no-extension", pdf_bytes, "pdf"),
    ],
)
def test_accepted_types_are_read_from_the_content(name, maker, kind):
    data = maker()
    checked = check_file(f"C:\\Users\\staff\\{name}", data)
    assert checked.kind == kind
    assert checked.name == name  # the folder part is dropped
    assert checked.size == len(data) and len(checked.sha256) == 64


def test_empty_and_too_large_files_are_refused():
    assert refused("a.pdf", b"").code == "empty"
    error = refused("big.pdf", pdf_bytes(), max_bytes=100)
    assert error.code == "too_large" and "100 ไบต์" in error.message_th


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        ("report.pdf", b"\x7fELF" + b"\x00" * 200),
        ("run.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("setup.exe", pdf_bytes()),
        ("macro.js", b"alert(1)"),
    ],
)
def test_programs_and_scripts_are_refused_whatever_their_name(name, data):
    assert refused(name, data).code == "executable"


def _with_member(data: bytes, member: str, payload: bytes = b"x") -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(member, payload)
    return out.getvalue()


def test_macro_documents_are_refused():
    assert refused("budget.xlsm", xlsx_bytes()).code == "macro"
    assert refused("letter.docm", docx_bytes()).code == "macro"
    assert refused("budget.xlsx", _with_member(xlsx_bytes(), "xl/vbaProject.bin")).code == "macro"
    types = zipfile.ZipFile(io.BytesIO(xlsx_bytes())).read("[Content_Types].xml")
    enabled = types.replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = enabled if item.filename == "[Content_Types].xml" else src.read(item.filename)
            dst.writestr(item, body)
    assert refused("budget.xlsx", out.getvalue()).code == "macro"


def test_encrypted_files_are_refused():
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    assert refused("locked.pdf", out.getvalue()).code == "encrypted"
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    writer.encrypt("", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    assert refused("no-print.pdf", out.getvalue()).code == "encrypted"
    # An encrypted Office document is an OLE container holding an EncryptedPackage stream.
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    )
    assert refused("locked.xlsx", ole).code == "encrypted"


def test_legacy_office_files_are_refused():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    assert refused("old.doc", ole).code == "legacy_office"


def test_pdf_with_javascript_or_embedded_files_is_refused():
    js = samples.pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
        ]
    )
    assert refused("form.pdf", js).code == "active_content"
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    writer.add_attachment("tool.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    assert refused("bundle.pdf", out.getvalue()).code == "active_content"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cut.pdf", pdf_bytes()[:120]),
        ("cut.xlsx", xlsx_bytes()[:400]),
        ("cut.png", image_bytes("PNG")[:30]),
        ("cut.jpg", image_bytes("JPEG")[:40]),
    ],
)
def test_corrupt_files_are_refused(name, data):
    assert refused(name, data).code == "corrupt"


def test_wrong_types_and_mismatched_names_are_refused():
    assert refused("notes.txt", "บันทึก".encode()).code == "unsupported"
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("a.txt", "hello")
    assert refused("archive.zip", plain_zip.getvalue()).code == "unsupported"
    assert refused("photo.pdf", image_bytes("PNG")).code == "name_mismatch"


def test_zip_bombs_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", b"\x00" * (30 * 1024 * 1024))
    assert refused("bomb.xlsx", out.getvalue()).code == "zip_bomb"


def test_human_sizes():
    assert human_size(12) == "12 ไบต์"
    assert human_size(12, "en") == "12 bytes"
    assert human_size(1536) == "1.5 KB"
    assert human_size(25 * 1024 * 1024) == "25 MB"


def test_content_disposition_keeps_thai_names_safely():
    header = content_disposition('สขร1 ต.ค.65 "final".pdf', fallback_stem="evidence-1")
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''" in header
    assert "%E0%B8%AA" in header  # ส percent-encoded as UTF-8
    assert '"final"' not in header and "\n" not in header
    ascii_part = header.split(";")[1]
    assert ascii_part.isascii() and ascii_part.strip().endswith('.pdf"')
    assert content_disposition("report.pdf") == (
        "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
    )
