"""Every transition of the publishing workflow, for every role: who may and who may not.

Submit (the owning work group), approve or send back (an executive of the agency), publish or send
back (the PR unit); nobody acts on what they submitted or wrote; approval binds to the revision.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import TaskState, WorkflowState

from prongsai.disclosure import content, policy, services
from prongsai.disclosure.models import EvidencePage, ExecutiveApprovalTask, PublicationTask
from prongsai.ledger.models import LedgerEntry
from tests.disclosure.conftest import (
    approve,
    current_task_state,
    make_evidence,
    pdf,
    publish,
    published,
    send_back,
    submit,
)

pytestmark = pytest.mark.django_db


def actions(page: EvidencePage) -> list[str]:
    return list(
        LedgerEntry.objects.filter(
            object_type="disclosure.evidencepage", object_id=str(page.pk)
        ).values_list("action", flat=True)
    )


def fresh(page: EvidencePage) -> EvidencePage:
    return EvidencePage.objects.get(pk=page.pk)


# --------------------------------------------------------------------------- submit


@pytest.mark.parametrize("who", ["somchai", "malee", "admin", "chief"])
def test_owning_group_members_and_admin_may_submit(setup, who):
    page = make_evidence(setup, by="somchai")
    state = submit(setup, page, by=who)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert isinstance(state.current_task_state.task.specific, ExecutiveApprovalTask)
    assert actions(page) == ["disclosure.submit"]


@pytest.mark.parametrize("who", ["wanida", "deputy", "nok", "pranee", "outsider", "otheradmin"])
def test_others_may_not_submit(setup, who):
    page = make_evidence(setup)
    with pytest.raises(PermissionDenied):
        submit(setup, page, by=who)
    assert fresh(page).current_workflow_state is None
    assert actions(page) == []


@pytest.mark.parametrize("who", ["wanida", "deputy", "nok", "outsider"])
def test_others_may_not_create_evidence_for_a_group(setup, who):
    with pytest.raises(PermissionDenied):
        make_evidence(setup, by=who)


def test_submission_needs_an_item_or_category_and_some_content(setup):
    page = services.evidence_create(
        user=setup.user("somchai"),
        work_group=setup.world.groups["finance"],
        title="ร่างเปล่า",
        period_key="2566",
    )
    with pytest.raises(ValidationError) as exc:
        submit(setup, page)
    assert len(exc.value.messages) == 2
    assert fresh(page).current_workflow_state is None


def test_submitting_twice_is_refused(setup):
    page = make_evidence(setup)
    submit(setup, page)
    with pytest.raises(ValidationError):
        submit(setup, page)


# --------------------------------------------------------------------------- approve


def test_an_executive_approves_and_the_pr_step_begins(setup):
    page = make_evidence(setup)
    submit(setup, page)
    approve(setup, page, by="deputy", comment="เห็นชอบ")
    state = current_task_state(page)
    assert isinstance(state.task.specific, PublicationTask)
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert actions(page) == ["disclosure.submit", "disclosure.approve"]
    entry = LedgerEntry.objects.get(action="disclosure.approve", object_id=str(page.pk))
    assert entry.role == "executive"
    assert entry.data["comment"] == "เห็นชอบ"


@pytest.mark.parametrize(
    "who", ["somchai", "malee", "wanida", "nok", "pr2", "admin", "pranee", "otherexec", "outsider"]
)
def test_only_an_executive_of_the_agency_may_approve(setup, who):
    page = make_evidence(setup)
    submit(setup, page)
    task_state = current_task_state(page)
    assert task_state.task.specific.get_actions(fresh(page), setup.user(who)) == []
    with pytest.raises(PermissionDenied):
        approve(setup, page, by=who)
    assert current_task_state(page).pk == task_state.pk
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS


def test_a_superuser_without_the_role_may_not_approve(setup):
    boss = setup.user("outsider")
    boss.is_superuser = True
    boss.save()
    page = make_evidence(setup)
    submit(setup, page)
    with pytest.raises(PermissionDenied):
        approve(setup, page, by="outsider")


def test_an_executive_may_not_approve_what_they_submitted(setup):
    page = make_evidence(setup, by="somchai")
    submit(setup, page, by="chief")  # chief is an executive and a member of finance
    task_state = current_task_state(page)
    assert (
        policy.review_refusal(
            fresh(page), setup.user("chief"), task_state.task.specific.role, task_state
        )
        == "own_submission"
    )
    with pytest.raises(PermissionDenied, match="ส่งเรื่อง|submitted"):
        approve(setup, page, by="chief")
    approve(setup, page, by="deputy")  # another executive may


def test_an_executive_may_not_approve_a_version_they_wrote(setup):
    page = make_evidence(setup, by="chief")
    submit(setup, page, by="somchai")
    with pytest.raises(PermissionDenied):
        approve(setup, page, by="chief")
    assert [
        s.pk
        for s in policy.task_states_for_reviewer(
            ExecutiveApprovalTask.objects.get(), setup.user("chief")
        )
    ] == []
    assert (
        len(
            policy.task_states_for_reviewer(
                ExecutiveApprovalTask.objects.get(), setup.user("deputy")
            )
        )
        == 1
    )


def test_the_executive_sends_back_with_a_reason_and_the_owner_resubmits(setup):
    page = make_evidence(setup)
    submit(setup, page)
    with pytest.raises(ValidationError):
        send_back(setup, page, by="deputy", reason="   ")
    send_back(setup, page, by="deputy", reason="ราคากลางไม่ตรงกับประกาศ")
    state = fresh(page).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    entry = LedgerEntry.objects.get(action="disclosure.return")
    assert entry.data["reason"] == "ราคากลางไม่ตรงกับประกาศ"
    assert entry.role == "executive"
    services.evidence_revise(page=page, user=setup.user("somchai"), summary="แก้ราคากลางแล้ว")
    submit(setup, page)
    assert isinstance(current_task_state(page).task.specific, ExecutiveApprovalTask)
    assert actions(page)[-1] == "disclosure.resubmit"


# --------------------------------------------------------------------------- publish


def test_the_pr_unit_publishes_what_was_approved(setup):
    page = published(setup)
    assert page.live
    assert actions(page) == ["disclosure.submit", "disclosure.approve", "disclosure.publish"]
    entries = {e.action: e for e in LedgerEntry.objects.filter(object_id=str(page.pk))}
    digest = content.content_hash(page.get_latest_revision().as_object())
    assert entries["disclosure.submit"].content_hash == digest
    assert entries["disclosure.approve"].content_hash == digest
    assert entries["disclosure.publish"].content_hash == digest
    publication = entries["disclosure.publish"]
    assert publication.role == "pr"
    assert publication.data["item"] == "O21" and publication.data["year"] == 2566
    assert publication.data["approval_seq"] == entries["disclosure.approve"].seq
    attachment = page.attachments.get()
    assert publication.data["files"][0]["sha256"] == attachment.sha256
    assert publication.data["files"][0]["name"] == "สขร1_ต.ค.65.pdf"
    assert publication.data["files"][0]["size"] == attachment.size
    assert fresh(page).current_workflow_state is None


@pytest.mark.parametrize("who", ["deputy", "chief", "somchai", "malee", "admin", "pranee"])
def test_only_the_pr_unit_may_publish(setup, who):
    page = make_evidence(setup)
    submit(setup, page)
    approve(setup, page)
    with pytest.raises(PermissionDenied):
        publish(setup, page, by=who)
    assert not fresh(page).live


def test_pr_may_not_publish_what_they_submitted(setup):
    from prongsai.org import services as org_services
    from prongsai.org.models import Role

    org_services.membership_add(
        user=setup.user("nok"),
        agency=setup.agency,
        role=Role.STAFF,
        work_group=setup.world.groups["finance"],
    )
    page = make_evidence(setup, by="somchai")
    submit(setup, page, by="nok")
    approve(setup, page)
    with pytest.raises(PermissionDenied):
        publish(setup, page, by="nok")
    publish(setup, page, by="pr2")
    assert fresh(page).live


def test_pr_sends_back_then_the_changed_version_needs_approval_again(setup):
    page = make_evidence(setup)
    submit(setup, page)
    approve(setup, page)
    send_back(setup, page, by="nok", reason="ไฟล์ไม่ครบทุกหน้า")
    assert LedgerEntry.objects.get(action="disclosure.publication_return").data["reason"]
    services.evidence_revise(
        page=page, user=setup.user("somchai"), add_files=[pdf("สขร1_ต.ค.65_หน้า2.pdf")]
    )
    submit(setup, page)
    # The version changed since approval: an executive must approve it again first.
    state = current_task_state(page)
    assert isinstance(state.task.specific, ExecutiveApprovalTask)
    with pytest.raises(PermissionDenied):
        publish(setup, page, by="nok")
    approve(setup, page)
    publish(setup, page)
    page = fresh(page)
    assert page.live and page.attachments.count() == 2
    assert actions(page) == [
        "disclosure.submit",
        "disclosure.approve",
        "disclosure.publication_return",
        "disclosure.resubmit",
        "disclosure.approve",
        "disclosure.publish",
    ]


def test_pr_sends_back_and_an_unchanged_resubmission_returns_to_pr(setup):
    page = make_evidence(setup)
    submit(setup, page)
    approve(setup, page)
    send_back(setup, page, by="nok", reason="ขอเวลาตรวจ")
    submit(setup, page)
    assert isinstance(current_task_state(page).task.specific, PublicationTask)


def test_approval_is_bound_to_the_exact_revision(setup):
    page = make_evidence(setup)
    submit(setup, page)
    # A new revision appears while the evidence is under review (e.g. an administrator unlocked
    # the page); the step under review is now stale and cannot be approved.
    latest = fresh(page).get_latest_revision().as_object()
    latest.summary = "แก้ไขระหว่างรออนุมัติ"
    latest.save_revision(user=setup.user("somchai"))
    with pytest.raises(services.StaleRevisionError):
        approve(setup, page)
    # It can still be sent back, and the owner resubmits the new version.
    send_back(setup, page, by="deputy", reason="มีการแก้ไขหลังส่ง กรุณาส่งใหม่")
    submit(setup, page)
    approve(setup, page)
    publish(setup, page)
    assert fresh(page).summary == "แก้ไขระหว่างรออนุมัติ"


def test_changing_evidence_under_review_is_refused_until_withdrawn(setup):
    page = make_evidence(setup)
    submit(setup, page)
    with pytest.raises(ValidationError):
        services.evidence_revise(page=page, user=setup.user("somchai"), summary="x")
    with pytest.raises(PermissionDenied):
        services.evidence_withdraw(page=page, user=setup.user("wanida"))
    services.evidence_withdraw(page=page, user=setup.user("somchai"))
    assert actions(page) == ["disclosure.submit", "disclosure.withdraw"]
    services.evidence_revise(page=page, user=setup.user("somchai"), summary="x")
    assert fresh(page).summary == "x"


def test_evidence_is_locked_for_everyone_while_in_review(setup):
    page = make_evidence(setup)
    submit(setup, page)
    page = fresh(page)
    for who in ("somchai", "deputy", "nok", "admin"):
        assert page.get_lock().for_user(setup.user(who))


def test_a_published_page_updated_goes_through_the_workflow_again(setup):
    page = published(setup)
    services.evidence_revise(page=page, user=setup.user("somchai"), summary="ฉบับปรับปรุง")
    page = fresh(page)
    assert page.live and page.has_unpublished_changes and page.summary != "ฉบับปรับปรุง"
    submit(setup, page)
    approve(setup, page)
    publish(setup, page)
    page = fresh(page)
    assert page.summary == "ฉบับปรับปรุง"
    publications = LedgerEntry.objects.filter(action="disclosure.publish", object_id=str(page.pk))
    assert [e.data["version"] for e in publications] == [1, 2]


# --------------------------------------------------------------------------- Wagtail's own buttons


@pytest.mark.parametrize("who", ["nok", "admin", "somchai"])
def test_wagtail_publish_and_unpublish_are_off_for_evidence(setup, who):
    page = published(setup)
    tester = page.permissions_for_user(setup.user(who))
    assert not tester.can_publish()
    assert not tester.can_unpublish()
    assert not tester.can_delete()
    assert not tester.can_move()
    parent = setup.index.permissions_for_user(setup.user(who))
    assert not parent.can_publish_subpage()


def test_superuser_cannot_publish_evidence_from_the_editor(setup, client):
    boss = setup.user("admin")
    boss.is_superuser = True
    boss.save()
    page = make_evidence(setup)
    assert not page.permissions_for_user(boss).can_publish()


# --------------------------------------------------------------------------- unpublish


@pytest.mark.parametrize("who", ["nok", "deputy", "admin"])
def test_unpublish_needs_a_reason_and_the_right_role(setup, who):
    page = published(setup)
    with pytest.raises(ValidationError):
        services.evidence_unpublish(page=page, user=setup.user(who), reason="")
    services.evidence_unpublish(page=page, user=setup.user(who), reason="ไฟล์ผิดเดือน")
    page = fresh(page)
    assert not page.live
    entry = LedgerEntry.objects.get(action="disclosure.unpublish", object_id=str(page.pk))
    assert entry.data["reason"] == "ไฟล์ผิดเดือน"
    from prongsai.ita.models import EvidenceClaim

    assert not EvidenceClaim.objects.filter(object_id=str(page.pk)).exists()


@pytest.mark.parametrize("who", ["somchai", "malee", "pranee", "otheradmin"])
def test_others_may_not_unpublish(setup, who):
    page = published(setup)
    with pytest.raises(PermissionDenied):
        services.evidence_unpublish(page=page, user=setup.user(who), reason="เหตุผล")
    assert fresh(page).live


# --------------------------------------------------------------------------- ITA claims


def test_publication_claims_every_element_of_the_item_for_the_period(setup):
    from prongsai.ita.models import EvidenceClaim

    page = published(setup)
    claims = EvidenceClaim.objects.filter(object_id=str(page.pk))
    assert claims.count() == setup.item("O21").elements.count()
    assert set(claims.values_list("period_key", flat=True)) == {"2566-M01"}
    assert claims.first().url == page.get_url_parts()[2] == "/evidence/o21-2566-m01/"


def test_files_with_their_own_periods_claim_each_period(setup):
    from prongsai.ita.models import EvidenceClaim

    files = [
        services.NewFile("a.pdf", pdf().data, period_key="2566-M02"),
        services.NewFile("b.pdf", pdf(text="second").data, period_key="2566-M03"),
    ]
    page = published(setup, period="2566-H1", files=files, element_keys=["work"])
    periods = set(
        EvidenceClaim.objects.filter(object_id=str(page.pk)).values_list("period_key", flat=True)
    )
    assert periods == {"2566-H1", "2566-M02", "2566-M03"}


def test_a_nothing_to_report_declaration_is_approved_and_claims_a_nil_return(setup):
    from prongsai.ita.models import EvidenceClaim

    page = published(setup, files=[], nil_return=True, period="2566-M02")
    claim = EvidenceClaim.objects.get(object_id=str(page.pk))
    assert claim.nil_return and claim.element is None and claim.period_key == "2566-M02"


# --------------------------------------------------------------------------- one transaction


def test_a_failing_ledger_write_rolls_the_approval_back(setup, monkeypatch):
    from prongsai import ledger

    page = make_evidence(setup)
    submit(setup, page)
    state = current_task_state(page)

    def broken(**kwargs):
        raise RuntimeError("ledger down")

    monkeypatch.setattr(ledger, "record", broken)
    with pytest.raises(RuntimeError):
        approve(setup, page)
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert current_task_state(page).pk == state.pk


def test_a_failing_ledger_write_rolls_the_publication_back(setup, monkeypatch):
    from prongsai import ledger

    page = make_evidence(setup)
    submit(setup, page)
    approve(setup, page)
    monkeypatch.setattr(ledger, "record", lambda **kw: (_ for _ in ()).throw(RuntimeError("down")))
    with pytest.raises(RuntimeError):
        publish(setup, page)
    page = fresh(page)
    assert not page.live
    assert isinstance(current_task_state(page).task.specific, PublicationTask)
