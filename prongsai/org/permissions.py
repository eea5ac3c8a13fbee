"""Page permissions narrowed to the owning work group.

Wagtail grants page permissions per group and page subtree; Prongsai gives each agency role its
permissions on the agency's home page (prongsai.org.services.agency_create). A page that belongs to
a work group may in addition be changed only by that group's members and the agency's
administrator: staff of another group get read-only access to it.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from prongsai.org.models import WorkGroup
from prongsai.org.selectors import user_may_edit_for_work_group


class WorkGroupPagePermissionTester(PagePermissionTester):
    def _owner_allows(self) -> bool:
        work_group_id = getattr(self.page, "work_group_id", None)
        if work_group_id is None or self.user.is_superuser:
            return True
        work_group = getattr(self.page, "work_group", None)
        if not isinstance(work_group, WorkGroup):
            return False
        return user_may_edit_for_work_group(self.user, work_group)

    def can_edit(self) -> bool:
        return super().can_edit() and self._owner_allows()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return super().can_delete(ignore_bulk) and self._owner_allows()

    def can_lock(self) -> bool:
        return super().can_lock() and self._owner_allows()

    def can_move(self) -> bool:
        return super().can_move() and self._owner_allows()

    def can_copy(self) -> bool:
        return super().can_copy() and self._owner_allows()


class WorkGroupOwnedPageMixin:
    """Mix into a Page model that has a `work_group` ForeignKey."""

    def permissions_for_user(self, user):  # type: ignore[no-untyped-def]
        return WorkGroupPagePermissionTester(user, self)
