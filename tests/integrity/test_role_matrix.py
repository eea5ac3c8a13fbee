"""Who may do what with a case, through the staff screens (ASVS 8.2.1, 8.2.2, 7.5.3, 16.3.2).

Every request goes to the views directly, as an attacker would; ids are guessed, steps skipped.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from prongsai.integrity import selectors, stepup
from prongsai.integrity.models import CaseStatus
from prongsai.ledger.models import LedgerEntry
from tests.conftest import PASSWORD
from tests.integrity.conftest import complaint, pdf, refresh, report


def login(client, user, *, step_up: bool = True):
    client.force_login(user)
    if step_up:
        response = client.post(reverse("integrity_stepup"), {"password": PASSWORD})
        assert response.status_code == 302
    return client


def detail(case):
    return reverse("integrity_case_detail", args=[case.pk])


def action(case, name):
    return reverse("integrity_case_action", args=[case.pk, name])


# The parts each persona has in a case sent by somchai (finance) with no one marked involved:
# malee handles (supervisor), pranee is the custodian; everyone else has no part.
@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("malee", 200),  # the supervisor the report went to
        ("pranee", 200),  # the integrity officer (custodian)
        ("somchai", 404),  # the reporter: follows by receipt code, never by id
        ("wanida", 404),  # staff of another group
        ("deputy", 404),  # an executive who is not handling it
        ("nok", 404),
        ("admin", 404),  # an agency administrator has no part in cases
        ("outsider", 404),  # another agency
        ("otheradmin", 404),
        ("otherpranee", 404),  # the integrity officer of another agency
    ],
)
def test_who_can_open_a_case(client, org_chart, username, status):
    case = report(org_chart).case
    login(client, org_chart.user(username))
    assert client.get(detail(case)).status_code == status


def test_superuser_is_not_a_custodian(client, org_chart, django_user_model):
    case = report(org_chart).case
    root = django_user_model.objects.create_superuser("root", "root@example.go.th", PASSWORD)
    login(client, root)
    assert client.get(detail(case)).status_code == 404


def test_supervisor_of_group_a_cannot_open_group_b_case_by_guessing_ids(client, org_chart):
    mine = report(org_chart).case  # finance → malee
    hr_case = report(org_chart, "wanida", category="abuse").case  # hr → chief
    login(client, org_chart.user("malee"))
    assert client.get(detail(mine)).status_code == 200
    for pk in range(1, hr_case.pk + 5):
        if pk == mine.pk:
            continue
        assert client.get(reverse("integrity_case_detail", args=[pk])).status_code == 404
        response = client.post(
            reverse("integrity_case_action", args=[pk, "note"]), {"note-text": "probe"}
        )
        assert response.status_code == 404
    assert client.get(reverse("integrity_cases")).content.decode().count(hr_case.reference) == 0


def test_involved_supervisor_is_skipped_and_sees_nothing(client, org_chart):
    case = report(org_chart, involved=["finance_head"]).case
    login(client, org_chart.user("malee"))
    assert client.get(detail(case)).status_code == 404
    assert case.reference not in client.get(reverse("integrity_cases")).content.decode()
    login(client, org_chart.user("chief"))
    assert client.get(detail(case)).status_code == 200


def test_reported_person_sees_nothing_even_as_custodian_or_decider(client, org_chart):
    # The integrity officer is the one reported: even the custodian role gives no access.
    case = report(org_chart, involved=["integrity"]).case
    login(client, org_chart.user("pranee"))
    assert client.get(detail(case)).status_code == 404
    assert case.reference not in client.get(reverse("integrity_cases")).content.decode()
    # The oversight view of an involved executive does not list it either.
    case2 = report(org_chart, involved=["chief"]).case
    oversight = selectors.oversight_for_user(org_chart.user("chief"), org_chart.agency)
    assert case2 not in oversight.open_cases
    oversight = selectors.oversight_for_user(org_chart.user("deputy"), org_chart.agency)
    assert case2 in oversight.open_cases


def test_opening_a_case_needs_recent_reauthentication(client, org_chart, settings):
    case = report(org_chart).case
    login(client, org_chart.user("malee"), step_up=False)
    response = client.get(detail(case))
    assert response.status_code == 302 and reverse("integrity_stepup") in response["Location"]
    wrong = client.post(reverse("integrity_stepup"), {"password": "not the password"})
    assert wrong.status_code == 200 and not stepup.is_recent(wrong.wsgi_request)
    ok = client.post(reverse("integrity_stepup") + f"?next={detail(case)}", {"password": PASSWORD})
    assert ok.status_code == 302
    assert client.get(detail(case)).status_code == 200
    # After the window has passed, the password is asked again.
    session = client.session
    session[stepup.SESSION_KEY] -= settings.INTEGRITY_STEPUP_MINUTES * 60 + 1
    session.save()
    assert client.get(detail(case)).status_code == 302


def test_stepup_rejects_an_offsite_next(client, org_chart):
    login(client, org_chart.user("malee"), step_up=False)
    response = client.post(
        reverse("integrity_stepup") + "?next=https://evil.example/", {"password": PASSWORD}
    )
    assert response["Location"] == reverse("integrity_cases")


def test_every_opening_and_file_download_is_recorded(client, org_chart):
    case = report(org_chart, files=[pdf()]).case
    login(client, org_chart.user("malee"))
    client.get(detail(case))
    f = case.files.get()
    response = client.get(reverse("integrity_case_file", args=[case.pk, f.uid]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    actions = set(LedgerEntry.objects.values_list("action", flat=True))
    assert {"integrity.case_open", "integrity.case_file_open", "integrity.stepup"} <= actions
    assert LedgerEntry.objects.get(action="integrity.case_open").confidential


def test_case_pages_are_not_cached(client, org_chart):
    case = report(org_chart).case
    login(client, org_chart.user("malee"))
    assert "no-store" in client.get(detail(case))["Cache-Control"]
    assert "no-store" in client.get(reverse("integrity_cases"))["Cache-Control"]


def test_identity_only_for_the_custodian_over_http(client, org_chart):
    case = report(org_chart).case
    identity_url = reverse("integrity_case_identity", args=[case.pk])
    login(client, org_chart.user("malee"))
    assert client.post(identity_url).status_code == 404
    assert "สมชาย" not in client.get(detail(case)).content.decode()
    login(client, org_chart.user("pranee"))
    response = client.post(identity_url)
    assert response.status_code == 200
    assert org_chart.user("somchai").get_full_name() in response.content.decode()
    assert LedgerEntry.objects.filter(action="integrity.identity_view").count() == 1


def test_custodian_reveal_is_recorded_and_then_visible(client, org_chart):
    case = report(org_chart).case
    login(client, org_chart.user("pranee"))
    response = client.post(
        action(case, "reveal"),
        {
            "reveal-to_user": org_chart.user("malee").pk,
            "reveal-reason": "ต้องสัมภาษณ์ผู้แจ้งเพื่อยืนยันข้อเท็จจริง",
        },
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(action="integrity.identity_reveal").count() == 1
    login(client, org_chart.user("malee"))
    response = client.post(reverse("integrity_case_identity", args=[case.pk]))
    assert response.status_code == 200


def test_a_step_not_yours_is_refused(client, org_chart):
    case = report(org_chart).case
    login(client, org_chart.user("malee"))
    # The supervisor cannot decide, and cannot skip straight to facts.
    client.post(action(case, "facts"), {"facts-text": "ข้อเท็จจริงที่ข้ามขั้น"})
    assert refresh(case).status == CaseStatus.RECEIVED
    client.post(action(case, "decision"), {"decision-text": "ตัดสินเอง"})
    assert refresh(case).status == CaseStatus.RECEIVED
    assert client.post(action(case, "nonsense"), {}).status_code == 404


def test_staff_report_form_and_receipt(client, org_chart):
    login(client, org_chart.user("somchai"), step_up=False)
    response = client.get(reverse("integrity_report_new"))
    assert response.status_code == 200
    response = client.post(
        reverse("integrity_report_new"),
        {
            "category": "rules",
            "what": "ไม่ได้ตรวจรับพัสดุตามคู่มือ",
            "occurred": "1 พฤษภาคม 2567",
            "involved_positions": [org_chart.positions["finance_head"].pk],
        },
    )
    assert response.status_code == 200
    assert 'id="receipt-code"' in response.content.decode()
    case = selectors.cases_for_user(org_chart.user("chief")).get()
    assert case.handler_position == org_chart.positions["chief"]


def test_outsider_cannot_use_the_report_form(client, org_chart, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password=PASSWORD)
    client.force_login(nobody)
    assert client.get(reverse("integrity_report_new")).status_code in (302, 403)


def test_integrity_officer_handles_a_complaint_to_closure_over_http(client, org_chart):
    sub = complaint(org_chart.agency)
    case = sub.case
    u = org_chart.user
    login(client, u("pranee"))
    client.post(action(case, "assign"), {"assign-fact_finder": u("wanida").pk})
    login(client, u("wanida"))
    client.post(action(case, "facts"), {"facts-text": "ข้อเท็จจริงยุติ"})
    client.post(action(case, "analysis"), {"analysis-text": "วิเคราะห์แล้ว"})
    client.post(
        action(case, "proposals"), {"proposals-text": "ข้อเสนอ", "proposals-decider": u("deputy").pk}
    )
    login(client, u("deputy"))
    client.post(
        action(case, "decision"), {"decision-text": "เห็นชอบ", "decision-follow_up_days": "30"}
    )
    login(client, u("pranee"))
    client.post(action(case, "follow_up"), {"follow_up-text": "ดำเนินการแล้ว"})
    client.post(
        action(case, "close_request"),
        {"close_request-outcome": "substantiated", "close_request-text": "ครบถ้วน"},
    )
    assert refresh(case).status == CaseStatus.FOLLOW_UP  # one person cannot close alone
    login(client, u("deputy"))
    client.post(
        action(case, "close_confirm"), {"close_confirm-message_to_reporter": "ดำเนินการเรียบร้อย"}
    )
    case = refresh(case)
    assert case.status == CaseStatus.CLOSED
    status = client.post("/complaints/status/", {"code": sub.receipt_code}).content.decode()
    assert "ดำเนินการเรียบร้อย" in status
