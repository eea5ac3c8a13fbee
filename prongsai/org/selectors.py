"""Reads about the organisation: who holds which role where, and who oversees whom.

These are the only places that decide "may this user act for this work group / agency"; every view
and every other app asks here (STYLE.md: one choke point per model).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from prongsai.org.models import GROUP_ROLES, Agency, Membership, Position, Role, WorkGroup

AnyUser = AbstractBaseUser | AnonymousUser

# Roles that may change content of any work group of their agency.
AGENCY_EDITOR_ROLES = frozenset({Role.ADMIN})


def agency_for_request(request: HttpRequest) -> Agency | None:
    """The agency whose public site this request is for (set by AgencyMiddleware)."""
    return getattr(request, "agency", None)


def _memberships(user: AnyUser) -> list[Membership]:
    """All memberships of a user, loaded once per user object (cached on it)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_prongsai_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).only("agency_id", "work_group_id", "role")
        )
        user._prongsai_memberships = cached  # type: ignore[union-attr]
    return cached


def agencies_for_user(user: AnyUser) -> QuerySet[Agency]:
    if user.is_authenticated and user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(pk__in={m.agency_id for m in _memberships(user)})


def agencies_administered_by(user: AnyUser) -> QuerySet[Agency]:
    if user.is_authenticated and user.is_superuser:
        return Agency.objects.all()
    ids = {m.agency_id for m in _memberships(user) if m.role == Role.ADMIN}
    return Agency.objects.filter(pk__in=ids)


def roles_of(user: AnyUser, agency: Agency | int) -> set[Role]:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return {Role(m.role) for m in _memberships(user) if m.agency_id == agency_id}


def has_role(user: AnyUser, agency: Agency | int, *roles: Role) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return bool(roles_of(user, agency) & set(roles))


def work_group_ids_for_user(
    user: AnyUser, agency: Agency | int, roles: Iterable[Role] = GROUP_ROLES
) -> set[int]:
    """The work groups a user belongs to in an agency, through the given group roles."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    wanted = set(roles)
    return {
        m.work_group_id
        for m in _memberships(user)
        if m.agency_id == agency_id and m.role in wanted and m.work_group_id is not None
    }


def user_may_edit_for_work_group(user: AnyUser, work_group: WorkGroup) -> bool:
    """May this user prepare or change content owned by this work group?

    Members (staff and head) of the group may; so may the agency's administrator. Nobody from
    another agency may, whatever their role there.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if has_role(user, work_group.agency_id, *AGENCY_EDITOR_ROLES):
        return True
    return work_group.pk in work_group_ids_for_user(user, work_group.agency_id)


def get_agency_for_user(user: AnyUser, agency_id: int) -> Agency:
    """An agency the user belongs to, or 404 (never revealing whether it exists)."""
    agency = agencies_for_user(user).filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    return agency


def get_work_group_for_user(
    user: AnyUser, work_group_id: int, *, for_edit: bool = False
) -> WorkGroup:
    """A work group of one of the user's agencies; 404 for other agencies, 403 if not editable."""
    work_group = (
        WorkGroup.objects.select_related("agency")
        .filter(pk=work_group_id, agency__in=agencies_for_user(user))
        .first()
    )
    if work_group is None:
        raise Http404
    if for_edit and not user_may_edit_for_work_group(user, work_group):
        raise PermissionDenied
    return work_group


def supervisor_chain(position: Position) -> list[Position]:
    """The positions above this one, nearest first. Stops at a cycle rather than looping."""
    chain: list[Position] = []
    seen = {position.pk}
    current = position.supervisor
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.supervisor
    return chain


def overseen_work_groups(user: AnyUser, agency: Agency) -> QuerySet[WorkGroup]:
    """The work groups whose work this user oversees through the executive positions they hold."""
    if not user.is_authenticated:
        return WorkGroup.objects.none()
    return WorkGroup.objects.filter(
        agency=agency, overseen_by__holder=user, overseen_by__agency=agency
    ).distinct()
