"""Hand-off of approved integrity content to the publishing workflow.

The integrity app prepares and approves its documents (code of conduct, manuals, the complaint
guideline, the measures and their progress) and counts the complaint statistics; what reaches the
public website goes through the same workflow as every other piece of evidence: the owning work
group's draft is sent to an executive for approval, then the PR unit publishes it. This module is
the single door between the two: it turns a :class:`~prongsai.integrity.publication.
PublicationContent` into an evidence draft (or a new revision of the page already drawn up from
the same source), links it to the item of the year's ITA catalogue that has the content's kind,
sends it for approval and records the hand-off in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai import ledger
from prongsai.disclosure import services as disclosure
from prongsai.disclosure.models import EvidencePage
from prongsai.integrity.publication import PublicationContent
from prongsai.ita.models import Catalogue, CatalogueStatus, Item
from prongsai.ita.schema import KINDS
from prongsai.org.models import Agency, WorkGroup, WorkGroupKind
from prongsai.org.selectors import user_may_edit_for_work_group, work_group_ids_for_user
from prongsai.thai import Period, ThaiValueError, fiscal_year


class HandoffState(models.TextChoices):
    """Where a piece of content stands in the publishing workflow (usable in templates)."""

    NOT_STARTED = "not_started"  # no evidence page drawn up from this source yet
    CHANGED = "changed"  # the page shows an older version of the content
    DRAFT = "draft"  # the latest content is in a draft that has not been sent for approval
    IN_REVIEW = "in_review"  # waiting for the executive or the PR unit
    PUBLISHED = "published"  # the live page shows exactly this content


@dataclass(frozen=True)
class HandoffStatus:
    state: HandoffState
    page: EvidencePage | None = None


@dataclass(frozen=True)
class HandoffResult:
    page: EvidencePage
    created: bool  # a new evidence page (False: a new revision of the existing one)
    changed: bool  # False: the page already carried this content, nothing was saved
    submitted: bool  # sent for approval by this hand-off
    problems: tuple[str, ...] = ()  # why it could not be sent for approval, if it was not


def _kind_label(topic: str) -> str:
    return KINDS.get(topic, (topic, topic))[0]


def item_for(content: PublicationContent) -> Item:
    """The item of the ITA catalogue that this content satisfies, found by kind.

    The catalogue of the fiscal year the content covers is preferred; content that is always
    current (a manual, the code of conduct) goes under the newest catalogue in use.
    """
    try:
        period = Period.from_key(content.period_key)
    except (ThaiValueError, ValueError):
        period = None
    year = getattr(period, "fiscal_year", None) or fiscal_year(timezone.localdate())
    catalogues = Catalogue.objects.exclude(status=CatalogueStatus.DRAFT)
    catalogue = (
        catalogues.filter(fiscal_year=year).first()
        or catalogues.filter(fiscal_year__lt=year).order_by("-fiscal_year").first()
        or catalogues.order_by("fiscal_year").first()
    )
    item = None
    if catalogue is not None:
        item = catalogue.items.filter(kind=content.topic).order_by("order").first()
    if item is None:
        raise ValidationError(
            _(
                "The ITA criteria in use have no item for “%(kind)s”: set the kind of that item "
                "in the year's criteria, then try again."
            )
            % {"kind": _kind_label(content.topic)}
        )
    return item


def owning_work_group(content: PublicationContent, *, agency: Agency, user: Any) -> WorkGroup:
    """The work group that publishes this content, among those the user may prepare for.

    A manual names its own work group; other content belongs to the agency's group of the
    content's owner kind (the integrity centre, human resources…). A member of such a group
    hands it off for their group; the agency's administrator for the first such group.
    """
    groups = WorkGroup.objects.filter(agency=agency).order_by("order", "pk")
    if content.work_group_id is not None:
        groups = groups.filter(pk=content.work_group_id)
    else:
        groups = groups.filter(kind=content.owner_kind)
    groups = list(groups)
    if not groups:
        label = (
            WorkGroupKind(content.owner_kind).label
            if content.owner_kind in WorkGroupKind.values
            else content.owner_kind
        )
        raise ValidationError(
            _("The agency has no work group of the kind “%(kind)s” to publish this.")
            % {"kind": label}
        )
    mine = work_group_ids_for_user(user, agency)
    for group in sorted(groups, key=lambda g: g.pk not in mine):
        if user_may_edit_for_work_group(user, group):
            return group
    raise PermissionDenied(
        _("Only staff of “%(group)s” may send this for publication.") % {"group": groups[0]}
    )


def _existing_page(agency: Agency, content: PublicationContent) -> EvidencePage | None:
    if not content.source_key:
        return None
    return (
        EvidencePage.objects.filter(work_group__agency=agency, source_key=content.source_key)
        .order_by("pk")
        .first()
    )


def status_of(
    content: PublicationContent, *, agency: Agency, page: EvidencePage | None = None
) -> HandoffStatus:
    """Where the content stands: not handed off, changed since, draft, in review, published."""
    page = page or _existing_page(agency, content)
    if page is None:
        return HandoffStatus(HandoffState.NOT_STARTED)
    digest = content.content_hash
    latest = page.get_latest_revision()
    latest_hash = latest.content.get("source_hash", "") if latest else page.source_hash
    if latest_hash != digest:
        return HandoffStatus(HandoffState.CHANGED, page)
    if disclosure.evidence_in_review(page):
        return HandoffStatus(HandoffState.IN_REVIEW, page)
    if page.live and latest is not None and page.live_revision_id == latest.pk:
        return HandoffStatus(HandoffState.PUBLISHED, page)
    return HandoffStatus(HandoffState.DRAFT, page)


def statuses_for(
    contents: list[PublicationContent], *, agency: Agency
) -> list[tuple[PublicationContent, HandoffStatus]]:
    keys = [c.source_key for c in contents if c.source_key]
    pages = {
        p.source_key: p
        for p in EvidencePage.objects.filter(work_group__agency=agency, source_key__in=keys)
        .select_related("work_group")
        .order_by("-pk")
    }
    return [(c, status_of(c, agency=agency, page=pages.get(c.source_key))) for c in contents]


@transaction.atomic
def publication_handoff(
    *, user: Any, agency: Agency, content: PublicationContent, submit: bool = True
) -> HandoffResult:
    """Draw up (or revise) the evidence page of ``content`` and send it for approval.

    Idempotent: content that the page already carries is not saved again, and a page waiting for
    approval is left alone. Files are replaced by the content's files.
    """
    item = item_for(content)
    work_group = owning_work_group(content, agency=agency, user=user)
    digest = content.content_hash
    files = [disclosure.NewFile(name=f.name, data=f.content) for f in content.files]
    page = _existing_page(agency, content)
    status = status_of(content, agency=agency, page=page) if page else None
    created = changed = False
    if page is None:
        page = disclosure.evidence_create(
            user=user,
            work_group=work_group,
            title=content.title,
            period_key=content.period_key,
            items=[(item, None)],
            files=files,
            summary=content.summary,
            body=content.body_html,
            source_key=content.source_key,
            source_hash=digest,
        )
        created = changed = True
    elif status.state is HandoffState.CHANGED:
        if disclosure.evidence_in_review(page):
            raise ValidationError(
                _(
                    "An earlier version is waiting for approval; withdraw it from approval "
                    "first, then send the new version."
                )
            )
        latest = page.get_latest_revision()
        old_files = [a.sha256 for a in latest.as_object().attachments.all()] if latest else []
        disclosure.evidence_revise(
            page=page,
            user=user,
            add_files=files,
            remove_files=old_files,
            items=[(item, None)],
            title=content.title,
            period_key=content.period_key,
            summary=content.summary,
            body=content.body_html,
            work_group=work_group,
            source_hash=digest,
        )
        changed = True
    submitted = False
    problems: tuple[str, ...] = ()
    if submit and not disclosure.evidence_in_review(page) and not _live_and_current(page):
        try:
            with transaction.atomic():
                disclosure.evidence_submit(page=page, user=user)
        except ValidationError as exc:
            problems = tuple(exc.messages)
        else:
            submitted = True
    if changed or submitted:
        ledger.record(
            action="integrity.publication_handoff",
            actor=user,
            obj=page,
            agency=agency,
            data={
                "topic": content.topic,
                "source": content.source_key,
                "item": item.code,
                "year": item.catalogue.fiscal_year,
                "period": content.period_key,
                "created": created,
                "submitted": submitted,
            },
            content_hash=digest,
        )
    return HandoffResult(
        page=page, created=created, changed=changed, submitted=submitted, problems=problems
    )


def _live_and_current(page: EvidencePage) -> bool:
    """The public page already shows the latest revision (nothing to send for approval)."""
    page.refresh_from_db(fields=["live", "live_revision", "latest_revision"])
    return page.live and page.live_revision_id == page.latest_revision_id
