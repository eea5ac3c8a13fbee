"""Writes of the publishing workflow. Each service runs in one transaction; the ledger entry of
each step is written in it by ``receivers`` (from Wagtail's audit-log row of the step).

    disclosure_setup      the agency's evidence listing page and the two-step workflow on it
    evidence_create       a draft evidence page with its files and ITA links (checked uploads)
    evidence_revise       a new draft revision (outside the editor: demo, tests, imports)
    evidence_submit       start (or resume, after it came back) the approval workflow
    evidence_withdraw     the owner takes it back from approval
    task_approve          an executive approves; the PR unit publishes (the approved revision only)
    task_return           either sends it back with a reason
    evidence_unpublish    PR unit, executive or administrator, with a reason
    evidence_bulk_upload  many files at once, one draft per period read from the file names
    publish_due           scheduled publication and expiry (run by a periodic job)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.coreutils import find_available_slug
from wagtail.models import (
    Page,
    Revision,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.signals import workflow_approved

from prongsai import ledger
from prongsai.disclosure import files as filecheck
from prongsai.disclosure import policy
from prongsai.disclosure.models import (
    EvidenceAttachment,
    EvidenceIndexPage,
    EvidenceItemLink,
    EvidencePage,
    ExecutiveApprovalTask,
    PublicationTask,
    max_upload_bytes,
    normal_period_key,
)
from prongsai.disclosure.receivers import EXPIRED_REASON, step_context
from prongsai.org.models import Agency, WorkGroup
from prongsai.thai.errors import ThaiValueError
from prongsai.thai.filenames import guess_period_from_filename
from prongsai.thai.periods import Period, PeriodKind

WORKFLOW_NAME = "การเผยแพร่ข้อมูลตามเกณฑ์ ITA (Publishing ITA evidence)"
APPROVAL_TASK_NAME = "ผู้บริหารอนุมัติ (Executive approval)"
PUBLICATION_TASK_NAME = "งานประชาสัมพันธ์เผยแพร่ (PR unit publishes)"
INDEX_TITLE = "ข้อมูลที่เผยแพร่"
INDEX_SLUG = "evidence"

_UNIT_KIND = {"month": "month", "quarter": "quarter", "half": "half", "year": "year"}


# --------------------------------------------------------------------------- setup


def evidence_workflow() -> Workflow:
    """The two-step workflow (executive approval, then PR publication), made once."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        return workflow
    approval = ExecutiveApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if approval is None:
        approval = ExecutiveApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    publication = PublicationTask.objects.filter(name=PUBLICATION_TASK_NAME).first()
    if publication is None:
        publication = PublicationTask.objects.create(name=PUBLICATION_TASK_NAME)
    workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=publication, sort_order=1)
    return workflow


def evidence_index_for(agency: Agency) -> EvidenceIndexPage | None:
    root = agency.site.root_page
    return EvidenceIndexPage.objects.child_of(root).first()


@transaction.atomic
def disclosure_setup(*, agency: Agency, actor: Any = None) -> EvidenceIndexPage:
    """Give an agency its evidence listing page (published) with the workflow assigned to it.
    Safe to run again: what exists is kept."""
    workflow = evidence_workflow()
    index = evidence_index_for(agency)
    created = index is None
    if index is None:
        root = agency.site.root_page.specific
        index = EvidenceIndexPage(
            title=INDEX_TITLE,
            slug=find_available_slug(root, INDEX_SLUG),
            show_in_menus=True,
            intro=(
                "<p>ข้อมูลข่าวสารที่หน่วยงานเผยแพร่ตามพระราชบัญญัติข้อมูลข่าวสารของราชการ "
                "พ.ศ. 2540 และเกณฑ์การประเมิน ITA ทุกรายการผ่านการอนุมัติของผู้บริหารก่อนเผยแพร่</p>"
            ),
        )
        root.add_child(instance=index)
        index.save_revision(user=actor, log_action=True).publish(
            user=actor, skip_permission_checks=True
        )
    if not WorkflowPage.objects.filter(page=index).exists():
        WorkflowPage.objects.create(page=index, workflow=workflow)
    if created:
        ledger.record(
            action="disclosure.setup",
            actor=actor,
            obj=index,
            agency=agency,
            data={"url": index.url_path, "workflow": WORKFLOW_NAME},
        )
    return index


# --------------------------------------------------------------------------- drafts


@dataclass(frozen=True)
class NewFile:
    """A file to attach: its name as uploaded, its bytes, and its own period (optional)."""

    name: str
    data: bytes
    period_key: str = ""
    title: str = ""


