"""Encryption helpers, receipt codes and key rotation."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from prongsai.integrity import crypto, receipts, selectors, services
from prongsai.integrity.models import Case
from tests.integrity.conftest import complaint, pdf, report

KEY = crypto.new_key()


def test_round_trip_and_binding_to_its_place():
    ring = crypto.Keyring.from_text(KEY)
    token = ring.encrypt_text("ข้อความลับ", "case:1:content")
    assert "ข้อความลับ" not in token and token.startswith("v1.")
    assert ring.decrypt_text(token, "case:1:content") == "ข้อความลับ"
    with pytest.raises(crypto.DecryptionError):
        ring.decrypt_text(token, "case:2:content")
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(crypto.DecryptionError):
        ring.decrypt_text(tampered, "case:1:content")


def test_bad_keys_are_refused_in_thai_and_english():
    with pytest.raises(crypto.EncryptionKeyError) as exc:
        crypto.Keyring.from_text("")
    assert "integrity_keygen" in str(exc.value)
    with pytest.raises(crypto.EncryptionKeyError):
        crypto.Keyring.from_text("c2hvcnQ=")


def test_a_rotated_out_key_names_the_missing_key():
    old = crypto.Keyring.from_text(KEY)
    token = old.encrypt(b"x", "a")
    with pytest.raises(crypto.DecryptionError) as exc:
        crypto.Keyring.from_text(crypto.new_key()).decrypt(token, "a")
    assert old.primary_id in str(exc.value)


@given(st.text(alphabet=receipts.ALPHABET, min_size=16, max_size=16))
def test_receipt_codes_normalise_however_they_are_typed(raw):
    code = receipts.format_code(raw)
    assert receipts.normalise(code) == raw
    assert receipts.normalise(code.lower().replace("-", " ")) == raw
    thai = raw.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert receipts.normalise(thai) == raw


def test_receipt_codes_are_random_and_well_formed():
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(receipts.normalise(c) for c in codes)
    assert receipts.normalise("O0IL-1111-2222-3333") == "0011111122223333"
    assert receipts.normalise("ABCD") is None


def test_keygen_never_overwrites(tmp_path, settings):
    settings.INTEGRITY_ENCRYPTION_KEY = ""
    settings.VAR_DIR = tmp_path
    call_command("integrity_keygen", "--if-missing")
    key_file = tmp_path / crypto.KEY_FILE_NAME
    first = key_file.read_text()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    call_command("integrity_keygen", "--if-missing")
    assert key_file.read_text() == first
    with pytest.raises(CommandError):
        call_command("integrity_keygen")


def test_rotation_keeps_every_case_readable(org_chart, settings):
    sub = complaint(org_chart.agency, what="ข้อความก่อนเปลี่ยนกุญแจ", files=[pdf()])
    internal = report(org_chart, involved=["finance_head"]).case
    old_key = settings.INTEGRITY_ENCRYPTION_KEY
    settings.INTEGRITY_ENCRYPTION_KEY = f"{crypto.new_key()},{old_key}"
    with pytest.raises(CommandError):
        call_command("integrity_rekey", "--check")
    call_command("integrity_rekey")
    call_command("integrity_rekey", "--check")
    case = Case.objects.get(pk=sub.case.pk)
    content = services.case_open(case=case, actor=org_chart.user("pranee"))
    assert content.content["what"] == "ข้อความก่อนเปลี่ยนกุญแจ"
    f = case.files.get()
    name, data, _ = services.case_file_read(
        case=case, actor=org_chart.user("pranee"), file_uid=str(f.uid)
    )
    assert data.startswith(b"%PDF")
    # The receipt code from before the rotation still works (the old key is still listed),
    # and the person reported is still excluded.
    assert selectors.case_for_receipt(sub.receipt_code) == case
    assert selectors.case_roles(org_chart.user("malee"), internal) == frozenset()
    # Once the old key is removed, everything re-encrypted still reads.
    settings.INTEGRITY_ENCRYPTION_KEY = settings.INTEGRITY_ENCRYPTION_KEY.split(",")[0]
    services.case_open(case=Case.objects.get(pk=internal.pk), actor=org_chart.user("chief"))
    assert selectors.case_roles(org_chart.user("malee"), internal) == frozenset()
