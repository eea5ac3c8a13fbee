"""Reads of the publishing workflow: the public evidence page and listing, the permission choke
points for staff, the in-app task lists and the due-date boards. Each function runs a fixed
number of queries, whatever the number of items, pages and claims."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BigIntegerField, CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from prongsai.disclosure import policy
from prongsai.disclosure.models import (
    EvidenceAttachment,
    EvidenceIndexPage,
    EvidenceItemLink,
    EvidencePage,
    ExecutiveApprovalTask,
    PublicationTask,
)
from prongsai.ita import rules
from prongsai.ita.models import Catalogue, EvidenceClaim, Item
from prongsai.ita.schema import s9_categories
from prongsai.org.models import GROUP_ROLES, Agency, Membership, Role, WorkGroup
from prongsai.org.selectors import (
    AnyUser,
    overseen_work_groups,
    roles_of,
    user_may_edit_for_work_group,
    work_group_ids_for_user,
)
from prongsai.thai.fiscal import fiscal_year
from prongsai.thai.periods import Period, PeriodKind

DUE_SOON_DAYS = 14
LISTING_PER_PAGE = 30
# Roles that may read (not change) any evidence of their agency, drafts included.
READER_ROLES = frozenset({Role.EXECUTIVE, Role.PR, Role.ADMIN, Role.INTEGRITY, Role.AUDITOR})


# --------------------------------------------------------------------------- public pages


@dataclass
class VersionRow:
    number: int
    published_at: dt.datetime
    approved_at: dt.datetime | None
    files: list[dict[str, Any]]
    content_hash: str
    seq: int
    scheduled: bool = False


@dataclass
class UnpublishRow:
    at: dt.datetime
    reason: str
    expired: bool


def _ita_url(year: int, slug: str) -> str:
    try:
        return reverse("ita-item", args=[year, slug])
    except NoReverseMatch:  # the public ITA pages are not installed
        return ""


def _verify_url(sha256: str = "") -> str:
    try:
        base = reverse("ledger-verify")
    except NoReverseMatch:
        return ""
    return f"{base}?sha256={sha256}" if sha256 else base


def history(page: EvidencePage) -> tuple[list[VersionRow], list[UnpublishRow], dict[str, Any]]:
    """The page's public history from the ledger (one query): each published version with its
    approval time and files, each unpublication with its reason, and the latest approval."""
    from prongsai.ledger.selectors import entries_for_object

    entries = list(entries_for_object(page))
    by_seq = {e.seq: e for e in entries}
    versions: list[VersionRow] = []
    removals: list[UnpublishRow] = []
    for entry in entries:
        if entry.action == "disclosure.publish":
            approval = by_seq.get(entry.data.get("approval_seq") or -1)
            versions.append(
                VersionRow(
                    number=int(entry.data.get("version") or len(versions) + 1),
                    published_at=entry.ts,
                    approved_at=approval.ts if approval is not None else None,
                    files=list(entry.data.get("files", [])),
                    content_hash=entry.content_hash,
                    seq=entry.seq,
                    scheduled=bool(entry.data.get("scheduled")),
                )
            )
        elif entry.action == "disclosure.unpublish":
            removals.append(
                UnpublishRow(
                    at=entry.ts,
                    reason=str(entry.data.get("reason", "")),
                    expired=bool(entry.data.get("expired")),
                )
            )
    latest = {"approved_at": versions[-1].approved_at if versions else None}
    return versions, removals, latest


def public_evidence_context(*, page: EvidencePage, request: Any = None) -> dict[str, Any]:
    """What the public evidence page shows besides the page itself."""
    links = list(
        EvidenceItemLink.objects.filter(page=page)
        .select_related("item__catalogue", "element")
        .order_by("sort_order", "pk")
    )
    items: list[dict[str, Any]] = []
    by_item: dict[int, dict[str, Any]] = {}
    for link in links:
        entry = by_item.get(link.item_id)
        if entry is None:
            item = link.item
            entry = by_item[link.item_id] = {
                "item": item,
                "url": _ita_url(item.catalogue.fiscal_year, item.slug),
                "elements": [],
                "all_elements": False,
            }
            items.append(entry)
        if link.element_id:
            entry["elements"].append(link.element)
        else:
            entry["all_elements"] = True
    files = []
    base = page.get_url(request=request) or ""
    for attachment in EvidenceAttachment.objects.filter(page=page).order_by("sort_order", "pk"):
        files.append(
            {
                "attachment": attachment,
                "url": base + page.reverse_subpage("download", args=[attachment.key]),
                "period_key": attachment.period_key,
                "verify_url": _verify_url(attachment.sha256),
            }
        )
    versions, removals, latest = history(page)
    category = next((c for c in s9_categories() if c.number == page.s9_category), None)
    if category is None and items:
        number = items[0]["item"].s9_category
        category = next((c for c in s9_categories() if c.number == number), None)
    nil_texts = [
        (entry["item"].nil_return_th, entry["item"].nil_return_en)
        for entry in items
        if entry["item"].nil_return_th
    ]
    return {
        "evidence_items": items,
        "evidence_files": files,
        "versions": versions,
        "removals": removals,
        "current_version": versions[-1] if versions else None,
        "approved_at": latest["approved_at"],
        "s9_category": category,
        "nil_texts": nil_texts,
        "verify_url": _verify_url(),
    }


def public_evidence_listing(
    *, index: EvidenceIndexPage, params: Mapping[str, str]
) -> dict[str, Any]:
    """Published evidence under an index page, newest first, filtered by work group and year."""
    pages = (
        EvidencePage.objects.child_of(index)
        .live()
        .public()
        .select_related("work_group")
        .order_by("-last_published_at", "-pk")
    )
    groups = list(
        WorkGroup.objects.filter(
            pk__in=EvidencePage.objects.child_of(index).live().values("work_group_id")
        ).order_by("order", "name_th")
    )
    group_code = (params.get("group") or "").strip()
    if group_code:
        pages = pages.filter(work_group__code=group_code)
    year = (params.get("year") or "").strip()
    if year.isdigit():
        pages = pages.filter(Q(period_key=year) | Q(period_key__startswith=f"{year}-"))
    paginator = Paginator(pages, LISTING_PER_PAGE)
    page_obj = paginator.get_page(params.get("page"))
    ids = [p.pk for p in page_obj.object_list]
    codes: dict[int, list[str]] = defaultdict(list)
    for page_id, code in (
        EvidenceItemLink.objects.filter(page_id__in=ids)
        .order_by("page_id", "sort_order")
        .values_list("page_id", "item__code")
    ):
        if code not in codes[page_id]:
            codes[page_id].append(code)
    rows = [{"page": p, "codes": codes.get(p.pk, [])} for p in page_obj.object_list]
    return {
        "evidence_rows": rows,
        "page_obj": page_obj,
        "filter_groups": groups,
        "filter_group": group_code,
        "filter_year": year if year.isdigit() else "",
    }


# --------------------------------------------------------------------------- staff access


def may_read(user: AnyUser, page: EvidencePage) -> bool:
    """Members of the owning group, and the agency's executives, PR unit, administrator,
    integrity officer and auditor, may read a draft."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user_may_edit_for_work_group(user, page.work_group):
        return True
    return bool(roles_of(user, page.work_group.agency_id) & READER_ROLES)


