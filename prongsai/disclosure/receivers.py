"""Every step of the publishing workflow goes into the ledger, in the transaction of the step.

Wagtail writes an audit-log row (``PageLogEntry``) for each workflow step and publication, inside
the same database transaction as the change itself (``Workflow.start``, ``TaskState.approve`` and
``reject`` are atomic; our services wrap publication and unpublication in one transaction, and
``WorkflowState.resume``/``cancel`` are made atomic in ``connect``). Mirroring those rows into
the ledger therefore records every path, the Wagtail editor's buttons included, and a failure
to record rolls the step back.

On publication the evidence's ITA claims are set (and cleared on unpublication), and the page is
queued for search indexing once the transaction commits.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import PageLogEntry, Revision, Task, WorkflowState

from prongsai import ledger
from prongsai.disclosure import content
from prongsai.org.models import Role

logger = logging.getLogger("prongsai.disclosure")

# Set by the services around a Wagtail call, read by the receivers (e.g. the unpublish reason).
_step_context: ContextVar[dict[str, Any] | None] = ContextVar("disclosure_step", default=None)

EXPIRED_REASON = "หมดอายุตามวันที่กำหนดไว้ (expired on its scheduled date)"


@contextlib.contextmanager
def step_context(**values: Any) -> Iterator[None]:
    token = _step_context.set(values)
    try:
        yield
    finally:
        _step_context.reset(token)


def _context() -> dict[str, Any]:
    return _step_context.get() or {}


def _evidence_content_type_id() -> int:
    from prongsai.disclosure.models import EvidencePage

    return ContentType.objects.get_for_model(EvidencePage).pk


def _load_page(page_id: int) -> Any:  # noqa: ANN401
    from prongsai.disclosure.models import EvidencePage

    return EvidencePage.objects.select_related("work_group").filter(pk=page_id).first()


def _version_object(revision_id: int | None, page: Any) -> tuple[Any, int | None]:  # noqa: ANN401
    """The page as in ``revision_id`` (default: its latest revision), and that revision's id."""
    revision = None
    if revision_id is not None:
        revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        revision = page.get_latest_revision()
    if revision is None:
        return page, None
    return revision.as_object(), revision.pk


def _task_kind(log: PageLogEntry) -> str:
    from prongsai.disclosure.models import ExecutiveApprovalTask, PublicationTask

    task_id = (log.data or {}).get("workflow", {}).get("task", {}).get("id")
    task = Task.objects.filter(pk=task_id).first() if task_id else None
    cls = task.specific_class if task is not None else None
    if cls is not None and issubclass(cls, PublicationTask):
        return "publication"
    if cls is not None and issubclass(cls, ExecutiveApprovalTask):
        return "approval"
    return ""


def _record(
    action: str,
    *,
    log: PageLogEntry,
    page: Any,
    data: dict[str, Any],
    content_hash: str | None = None,
    actor_role: str | None = None,
) -> None:
    actor = log.user if log.user_id else None
    ledger.record(
        action=action,
        actor=actor,
        obj=page,
        agency=page.work_group.agency_id,
        data=data,
        content_hash=content_hash,
        actor_role=actor_role if actor is not None else None,
    )


def _items(version: Any) -> list[str]:  # noqa: ANN401
    return list(dict.fromkeys(f"{i['item']}" for i in content.items_of(version)))


def _step_data(version: Any, revision_id: int | None) -> dict[str, Any]:  # noqa: ANN401
    return {
        "title": version.title,
        "period": version.period_key,
        "items": _items(version),
        "revision": revision_id,
    }


def _on_submit(log: PageLogEntry, page: Any, resubmit: bool) -> None:  # noqa: ANN401
    version, revision_id = _version_object(None, page)
    _record(
        "disclosure.resubmit" if resubmit else "disclosure.submit",
        log=log,
        page=page,
        data=_step_data(version, revision_id),
        content_hash=content.content_hash(version),
    )


def _on_task(log: PageLogEntry, page: Any, approved: bool) -> None:  # noqa: ANN401
    kind = _task_kind(log)
    if not kind:
        return
    if approved and kind == "publication":
        return  # the publication (or scheduling) entry that follows in this transaction says it
    version, revision_id = _version_object(log.revision_id, page)
    data = _step_data(version, revision_id)
    comment = str((log.data or {}).get("comment") or "").strip()
    if approved:
        action = "disclosure.approve"
        if comment:
            data["comment"] = comment
    else:
        action = "disclosure.return" if kind == "approval" else "disclosure.publication_return"
        data["reason"] = comment
    _record(
        action,
        log=log,
        page=page,
        data=data,
        content_hash=content.content_hash(version),
        actor_role=Role.EXECUTIVE.value if kind == "approval" else Role.PR.value,
    )


def _on_cancel(log: PageLogEntry, page: Any) -> None:  # noqa: ANN401
    version, revision_id = _version_object(log.revision_id, page)
    _record(
        "disclosure.withdraw",
        log=log,
        page=page,
        data=_step_data(version, revision_id),
        content_hash=content.content_hash(version),
    )