def _attachment(new: NewFile) -> EvidenceAttachment:
    attachment = EvidenceAttachment(title=new.title, period_key=new.period_key)
    attachment.accept_upload(new.name, io.BytesIO(new.data))
    return attachment


def _default_slug(items: Sequence[Any], period_key: str) -> str:
    code = items[0][0].code.lower() if items else "evidence"
    period = period_key.lower().replace("current", "now")
    return f"{code}-{period}"


def _check_items(items: Sequence[tuple[Any, Any]]) -> list[EvidenceItemLink]:
    links = []
    for item, element in items:
        link = EvidenceItemLink(item=item, element=element)
        link.full_clean(exclude=["page", "sort_order"])
        links.append(link)
    return links


@transaction.atomic
def evidence_create(
    *,
    user: Any,
    work_group: WorkGroup,
    title: str,
    period_key: str,
    items: Sequence[tuple[Any, Any]] = (),
    files: Iterable[NewFile] = (),
    summary: str = "",
    body: str = "",
    s9_category: int | None = None,
    nil_return: bool = False,
    go_live_at: dt.datetime | None = None,
    expire_at: dt.datetime | None = None,
    slug: str | None = None,
    source_key: str = "",
    source_hash: str = "",
) -> EvidencePage:
    """A new draft (never live) under the agency's evidence listing, with its first revision.

    ``items`` are ``(Item, Element or None)`` pairs. Every file is checked by content first;
    a refused file raises ``ValidationError`` naming it and nothing is saved.
    """
    if not policy.may_prepare(user, _PageOf(work_group)):
        raise PermissionDenied(_("You may prepare evidence only for your own work group."))
    index = evidence_index_for(work_group.agency)
    if index is None:
        raise ValidationError(
            _("This agency has no evidence listing yet; run “manage.py disclosure_setup”.")
        )
    try:
        period_key = normal_period_key(period_key)
    except (ThaiValueError, TypeError) as exc:
        raise ValidationError({"period_key": str(exc)}) from exc
    links = _check_items(items)
    attachments = [_attachment(f) for f in files]
    page = EvidencePage(
        title=title.strip(),
        slug=find_available_slug(index, slug or _default_slug(items, period_key)),
        work_group=work_group,
        period_key=period_key,
        summary=summary,
        body=body,
        s9_category=s9_category,
        nil_return=nil_return,
        go_live_at=go_live_at,
        expire_at=expire_at,
        live=False,
        owner=user,
        source_key=source_key,
        source_hash=source_hash,
    )
    page.ita_links = links
    page.attachments = attachments
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


class _PageOf:
    """Adapter so the policy's page checks work before the page exists."""

    def __init__(self, work_group: WorkGroup) -> None:
        self.work_group = work_group


def _lock(page: EvidencePage) -> EvidencePage:
    Page.objects.select_for_update().filter(pk=page.pk).first()
    return EvidencePage.objects.select_related("work_group__agency").get(pk=page.pk)


def _active_workflow(page: EvidencePage) -> WorkflowState | None:
    return (
        WorkflowState.objects.active()
        .filter(base_content_type=page.get_base_content_type(), object_id=str(page.pk))
        .first()
    )


def evidence_in_review(page: EvidencePage) -> bool:
    """Is the evidence waiting for approval or publication (and so not to be changed)?"""
    state = _active_workflow(page)
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


@transaction.atomic
def evidence_revise(
    *,
    page: EvidencePage,
    user: Any,
    add_files: Iterable[NewFile] = (),
    remove_files: Iterable[str] = (),
    items: Sequence[tuple[Any, Any]] | None = None,
    **changes: Any,
) -> Revision:
    """Save a new draft revision with ``changes`` (field values), added or removed files (by
    SHA-256) and replaced ITA links. Refused while the evidence is under review."""
    page = _lock(page)
    if not policy.may_prepare(user, page):
        raise PermissionDenied(_("You may change evidence only of your own work group."))
    if evidence_in_review(page):
        raise ValidationError(
            _("The evidence is waiting for approval; withdraw it before changing it.")
        )
    latest = page.get_latest_revision()
    draft = latest.as_object() if latest else page
    for name, value in changes.items():
        if name == "period_key":
            value = normal_period_key(value)
        setattr(draft, name, value)
    removed = set(remove_files)
    kept = [a for a in draft.attachments.all() if a.sha256 not in removed]
    draft.attachments = [*kept, *(_attachment(f) for f in add_files)]
    if items is not None:
        draft.ita_links = _check_items(items)
    draft.full_clean()
    if not page.live:
        draft.save()
    return draft.save_revision(user=user, log_action=True)