def get_evidence_for_user(user: AnyUser, page_id: int, *, purpose: str = "read") -> EvidencePage:
    """The choke point for staff views: the evidence page, or 404 when the user may not even
    read it (no role in its agency), or 403 when they may read but not do ``purpose``
    ("read", "prepare" or "unpublish")."""
    page = EvidencePage.objects.select_related("work_group__agency").filter(pk=page_id).first()
    if page is None or not may_read(user, page):
        raise Http404
    if purpose == "prepare" and not policy.may_prepare(user, page):
        raise PermissionDenied
    if purpose == "unpublish" and not policy.may_unpublish(user, page):
        raise PermissionDenied
    return page


def get_task_state_for_user(user: AnyUser, task_state_id: int) -> tuple[TaskState, EvidencePage]:
    """A workflow step of evidence the user may read (404 otherwise)."""
    task_state = (
        TaskState.objects.select_related("workflow_state", "revision", "task")
        .filter(pk=task_state_id)
        .first()
    )
    if task_state is None:
        raise Http404
    page = policy.evidence_of(task_state.workflow_state.content_object)
    if page is None or not may_read(user, page):
        raise Http404
    return task_state, page


# --------------------------------------------------------------------------- task lists


@dataclass
class TaskRow:
    page: EvidencePage
    task_state: TaskState | None = None
    workflow_state: WorkflowState | None = None
    note: str = ""


