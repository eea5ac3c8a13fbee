"""Who may see which case, and the reads of the discretion audit.

``get_case_for_user`` is the only way a staff view loads a case: it answers 404 for a case the
user has no part in, whatever its id, so ids cannot be probed. The parts a user can have in a
case are:

- ``custodian``: an integrity officer of the case's agency: sees every case of the agency and is
  the only one who sees the reporter's identity (others only after a recorded reveal);
- ``handler``: the holder of the position the case was routed to (the reporter's supervisor, or
  the next level up when the supervisor is involved);
- ``fact_finder`` and ``decider``: the people assigned to those steps.

A person the case is about (tagged in CaseExclusion) has no part in it, whatever role they
otherwise hold. Superusers get no special access to cases: a system administrator is not a
custodian. Executives see the metadata of the cases of the work groups they oversee (stage, due
date, category, never content) in the oversight view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from prongsai.integrity import crypto, receipts
from prongsai.integrity.models import (
    Acknowledgment,
    ActionStatus,
    AuditPlan,
    Case,
    CaseStatus,
    CodeOfConduct,
    ComplaintGuideline,
    CorrectiveAction,
    DocumentStatus,
    EntryKind,
    Finding,
    FindingStatus,
    IdentityReveal,
    Manual,
    ManualVersion,
    MeasurePlan,
)
from prongsai.org.models import Agency, Membership, Position, Role, WorkGroup
from prongsai.org.selectors import overseen_work_groups
from prongsai.thai import bangkok_today

AnyUser = AbstractBaseUser | AnonymousUser

CUSTODIAN = "custodian"
HANDLER = "handler"
FACT_FINDER = "fact_finder"
DECIDER = "decider"


def _agency_roles(user: AnyUser) -> dict[int, set[str]]:
    """Roles per agency from the user's memberships (never from superuser status)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_integrity_roles", None)
    if cached is None:
        cached = {}
        for agency_id, role in Membership.objects.filter(user=user).values_list(
            "agency_id", "role"
        ):
            cached.setdefault(agency_id, set()).add(role)
        user._integrity_roles = cached  # type: ignore[union-attr]
    return cached


def roles_in(user: AnyUser, agency: Agency | int) -> set[str]:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return _agency_roles(user).get(agency_id, set())


def is_member(user: AnyUser, agency: Agency | int) -> bool:
    return bool(roles_in(user, agency))


def is_custodian(user: AnyUser, agency: Agency | int) -> bool:
    return Role.INTEGRITY in roles_in(user, agency)


def is_executive(user: AnyUser, agency: Agency | int) -> bool:
    return Role.EXECUTIVE in roles_in(user, agency)


def is_auditor(user: AnyUser, agency: Agency | int) -> bool:
    return Role.AUDITOR in roles_in(user, agency)


def user_tag(user_pk: Any) -> str:
    """The tag written for a person a case is about (primary key)."""
    return crypto.keyring().tag("user", str(user_pk))


def user_tags(user_pk: Any) -> list[str]:
    """Every tag that may stand for this person (older keys included, after a rotation)."""
    return crypto.keyring().tags("user", str(user_pk))


