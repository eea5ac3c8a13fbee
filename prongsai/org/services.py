"""Writes to the organisation. Each service runs in one transaction and records itself in the ledger."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from prongsai import ledger
from prongsai.org.models import (
    GROUP_ROLES,
    Agency,
    AgencyRoleGroup,
    Membership,
    Position,
    Role,
    WorkGroup,
    WorkGroupKind,
)

User = get_user_model()

# What each role may do to the agency's pages (Wagtail page permissions on the agency's home page
# and everything below it). Work-group ownership narrows "change" further: see
# prongsai.org.permissions.WorkGroupPagePermissionTester.
ROLE_PAGE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.STAFF: ("add_page", "change_page"),
    Role.HEAD: ("add_page", "change_page", "lock_page", "unlock_page"),
    Role.PR: ("add_page", "change_page", "publish_page"),
    Role.ADMIN: (
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ),
    Role.EXECUTIVE: (),
    Role.INTEGRITY: (),
    Role.AUDITOR: (),
}
_FILE_PERMISSIONS = (
    "add_document",
    "change_document",
    "choose_document",
    "add_image",
    "change_image",
    "choose_image",
)
ROLE_COLLECTION_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.STAFF: _FILE_PERMISSIONS,
    Role.HEAD: _FILE_PERMISSIONS,
    Role.PR: _FILE_PERMISSIONS,
    Role.ADMIN: (*_FILE_PERMISSIONS, "delete_document", "delete_image"),
    Role.EXECUTIVE: ("choose_document", "choose_image"),
    Role.INTEGRITY: ("choose_document",),
    Role.AUDITOR: ("choose_document",),
}
# Model permissions (besides admin access) that a role carries inside its agency; the admin
# views still scope every object to the user's agencies.
ROLE_MODEL_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: (
        "org.change_agency",
        "org.view_agency",
        "org.add_workgroup",
        "org.change_workgroup",
        "org.view_workgroup",
        "org.add_position",
        "org.change_position",
        "org.view_position",
        "org.add_membership",
        "org.change_membership",
        "org.delete_membership",
        "org.view_membership",
    ),
}


def _permissions(codenames: tuple[str, ...]) -> list[Permission]:
    wanted = []
    for name in codenames:
        if "." in name:
            app_label, codename = name.split(".", 1)
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        else:
            wanted.append(name)
    plain = [w for w in wanted if isinstance(w, str)]
    found = list(Permission.objects.filter(codename__in=plain).select_related("content_type"))
    found_names = {p.codename for p in found}
    missing = set(plain) - found_names
    if missing:
        raise RuntimeError(f"Unknown permissions: {sorted(missing)}")
    return [w for w in wanted if isinstance(w, Permission)] + found


@transaction.atomic
def agency_create(
    *,
    slug: str,
    name_th: str,
    name_en: str = "",
    hostname: str,
    port: int = 80,
    root_page: Page,
    is_default_site: bool = False,
    actor: AbstractBaseUser | None = None,
    **contact: str,
) -> Agency:
    """Create an agency with its Wagtail Site, its file collection and one group per role."""
    site = Site.objects.create(
        hostname=hostname,
        port=port,
        root_page=root_page,
        site_name=name_th,
        is_default_site=is_default_site,
    )
    agency = Agency(site=site, slug=slug, name_th=name_th, name_en=name_en, **contact)
    agency.full_clean()
    agency.save()

    collection = Collection.get_first_root_node().add_child(name=name_th)
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for role in Role:
        group = Group.objects.create(name=f"{slug} · {role.label}")
        group.permissions.add(access_admin, *_permissions(ROLE_MODEL_PERMISSIONS.get(role, ())))
        AgencyRoleGroup.objects.create(agency=agency, role=role, group=group)
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page=root_page, permission=p)
            for p in _permissions(ROLE_PAGE_PERMISSIONS[role])
        )
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection=collection, permission=p)
            for p in _permissions(ROLE_COLLECTION_PERMISSIONS[role])
        )
    ledger.record(
        action="org.agency_create",
        actor=actor,
        obj=agency,
        agency=agency,
        data={"slug": slug, "name_th": name_th, "hostname": hostname},
    )
    return agency


def agency_collection(agency: Agency) -> Collection:
    """The file collection of an agency (made by agency_create)."""
    return Collection.objects.get(depth=2, name=agency.name_th)


@transaction.atomic
def work_group_create(
    *,
    agency: Agency,
    code: str,
    name_th: str,
    name_en: str = "",
    kind: str = WorkGroupKind.OTHER,
    parent: WorkGroup | None = None,
    actor: AbstractBaseUser | None = None,
    **fields: object,
) -> WorkGroup:
    if parent is not None and parent.agency_id != agency.pk:
        raise ValidationError(_("A work group can only be part of a group of the same agency."))
    group = WorkGroup(
        agency=agency,
        code=code,
        name_th=name_th,
        name_en=name_en,
        kind=kind,
        parent=parent,
        **fields,
    )
    group.full_clean()
    group.save()
    ledger.record(
        action="org.work_group_create",
        actor=actor,
        obj=group,
        agency=agency,
        data={"code": code, "name_th": name_th, "kind": kind},
    )
    return group


@transaction.atomic
def position_create(
    *,
    agency: Agency,
    title_th: str,
    title_en: str = "",
    work_group: WorkGroup | None = None,
    supervisor: Position | None = None,
    is_executive: bool = False,
    oversees: list[WorkGroup] | None = None,
    holder: AbstractBaseUser | None = None,
    order: int = 0,
    actor: AbstractBaseUser | None = None,
) -> Position:
    for other in [work_group, supervisor, *(oversees or [])]:
        if other is not None and other.agency_id != agency.pk:
            raise ValidationError(_("A position can only refer to its own agency."))
    position = Position(
        agency=agency,
        title_th=title_th,
        title_en=title_en,
        work_group=work_group,
        supervisor=supervisor,
        is_executive=is_executive,
        holder=holder,
        order=order,
    )
    position.full_clean()
    position.save()
    if oversees:
        position.oversees.set(oversees)
    ledger.record(
        action="org.position_create",
        actor=actor,
        obj=position,
        agency=agency,
        data={
            "title_th": title_th,
            "supervisor": supervisor.pk if supervisor else None,
            "oversees": sorted(g.pk for g in oversees or []),
            "holder": holder.pk if holder else None,
        },
    )
    return position


@transaction.atomic
def membership_add(
    *,
    user: AbstractBaseUser,
    agency: Agency,
    role: Role,
    work_group: WorkGroup | None = None,
    actor: AbstractBaseUser | None = None,
) -> Membership:
    """Give a person a role in an agency (and a work group, for staff and heads)."""
    role = Role(role)
    if role in GROUP_ROLES and work_group is None:
        raise ValidationError(_("Staff and heads must belong to a work group."))
    if role not in GROUP_ROLES:
        work_group = None
    if work_group is not None and work_group.agency_id != agency.pk:
        raise ValidationError(_("The work group belongs to another agency."))
    membership, created = Membership.objects.get_or_create(
        user=user, agency=agency, work_group=work_group, role=role
    )
    if created:
        group = AgencyRoleGroup.objects.get(agency=agency, role=role).group
        user.groups.add(group)
        ledger.record(
            action="org.membership_add",
            actor=actor,
            obj=membership,
            agency=agency,
            data={
                "user": user.pk,
                "role": str(role),
                "work_group": work_group.pk if work_group else None,
            },
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: AbstractBaseUser | None = None) -> None:
    user, agency, role = membership.user, membership.agency, membership.role
    data = {"user": user.pk, "role": role, "work_group": membership.work_group_id}
    ledger.record(
        action="org.membership_remove", actor=actor, obj=membership, agency=agency, data=data
    )
    membership.delete()
    if not Membership.objects.filter(user=user, agency=agency, role=role).exists():
        user.groups.remove(AgencyRoleGroup.objects.get(agency=agency, role=role).group)


@transaction.atomic
def staff_user_create(
    *,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    email: str = "",
) -> AbstractBaseUser:
    """A staff account. Roles come only through membership_add."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def _changed_fields(instance: object, data: dict[str, object]) -> dict[str, tuple[object, object]]:
    changes = {}
    for name, new in data.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = (old, new)
    return changes


