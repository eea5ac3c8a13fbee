"""Retention, metadata stripping, and confidential data kept out of search and public pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from prongsai.integrity import retention, services
from prongsai.integrity.models import Case, CaseEntry, CaseFile, CaseStatus
from prongsai.integrity.uploads import check_upload
from prongsai.ledger.models import LedgerEntry
from tests.integrity.conftest import complaint, pdf


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Somchai the photographer"  # Artist
    exif[0x0112] = 6  # rotated
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_picture_metadata_is_removed_and_the_picture_kept_upright():
    data = _jpeg_with_exif()
    assert b"Somchai the photographer" in data
    cleaned = check_upload("photo.jpg", data)
    assert b"Somchai the photographer" not in cleaned.data
    image = Image.open(io.BytesIO(cleaned.data))
    assert image.size == (30, 40) and not image.getexif()


def test_word_author_and_company_are_removed():
    import docx

    document = docx.Document()
    document.add_paragraph("หลักฐานการเรียกรับเงิน")
    document.core_properties.author = "นางสาวผู้ร้อง ลับมาก"
    document.core_properties.last_modified_by = "นางสาวผู้ร้อง ลับมาก"
    raw = io.BytesIO()
    document.save(raw)
    cleaned = check_upload("หลักฐาน.docx", raw.getvalue())
    reopened = docx.Document(io.BytesIO(cleaned.data))
    assert reopened.core_properties.author == ""
    assert reopened.core_properties.last_modified_by == ""
    assert reopened.paragraphs[0].text == "หลักฐานการเรียกรับเงิน"


def test_macro_documents_and_broken_pictures_are_refused():
    import zipfile

    from django.core.exceptions import ValidationError

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(ValidationError) as exc:
        check_upload("macro.docx", raw.getvalue())
    assert "มาโคร" in str(exc.value)
    with pytest.raises(ValidationError):
        check_upload("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)


def test_closed_cases_are_erased_after_the_retention_period(org_chart, settings):
    settings.INTEGRITY_RETENTION_DAYS = 30
    u = org_chart.user
    old = complaint(org_chart.agency, what="ข้อความที่ต้องถูกลบ", files=[pdf()])
    services.case_note_add(case=old.case, actor=u("pranee"), text="บันทึกที่ต้องถูกลบ")
    services.case_route(
        case=old.case,
        actor=u("pranee"),
        to_position=org_chart.positions["chief"],
        reason="ขอความเห็นหัวหน้าสำนักงาน",
    )
    services.case_request_close(
        case=old.case, actor=u("pranee"), outcome="unsubstantiated", text="ไม่มีมูล"
    )
    services.case_confirm_close(case=old.case, actor=u("chief"))
    recent = complaint(org_chart.agency, what="เรื่องที่ยังเปิดอยู่")
    storage_name = CaseFile.objects.get(case=old.case).storage_name
    Case.objects.filter(pk=old.case.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert retention.purge_expired() == 1
    assert retention.purge_expired() == 0
    case = Case.objects.get(pk=old.case.pk)
    assert case.purged_at and case.content_enc == "" and case.identity_enc == ""
    assert not CaseFile.objects.filter(case=case).exists()
    assert not default_storage.exists(storage_name)
    assert not CaseEntry.objects.filter(case=case).exclude(text_enc="").exists()
    assert case.status == CaseStatus.CLOSED and case.category == "bribery"  # statistics remain
    assert LedgerEntry.objects.filter(action="integrity.case_purge").count() == 1
    # Someone with a part can still open it and sees that it was erased.
    opened = services.case_open(case=case, actor=u("pranee"))
    assert opened.content == {}
    assert services.case_identity_view(case=case, actor=u("pranee")) == {"kind": "erased"}
    assert Case.objects.get(pk=recent.case.pk).purged_at is None


def test_cases_can_never_be_registered_for_search():
    from prongsai import search
    from prongsai.integrity.models import CaseEntry as Entry
    from prongsai.search.registry import registrations

    with pytest.raises(search.ConfidentialRegistrationError):
        search.register(Case, to_document=lambda c: None)
    with pytest.raises(search.ConfidentialRegistrationError):
        search.register(Entry, to_document=lambda c: None)
    assert not [r for r in registrations() if r.label.startswith("integrity.case")]


def test_case_steps_never_reach_public_ledger_pages(client, org_chart):
    from prongsai.ledger import selectors as ledger_selectors

    sub = complaint(org_chart.agency)
    services.case_note_add(case=sub.case, actor=org_chart.user("pranee"), text="บันทึก")
    assert LedgerEntry.objects.filter(action__startswith="integrity.case").count() >= 2
    assert not ledger_selectors.public_entries().filter(action__startswith="integrity.case")
    seq = LedgerEntry.objects.filter(action="integrity.case_submit").first().seq
    assert client.get(f"/verify/entry/{seq}/proof.json").status_code == 404


def _pdf_with_author_scripts_and_attachment() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 10 50 Td (Receipt 4500 baht) Tj ET")
    page.obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    )
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 50, 50],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="http://tracker.example/reporter"),
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(2)")
    pdf.attachments["secret.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden payload")
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = ["Reporter Somsri"]
    pdf.docinfo["/Author"] = "Reporter Somsri"
    pdf.docinfo["/Producer"] = "Somsri's laptop"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_pdf_metadata_and_active_content_are_removed_and_the_text_kept():
    import pikepdf
    import pypdfium2 as pdfium

    from prongsai.integrity.uploads import pdf_active_parts

    data = _pdf_with_author_scripts_and_attachment()
    assert {"/OpenAction", "/JS", "/AA", "/EmbeddedFiles", "/URI"} <= pdf_active_parts(data)
    cleaned = check_upload("ใบเสร็จ.pdf", data).data
    assert b"Somsri" not in cleaned and b"hidden payload" not in cleaned
    assert pdf_active_parts(cleaned) == set()
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
        assert len(pdf.attachments) == 0 and len(pdf.pages) == 1
    document = pdfium.PdfDocument(cleaned)
    assert "Receipt 4500 baht" in document[0].get_textpage().get_text_range()
    document.close()


def test_broken_and_password_protected_pdfs_are_refused_by_name():
    import pikepdf
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        check_upload("เสีย.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 20)
    assert "เสีย.pdf" in str(exc.value) and "PDF" in str(exc.value)
    locked = io.BytesIO()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(ValidationError) as exc:
        check_upload("ล็อก.pdf", locked.getvalue())
    assert "รหัสผ่าน" in str(exc.value)