def _task_rows(states: QuerySet[TaskState]) -> list[TaskRow]:
    states = list(
        states.select_related("workflow_state__requested_by", "revision").order_by("started_at")
    )
    ids = [int(s.workflow_state.object_id) for s in states]
    pages = EvidencePage.objects.select_related("work_group").in_bulk(ids)
    return [
        TaskRow(
            page=pages[int(s.workflow_state.object_id)],
            task_state=s,
            workflow_state=s.workflow_state,
        )
        for s in states
        if int(s.workflow_state.object_id) in pages
    ]


def awaiting_review(user: AnyUser, task_class: type) -> list[TaskRow]:
    """Steps of ``task_class`` waiting for ``user`` (never their own submissions)."""
    rows: list[TaskRow] = []
    for task in task_class.objects.filter(active=True):
        rows += _task_rows(policy.task_states_for_reviewer(task, user))
    return rows


def _my_group_page_ids(user: AnyUser) -> QuerySet:
    if user.is_superuser:
        return EvidencePage.objects.values("pk")
    agency_ids = {
        m.agency_id for m in Membership.objects.filter(user=user, role=Role.ADMIN).only("agency_id")
    }
    group_ids = set(
        Membership.objects.filter(user=user, role__in=GROUP_ROLES).values_list(
            "work_group_id", flat=True
        )
    )
    return EvidencePage.objects.filter(
        Q(work_group_id__in=group_ids) | Q(work_group__agency_id__in=agency_ids)
    ).values("pk")


def _page_type() -> ContentType:
    return ContentType.objects.get_for_model(Page)


def _as_text(pages: QuerySet) -> QuerySet:
    """A subquery of page ids as text, comparable with ``WorkflowState.object_id``."""
    return pages.annotate(pk_text=Cast("pk", output_field=CharField())).values("pk_text")


def _workflow_rows(user: AnyUser, status: str) -> list[TaskRow]:
    states = list(
        WorkflowState.objects.filter(
            status=status,
            base_content_type=_page_type(),
            object_id__in=_as_text(EvidencePage.objects.filter(pk__in=_my_group_page_ids(user))),
        )
        .select_related("current_task_state__task", "requested_by")
        .order_by("-created_at")
    )
    pages = EvidencePage.objects.select_related("work_group").in_bulk(
        [int(s.object_id) for s in states]
    )
    rows = []
    for state in states:
        page = pages.get(int(state.object_id))
        if page is None:
            continue
        current = state.current_task_state
        rows.append(
            TaskRow(
                page=page,
                task_state=current,
                workflow_state=state,
                note=current.comment if current is not None else "",
            )
        )
    return rows


def returned_to_me(user: AnyUser) -> list[TaskRow]:
    """Evidence of my work groups sent back with a reason."""
    return _workflow_rows(user, WorkflowState.STATUS_NEEDS_CHANGES)


def in_review_for_me(user: AnyUser) -> list[TaskRow]:
    """Evidence of my work groups waiting for someone else's approval or publication."""
    return _workflow_rows(user, WorkflowState.STATUS_IN_PROGRESS)


def my_drafts(user: AnyUser) -> list[EvidencePage]:
    """Drafts of my work groups that are not (yet) in the workflow."""
    active = (
        WorkflowState.objects.active()
        .filter(base_content_type=_page_type())
        .annotate(page_id=Cast("object_id", output_field=BigIntegerField()))
        .values("page_id")
    )
    return list(
        EvidencePage.objects.filter(pk__in=_my_group_page_ids(user))
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .exclude(pk__in=active)
        .select_related("work_group")
        .order_by("-latest_revision_created_at")[:50]
    )


# --------------------------------------------------------------------------- due dates


@dataclass
class BoardRow:
    item: Item
    period: Period
    due: dt.date
    status: str  # published, pending, returned, draft, partial, missing
    overdue: bool
    due_soon: bool
    missing_elements: list[str]
    owner_groups: list[WorkGroup]
    pages: list[EvidencePage] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return self.status == "published"