def submission_problems(version: EvidencePage) -> list[str]:
    """What a version lacks before it may be submitted (Thai, for the owner to fix)."""
    problems = []
    if not version.ita_links.all() and not version.s9_category:
        problems.append(_("Link at least one ITA item or choose an s.9 category."))
    if not version.attachments.all() and not version.nil_return and not str(version.body or ""):
        problems.append(
            _("Attach a file, write the details, or declare that there is nothing to report.")
        )
    return problems


@transaction.atomic
def evidence_submit(*, page: EvidencePage, user: Any) -> WorkflowState:
    """Send the latest revision for approval (or again, after it was sent back)."""
    page = _lock(page)
    if not policy.may_prepare(user, page):
        raise PermissionDenied(_("You may submit evidence only of your own work group."))
    latest = page.get_latest_revision()
    if latest is None:
        raise ValidationError(_("Save the evidence before submitting it."))
    problems = submission_problems(latest.as_object())
    if problems:
        raise ValidationError(problems)
    state = _active_workflow(page)
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
        state.refresh_from_db()
        return state
    if state is not None:
        raise ValidationError(_("The evidence is already waiting for approval."))
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(_("No publishing workflow is set for this agency."))
    return workflow.start(page, user)


@transaction.atomic
def evidence_withdraw(*, page: EvidencePage, user: Any) -> None:
    """The owner takes the evidence back from approval (to change it)."""
    page = _lock(page)
    state = _active_workflow(page)
    if state is None:
        raise ValidationError(_("The evidence is not waiting for approval."))
    if not policy.may_prepare(user, page) and state.requested_by_id != user.pk:
        raise PermissionDenied(_("Only the owning work group may withdraw this evidence."))
    state.cancel(user=user)


# --------------------------------------------------------------------------- review steps


class StaleRevisionError(PermissionDenied):
    """The revision under review is no longer the latest one."""


def _review_checks(task_state: TaskState, user: Any) -> tuple[EvidencePage, Any, TaskState]:
    task_state = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise PermissionDenied(policy.refusal_message("not_in_step"))
    task = task_state.task.specific
    page = policy.evidence_of(task_state.workflow_state.content_object)
    if page is None or not isinstance(task, ExecutiveApprovalTask | PublicationTask):
        raise PermissionDenied(policy.refusal_message("not_in_step"))
    page = _lock(page)
    refusal = policy.review_refusal(page, user, task.role, task_state)
    if refusal is not None:
        raise PermissionDenied(policy.refusal_message(refusal, task.role))
    if task_state.revision_id != policy.latest_revision_id(page):
        raise StaleRevisionError(
            _("The evidence changed after this step began; it must be submitted again.")
        )
    return page, task, task_state


@transaction.atomic
def task_approve(*, task_state: TaskState, user: Any, comment: str = "") -> None:
    """Approve (executive) or publish (PR unit) the revision under review.

    Publication publishes exactly the revision an executive approved in this workflow, and only
    when it is still the latest revision; a future ``go_live_at`` schedules it instead.
    """
    page, task, task_state = _review_checks(task_state, user)
    if isinstance(task, ExecutiveApprovalTask):
        task_state.approve(user=user, comment=comment)
        return
    workflow_state = task_state.workflow_state
    if policy.approval_for(workflow_state, task_state.revision_id) is None:
        raise PermissionDenied(_("This version has not been approved by an executive."))
    task_state.approve(user=user, update=False, comment=comment)
    # Finish the workflow ourselves: Wagtail's default finish would publish the *latest*
    # revision; we publish the approved one, in this transaction.
    workflow_state.status = WorkflowState.STATUS_APPROVED
    workflow_state.save()
    workflow_approved.send(sender=WorkflowState, instance=workflow_state, user=user)
    revision = task_state.revision
    revision.publish(user=user, changed=True, log_action=True, skip_permission_checks=True)


@transaction.atomic
def task_return(*, task_state: TaskState, user: Any, reason: str) -> None:
    """Send the evidence back to its owner with a reason (executive or PR unit)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason, so the owner knows what to change."))
    _page, _task, task_state = _review_checks_for_return(task_state, user)
    task_state.reject(user=user, comment=reason)


def _review_checks_for_return(task_state: TaskState, user: Any) -> tuple[Any, Any, TaskState]:
    try:
        return _review_checks(task_state, user)
    except StaleRevisionError:
        # Sending back a stale version is always allowed: it only returns it to its owner.
        task_state = TaskState.objects.get(pk=task_state.pk)
        return None, task_state.task.specific, task_state


@transaction.atomic
def evidence_unpublish(*, page: EvidencePage, user: Any, reason: str) -> None:
    """Take published evidence off the public site, with a reason kept in the ledger."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for unpublishing."))
    page = _lock(page)
    if not policy.may_unpublish(user, page):
        raise PermissionDenied(
            _("Only the PR unit, an executive or the administrator may unpublish evidence.")
        )
    if not page.live:
        raise ValidationError(_("The evidence is not published."))
    with step_context(reason=reason):
        UnpublishPageAction(page, user=user, log_action=True).execute(skip_permission_checks=True)


