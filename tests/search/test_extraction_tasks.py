"""Files are read in the background; staff see each file's status and error."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from prongsai.search import service
from prongsai.search.models import ExtractedFile
from prongsai.search.selectors import extracted_text_for

pytestmark = pytest.mark.django_db


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture
def search_index(settings, tmp_path):
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "s.sqlite3")}
    service.reset_engine()
    yield
    service.reset_engine()


def test_a_readable_file_is_extracted_and_its_text_is_available(
    search_index, django_capture_on_commit_callbacks
) -> None:
    name = default_storage.save("docs/plan.docx", ContentFile(docx_bytes("แผนป้องกันการทุจริต ๒๕๖๖")))
    with django_capture_on_commit_callbacks(execute=True):
        row = service.extracted_file_submit(
            owner_key="demo.note:1", storage_name=name, filename="plan.docx"
        )
    row.refresh_from_db()
    assert row.status == ExtractedFile.Status.OK
    assert row.file_type == "docx"
    assert extracted_text_for("demo.note:1") == "แผนป้องกันการทุจริต 2566"


def test_a_broken_file_is_failed_with_a_reason_and_the_batch_goes_on(
    search_index, django_capture_on_commit_callbacks
) -> None:
    bad = default_storage.save("docs/bad.pdf", ContentFile(b"%PDF-1.4 nothing here"))
    good = default_storage.save("docs/good.docx", ContentFile(docx_bytes("รายงาน")))
    with django_capture_on_commit_callbacks(execute=True):
        service.extracted_file_submit(owner_key="demo.note:2", storage_name=bad, filename="bad.pdf")
        service.extracted_file_submit(
            owner_key="demo.note:2", storage_name=good, filename="good.docx"
        )
    rows = {r.filename: r for r in ExtractedFile.objects.all()}
    assert rows["bad.pdf"].status == ExtractedFile.Status.FAILED
    assert rows["bad.pdf"].error_code == "corrupt"
    assert "เสียหาย" in rows["bad.pdf"].error_th and "damaged" in rows["bad.pdf"].error_en
    assert rows["good.docx"].status == ExtractedFile.Status.OK
    assert extracted_text_for("demo.note:2") == "รายงาน"


def test_a_missing_file_is_reported(search_index, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        row = service.extracted_file_submit(
            owner_key="demo.note:3", storage_name="docs/none.pdf", filename="none.pdf"
        )
    row.refresh_from_db()
    assert row.status == ExtractedFile.Status.FAILED and row.error_code == "missing"


def test_staff_see_file_status_and_errors(client, django_user_model) -> None:
    ExtractedFile.objects.create(
        owner_key="demo.note:4",
        storage_name="docs/locked.pdf",
        filename="locked.pdf",
        status=ExtractedFile.Status.FAILED,
        error_code="encrypted",
        error_th="ไฟล์ถูกเข้ารหัสด้วยรหัสผ่าน",
        error_en="the file is protected by a password",
    )
    ExtractedFile.objects.create(
        owner_key="demo.note:5",
        storage_name="docs/scan.pdf",
        filename="scan.pdf",
        status=ExtractedFile.Status.OCR,
        pages=3,
        ocr_pages=[2, 3],
    )
    admin = django_user_model.objects.create_superuser("boss", "boss@example.go.th", "pw-123456789")
    client.force_login(admin)
    res = client.get("/admin/search/files/", {"status": "failed"})
    assert res.status_code == 200
    html = res.content.decode()
    assert "locked.pdf" in html and "ไฟล์ถูกเข้ารหัสด้วยรหัสผ่าน" in html
    assert "scan.pdf" not in html
    html = client.get("/admin/search/files/", {"status": "ocr"}).content.decode()
    assert "scan.pdf" in html and "3 (หน้าที่อ่านด้วย OCR: 2, 3)" in html
    client.logout()
    assert client.get("/admin/search/files/").status_code in (302, 403)