@dataclass
class Board:
    agency: Agency
    fiscal_year: int
    catalogue: Catalogue | None
    today: dt.date
    rows: list[BoardRow]

    @property
    def open_rows(self) -> list[BoardRow]:
        return [r for r in self.rows if not r.covered]

    @property
    def overdue(self) -> list[BoardRow]:
        return [r for r in self.rows if r.overdue]

    @property
    def due_soon(self) -> list[BoardRow]:
        return [r for r in self.rows if r.due_soon]

    def due_in_month(self, year: int, month: int) -> list[BoardRow]:
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return [r for r in self.open_rows if first <= r.due <= last]

    @property
    def counts(self) -> dict[str, int]:
        out = {"published": 0, "pending": 0, "returned": 0, "draft": 0, "partial": 0, "missing": 0}
        for row in self.rows:
            out[row.status] += 1
        out["overdue"] = len(self.overdue)
        out["due_soon"] = len(self.due_soon)
        return out


def template_catalogue(year: int) -> Catalogue | None:
    """The catalogue whose items define the schedule of fiscal ``year``: that year's own, else the
    newest earlier one (next year's criteria are published late; the work goes on)."""
    return (
        Catalogue.objects.exclude(status="draft").filter(fiscal_year=year).first()
        or Catalogue.objects.exclude(status="draft")
        .filter(fiscal_year__lt=year)
        .order_by("-fiscal_year")
        .first()
    )


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _groups_by_kind(agency: Agency) -> dict[str, list[WorkGroup]]:
    out: dict[str, list[WorkGroup]] = defaultdict(list)
    for group in WorkGroup.objects.filter(agency=agency).order_by("order", "name_th"):
        out[group.kind].append(group)
    return out


def _pending_pages(
    agency: Agency, item_ids: list[int]
) -> dict[int, list[tuple[EvidencePage, set[str], str]]]:
    """Unpublished evidence (or unpublished changes) per item: (page, periods, state)."""
    pages = list(
        EvidencePage.objects.filter(work_group__agency=agency)
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .filter(ita_links__item_id__in=item_ids)
        .distinct()
        .select_related("work_group")
    )
    if not pages:
        return {}
    ids = [p.pk for p in pages]
    periods: dict[int, set[str]] = defaultdict(set)
    for p in pages:
        periods[p.pk].add(p.period_key)
    for page_id, key in (
        EvidenceAttachment.objects.filter(page_id__in=ids)
        .exclude(period_key="")
        .values_list("page_id", "period_key")
    ):
        periods[page_id].add(key)
    states = {
        int(s.object_id): s.status
        for s in WorkflowState.objects.active().filter(
            base_content_type=_page_type(), object_id__in=[str(i) for i in ids]
        )
    }
    out: dict[int, list[tuple[EvidencePage, set[str], str]]] = defaultdict(list)
    by_id = {p.pk: p for p in pages}
    for page_id, item_id in EvidenceItemLink.objects.filter(
        page_id__in=ids, item_id__in=item_ids
    ).values_list("page_id", "item_id"):
        status = states.get(page_id)
        state = (
            "pending"
            if status == WorkflowState.STATUS_IN_PROGRESS
            else "returned"
            if status == WorkflowState.STATUS_NEEDS_CHANGES
            else "draft"
        )
        entry = (by_id[page_id], periods[page_id], state)
        if entry not in out[item_id]:
            out[item_id].append(entry)
    return out


_STATE_ORDER = {"pending": 0, "returned": 1, "draft": 2}