def publication_count(page: Any) -> int:  # noqa: ANN401
    from prongsai.ledger.models import LedgerEntry

    return LedgerEntry.objects.filter(
        action="disclosure.publish",
        object_type=page._meta.label_lower,
        object_id=str(page.pk),
    ).count()


def _approval_seq(page: Any, digest: str) -> int | None:  # noqa: ANN401
    from prongsai.ledger.models import LedgerEntry

    return (
        LedgerEntry.objects.filter(
            action="disclosure.approve",
            object_type=page._meta.label_lower,
            object_id=str(page.pk),
            content_hash=digest,
        )
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )


def page_path(page: Any) -> str:  # noqa: ANN401
    """The page's public path in the default language (Thai, no /en/ prefix), whatever language
    the acting staff member's admin or a previous task left active."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def _on_publish(log: PageLogEntry, page: Any, scheduled: bool) -> None:  # noqa: ANN401
    from prongsai.ita.services import evidence_claim_set

    version, revision_id = _version_object(log.revision_id, page)
    digest = content.content_hash(version)
    items = content.items_of(version)
    first = items[0] if items else {}
    url = page_path(page)
    data: dict[str, Any] = {
        **_step_data(version, revision_id),
        "files": content.files_of(version),
        "item": first.get("item", ""),
        "year": first.get("year"),
        "url": url,
        "version": publication_count(page) + 1,
        "approval_seq": _approval_seq(page, digest),
        "s9": version.s9_category,
        "nil_return": bool(version.nil_return),
    }
    if scheduled:
        data["scheduled"] = True
    _record(
        "disclosure.publish",
        log=log,
        page=page,
        data=data,
        content_hash=digest,
        actor_role=None if scheduled else Role.PR.value,
    )
    evidence_claim_set(
        agency=page.work_group.agency,
        evidence=page,
        title=page.title,
        url=url,
        published_at=page.last_published_at or log.timestamp,
        claims=content.claim_specs(version),
        s9_category=version.s9_category,
    )
    _index_later(page)


def _on_schedule(log: PageLogEntry, page: Any) -> None:  # noqa: ANN401
    version, revision_id = _version_object(log.revision_id, page)
    data = _step_data(version, revision_id)
    data["go_live_at"] = version.go_live_at.isoformat() if version.go_live_at else None
    data["file_count"] = len(content.files_of(version))
    _record(
        "disclosure.schedule",
        log=log,
        page=page,
        data=data,
        content_hash=content.content_hash(version),
        actor_role=Role.PR.value,
    )


def _on_unpublish(log: PageLogEntry, page: Any, expired: bool) -> None:  # noqa: ANN401
    from prongsai.ita.services import evidence_claim_clear

    reason = EXPIRED_REASON if expired else str(_context().get("reason") or "").strip()
    _record(
        "disclosure.unpublish",
        log=log,
        page=page,
        data={
            "title": page.title,
            "reason": reason,
            "expired": expired,
            "version": publication_count(page),
        },
    )
    evidence_claim_clear(evidence=page)
    _index_later(page)


def _index_later(page: Any) -> None:  # noqa: ANN401
    from prongsai.disclosure import search_docs

    search_docs.index_later(page)


HANDLERS = {
    "wagtail.workflow.start": lambda log, page: _on_submit(log, page, resubmit=False),
    "wagtail.workflow.resume": lambda log, page: _on_submit(log, page, resubmit=True),
    "wagtail.workflow.approve": lambda log, page: _on_task(log, page, approved=True),
    "wagtail.workflow.reject": lambda log, page: _on_task(log, page, approved=False),
    "wagtail.workflow.cancel": _on_cancel,
    "wagtail.publish": lambda log, page: _on_publish(log, page, scheduled=False),
    "wagtail.publish.scheduled": lambda log, page: _on_publish(log, page, scheduled=True),
    "wagtail.publish.schedule": _on_schedule,
    "wagtail.unpublish": lambda log, page: _on_unpublish(log, page, expired=False),
    "wagtail.unpublish.scheduled": lambda log, page: _on_unpublish(log, page, expired=True),
}


def on_page_log_entry(sender: Any, instance: PageLogEntry, created: bool, **kwargs: Any) -> None:
    if not created or instance.action not in HANDLERS:
        return
    if instance.content_type_id != _evidence_content_type_id():
        return
    page = _load_page(instance.page_id)
    if page is None:
        return
    handler = HANDLERS[instance.action]
    if transaction.get_connection().in_atomic_block:
        handler(instance, page)
    else:  # a Wagtail path outside any transaction (e.g. its own publish_scheduled command)
        logger.warning("evidence step %s recorded outside its transaction", instance.action)
        with transaction.atomic():
            handler(instance, page)


def connect() -> None:
    post_save.connect(on_page_log_entry, sender=PageLogEntry, dispatch_uid="disclosure-ledger")
    # Wagtail leaves these two workflow steps outside a transaction; make each one atomic so that
    # the step and its ledger entry commit together (nested calls become savepoints).
    for name in ("resume", "cancel"):
        method = getattr(WorkflowState, name)
        if not getattr(method, "_prongsai_atomic", False):
            wrapped = transaction.atomic(method)
            wrapped._prongsai_atomic = True  # type: ignore[attr-defined]
            setattr(WorkflowState, name, wrapped)
