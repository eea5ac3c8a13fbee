"""The case workflow: routing, the full state machine, two-person closure, confidentiality."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from prongsai.integrity import selectors, services
from prongsai.integrity.models import (
    Case,
    CaseChannel,
    CaseEntry,
    CaseOutcome,
    CaseStatus,
    EntryKind,
    Notification,
)
from prongsai.ledger.models import LedgerEntry
from tests.integrity.conftest import complaint, pdf, refresh, report


def test_report_goes_to_the_reporters_supervisor(org_chart):
    sub = report(org_chart)
    case = sub.case
    assert case.channel == CaseChannel.INTERNAL
    assert case.handler_position == org_chart.positions["finance_head"]
    assert case.status == CaseStatus.RECEIVED
    assert case.due_at is not None and case.reference.startswith("R")
    assert selectors.case_roles(org_chart.user("malee"), case) == {selectors.HANDLER}


def test_involved_supervisor_is_skipped_to_the_next_level(org_chart):
    case = report(org_chart, involved=["finance_head"]).case
    assert case.handler_position == org_chart.positions["chief"]
    # The involved supervisor cannot see the case at all, even by its id.
    with pytest.raises(Exception) as exc:
        selectors.get_case_for_user(org_chart.user("malee"), case.pk)
    assert exc.type.__name__ == "Http404"
    assert not selectors.cases_for_user(org_chart.user("malee")).exists()


def test_whole_chain_involved_goes_to_the_integrity_officer(org_chart):
    case = report(org_chart, involved=["finance_head", "chief", "deputy", "governor"]).case
    assert case.handler_position is None
    assert selectors.case_roles(org_chart.user("pranee"), case) == {selectors.CUSTODIAN}
    assert selectors.responsible_users(case) == [org_chart.user("pranee")]


def test_vacant_supervisor_position_is_passed_over(org_chart):
    head = org_chart.positions["finance_head"]
    head.holder = None
    head.save()
    case = report(org_chart).case
    assert case.handler_position == org_chart.positions["chief"]


def test_reporter_is_not_linked_in_clear(org_chart):
    sub = report(org_chart)
    somchai = org_chart.user("somchai")
    assert not selectors.cases_for_user(somchai).exists()
    entry = CaseEntry.objects.get(case=sub.case, kind=EntryKind.SUBMITTED)
    assert entry.actor_id is None
    ledger_row = LedgerEntry.objects.get(action="integrity.case_submit")
    assert ledger_row.confidential
    assert ledger_row.actor == "reporter"
    assert str(somchai.pk) not in str(ledger_row.data)


def test_full_workflow_to_closure(org_chart):
    u = org_chart.user
    case = report(org_chart).case
    malee, pranee, wanida, chief = u("malee"), u("pranee"), u("wanida"), u("chief")

    case = services.case_assign(case=case, actor=malee, fact_finder=wanida)
    assert case.status == CaseStatus.FACT_FINDING
    assert selectors.case_roles(wanida, case) == {selectors.FACT_FINDER}

    case = services.case_record_facts(case=case, actor=wanida, text="พบใบสั่งซื้อ 3 ฉบับในวันเดียวกัน")
    assert case.status == CaseStatus.ANALYSIS
    case = services.case_record_analysis(case=case, actor=wanida, text="เข้าข่ายแบ่งซื้อ")
    assert case.status == CaseStatus.PROPOSALS
    case = services.case_record_proposals(
        case=case, actor=wanida, text="ตรวจสอบวงเงินรวมรายเดือนก่อนอนุมัติ", decider=chief
    )
    assert case.status == CaseStatus.DECISION
    case = services.case_record_decision(case=case, actor=chief, text="ให้ใช้มาตรการตามที่เสนอ")
    assert case.status == CaseStatus.FOLLOW_UP
    services.case_record_follow_up(case=case, actor=malee, text="ปรับขั้นตอนแล้ว")
    case = services.case_request_close(
        case=case, actor=malee, outcome=CaseOutcome.SUBSTANTIATED, text="ดำเนินการครบ"
    )
    with pytest.raises(ValidationError):
        services.case_confirm_close(case=case, actor=malee)  # two different people
    case = services.case_confirm_close(case=case, actor=pranee, message_to_reporter="ขอบคุณ")
    case = refresh(case)
    assert case.status == CaseStatus.CLOSED
    assert case.outcome == CaseOutcome.SUBSTANTIATED
    assert case.closed_at is not None and case.due_at is None

    actions = list(
        LedgerEntry.objects.filter(object_id=str(case.pk), object_type="integrity.case")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "integrity.case_submit",
        "integrity.case_assign",
        "integrity.case_facts",
        "integrity.case_analysis",
        "integrity.case_proposals",
        "integrity.case_decision",
        "integrity.case_follow_up",
        "integrity.case_close_request",
        "integrity.case_close",
    ]
    assert LedgerEntry.objects.filter(object_type="integrity.case", confidential=False).count() == 0
    # Staff actors are pseudonyms in confidential entries, never u:<id>.
    assert not LedgerEntry.objects.filter(object_type="integrity.case", actor__startswith="u:")


def test_steps_out_of_order_are_refused(org_chart):
    case = report(org_chart).case
    with pytest.raises(ValidationError):
        services.case_record_facts(case=case, actor=org_chart.user("pranee"), text="ข้อเท็จจริง")
    with pytest.raises(ValidationError):
        services.case_request_close(
            case=case, actor=org_chart.user("pranee"), outcome="substantiated", text="ปิด"
        )


def test_decider_must_not_be_the_analyst(org_chart):
    u = org_chart.user
    case = report(org_chart).case
    case = services.case_assign(case=case, actor=u("malee"), fact_finder=u("chief"))
    case = services.case_record_facts(case=case, actor=u("chief"), text="ข้อเท็จจริง")
    case = services.case_record_analysis(case=case, actor=u("chief"), text="วิเคราะห์")
    with pytest.raises(ValidationError):
        services.case_record_proposals(case=case, actor=u("malee"), text="เสนอ", decider=u("chief"))


def test_only_an_executive_can_be_the_decider(org_chart):
    u = org_chart.user
    case = report(org_chart).case
    case = services.case_assign(case=case, actor=u("malee"), fact_finder=u("wanida"))
    case = services.case_record_facts(case=case, actor=u("wanida"), text="ข้อเท็จจริง")
    case = services.case_record_analysis(case=case, actor=u("wanida"), text="วิเคราะห์")
    with pytest.raises(ValidationError):
        services.case_record_proposals(case=case, actor=u("wanida"), text="เสนอ", decider=u("nok"))


def test_involved_person_cannot_be_assigned(org_chart):
    u = org_chart.user
    case = report(org_chart, involved=["hr_officer"]).case
    with pytest.raises(ValidationError):
        services.case_assign(case=case, actor=u("malee"), fact_finder=u("wanida"))


def test_early_closure_with_an_outcome(org_chart):
    u = org_chart.user
    case = complaint(org_chart.agency).case
    case = services.case_request_close(
        case=case, actor=u("pranee"), outcome=CaseOutcome.OUT_OF_SCOPE, text="ไม่ใช่เรื่องทุจริต"
    )
    with pytest.raises(ValidationError):
        services.case_confirm_close(case=case, actor=u("pranee"))
    # A second integrity officer confirms.
    from prongsai.org.models import Role
    from tests.conftest import make_user

    second = make_user(org_chart.world, "pranee2", org_chart.agency, Role.INTEGRITY)
    case = services.case_confirm_close(case=case, actor=second)
    assert refresh(case).status == CaseStatus.CLOSED


def test_route_up_a_level_skips_the_involved(org_chart):
    u = org_chart.user
    case = report(org_chart, involved=["deputy"]).case
    assert case.handler_position == org_chart.positions["finance_head"]
    case = services.case_route(case=case, actor=u("malee"), reason="ต้องการผู้มีอำนาจสูงขึ้น")
    assert case.handler_position == org_chart.positions["chief"]
    case = services.case_route(case=case, actor=u("chief"), reason="ส่งต่อระดับถัดไป")
    assert case.handler_position == org_chart.positions["governor"]  # deputy skipped
    assert selectors.case_roles(u("malee"), case) == frozenset()


def test_public_complaint_goes_to_the_custodian(org_chart):
    sub = complaint(org_chart.agency)
    case = sub.case
    assert case.channel == CaseChannel.PUBLIC and case.anonymous
    assert case.reference.startswith("C")
    assert case.handler_position is None
    assert list(selectors.cases_for_user(org_chart.user("pranee"))) == [case]
    assert not selectors.cases_for_user(org_chart.user("otherpranee")).exists()


def test_named_complaint_needs_a_way_to_reach_the_complainant(org_chart):
    with pytest.raises(ValidationError):
        complaint(org_chart.agency, anonymous=False, name="สมศรี", phone="", email="")


def test_receipt_code_finds_only_its_own_case(org_chart):
    first = complaint(org_chart.agency)
    second = complaint(org_chart.agency)
    assert selectors.case_for_receipt(first.receipt_code) == first.case
    assert selectors.case_for_receipt(second.receipt_code.lower().replace("-", " ")) == second.case
    assert selectors.case_for_receipt("AAAA-BBBB-CCCC-DDDD") is None
    assert selectors.case_for_receipt("nonsense") is None
    assert selectors.case_for_receipt("") is None


def test_reporter_view_shows_stages_and_only_visible_notes(org_chart):
    u = org_chart.user
    sub = complaint(org_chart.agency)
    case = sub.case
    services.case_note_add(case=case, actor=u("pranee"), text="บันทึกภายใน ห้ามเผยแพร่")
    services.case_note_add(
        case=case, actor=u("pranee"), text="ขอเอกสารเพิ่มเติม", visible_to_reporter=True
    )
    view = selectors.reporter_view(refresh(case))
    texts = [s.text for s in view.steps]
    assert "ขอเอกสารเพิ่มเติม" in texts
    assert all("ห้ามเผยแพร่" not in t for t in texts)
    assert view.status == CaseStatus.RECEIVED


def test_reporter_can_add_information_until_closed(org_chart):
    sub = complaint(org_chart.agency)
    services.case_reporter_message(case=sub.case, text="มีพยานเพิ่มเติม", files=[pdf()])
    case = refresh(sub.case)
    assert case.files.count() == 1
    assert CaseEntry.objects.filter(case=case, kind=EntryKind.REPORTER_MESSAGE).count() == 1


# ----------------------------------------------------------------------------- confidentiality


def test_text_identity_and_files_are_encrypted_at_rest(org_chart):
    secret_what = "ลับมาก: นายสมปอง รับเงินสดสองหมื่นบาท"
    sub = complaint(
        org_chart.agency,
        what=secret_what,
        anonymous=False,
        name="นางสาวผู้ร้อง ใจกล้า",
        phone="0812345678",
        files=[pdf("ใบเสร็จลับ.pdf")],
    )
    services.case_note_add(case=sub.case, actor=org_chart.user("pranee"), text="บันทึกลับเฉพาะ")
    with connection.cursor() as cursor:
        raw = []
        for table in ("integrity_case", "integrity_caseentry", "integrity_casefile"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            raw.extend(str(row) for row in cursor.fetchall())
        cursor.execute("SELECT data FROM ledger_ledgerentry")
        raw.extend(str(row) for row in cursor.fetchall())
    dump = "\n".join(raw)
    for plaintext in (secret_what, "ผู้ร้อง", "0812345678", "ใบเสร็จลับ", "บันทึกลับ", sub.receipt_code):
        assert plaintext not in dump
    # The stored file is ciphertext too.
    from django.core.files.storage import default_storage

    stored = sub.case.files.get()
    with default_storage.open(stored.storage_name, "rb") as fh:
        blob = fh.read()
    assert b"%PDF" not in blob
    # And it decrypts for someone with a part in the case.
    name, data, ctype = services.case_file_read(
        case=sub.case, actor=org_chart.user("pranee"), file_uid=str(stored.uid)
    )
    assert name == "ใบเสร็จลับ.pdf" and data.startswith(b"%PDF") and ctype == "application/pdf"


def test_a_value_moved_to_another_case_does_not_decrypt(org_chart):
    a = complaint(org_chart.agency).case
    b = complaint(org_chart.agency).case
    Case.objects.filter(pk=b.pk).update(content_enc=a.content_enc)
    from prongsai.integrity.crypto import DecryptionError

    with pytest.raises(DecryptionError):
        services.case_open(case=refresh(b), actor=org_chart.user("pranee"))


def test_identity_only_for_the_custodian_and_reveal_is_recorded(org_chart):
    u = org_chart.user
    case = report(org_chart).case
    with pytest.raises(PermissionDenied):
        services.case_identity_view(case=case, actor=u("malee"))
    identity = services.case_identity_view(case=case, actor=u("pranee"))
    assert identity["user_id"] == u("somchai").pk

    with pytest.raises(ValidationError):  # a reason is required
        services.case_identity_reveal(case=case, actor=u("pranee"), to_user=u("malee"), reason="")
    with pytest.raises(ValidationError):  # only to someone with a part in the case
        services.case_identity_reveal(
            case=case, actor=u("pranee"), to_user=u("wanida"), reason="ต้องสอบถามข้อเท็จจริงเพิ่ม"
        )
    with pytest.raises(PermissionDenied):  # only the custodian reveals
        services.case_identity_reveal(
            case=case, actor=u("malee"), to_user=u("malee"), reason="ต้องสอบถามข้อเท็จจริงเพิ่ม"
        )
    services.case_identity_reveal(
        case=case, actor=u("pranee"), to_user=u("malee"), reason="ต้องสอบถามข้อเท็จจริงเพิ่มเติมจากผู้แจ้ง"
    )
    assert services.case_identity_view(case=case, actor=u("malee"))["user_id"] == u("somchai").pk
    reveal = LedgerEntry.objects.get(action="integrity.identity_reveal")
    assert reveal.confidential and "ต้องสอบถาม" not in str(reveal.data)
    views = LedgerEntry.objects.filter(action="integrity.identity_view").count()
    assert views == 2


def test_mail_failure_loses_nothing(org_chart, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("prongsai.integrity.notify.send_mail", broken)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        sub = complaint(org_chart.agency, what="เรื่องสำคัญที่ต้องไม่หาย")
    case = refresh(sub.case)
    assert case.status == CaseStatus.RECEIVED
    note = Notification.objects.get(recipient=org_chart.user("pranee"))
    assert note.sent_at is None and "unreachable" in note.last_error
    assert sub.receipt_code  # the complainant still got their code

    monkeypatch.undo()
    from prongsai.integrity import notify

    sent, failed = notify.send_pending()
    assert (sent, failed) == (1, 0)
    assert len(mail.outbox) == 1
    assert "เรื่องสำคัญ" not in mail.outbox[0].body  # never the case text
    assert case.reference in mail.outbox[0].subject


def test_notifications_never_go_to_an_involved_person(org_chart):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        report(org_chart, involved=["finance_head"])
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"chief@example.go.th"}
