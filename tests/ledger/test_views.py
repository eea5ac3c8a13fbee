"""Public ledger pages (/verify/, checkpoints, key, proofs), the template tag and the staff view."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from prongsai import ledger
from prongsai.ledger import checkpoint, merkle, services
from prongsai.ledger.forms import StaffFilterForm
from prongsai.ledger.models import LedgerEntry
from prongsai.ledger.verify import verify_proof
from prongsai.thai import bangkok_today

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 \xe0\xb8\x9b\xe0\xb8\xa3\xe0\xb8\xb0\xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa8"
PDF_SHA = hashlib.sha256(PDF).hexdigest()


@pytest.fixture
def published(world, signer, record):
    """An item submitted by staff, approved by an executive and published by PR, then signed."""
    item = world.groups["finance"]  # any model instance stands in for a disclosure item
    files = [{"sha256": PDF_SHA, "name": "ประกาศจัดซื้อ.pdf", "size": len(PDF)}]
    record(action="test.change", actor=world.users["somchai"], obj=item, data={"step": "submit"})
    record(action="test.secret", actor=world.users["pranee"], obj=item, confidential=True)
    record(action="test.change", actor=world.users["deputy"], obj=item, data={"step": "approve"})
    entry = record(
        action="test.publish",
        actor=world.users["nok"],
        obj=item,
        data={"files": files, "item": "O20", "year": 2567, "title": "ประกาศผลการจัดซื้อ"},
        content_hash=hashlib.sha256(b"content").hexdigest(),
    )
    services.checkpoint_create(force=True)
    return entry


def test_verify_page_is_thai_first(client, world):
    response = client.get(reverse("ledger-verify"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="th"' in html
    assert "ตรวจสอบเอกสารที่เผยแพร่" in html
    assert 'enctype="multipart/form-data"' in html


def test_uploading_a_published_file_shows_when_where_and_the_steps_by_role(
    client, world, published
):
    upload = io.BytesIO(PDF)
    upload.name = "mine.pdf"
    response = client.post(reverse("ledger-verify"), {"file": upload})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?sha256={PDF_SHA}")
    html = client.get(response["Location"]).content.decode()
    assert "ประกาศผลการจัดซื้อ" in html
    assert "O20" in html and "2567" in html
    assert "ประกาศจัดซื้อ.pdf" in html
    assert "ไม่มีการเปลี่ยนแปลงตั้งแต่บันทึก" in html or "Unchanged since it was recorded" in html
    # Steps by role, never by name; the confidential step is not shown.
    assert "Executive" in html or "ผู้บริหาร" in html
    for name in ("Somchai", "Deputy", "Nok", "Pranee", "somchai", "deputy"):
        assert name not in html
    assert "Secret test step" not in html
    assert reverse("ledger-proof", args=[published.seq]) in html


def test_pasting_a_hash_with_thai_digits_and_spaces_works(client, world, published):
    spaced = " ".join(PDF_SHA[i : i + 8] for i in range(0, 64, 8)).upper()
    response = client.post(reverse("ledger-verify"), {"sha256": spaced})
    assert response["Location"].endswith(PDF_SHA)


def test_an_unknown_file_is_reported_not_found(client, world, published):
    response = client.get(reverse("ledger-verify"), {"sha256": "ab" * 32})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ไม่พบ" in html or "Not found" in html


@pytest.mark.parametrize("value", ["xyz", "ab" * 31, "ก" * 64])
def test_a_bad_hash_gets_a_clear_error_and_keeps_the_input(client, world, value):
    response = client.post(reverse("ledger-verify"), {"sha256": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "64" in html


def test_an_empty_form_asks_for_a_file_or_hash(client, world):
    response = client.post(reverse("ledger-verify"), {})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_replaced_file_is_marked_as_replaced(client, world, published, record):
    newer = hashlib.sha256(b"new version").hexdigest()
    record(
        action="test.publish",
        actor=world.users["nok"],
        obj=world.groups["finance"],
        data={"files": [{"sha256": newer, "name": "v2.pdf", "size": 3}]},
    )
    html = client.get(reverse("ledger-verify"), {"sha256": PDF_SHA}).content.decode()
    assert "ถูกแทนที่ด้วยฉบับใหม่" in html
    assert "ยังเป็นฉบับปัจจุบัน" not in html


def test_later_steps_such_as_withdrawal_are_listed(client, world, published, record):
    record(action="test.change", actor=world.users["nok"], obj=world.groups["finance"])
    html = client.get(reverse("ledger-verify"), {"sha256": PDF_SHA}).content.decode()
    assert "บันทึกหลังการเผยแพร่" in html
    assert "ยังเป็นฉบับปัจจุบัน" in html  # no later version of the files


def test_the_downloaded_proof_verifies_offline(client, world, published, signer):
    response = client.get(reverse("ledger-proof", args=[published.seq]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    ok, message = verify_proof(document, signer.verifier, file_sha256=PDF_SHA)
    assert ok, message
    assert document["verifier_key"] == signer.verifier.vkey()


def test_no_proof_for_confidential_entries_or_before_a_checkpoint(client, world, published, record):
    secret = LedgerEntry.objects.get(action="test.secret")
    assert client.get(reverse("ledger-proof", args=[secret.seq])).status_code == 404
    later = record(action="test.change")
    assert client.get(reverse("ledger-proof", args=[later.seq])).status_code == 409


def test_checkpoints_json_and_text(client, world, published, signer):
    data = client.get(reverse("ledger-checkpoints")).json()
    assert data["verifier_key"] == signer.verifier.vkey()
    [cp] = data["checkpoints"]
    assert cp["size"] == published.seq
    opened = checkpoint.open_checkpoint(cp["note"], signer.verifier)
    assert opened.root.hex() == cp["root"]
    text = client.get(reverse("ledger-checkpoint"))
    assert text["Content-Type"].startswith("text/plain")
    assert text.content.decode() == cp["note"]
    assert client.get(reverse("ledger-key")).content.decode().strip() == signer.verifier.vkey()
    assert client.get(reverse("ledger-checkpoints"), {"after": "x"}).status_code == 400
    assert (
        client.get(reverse("ledger-checkpoints"), {"after": cp["size"]}).json()["checkpoints"] == []
    )


def test_no_checkpoint_yet_is_a_clear_404(client, world):
    response = client.get(reverse("ledger-checkpoint"))
    assert response.status_code == 404
    assert "ยังไม่มีจุดตรวจ" in response.content.decode()


def test_consistency_endpoint_gives_a_verifying_proof(client, settings, signer, record):
    settings.LEDGER_CHECKPOINT_EVERY = 3
    for _ in range(9):
        record()
    cps = client.get(reverse("ledger-checkpoints")).json()["checkpoints"]
    old, new = cps[0], cps[-1]
    proof = client.get(
        reverse("ledger-consistency"), {"old": old["size"], "new": new["size"]}
    ).json()
    assert merkle.verify_consistency(
        old["size"],
        new["size"],
        bytes.fromhex(old["root"]),
        bytes.fromhex(new["root"]),
        [bytes.fromhex(h) for h in proof["proof"]],
    )
    assert client.get(reverse("ledger-consistency"), {"old": 5, "new": 99}).status_code == 400


def test_ledger_entries_tag_lists_public_steps_of_an_object(world, published):
    html = Template("{% load ledger_tags %}{% ledger_entries obj %}").render(
        Context({"obj": world.groups["finance"]})
    )
    # The work group's creation, submit, approve and publish; not the confidential step.
    assert html.count("<tr>") == 5
    assert "Test publication" in html and "สร้างกลุ่มงาน" in html
    assert "Secret test step" not in html
    assert reverse("ledger-proof", args=[published.seq]) in html
    empty = Template("{% load ledger_tags %}{% ledger_entries obj %}").render(
        Context({"obj": world.users["somchai"]})
    )
    assert "<table" not in empty


# --- Staff view --------------------------------------------------------------------------------


def test_auditors_and_executives_see_their_agencys_ledger(client, world, published, record):
    record(action="test.change", agency=world.other_agency)
    client.force_login(world.users["deputy"])
    response = client.get(reverse("ledger_admin_entries"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Test publication" in html
    assert "Secret test step" in html  # staff readers see confidential entries (pseudonymous)
    seqs = [e.seq for e in response.context["entries"]]
    other = LedgerEntry.objects.get(agency_id=world.other_agency.pk, action="test.change")
    assert other.seq not in seqs


@pytest.mark.parametrize("username", ["somchai", "nok", "outsider"])
def test_other_staff_cannot_open_the_ledger(client, world, published, username):
    client.force_login(world.users[username])
    assert client.get(reverse("ledger_admin_entries")).status_code in {302, 403}
    assert client.get(reverse("ledger_admin_csv")).status_code in {302, 403}


def test_staff_view_filters_by_action_actor_unit_and_period(client, world, published):
    client.force_login(world.users["admin"])
    url = reverse("ledger_admin_entries")
    by_action = client.get(url, {"action": "test.publish"}).context["entries"]
    assert [e.seq for e in by_action] == [published.seq]
    by_actor = client.get(url, {"actor": "somchai"}).context["entries"]
    assert {e.actor for e in by_actor} == {f"u:{world.users['somchai'].pk}"}
    by_unit = client.get(url, {"unit": "กลุ่มงาน finance"}).context["entries"]
    assert by_unit and all(e.unit == "กลุ่มงาน finance" for e in by_unit)
    future = client.get(url, {"start": "1/1/2700"}).context["entries"]
    assert future == []
    bad = client.get(url, {"start": "2025-02-01", "end": "2025-01-01"})
    assert bad.context["entries"] == []
    assert "end date is before" in bad.content.decode() or "ก่อนวันเริ่ม" in bad.content.decode()


def test_csv_export_is_utf8_with_bom_and_is_itself_recorded(client, world, published):
    client.force_login(world.users["deputy"])
    response = client.get(reverse("ledger_admin_csv"), {"action": "test.publish"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["seq", "ts", "action"]
    assert [r[0] for r in rows[1:]] == [str(published.seq)]
    assert "ประกาศผลการจัดซื้อ" in rows[1][11]
    export = LedgerEntry.objects.get(action="ledger.export")
    assert export.actor == f"u:{world.users['deputy'].pk}"
    assert export.data == {"filters": {"action": "test.publish"}}


def test_admin_menu_shows_the_ledger_only_to_readers(client, world):
    client.force_login(world.users["deputy"])
    assert (
        reverse("ledger_admin_entries") in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(world.users["somchai"])
    assert (
        reverse("ledger_admin_entries")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_record_is_cheap_in_queries(world, django_assert_max_num_queries):
    from django.db import transaction

    # Lock and read the head, insert the entry, update the head (+ the savepoint and its release).
    with django_assert_max_num_queries(5), transaction.atomic():
        ledger.record(action="test.change", actor=None, agency=world.agency)


def _be(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year + 543}"


def test_staff_type_the_period_in_the_buddhist_era(client, world, published):
    client.force_login(world.users["admin"])
    url = reverse("ledger_admin_entries")
    today = bangkok_today()
    on_the_day = client.get(url, {"start": _be(today), "end": _be(today)})
    assert published.seq in [e.seq for e in on_the_day.context["entries"]]
    assert on_the_day.context["form"].cleaned_data["start"] == today
    tomorrow = today + dt.timedelta(days=1)
    assert client.get(url, {"start": _be(tomorrow)}).context["entries"] == []
    html = on_the_day.content.decode()
    assert f'name="start" value="{_be(today)}"' in html and 'type="date"' not in html
    assert "เช่น 1/10/2566" in html


def test_a_bad_period_date_is_explained_and_the_other_filters_stay(client, world, published):
    client.force_login(world.users["admin"])
    response = client.get(
        reverse("ledger_admin_entries"), {"actor": "somchai", "start": "31/2/2567"}
    )
    html = response.content.decode()
    assert response.context["entries"] == []
    assert "ไม่มีวันที่นี้ในปฏิทิน" in html
    assert 'value="31/2/2567"' in html and 'value="somchai"' in html
    with translation.override("en"):
        form = StaffFilterForm({"actor": "somchai", "start": "31/2/2567"})
        assert not form.is_valid()
        assert "no such day in the calendar" in form.errors["start"][0]


def test_the_filter_shows_a_given_date_in_the_buddhist_era():
    form = StaffFilterForm(initial={"start": dt.date(2023, 10, 1)})
    assert 'value="1/10/2566"' in str(form["start"])