# --------------------------------------------------------------------------- schedule


@dataclass
class DueResult:
    published: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)


def publish_due(*, now: dt.datetime | None = None) -> DueResult:
    """Publish approved revisions whose time has come and unpublish expired evidence; each page
    in its own transaction (with its ledger entry)."""
    now = now or timezone.now()
    result = DueResult()
    evidence_type = ContentType.objects.get_for_model(EvidencePage)
    due = Revision.objects.filter(
        content_type=evidence_type, approved_go_live_at__lte=now
    ).order_by("approved_go_live_at", "pk")
    for revision_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            revision = Revision.objects.select_for_update().filter(pk=revision_id).first()
            if revision is None or revision.approved_go_live_at is None:
                continue
            revision.publish(log_action="wagtail.publish.scheduled", skip_permission_checks=True)
            result.published.append(int(revision.object_id))
    expired = EvidencePage.objects.filter(live=True, expire_at__lte=now).values_list(
        "pk", flat=True
    )
    for page_id in list(expired):
        with transaction.atomic(), step_context(reason=EXPIRED_REASON):
            page = EvidencePage.objects.select_for_update().get(pk=page_id)
            if not page.live:
                continue
            UnpublishPageAction(
                page, set_expired=True, log_action="wagtail.unpublish.scheduled"
            ).execute(skip_permission_checks=True)
            result.expired.append(page_id)
    return result


# --------------------------------------------------------------------------- many files


@dataclass
class BulkResult:
    pages: list[EvidencePage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    submitted: int = 0


def _read(upload: Any, limit: int) -> bytes:  # noqa: ANN401
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read(limit + 1)


def _item_period_kind(item: Any) -> str | None:  # noqa: ANN401
    return _UNIT_KIND.get(item.period_unit)


def evidence_bulk_upload(
    *,
    user: Any,
    work_group: WorkGroup,
    item: Any,
    title: str,
    uploads: Sequence[Any],
    default_period: str = "",
    submit: bool = False,
) -> BulkResult:
    """Check every file, read its period from its name, and make one draft per period.

    A refused file, or one whose period cannot be read (with no default), is reported by name
    and left out; the rest of the batch is kept. Each page is made (and submitted) in its own
    transaction, so nothing is half-saved.
    """
    result = BulkResult()
    limit = max_upload_bytes()
    kind = _item_period_kind(item)
    current = item.period_span == "current"
    groups: dict[str, list[NewFile]] = {}
    for upload in uploads:
        name = getattr(upload, "name", "") or "file"
        data = _read(upload, limit)
        try:
            checked = filecheck.check_file(name, data, max_bytes=limit)
        except filecheck.FileRejected as exc:
            result.errors.append(exc.message)
            continue
        if current:
            key = Period(PeriodKind.CURRENT).key
        else:
            period = guess_period_from_filename(
                checked.name, kind=kind, default_fy=item.catalogue.fiscal_year
            )
            key = period.key if period is not None else default_period
        if not key:
            result.errors.append(
                _(
                    "File “%(name)s”: its name says no period this item needs, and no default "
                    "period was chosen."
                )
                % {"name": checked.name}
            )
            continue
        groups.setdefault(key, []).append(NewFile(checked.name, data))
    for key, new_files in sorted(groups.items()):
        period = Period.from_key(key)
        label = period.label("th") if period.kind is not PeriodKind.CURRENT else ""
        try:
            page = evidence_create(
                user=user,
                work_group=work_group,
                title=f"{title.strip()} {label}".strip(),
                period_key=key,
                items=[(item, None)],
                files=new_files,
                s9_category=item.s9_category,
            )
        except ValidationError as exc:
            result.errors.extend(f"{key}: {m}" for m in exc.messages)
            continue
        result.pages.append(page)
        if submit:
            try:
                evidence_submit(page=page, user=user)
                result.submitted += 1
            except (ValidationError, PermissionDenied) as exc:
                result.errors.append(f"{page.title}: {exc}")
    return result
