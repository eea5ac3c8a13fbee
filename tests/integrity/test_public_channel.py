"""The public complaint channel (O28): anonymous complaints, receipt codes, files, rate limits."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from prongsai.integrity.models import Case, CaseEntry, EntryKind
from tests.integrity.conftest import PDF, complaint

FORM = {
    "category": "bribery",
    "what": "เจ้าหน้าที่เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง",
    "occurred": "เมษายน 2567",
    "where": "ศาลากลาง ชั้น 2",
    "persons": "เจ้าหน้าที่ห้องออกใบอนุญาต",
    "anonymous": "1",
    "consent": "on",
}
CODE_RE = re.compile(r'id="receipt-code">([0-9A-Z-]{19})<')


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def submit(client, **changes):
    data = {**FORM, **changes}
    return client.post("/complaints/", data)


def test_form_page_explains_the_channel_and_is_not_cached(client, world):
    response = client.get("/complaints/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "ร้องเรียนการทุจริต" in body or "ทุจริต" in body
    assert "no-store" in response["Cache-Control"]


def test_anonymous_complaint_and_follow_up_by_receipt_code(client, world):
    response = submit(client)
    assert response.status_code == 200
    code = CODE_RE.search(response.content.decode()).group(1)
    case = Case.objects.get()
    assert case.anonymous and case.agency == world.agency
    assert "no-store" in response["Cache-Control"]

    response = client.post("/complaints/status/", {"code": code})
    assert response.status_code == 200
    assert case.get_status_display() in response.content.decode()
    # Lower case and spaces are fine.
    response = client.post("/complaints/status/", {"code": code.lower().replace("-", " ")})
    assert response.status_code == 200


def test_wrong_and_malformed_codes_reveal_nothing(client, world):
    complaint(world.agency)
    wrong = client.post("/complaints/status/", {"code": "ABCD-EFGH-JKMN-PQRS"})
    malformed = client.post("/complaints/status/", {"code": "ไม่ใช่รหัส"})
    assert wrong.status_code == malformed.status_code == 404

    def strip(html: str) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'value="[^"]*"', "", html)

    assert strip(wrong.content.decode()) == strip(malformed.content.decode())


def test_code_of_another_agency_is_not_found_here(client, world):
    other = complaint(world.other_agency)
    response = client.post("/complaints/status/", {"code": other.receipt_code})
    assert response.status_code == 404


def test_complainant_follows_only_their_own_case(client, world, org_chart):
    from prongsai.integrity import services

    mine = complaint(world.agency, what="เรื่องของฉัน")
    theirs = complaint(world.agency, what="เรื่องของคนอื่น")
    services.case_note_add(
        case=theirs.case,
        actor=world.users["pranee"],
        text="ข้อความถึงผู้ร้องอีกคน",
        visible_to_reporter=True,
    )
    body = client.post("/complaints/status/", {"code": mine.receipt_code}).content.decode()
    assert theirs.case.reference not in body
    assert "ข้อความถึงผู้ร้องอีกคน" not in body
    # Adding information with my code adds it to my case only.
    client.post("/complaints/status/message/", {"code": mine.receipt_code, "text": "ข้อมูลเพิ่ม"})
    assert CaseEntry.objects.filter(case=mine.case, kind=EntryKind.REPORTER_MESSAGE).count() == 1
    assert CaseEntry.objects.filter(case=theirs.case, kind=EntryKind.REPORTER_MESSAGE).count() == 0


def test_named_complaint_requires_contact(client, world):
    response = submit(client, anonymous="0", name="นายทดสอบ", phone="", email="")
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_disallowed_attachment_gets_a_thai_message_and_keeps_the_text(client, world):
    exe = SimpleUploadedFile("โปรแกรม.exe", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post("/complaints/", {**FORM, "files": [exe]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "ไม่รับไฟล์ชนิดนี้" in body and "โปรแกรม.exe" in body
    assert FORM["what"] in body  # nothing typed is lost
    assert Case.objects.count() == 0


def test_file_that_lies_about_its_type_is_refused(client, world):
    fake = SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post("/complaints/", {**FORM, "files": [fake]})
    assert response.status_code == 400
    assert "scan.pdf" in response.content.decode()


def test_oversize_attachment_is_refused(client, world, settings):
    settings.INTEGRITY_MAX_FILE_BYTES = 1000
    big = SimpleUploadedFile("ใหญ่.pdf", PDF + b"0" * 2000)
    response = client.post("/complaints/", {**FORM, "files": [big]})
    assert response.status_code == 400
    assert "ใหญ่.pdf" in response.content.decode()
    assert FORM["what"] in response.content.decode()


def test_good_attachment_is_stored_encrypted(client, world):
    good = SimpleUploadedFile("ใบเสร็จ.pdf", PDF)
    response = client.post("/complaints/", {**FORM, "files": [good]})
    assert response.status_code == 200
    case = Case.objects.get()
    stored = case.files.get()
    assert stored.content_type == "application/pdf" and stored.size > 0


def test_flood_from_one_source_is_limited_without_blocking_others(client, world, settings):
    settings.INTEGRITY_RATE_LIMITS = {"complaint": (3, 3600), "status": (30, 3600)}
    for _ in range(3):
        assert submit(client).status_code == 200
    blocked = client.post("/complaints/", FORM, REMOTE_ADDR="127.0.0.1")
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert FORM["what"] in blocked.content.decode()  # kept on the page
    assert Case.objects.count() == 3
    other = client.post("/complaints/", FORM, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200
    assert Case.objects.count() == 4


def test_status_lookups_are_limited(client, world, settings):
    settings.INTEGRITY_RATE_LIMITS = {"complaint": (5, 3600), "status": (2, 3600)}
    for _ in range(2):
        client.post("/complaints/status/", {"code": "ABCD-EFGH-JKMN-PQRS"})
    response = client.post("/complaints/status/", {"code": "ABCD-EFGH-JKMN-PQRS"})
    assert response.status_code == 429


def test_no_address_is_stored_with_a_case(client, world):
    response = client.post("/complaints/", FORM, REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 200
    from django.db import connection

    with connection.cursor() as cursor:
        dump = []
        for table in connection.introspection.table_names():
            if table.startswith(("integrity_", "ledger_")):
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - introspected names
                dump.extend(str(r) for r in cursor.fetchall())
    assert "203.0.113.77" not in "\n".join(dump)


def test_guideline_page_needs_an_approved_guideline(client, world, org_chart):
    assert client.get("/complaints/guideline/").status_code == 404
    from prongsai.integrity import services

    draft = services.guideline_save(
        actor=world.users["pranee"],
        agency=world.agency,
        responsible_unit=world.groups["hr"],
        introduction="แนวปฏิบัตินี้อธิบายการรับและจัดการเรื่องร้องเรียนการทุจริต",
        protection="ผู้ร้องได้รับความคุ้มครองตามกฎหมาย",
        other_channels="ทางไปรษณีย์\nโทรศัพท์ 1567",
    )
    services.guideline_approve(actor=world.users["deputy"], guideline=draft)
    response = client.get("/complaints/guideline/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "โทรศัพท์ 1567" in body and "กลุ่มงาน hr" in body
    assert "30" in body  # the fact-finding time frame comes from the workflow