def cases_for_user(user: AnyUser, agency: Agency | None = None) -> QuerySet[Case]:
    """The cases this user has a part in (see the module docstring)."""
    roles = _agency_roles(user)
    if not roles:
        return Case.objects.none()
    member_of = list(roles)
    custodian_of = [a for a, r in roles.items() if Role.INTEGRITY in r]
    held = list(Position.objects.filter(holder=user).values_list("pk", flat=True))
    part = Q(agency_id__in=custodian_of)
    if len(custodian_of) < len(member_of):  # otherwise every case of every agency is in already
        part |= Q(handler_position_id__in=held) | Q(fact_finder=user) | Q(decider=user)
    qs = Case.objects.filter(part, agency_id__in=member_of).exclude(
        exclusions__tag__in=user_tags(user.pk)
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs


def case_roles(user: AnyUser, case: Case) -> frozenset[str]:
    """The parts this user has in this case; empty means no access at all."""
    agency_roles = roles_in(user, case.agency_id)
    if not agency_roles:
        return frozenset()
    if case.exclusions.filter(tag__in=user_tags(user.pk)).exists():
        return frozenset()
    parts = set()
    if Role.INTEGRITY in agency_roles:
        parts.add(CUSTODIAN)
    if case.handler_position_id and case.handler_position.holder_id == user.pk:
        parts.add(HANDLER)
    if case.fact_finder_id == user.pk:
        parts.add(FACT_FINDER)
    if case.decider_id == user.pk:
        parts.add(DECIDER)
    return frozenset(parts)


def get_case_for_user(user: AnyUser, case_id: int) -> tuple[Case, frozenset[str]]:
    """The case and the user's parts in it, or 404 (the same for a missing and a forbidden case)."""
    case = (
        Case.objects.select_related("agency", "work_group", "handler_position", "manual")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("ไม่พบเรื่องนี้ (no such case)")
    parts = case_roles(user, case)
    if not parts:
        raise Http404("ไม่พบเรื่องนี้ (no such case)")
    return case, parts


def may_see_identity(user: AnyUser, case: Case, parts: frozenset[str]) -> bool:
    if not parts:
        return False
    if CUSTODIAN in parts:
        return True
    return IdentityReveal.objects.filter(case=case, to_user_id=user.pk).exists()


def case_for_receipt(code: str) -> Case | None:
    """The case a receipt code belongs to, or None; a malformed code costs the same lookup."""
    normal = receipts.normalise(code)
    digests = crypto.keyring().tags("receipt", normal or "-invalid-")
    case = Case.objects.select_related("agency").filter(receipt_hash__in=digests).first()
    return case if normal else None


def custodians(agency: Agency) -> list[AbstractBaseUser]:
    return [
        m.user
        for m in Membership.objects.filter(
            agency=agency, role=Role.INTEGRITY, user__is_active=True
        ).select_related("user")
    ]


def not_excluded(case: Case, users: list[Any]) -> list[Any]:
    tags = set(case.exclusions.values_list("tag", flat=True))
    return [u for u in users if u is not None and not tags.intersection(user_tags(u.pk))]


def responsible_users(case: Case) -> list[Any]:
    """Who must act on the case's current stage (for notifications and reminders)."""
    people: list[Any] = []
    handler = case.handler_position.holder if case.handler_position_id else None
    if case.status == CaseStatus.RECEIVED:
        people = [handler] if handler else custodians(case.agency)
    elif case.status in (CaseStatus.FACT_FINDING, CaseStatus.ANALYSIS, CaseStatus.PROPOSALS):
        people = [case.fact_finder] if case.fact_finder_id else [handler]
    elif case.status == CaseStatus.DECISION:
        people = [case.decider]
    elif case.status == CaseStatus.FOLLOW_UP:
        people = [handler] if handler else custodians(case.agency)
    if not [p for p in people if p is not None]:
        people = custodians(case.agency)
    return not_excluded(case, [p for p in people if p is not None])


def staff_choices_for_case(case: Case, role: str | None = None) -> QuerySet[Any]:
    """People of the case's agency who may be given a part in it (never someone it is about)."""
    from django.contrib.auth import get_user_model

    members = Membership.objects.filter(agency=case.agency, user__is_active=True)
    if role:
        members = members.filter(role=role)
    ids = set(members.values_list("user_id", flat=True))
    tags = set(case.exclusions.values_list("tag", flat=True))
    ids = {i for i in ids if not tags.intersection(user_tags(i))}
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username")


# ----------------------------------------------------------------------------- the reporter's view


@dataclass
class ReporterStep:
    at: dt.datetime
    label: str
    text: str = ""
    from_reporter: bool = False


@dataclass
class ReporterView:
    reference: str
    received_at: dt.datetime
    status: str
    status_label: str
    stage_number: int
    closed_at: dt.datetime | None
    outcome_label: str
    steps: list[ReporterStep] = field(default_factory=list)


def reporter_view(case: Case) -> ReporterView:
    """What the reporter may see: stages and dates, notes meant for them, their own messages."""
    ring = crypto.keyring()
    steps = []
    stage_kinds = {
        EntryKind.SUBMITTED,
        EntryKind.ASSIGNED,
        EntryKind.FACTS,
        EntryKind.ANALYSIS,
        EntryKind.PROPOSALS,
        EntryKind.DECISION,
        EntryKind.CLOSED,
    }
    for entry in case.entries.all():
        if entry.kind in stage_kinds:
            text = ""
            if entry.visible_to_reporter and entry.text_enc:
                text = ring.decrypt_text(entry.text_enc, entry.aad())
            steps.append(ReporterStep(entry.created_at, EntryKind(entry.kind).label, text))
        elif entry.kind == EntryKind.NOTE and entry.visible_to_reporter:
            text = ring.decrypt_text(entry.text_enc, entry.aad()) if entry.text_enc else ""
            steps.append(ReporterStep(entry.created_at, EntryKind(entry.kind).label, text))
        elif entry.kind == EntryKind.REPORTER_MESSAGE:
            text = ring.decrypt_text(entry.text_enc, entry.aad()) if entry.text_enc else ""
            steps.append(ReporterStep(entry.created_at, EntryKind(entry.kind).label, text, True))
    return ReporterView(
        reference=case.reference,
        received_at=case.received_at,
        status=case.status,
        status_label=CaseStatus(case.status).label,
        stage_number=case.stage_number,
        closed_at=case.closed_at,
        outcome_label=case.get_outcome_display() if case.outcome else "",
        steps=steps,
    )


# ----------------------------------------------------------------------------- documents


def current_code(agency: Agency) -> CodeOfConduct | None:
    return CodeOfConduct.objects.filter(agency=agency, status=DocumentStatus.APPROVED).first()


def current_guideline(agency: Agency) -> ComplaintGuideline | None:
    return (
        ComplaintGuideline.objects.select_related("responsible_unit")
        .filter(agency=agency, status=DocumentStatus.APPROVED)
        .first()
    )


def current_manual_version(manual: Manual) -> ManualVersion | None:
    return (
        ManualVersion.objects.filter(manual=manual, status=DocumentStatus.APPROVED)
        .prefetch_related("steps__responsible_position")
        .first()
    )


@dataclass
class GroupRate:
    work_group: WorkGroup
    members: int
    acknowledged: int

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.members) if self.members else 0


def acknowledgment_rates(
    code: CodeOfConduct, groups: QuerySet[WorkGroup] | None = None
) -> list[GroupRate]:
    """Per work group: how many of its staff and heads acknowledged this version. Two queries."""
    groups = groups if groups is not None else WorkGroup.objects.filter(agency_id=code.agency_id)
    group_list = list(groups.order_by("order", "name_th"))
    members: dict[int, set[int]] = {g.pk: set() for g in group_list}
    for group_id, user_id in Membership.objects.filter(
        work_group__in=group_list, role__in=[Role.STAFF, Role.HEAD], user__is_active=True
    ).values_list("work_group_id", "user_id"):
        members[group_id].add(user_id)
    acknowledged = set(Acknowledgment.objects.filter(code=code).values_list("user_id", flat=True))
    return [GroupRate(g, len(members[g.pk]), len(members[g.pk] & acknowledged)) for g in group_list]


def pending_approvals(user: AnyUser) -> dict[str, list[Any]]:
    """Drafts of the user's agencies waiting for an executive's approval (not the user's own)."""
    agencies = [a for a, r in _agency_roles(user).items() if Role.EXECUTIVE in r]
    if not agencies:
        return {}
    draft = Q(status=DocumentStatus.DRAFT)
    return {
        "codes": list(CodeOfConduct.objects.filter(draft, agency_id__in=agencies)),
        "guidelines": list(ComplaintGuideline.objects.filter(draft, agency_id__in=agencies)),
        "manuals": list(
            ManualVersion.objects.filter(draft, manual__agency_id__in=agencies).select_related(
                "manual"
            )
        ),
        "measures": list(MeasurePlan.objects.filter(draft, agency_id__in=agencies)),
    }


def manuals_due_for_review(agency: Agency, within_days: int = 30) -> QuerySet[ManualVersion]:
    limit = bangkok_today() + dt.timedelta(days=within_days)
    return (
        ManualVersion.objects.filter(
            manual__agency=agency, status=DocumentStatus.APPROVED, next_review_on__lte=limit
        )
        .select_related("manual", "manual__work_group")
        .order_by("next_review_on")
    )


# ----------------------------------------------------------------------------- oversight


@dataclass
class Oversight:
    agency: Agency
    groups: list[WorkGroup]
    open_cases: list[Case]
    overdue_cases: int
    open_findings: list[Finding]
    overdue_actions: list[CorrectiveAction]
    rates: list[GroupRate]
    manuals_due: list[ManualVersion]
    audits: list[AuditPlan]


def oversight_for_user(user: AnyUser, agency: Agency) -> Oversight:
    """What an executive oversees: cases (metadata only), findings and actions of their groups."""
    groups = overseen_work_groups(user, agency)
    group_list = list(groups.order_by("order", "name_th"))
    tags = user_tags(user.pk) if user.is_authenticated else []
    cases = list(
        Case.objects.filter(agency=agency, work_group__in=group_list, closed_at__isnull=True)
        .exclude(exclusions__tag__in=tags)
        .select_related("work_group")
        .order_by("due_at")[:200]
    )
    now = timezone.now()
    findings = list(
        Finding.objects.filter(
            plan__agency=agency, work_group__in=group_list, status=FindingStatus.OPEN
        )
        .select_related("plan", "work_group")
        .annotate(open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN)))
        .order_by("-created_at")[:200]
    )
    actions = list(
        CorrectiveAction.objects.filter(
            finding__plan__agency=agency,
            finding__work_group__in=group_list,
            status=ActionStatus.OPEN,
            due_on__lt=bangkok_today(),
        )
        .select_related("finding", "owner_position")
        .order_by("due_on")[:200]
    )
    code = current_code(agency)
    rates = acknowledgment_rates(code, groups) if code else []
    manuals = list(manuals_due_for_review(agency).filter(manual__work_group__in=group_list))
    audits = list(
        AuditPlan.objects.filter(agency=agency, work_groups__in=group_list)
        .distinct()
        .order_by("-fiscal_year", "-planned_start")[:20]
    )
    return Oversight(
        agency=agency,
        groups=group_list,
        open_cases=cases,
        overdue_cases=sum(1 for c in cases if c.due_at and c.due_at < now),
        open_findings=findings,
        overdue_actions=actions,
        rates=rates,
        manuals_due=manuals,
        audits=audits,
    )


def positions_of(agency: Agency) -> QuerySet[Position]:
    return Position.objects.filter(agency=agency).select_related("holder").order_by("order")
