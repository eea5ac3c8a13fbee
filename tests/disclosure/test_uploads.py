"""Uploads through the services, the editor's file field and the many-files view; downloads with
safe headers; drafts never public."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client

from prongsai.disclosure import services
from prongsai.disclosure.models import EvidenceAttachment, EvidencePage
from prongsai.ledger.models import LedgerEntry
from tests.disclosure.conftest import make_evidence, pdf, published, upload, xlsx

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> Client:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_files_are_stored_under_random_names_with_their_hash(setup):
    page = make_evidence(setup, files=[pdf("สขร1_ต.ค.65.pdf")])
    attachment = page.attachments.get()
    assert attachment.original_name == "สขร1_ต.ค.65.pdf"
    assert attachment.upload.name.startswith("evidence/")
    assert "สขร" not in attachment.upload.name and attachment.upload.name.endswith(".pdf")
    assert default_storage.exists(attachment.upload.name)
    assert attachment.verify_stored()
    assert attachment.kind == "pdf"


def test_a_refused_file_saves_nothing(setup):
    before = EvidencePage.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_evidence(setup, files=[pdf(), services.NewFile("virus.pdf", b"MZ" + b"\x00" * 64)])
    assert "virus.pdf" in str(exc.value)
    assert EvidencePage.objects.count() == before


def test_bulk_upload_makes_one_draft_per_period_and_reports_bad_files(setup):
    files = [
        upload("สขร1_ต.ค.65.pdf", pdf().data),
        upload("สขร1_พ.ย.65.xlsx", xlsx().data),
        upload("O21_2566_03.pdf", pdf(text="three").data),
        upload("เสีย.pdf", b"%PDF-1.4 broken"),
        upload("สรุป.pdf", pdf(text="no period").data),
        upload("program.exe", b"MZ" + b"\x00" * 64),
    ]
    result = services.evidence_bulk_upload(
        user=setup.user("somchai"),
        work_group=setup.world.groups["finance"],
        item=setup.item("O21"),
        title="สรุปผลการจัดซื้อจัดจ้าง",
        uploads=files,
        submit=True,
    )
    assert sorted(p.period_key for p in result.pages) == ["2566-M01", "2566-M02", "2566-M06"]
    assert {p.title for p in result.pages} >= {"สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565"}
    assert result.submitted == 3
    assert len(result.errors) == 3
    joined = "\n".join(result.errors)
    for name in ("เสีย.pdf", "สรุป.pdf", "program.exe"):
        assert name in joined
    assert LedgerEntry.objects.filter(action="disclosure.submit").count() == 3


def test_bulk_upload_uses_the_default_period_for_unreadable_names(setup):
    result = services.evidence_bulk_upload(
        user=setup.user("somchai"),
        work_group=setup.world.groups["finance"],
        item=setup.item("O19"),
        title="แผนการจัดซื้อจัดจ้าง",
        uploads=[upload("แผน.pdf", pdf().data), upload("ภาคผนวก.pdf", pdf(text="b").data)],
        default_period="2566",
    )
    assert [p.period_key for p in result.pages] == ["2566"]
    assert result.pages[0].attachments.count() == 2 and not result.errors


def test_bulk_upload_view(setup, client):
    login(client, "somchai")
    response = client.get("/admin/disclosure/upload/")
    assert response.status_code == 200
    response = client.post(
        "/admin/disclosure/upload/",
        {
            "work_group": setup.world.groups["finance"].pk,
            "item": setup.item("O21").pk,
            "title": "สรุปผล",
            "default_period": "",
            "submit_now": "on",
            "files": [upload("สขร1_ต.ค.65.pdf", pdf().data), upload("bad.exe", b"MZ")],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "bad.exe" in body
    assert EvidencePage.objects.filter(period_key="2566-M01").exists()


def test_bulk_upload_view_is_for_work_group_members(setup, client):
    login(client, "deputy")
    response = client.get("/admin/disclosure/upload/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's refusal


def test_published_files_download_with_safe_headers(setup, client):
    page = published(setup)
    attachment = page.attachments.get()
    url = page.url + page.reverse_subpage("download", args=[attachment.key])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == attachment.open_bytes()


def test_drafts_and_their_files_are_not_public(setup, client):
    page = make_evidence(setup)
    attachment = page.attachments.get()
    assert client.get(page.url).status_code == 404
    assert client.get(page.url + f"files/{attachment.key}/").status_code == 404
    # Staff who may read the draft download it from the admin; others may not.
    url = f"/admin/disclosure/evidence/{page.pk}/files/{attachment.key}/"
    assert login(Client(), "deputy").get(url).status_code == 200
    assert "no-store" in login(Client(), "somchai").get(url)["Cache-Control"]
    assert login(Client(), "outsider").get(url).status_code == 404


def test_a_file_removed_in_a_new_version_stays_stored_for_history(setup):
    page = published(setup)
    old = page.attachments.get()
    services.evidence_revise(
        page=page, user=setup.user("somchai"), add_files=[xlsx()], remove_files=[old.sha256]
    )
    assert default_storage.exists(old.upload.name)
    assert EvidenceAttachment.objects.filter(page=page).count() == 1  # the live version still


def test_the_editor_file_field_checks_the_upload(setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment = EvidenceAttachment(upload=SimpleUploadedFile("virus.pdf", b"MZ" + b"\x00" * 64))
    with pytest.raises(ValidationError) as exc:
        attachment.clean()
    assert "virus.pdf" in str(exc.value)
    good = EvidenceAttachment(upload=SimpleUploadedFile("ok.pdf", pdf().data))
    good.clean()
    assert good.upload.name.startswith("evidence/") and good.sha256 and good.kind == "pdf"
    assert io.BytesIO(good.open_bytes()).read(5) == b"%PDF-"