def _jsonable(value: object) -> object:
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


@transaction.atomic
def org_object_update(
    *,
    instance: Agency | WorkGroup | Position,
    data: dict[str, object],
    actor: AbstractBaseUser | None,
) -> list[str]:
    """Change plain fields of an agency, work group or position; records old and new values."""
    changes = _changed_fields(instance, data)
    if not changes:
        return []
    for name, (_old, new) in changes.items():
        setattr(instance, name, new)
    instance.full_clean()
    instance.save(update_fields=list(changes))
    agency = instance if isinstance(instance, Agency) else instance.agency
    ledger.record(
        action=f"org.{type(instance).__name__.lower()}_update",
        actor=actor,
        obj=instance,
        agency=agency,
        data={n: {"old": _jsonable(o), "new": _jsonable(v)} for n, (o, v) in changes.items()},
    )
    return list(changes)


@transaction.atomic
def position_set_oversight(
    *, position: Position, work_groups: list[WorkGroup], actor: AbstractBaseUser | None
) -> None:
    """Set which work groups an executive position oversees."""
    if any(g.agency_id != position.agency_id for g in work_groups):
        raise ValidationError(_("A position can only oversee work groups of its own agency."))
    old = sorted(position.oversees.values_list("pk", flat=True))
    new = sorted(g.pk for g in work_groups)
    if old == new:
        return
    position.oversees.set(work_groups)
    ledger.record(
        action="org.position_oversight",
        actor=actor,
        obj=position,
        agency=position.agency,
        data={"old": old, "new": new},
    )


