"""Code of conduct, manuals, audits, integrity measures, oversight, reminders and publication."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from prongsai.integrity import publication, reminders, selectors, services
from prongsai.integrity.models import (
    ActionStatus,
    AuditPlan,
    AuditStatus,
    ChecklistItem,
    ChecklistResult,
    CodeOfConduct,
    CorrectiveAction,
    DocumentStatus,
    Finding,
    FindingStatus,
    Manual,
    ManualKind,
    ManualStep,
    ManualVersion,
    Measure,
    MeasurePlan,
    Notification,
)
from prongsai.ledger.models import LedgerEntry
from prongsai.org.models import Role
from prongsai.thai import bangkok_today, format_date
from tests.conftest import make_user
from tests.integrity.conftest import report

TODAY = bangkok_today()


def make_code(o, actor="pranee", **kw):
    data = {"title": "ประมวลจริยธรรม", "body": "ข้อ 1 ซื่อสัตย์สุจริต", "effective_from": TODAY}
    data.update(kw)
    return services.code_save(actor=o.user(actor), agency=o.agency, **data)


def make_manual(o, actor="malee", group="finance", code="m1"):
    return services.manual_save(
        actor=o.user(actor),
        manual=Manual(
            agency=o.agency,
            kind=ManualKind.WORK,
            code=code,
            title="คู่มือการจัดซื้อ",
            work_group=o.world.groups[group],
            mission="จัดซื้อพัสดุ",
        ),
    )


def make_version(o, manual, actor="malee", steps=1, review_in=30):
    version = ManualVersion(
        manual=manual,
        legal_basis="ระเบียบกระทรวงการคลังฯ พ.ศ. 2560",
        effective_from=TODAY - dt.timedelta(days=10),
        next_review_on=TODAY + dt.timedelta(days=review_in),
    )
    version.steps = [
        ManualStep(
            order=i,
            title=f"ขั้นตอน {i}",
            standard_time=2,
            responsible_position=o.positions["procurement"],
        )
        for i in range(1, steps + 1)
    ]
    return services.manual_version_save(actor=o.user(actor), version=version)


# ----------------------------------------------------------------------------- code of conduct


def test_code_needs_an_executive_who_did_not_prepare_it(org_chart):
    code = make_code(org_chart)
    with pytest.raises(PermissionDenied):
        services.code_approve(actor=org_chart.user("pranee"), code=code)
    with pytest.raises(PermissionDenied):
        make_code(org_chart, actor="somchai")
    services.code_approve(actor=org_chart.user("deputy"), code=code)
    assert selectors.current_code(org_chart.agency) == code
    entry = LedgerEntry.objects.get(action="integrity.code_approve")
    assert len(entry.content_hash) == 64 and not entry.confidential


def test_new_code_version_replaces_the_old_and_old_cannot_change(org_chart):
    v1 = make_code(org_chart)
    services.code_approve(actor=org_chart.user("deputy"), code=v1)
    with pytest.raises(ValidationError):
        make_code(org_chart, code=CodeOfConduct.objects.get(pk=v1.pk), title="แก้ไขย้อนหลัง")
    v2 = make_code(org_chart, title="ประมวลจริยธรรม ฉบับปรับปรุง")
    assert v2.version == 2
    # The executive who prepared nothing approves; an executive who prepared it could not.
    services.code_approve(actor=org_chart.user("chief"), code=v2)
    assert CodeOfConduct.objects.get(pk=v1.pk).status == DocumentStatus.RETIRED
    assert selectors.current_code(org_chart.agency) == v2


def test_acknowledgment_rates_per_work_group(org_chart):
    code = make_code(org_chart)
    with pytest.raises(ValidationError):
        services.code_acknowledge(user=org_chart.user("somchai"), code=code)  # not approved yet
    services.code_approve(actor=org_chart.user("deputy"), code=code)
    services.code_acknowledge(user=org_chart.user("somchai"), code=code)
    services.code_acknowledge(user=org_chart.user("somchai"), code=code)  # twice: once
    with pytest.raises(PermissionDenied):
        services.code_acknowledge(user=org_chart.user("outsider"), code=code)
    rates = {r.work_group.code: r for r in selectors.acknowledgment_rates(code)}
    assert (rates["finance"].members, rates["finance"].acknowledged) == (2, 1)
    assert rates["finance"].percent == 50
    assert (rates["hr"].members, rates["hr"].acknowledged) == (1, 0)


def test_acknowledgment_reminders_are_weekly_and_idempotent(org_chart):
    code = make_code(org_chart)
    services.code_approve(actor=org_chart.user("deputy"), code=code)
    services.code_acknowledge(user=org_chart.user("somchai"), code=code)
    first = reminders.remind_acknowledgments()
    again = reminders.remind_acknowledgments()
    assert first > 0 and again == 0
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert "somchai" not in recipients and "wanida" in recipients
    assert "outsider" not in recipients


def test_code_page_acknowledge_over_http(client, org_chart):
    code = make_code(org_chart)
    services.code_approve(actor=org_chart.user("deputy"), code=code)
    client.force_login(org_chart.user("wanida"))
    assert "ซื่อสัตย์สุจริต" in client.get(reverse("integrity_code")).content.decode()
    client.post(reverse("integrity_code_acknowledge"))
    assert code.acknowledgments.filter(user=org_chart.user("wanida")).exists()


# ----------------------------------------------------------------------------- manuals


def test_manual_version_with_steps_and_review(org_chart):
    manual = make_manual(org_chart)
    with pytest.raises(ValidationError):
        make_version(org_chart, manual, steps=0)
    version = make_version(org_chart, manual, steps=3)
    assert version.number == 1 and version.steps.count() == 3
    with pytest.raises(PermissionDenied):  # a head prepared it: an executive must approve
        services.manual_version_approve(actor=org_chart.user("malee"), version=version)
    services.manual_version_approve(actor=org_chart.user("chief"), version=version)
    assert selectors.current_manual_version(manual) == version
    due = list(selectors.manuals_due_for_review(org_chart.agency, within_days=60))
    assert due == [version]
    assert list(selectors.manuals_due_for_review(org_chart.agency, within_days=5)) == []
    with pytest.raises(ValidationError):  # approved versions are final
        services.manual_version_save(
            actor=org_chart.user("malee"), version=ManualVersion.objects.get(pk=version.pk)
        )


def test_only_the_owner_group_edits_a_manual(org_chart):
    manual = make_manual(org_chart)
    with pytest.raises(PermissionDenied):
        make_version(org_chart, manual, actor="wanida")  # staff of another group
    make_version(org_chart, manual, actor="somchai")  # staff of the owner group
    make_version(org_chart, manual, actor="pranee")  # the integrity officer


def test_manual_review_reminder_goes_to_the_owner_head(org_chart):
    manual = make_manual(org_chart)
    version = make_version(org_chart, manual, review_in=10)
    services.manual_version_approve(actor=org_chart.user("chief"), version=version)
    assert reminders.remind_manual_reviews() == 1
    assert reminders.remind_manual_reviews() == 0
    notice = Notification.objects.get()
    assert notice.recipient == org_chart.user("malee")
    # The date in a Thai-first message is in the Buddhist era, as staff read it.
    assert format_date(version.next_review_on, "short") in notice.body
    assert f"/{version.next_review_on.year}" not in notice.body


# ----------------------------------------------------------------------------- audits


def make_audit(o):
    manual = make_manual(o)
    plan = AuditPlan(
        agency=o.agency,
        fiscal_year=2567,
        title="ตรวจการจัดซื้อ",
        scope="สุ่มตรวจ",
        planned_start=TODAY - dt.timedelta(days=5),
        planned_end=TODAY + dt.timedelta(days=5),
    )
    plan.checklist = [
        ChecklistItem(order=1, requirement="มีรายงานขอซื้อ", manual=manual),
        ChecklistItem(order=2, requirement="ไม่แบ่งซื้อ", legal_basis="ระเบียบฯ ข้อ 22"),
    ]
    return services.audit_save(
        actor=o.user("thawat"), plan=plan, work_groups=[o.world.groups["finance"]]
    )


def record_finding(o, plan, checklist_item=None):
    """Start the audit and record a finding for the finance group with one corrective action
    (due in 30 days, owned by the finance head)."""
    services.audit_start(actor=o.user("thawat"), plan=plan)
    finding = Finding(
        plan=plan,
        checklist_item=checklist_item,
        work_group=o.world.groups["finance"],
        title="พบการแบ่งซื้อ",
        detail="สองใบสั่งซื้อในวันเดียว",
    )
    finding.actions = [
        CorrectiveAction(
            description="รวมการจัดซื้อรายเดือน",
            owner_position=o.positions["finance_head"],
            due_on=TODAY + dt.timedelta(days=30),
        )
    ]
    return services.finding_save(actor=o.user("thawat"), finding=finding)


def test_audit_plan_findings_follow_up_and_report(org_chart):
    u = org_chart.user
    with pytest.raises(PermissionDenied):
        services.audit_save(actor=u("pranee"), plan=AuditPlan(agency=org_chart.agency))
    plan = make_audit(org_chart)
    assert plan.lead_auditor == u("thawat")
    finding = Finding(
        plan=plan,
        checklist_item=plan.checklist.get(order=2),
        work_group=org_chart.world.groups["finance"],
        title="พบการแบ่งซื้อ",
        detail="สองใบสั่งซื้อในวันเดียว",
    )
    finding.actions = [
        CorrectiveAction(
            description="รวมการจัดซื้อรายเดือน",
            owner_position=org_chart.positions["finance_head"],
            due_on=TODAY - dt.timedelta(days=1),
        ),
    ]
    with pytest.raises(ValidationError):  # not started
        services.finding_save(actor=u("thawat"), finding=finding)
    services.audit_start(actor=u("thawat"), plan=plan)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.finding_save(actor=u("thawat"), finding=finding)
    assert [m.to for m in mail.outbox] == [["malee@example.go.th"]]
    assert ChecklistItem.objects.get(plan=plan, order=2).result == ChecklistResult.NON_COMPLIANT

    with pytest.raises(ValidationError):  # item 1 is still unchecked
        services.audit_report(actor=u("thawat"), plan=plan, conclusion="สรุป")
    ChecklistItem.objects.filter(plan=plan, order=1).update(result=ChecklistResult.COMPLIANT)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.audit_report(actor=u("thawat"), plan=plan, conclusion="พบข้อบกพร่องหนึ่งข้อ")
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == ["chief@example.go.th", "deputy@example.go.th", "governor@example.go.th"]

    with pytest.raises(ValidationError):  # the finding is still open
        services.audit_close(actor=u("thawat"), plan=plan)
    action = CorrectiveAction.objects.get()
    assert action.is_overdue
    with pytest.raises(PermissionDenied):
        services.action_follow_up(actor=u("malee"), action=action, note="ทำแล้ว", done=True)
    services.action_follow_up(actor=u("thawat"), action=action, note="ตรวจแล้ว ครบ", done=True)
    assert CorrectiveAction.objects.get().status == ActionStatus.DONE
    assert Finding.objects.get().status == FindingStatus.RESOLVED
    services.audit_close(actor=u("thawat"), plan=AuditPlan.objects.get(pk=plan.pk))
    assert AuditPlan.objects.get(pk=plan.pk).status == AuditStatus.CLOSED


def test_oversight_shows_only_the_overseen_groups(org_chart):
    u = org_chart.user
    finance_case = report(org_chart)  # finance
    hr_case = report(org_chart, "wanida")  # hr
    deputy = selectors.oversight_for_user(u("deputy"), org_chart.agency)  # oversees finance
    chief = selectors.oversight_for_user(u("chief"), org_chart.agency)  # finance and hr
    assert finance_case.case in deputy.open_cases and hr_case.case not in deputy.open_cases
    assert {finance_case.case, hr_case.case} <= set(chief.open_cases)
    nobody = selectors.oversight_for_user(u("malee"), org_chart.agency)
    assert nobody.groups == [] and nobody.open_cases == []


def test_oversight_page_for_executives_only(client, org_chart):
    report(org_chart)
    client.force_login(org_chart.user("deputy"))
    response = client.get(reverse("integrity_oversight"))
    assert response.status_code == 200
    assert "มีการแบ่งซื้อ" not in response.content.decode()  # never the case content
    client.force_login(org_chart.user("somchai"))
    assert client.get(reverse("integrity_oversight")).status_code in (302, 403)


# ----------------------------------------------------------------------------- measures


def make_measures(o):
    plan = MeasurePlan(
        agency=o.agency, fiscal_year=2567, title="มาตรการส่งเสริมคุณธรรม", analysis="จุดอ่อนปีก่อน"
    )
    plan.measures = [
        Measure(
            order=1,
            title="เผยแพร่ข้อมูลครบทุกเดือน",
            steps="หนึ่ง\nสอง",
            owner_position=o.positions["finance_head"],
            start_on=dt.date(2023, 10, 1),
            end_on=dt.date(2024, 9, 30),
        ),
    ]
    return services.measures_save(actor=o.user("pranee"), plan=plan)


def test_measures_approval_and_progress(org_chart):
    plan = make_measures(org_chart)
    measure = plan.measures.get()
    with pytest.raises(ValidationError):  # not approved yet
        services.measure_progress_add(
            actor=org_chart.user("malee"), measure=measure, reported_on=TODAY, percent=10, text="x"
        )
    services.measures_approve(actor=org_chart.user("governor"), plan=plan)
    services.measure_progress_add(
        actor=org_chart.user("malee"),
        measure=measure,
        reported_on=TODAY,
        percent=40,
        text="เผยแพร่ครบ 4 เดือน",
    )
    with pytest.raises(PermissionDenied):
        services.measure_progress_add(
            actor=org_chart.user("wanida"), measure=measure, reported_on=TODAY, percent=50, text="x"
        )
    with pytest.raises(ValidationError):
        services.measure_progress_add(
            actor=org_chart.user("malee"), measure=measure, reported_on=TODAY, percent=120, text="x"
        )
    content = publication.integrity_measures_progress(plan, as_of=TODAY)
    assert "เผยแพร่ครบ 4 เดือน" in content.body_html
    assert content.period_key == "2567"


# ----------------------------------------------------------------------------- publication


def test_only_approved_content_is_publishable(org_chart):
    code = make_code(org_chart)
    with pytest.raises(publication.NotPublishable):
        publication.code_of_conduct(code)
    services.code_approve(actor=org_chart.user("deputy"), code=code)
    content = publication.code_of_conduct(CodeOfConduct.objects.get(pk=code.pk))
    assert "ซื่อสัตย์สุจริต" in content.body_html and content.period_key == "current"

    manual = make_manual(org_chart)
    version = make_version(org_chart, manual, steps=2)
    services.manual_version_approve(actor=org_chart.user("chief"), version=version)
    content = publication.manual(ManualVersion.objects.get(pk=version.pk))
    assert content.topic == "work_manual" and "ขั้นตอน 2" in content.body_html
    assert content.owner_kind == "procurement"


def test_statistics_publication_has_html_and_xlsx(org_chart):
    from tests.integrity.conftest import complaint

    complaint(org_chart.agency)
    fy, half = 2567, 1
    content = publication.complaint_statistics(agency=org_chart.agency, fiscal_year=fy, half=half)
    assert content.topic == "complaint_statistics" and content.period_key == "2567-H1"
    assert content.files[0].name.endswith(".xlsx") and content.files[0].content[:2] == b"PK"


# ----------------------------------------------------------------------------- case reminders


def test_case_reminders_once_a_day_to_the_responsible_person(org_chart):
    from django.utils import timezone

    from prongsai.integrity.models import Case

    case = report(org_chart).case
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    Notification.objects.all().delete()
    assert reminders.remind_cases() == 2  # the handler, and the custodian because it is overdue
    assert reminders.remind_cases() == 0
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"malee", "pranee"}
    body = Notification.objects.first().body
    assert "แบ่งซื้อ" not in body  # never the case text
    due = Case.objects.get(pk=case.pk).due_at
    assert format_date(due, "short") in body and str(due.year) not in body


def test_remind_command_sends_the_outbox(org_chart):
    from django.core.management import call_command

    report(org_chart)
    assert Notification.objects.filter(sent_at__isnull=True).exists()
    call_command("integrity_remind")
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    assert mail.outbox


# ----------------------------------------------------------------------------- admin editors


def test_document_editors_are_scoped_to_the_agency(client, org_chart):
    code = make_code(org_chart, title="จรรยาบรรณร้อยเอ็ดฉบับทดลอง")
    client.force_login(org_chart.user("pranee"))
    index = client.get(reverse("integrity_code_versions:index"))
    assert index.status_code == 200 and code.title in index.content.decode()
    assert client.get(reverse("integrity_code_versions:edit", args=[code.pk])).status_code == 200
    client.force_login(org_chart.user("otherpranee"))
    assert code.title not in client.get(reverse("integrity_code_versions:index")).content.decode()
    response = client.get(reverse("integrity_code_versions:edit", args=[code.pk]))
    assert response.status_code == 404


def test_create_a_manual_version_through_the_admin_form(client, org_chart):
    manual = make_manual(org_chart)
    client.force_login(org_chart.user("malee"))
    url = reverse("integrity_manual_versions:add")
    response = client.get(url)
    assert response.status_code == 200
    other_position = org_chart.world.other_agency.positions.create(title_th="ตำแหน่งจังหวัดอื่น")
    assert "ตำแหน่งจังหวัดอื่น" not in response.content.decode()
    data = {
        "manual": manual.pk,
        "changes": "",
        "legal_basis": "ระเบียบฯ",
        "channel": "",
        "effective_from": TODAY.isoformat(),
        "next_review_on": (TODAY + dt.timedelta(days=365)).isoformat(),
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-order": "1",
        "steps-0-title": "รับเรื่อง",
        "steps-0-description": "",
        "steps-0-standard_time": "1",
        "steps-0-time_unit": "days",
        "steps-0-responsible_position": str(org_chart.positions["finance_head"].pk),
        "steps-0-legal_basis": "",
        "steps-0-id": "",
        "steps-0-DELETE": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    version = ManualVersion.objects.get()
    assert version.steps.get().title == "รับเรื่อง" and version.prepared_by == org_chart.user("malee")
    # A position of another agency is refused.
    data["steps-0-responsible_position"] = str(other_position.pk)
    response = client.post(url, data)
    assert response.status_code == 200 and ManualVersion.objects.count() == 1


def test_approvals_page_and_approve(client, org_chart):
    code = make_code(org_chart)
    client.force_login(org_chart.user("deputy"))
    page = client.get(reverse("integrity_approvals"))
    assert page.status_code == 200 and code.title in page.content.decode()
    client.post(reverse("integrity_approve", args=["code", code.pk]))
    assert CodeOfConduct.objects.get(pk=code.pk).status == DocumentStatus.APPROVED
    client.force_login(org_chart.user("somchai"))
    other = make_code(org_chart, title="ฉบับที่สอง")
    assert client.post(reverse("integrity_approve", args=["code", other.pk])).status_code == 404


def test_menus_show_by_role(client, org_chart):
    client.force_login(org_chart.user("deputy"))
    page = client.get("/admin/").content.decode()
    assert reverse("integrity_oversight") in page and reverse("integrity_manuals:index") in page
    assert reverse("integrity_code_versions:add") not in page
    client.force_login(org_chart.user("thawat"))
    assert reverse("integrity_audits:index") in client.get("/admin/").content.decode()


def test_audit_listing_links_to_the_report_and_the_report_steps(client, org_chart):
    plan = make_audit(org_chart)
    client.force_login(org_chart.user("thawat"))
    listing = client.get(reverse("integrity_audits:index")).content.decode()
    report_url = reverse("integrity_audit_report", args=[plan.pk])
    assert report_url in listing
    client.post(report_url, {"step": "start"})
    assert AuditPlan.objects.get(pk=plan.pk).status == AuditStatus.FIELDWORK
    client.force_login(org_chart.user("deputy"))  # oversees finance: reads, cannot act
    assert client.get(report_url).status_code == 200
    assert client.post(report_url, {"step": "close"}).status_code in (302, 403)
    assert AuditPlan.objects.get(pk=plan.pk).status == AuditStatus.FIELDWORK
    client.force_login(org_chart.user("somchai"))
    assert client.get(report_url).status_code == 404


def test_an_approved_version_is_listed_as_read_only_not_linked_to_its_editor(client, org_chart):
    """Clicking an approved code of conduct in its listing used to open the editor, which
    answers 404 for a final version; it opens the read-only view instead, without an edit button."""
    approved = make_code(org_chart, title="ประมวลฉบับอนุมัติแล้ว")
    services.code_approve(actor=org_chart.user("deputy"), code=approved)
    draft = make_code(org_chart, title="ประมวลฉบับร่างใหม่")
    client.force_login(org_chart.user("pranee"))
    listing = client.get(reverse("integrity_code_versions:index")).content.decode()
    edit_approved = reverse("integrity_code_versions:edit", args=[approved.pk])
    inspect_approved = reverse("integrity_code_versions:inspect", args=[approved.pk])
    assert edit_approved not in listing and inspect_approved in listing
    assert reverse("integrity_code_versions:edit", args=[draft.pk]) in listing
    assert client.get(edit_approved).status_code == 404
    inspect = client.get(inspect_approved)
    assert inspect.status_code == 200 and edit_approved not in inspect.content.decode()
    draft_inspect = client.get(reverse("integrity_code_versions:inspect", args=[draft.pk]))
    assert (
        reverse("integrity_code_versions:edit", args=[draft.pk]) in draft_inspect.content.decode()
    )


def test_the_read_only_view_is_scoped_to_the_agency_and_role(client, org_chart):
    """Another agency's integrity officer could read this agency's draft code by its number, and
    another agency's auditor this agency's audits; both are not found, like the listing."""
    code = make_code(org_chart, title="ร่างประมวลที่ยังไม่เปิดเผย")
    plan = make_audit(org_chart)
    code_url = reverse("integrity_code_versions:inspect", args=[code.pk])
    plan_url = reverse("integrity_audits:inspect", args=[plan.pk])
    client.force_login(org_chart.user("pranee"))
    assert client.get(code_url).status_code == 200
    client.force_login(org_chart.user("thawat"))
    assert client.get(plan_url).status_code == 200
    client.force_login(org_chart.user("otherpranee"))
    assert client.get(code_url).status_code == 404
    other_auditor = make_user(
        org_chart.world, "otherthawat", org_chart.world.other_agency, Role.AUDITOR
    )
    client.force_login(other_auditor)
    response = client.get(plan_url)
    assert response.status_code == 404 and plan.title not in response.content.decode()


def test_the_owner_of_a_corrective_action_is_not_sent_to_an_audit_report_they_cannot_read(
    client, org_chart
):
    """The head who owns an action saw the audit's title as a link to its report, which answered
    404 ('page not found') for anyone but auditors and executives; it is plain text for them."""
    plan = make_audit(org_chart)
    record_finding(org_chart, plan, checklist_item=plan.checklist.get(order=2))
    report_url = reverse("integrity_audit_report", args=[plan.pk])
    client.force_login(org_chart.user("malee"))
    page = client.get(reverse("integrity_actions")).content.decode()
    assert "รวมการจัดซื้อรายเดือน" in page and plan.title in page
    assert report_url not in page and client.get(report_url).status_code == 404
    client.force_login(org_chart.user("thawat"))
    assert report_url in client.get(reverse("integrity_actions")).content.decode()


def test_integrity_document_screens_label_every_field_in_thai(client, org_chart):
    """Column headers and field labels read "Agency", "Created at", "Manual", "Plan" and "Order"
    in English on the Thai screens; every field these screens show has a Thai label."""
    from tests.site.test_admin_thai import ALLOWED_WORDS, english_words, readable_text

    make_code(org_chart)
    plan = make_audit(org_chart)  # with a manual
    make_version(org_chart, Manual.objects.get())
    record_finding(org_chart, plan)
    make_measures(org_chart)

    # The fixture's people have Latin names; they are data, not labels.
    names = {
        name
        for u in org_chart.world.users.values()
        for name in (u.username, u.first_name, u.last_name)
    } | {"finance", "hr", "m"}  # work-group and manual codes: data too
    for username, viewset in [
        ("pranee", "integrity_code_versions"),
        ("malee", "integrity_manuals"),
        ("malee", "integrity_manual_versions"),
        ("thawat", "integrity_audits"),
        ("thawat", "integrity_findings"),
        ("pranee", "integrity_measures"),
    ]:
        client.force_login(org_chart.user(username))
        index = client.get(reverse(f"{viewset}:index"))
        assert index.status_code == 200
        obj = index.context["view"].model.objects.order_by("pk").first()
        pages = [
            index,
            client.get(reverse(f"{viewset}:add")),
            client.get(reverse(f"{viewset}:inspect", args=[obj.pk])),
            client.get(reverse(f"{viewset}:edit", args=[obj.pk])),
        ]
        for page in pages:
            assert page.status_code == 200, page.request["PATH_INFO"]
            words = english_words(readable_text(page.content.decode()), ALLOWED_WORDS | names)
            assert not words, (page.request["PATH_INFO"], words)