def due_board(
    *,
    agency: Agency,
    today: dt.date | None = None,
    year: int | None = None,
    work_groups: Iterable[WorkGroup] | None = None,
) -> Board:
    """Every period each item needs in fiscal ``year`` (default: the current one), with its due
    date from the item's frequency and the catalogue's calendar, and where it stands.

    ``work_groups`` narrows the board to the items those groups usually own.
    """
    today = today or timezone.localdate()
    year = year or fiscal_year(today)
    catalogue = template_catalogue(year)
    if catalogue is None:
        return Board(agency=agency, fiscal_year=year, catalogue=None, today=today, rows=[])
    shift = year - catalogue.fiscal_year
    opens = _shift_year(catalogue.answer_opens, shift)
    closes = _shift_year(catalogue.answer_closes, shift)
    groups = _groups_by_kind(agency)
    items = list(
        Item.objects.filter(catalogue=catalogue).prefetch_related("elements").order_by("order")
    )
    if work_groups is not None:
        kinds = {g.kind for g in work_groups}
        items = [i for i in items if i.owner_kind in kinds]
    item_ids = [i.pk for i in items]
    claims: dict[int, list[rules.ClaimRef]] = defaultdict(list)
    element_keys = {e.pk: e.key for i in items for e in i.elements.all()}
    for row in EvidenceClaim.objects.filter(agency=agency, item_id__in=item_ids).values_list(
        "id", "item_id", "element_id", "period_key", "nil_return", "published_at"
    ):
        claims[row[1]].append(
            rules.ClaimRef(
                id=row[0],
                element_key=element_keys.get(row[2]) if row[2] else None,
                period_key=row[3],
                nil_return=row[4],
                published_at=row[5],
            )
        )
    pending = _pending_pages(agency, item_ids)
    rows: list[BoardRow] = []
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    for item in items:
        elements = list(item.elements.all())
        texts = {e.key: e.text for e in elements}
        readiness = rules.evaluate_item(
            rule=item.rule,
            fiscal_year=year,
            elements=[rules.ElementRequirement(e.key, e.required) for e in elements],
            claims=claims.get(item.pk, []),
            today=today,
            answer_opens=opens,
            answer_closes=closes,
            grace_days=catalogue.grace_days,
        )
        for status in readiness.periods:
            period = status.period
            matching = [
                (page, state)
                for page, keys, state in pending.get(item.pk, [])
                if any(_within(k, period) for k in keys)
            ]
            matching.sort(key=lambda pair: _STATE_ORDER[pair[1]])
            if status.covered:
                state = "published"
            elif matching:
                state = matching[0][1]
            elif any(_within(c.period_key, period) for c in claims.get(item.pk, [])):
                state = "partial"
            else:
                state = "missing"
            rows.append(
                BoardRow(
                    item=item,
                    period=period,
                    due=status.due,
                    status=state,
                    overdue=status.overdue,
                    due_soon=not status.covered and today <= status.due <= soon,
                    missing_elements=[texts[k] for k in status.missing_elements if k in texts],
                    owner_groups=groups.get(item.owner_kind, []),
                    pages=[page for page, _state in matching],
                )
            )
    rows.sort(key=lambda r: (r.covered, r.due, r.item.order))
    return Board(agency=agency, fiscal_year=year, catalogue=catalogue, today=today, rows=rows)


def _within(key: str, period: Period) -> bool:
    claimed = rules.parse_period(key)
    if claimed is None:
        return False
    if period.kind is PeriodKind.CURRENT:
        return True
    months = rules.months_of(claimed)
    return bool(months) and months <= rules.months_of(period)


def board_groups_for_user(user: AnyUser, agency: Agency, scope: str) -> list[WorkGroup] | None:
    """The work groups of a board: "group" (mine), "executive" (those I oversee) or "agency"
    (None = all). Raises Http404 when the user has no role in the agency, and PermissionDenied
    for a scope their roles do not give."""
    roles = roles_of(user, agency)
    if not roles and not user.is_superuser:
        raise Http404
    if scope == "group":
        ids = work_group_ids_for_user(user, agency)
        return list(WorkGroup.objects.filter(pk__in=ids))
    if scope == "executive":
        return list(overseen_work_groups(user, agency))
    if user.is_superuser or roles & READER_ROLES:
        return None
    raise PermissionDenied


def due_this_month(user: AnyUser, agency: Agency, today: dt.date | None = None) -> list[BoardRow]:
    """Open periods of my work groups' items that fall due this calendar month, or are overdue."""
    today = today or timezone.localdate()
    groups = WorkGroup.objects.filter(pk__in=work_group_ids_for_user(user, agency))
    if not groups:
        return []
    board = due_board(agency=agency, today=today, work_groups=list(groups))
    month = board.due_in_month(today.year, today.month)
    return [*board.overdue, *(r for r in month if not r.overdue)]


def task_summary(user: AnyUser) -> dict[str, Any]:
    """Everything of the in-app task list for one user, by role."""
    return {
        "approvals": awaiting_review(user, ExecutiveApprovalTask),
        "publications": awaiting_review(user, PublicationTask),
        "returned": returned_to_me(user),
        "in_review": in_review_for_me(user),
        "drafts": my_drafts(user),
    }