# Wagtail's migrations make these groups with rights over the root page (so over every agency)
# and a "Moderators approval" workflow and task on the root. Access here comes only from the
# per-agency role groups, so they are removed (a default group someone was put in is kept, without
# rights). The workflow and its task stay in Wagtail's lists (disabled), so they get a Thai name;
# migration org 0003 renames them too.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")
WAGTAIL_DEFAULT_WORKFLOW_EN = "Moderators approval"
WAGTAIL_DEFAULT_WORKFLOW = "ผู้ตรวจทานอนุมัติ (Moderators approval)"


@transaction.atomic
def wagtail_defaults_remove() -> dict[str, int]:
    """Take away what Wagtail's install gives to groups outside the agencies' role groups:
    page and collection rights at the root, the root's default approval workflow, and the
    default groups themselves when nobody is in them; name the default workflow and task in
    Thai. Safe to run again."""
    from wagtail.models import Task, Workflow, WorkflowPage

    renamed = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW_EN).update(
        name=WAGTAIL_DEFAULT_WORKFLOW
    ) + Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW_EN).update(name=WAGTAIL_DEFAULT_WORKFLOW)

    ours = set(AgencyRoleGroup.objects.values_list("group_id", flat=True))
    root_pages = Page.objects.filter(depth=1)
    root_collections = Collection.objects.filter(depth=1)
    removed_pages, _ = (
        GroupPagePermission.objects.filter(page__in=root_pages).exclude(group_id__in=ours).delete()
    )
    removed_collections, _ = (
        GroupCollectionPermission.objects.filter(collection__in=root_collections)
        .exclude(group_id__in=ours)
        .delete()
    )
    unassigned, _ = WorkflowPage.objects.filter(
        page__in=root_pages, workflow__name=WAGTAIL_DEFAULT_WORKFLOW
    ).delete()
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True).exclude(
        workflow_pages__isnull=False
    ).update(active=False)
    empty = list(
        Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True)
        .exclude(pk__in=ours)
        .values_list("pk", flat=True)
    )
    Group.objects.filter(pk__in=empty).delete()
    groups = len(empty)
    return {
        "page_permissions": removed_pages,
        "collection_permissions": removed_collections,
        "workflows": unassigned,
        "groups": groups,
        "renamed": renamed,
    }
