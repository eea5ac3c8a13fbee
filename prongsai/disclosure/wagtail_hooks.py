"""The publishing workflow in Wagtail's admin: menu, URLs, the task panel on the dashboard, and
the editor's "unpublish with a reason" and "submit" shortcuts for evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from prongsai.disclosure import admin_views, policy, selectors
from prongsai.disclosure.models import EvidencePage
from prongsai.org.selectors import agencies_for_user, work_group_ids_for_user


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [
        path("disclosure/tasks/", admin_views.tasks, name="disclosure-tasks"),
        path(
            "disclosure/review/<int:task_state_id>/", admin_views.review, name="disclosure-review"
        ),
        path(
            "disclosure/evidence/<int:page_id>/submit/",
            admin_views.submit,
            name="disclosure-submit",
        ),
        path(
            "disclosure/evidence/<int:page_id>/withdraw/",
            admin_views.withdraw,
            name="disclosure-withdraw",
        ),
        path(
            "disclosure/evidence/<int:page_id>/unpublish/",
            admin_views.unpublish,
            name="disclosure-unpublish",
        ),
        path(
            "disclosure/evidence/<int:page_id>/files/<uuid:key>/",
            admin_views.draft_file,
            name="disclosure-draft-file",
        ),
        path("disclosure/upload/", admin_views.upload, name="disclosure-upload"),
        path("disclosure/board/", admin_views.board, name="disclosure-board"),
    ]


class _StaffMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return agencies_for_user(request.user).exists()


class _UploadMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return any(
            work_group_ids_for_user(request.user, a) for a in agencies_for_user(request.user)
        )


@hooks.register("register_admin_menu_item")
def register_menu() -> SubmenuMenuItem:
    menu = Menu(
        items=[
            _StaffMenuItem(
                _("My publishing tasks"), reverse("disclosure-tasks"), icon_name="tasks", order=100
            ),
            _UploadMenuItem(
                _("Upload many files"), reverse("disclosure-upload"), icon_name="upload", order=200
            ),
            _StaffMenuItem(
                _("Due dates"), reverse("disclosure-board"), icon_name="date", order=300
            ),
        ]
    )
    return SubmenuMenuItem(_("Publishing"), menu, icon_name="doc-full-inverse", order=240)


class TasksPanel(Component):
    """The in-app task list on the dashboard: what waits for me, by role."""

    name = "disclosure_tasks"
    order = 90
    template_name = "disclosure/admin/tasks_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        user = self.request.user
        summary = selectors.task_summary(user)
        agencies = list(agencies_for_user(user)[:1])
        due = selectors.due_this_month(user, agencies[0]) if agencies else []
        return {**summary, "due": due, "request": self.request}


@hooks.register("construct_homepage_panels")
def add_tasks_panel(request: HttpRequest, panels: list[Any]) -> None:
    if agencies_for_user(request.user).exists():
        panels.append(TasksPanel(request))


class UnpublishWithReasonMenuItem(ActionMenuItem):
    """Replaces Wagtail's unpublish (turned off for evidence) with one that asks for a reason."""

    label = _("Unpublish (give a reason)")
    name = "action-disclosure-unpublish"
    icon_name = "download"
    order = 40

    def is_shown(self, context: Mapping[str, Any]) -> bool:
        page = context.get("page")
        if context.get("view") != "edit" or not isinstance(page, EvidencePage) or not page.live:
            return False
        return policy.may_unpublish(context["request"].user, page)

    def get_url(self, parent_context: Mapping[str, Any]) -> str:
        return reverse("disclosure-unpublish", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_unpublish_item() -> ActionMenuItem:
    return UnpublishWithReasonMenuItem()
