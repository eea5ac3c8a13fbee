"""What the organisation app tells the ledger (found by the ledger app's autodiscovery).

- the actions that org.services records;
- the labels of role codes, so public pages show "ผู้บริหาร" rather than "executive";
- the actor resolver: a user's role and work group in an agency when they act, so entries carry a
  role and never a personal name;
- the staff scope: which agencies' ledgers a user may read in the admin (executives, auditors,
  integrity officers and administrators of that agency).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from prongsai.ledger.registry import (
    ActorInfo,
    register_action,
    register_role,
    set_actor_resolver,
    set_staff_scope,
)
from prongsai.org.models import Membership, Role

for _name, _label in [
    ("org.agency_create", _("Agency created")),
    ("org.agency_update", _("Agency details changed")),
    ("org.work_group_create", _("Work group created")),
    ("org.workgroup_update", _("Work group changed")),
    ("org.position_create", _("Position created")),
    ("org.position_update", _("Position changed")),
    ("org.position_oversight", _("Oversight of work groups changed")),
    ("org.membership_add", _("Role given")),
    ("org.membership_remove", _("Role removed")),
]:
    register_action(_name, label=_label)

for _role in Role:
    register_role(_role.value, label=_role.label)

# When a person holds several roles in one agency, the entry names the most senior one; services
# that know in which capacity someone acts pass actor_role= to ledger.record().
ROLE_PRECEDENCE = [
    Role.EXECUTIVE,
    Role.HEAD,
    Role.INTEGRITY,
    Role.AUDITOR,
    Role.PR,
    Role.ADMIN,
    Role.STAFF,
]
LEDGER_READER_ROLES = frozenset({Role.EXECUTIVE, Role.AUDITOR, Role.INTEGRITY, Role.ADMIN})


def actor_info(user: Any, agency_id: int | None) -> ActorInfo:
    if agency_id is None:
        return ActorInfo(role="superuser" if getattr(user, "is_superuser", False) else "")
    memberships = list(
        Membership.objects.filter(user_id=user.pk, agency_id=agency_id).select_related("work_group")
    )
    if not memberships:
        return ActorInfo(role="superuser" if getattr(user, "is_superuser", False) else "")
    best = min(memberships, key=lambda m: ROLE_PRECEDENCE.index(Role(m.role)))
    unit = best.work_group.name_th if best.work_group else ""
    return ActorInfo(role=best.role, unit=unit)


def staff_scope(user: Any) -> Iterable[int] | None:
    if getattr(user, "is_superuser", False):
        return None
    return set(
        Membership.objects.filter(user_id=user.pk, role__in=LEDGER_READER_ROLES).values_list(
            "agency_id", flat=True
        )
    )


set_actor_resolver(actor_info)
set_staff_scope(staff_scope)
register_role("superuser", label=_("System administrator"))
