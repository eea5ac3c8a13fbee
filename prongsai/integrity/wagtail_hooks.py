"""The integrity menu in Wagtail's admin (Thai first) and its URLs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from prongsai.integrity import admin_views, selectors
from prongsai.org.models import Role


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [
        path("integrity/confirm/", admin_views.stepup_view, name="integrity_stepup"),
        path("integrity/report/", admin_views.report_new, name="integrity_report_new"),
        path("integrity/cases/", admin_views.case_list, name="integrity_cases"),
        path("integrity/cases/<int:pk>/", admin_views.case_detail, name="integrity_case_detail"),
        path(
            "integrity/cases/<int:pk>/identity/",
            admin_views.case_identity,
            name="integrity_case_identity",
        ),
        path(
            "integrity/cases/<int:pk>/files/<uuid:uid>/",
            admin_views.case_file,
            name="integrity_case_file",
        ),
        path("integrity/statistics/", admin_views.statistics, name="integrity_statistics"),
        path(
            "integrity/cases/<int:pk>/<slug:action>/",
            admin_views.case_action,
            name="integrity_case_action",
        ),
    ]


def _roles(request: HttpRequest) -> set[str]:
    roles: set[str] = set()
    for agency_roles in selectors._agency_roles(request.user).values():
        roles |= agency_roles
    return roles


class MemberMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(_roles(request))


class CasesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return Role.INTEGRITY in _roles(request) or selectors.cases_for_user(request.user).exists()


class RolesMenuItem(MenuItem):
    def __init__(self, *args: Any, roles: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles

    def is_shown(self, request: HttpRequest) -> bool:
        return bool(_roles(request) & self.roles)


@hooks.register("register_admin_menu_item")
def register_menu() -> SubmenuMenuItem:
    items: list[MenuItem] = [
        MemberMenuItem(
            _("Report non-compliance"),
            reverse("integrity_report_new"),
            icon_name="warning",
            order=100,
        ),
        CasesMenuItem(
            _("Reports and complaints"),
            reverse("integrity_cases"),
            icon_name="folder-open-inverse",
            order=200,
        ),
        RolesMenuItem(
            _("Complaint statistics (O29)"),
            reverse("integrity_statistics"),
            icon_name="table",
            order=700,
            roles={Role.INTEGRITY, Role.EXECUTIVE, Role.AUDITOR, Role.ADMIN},
        ),
    ]
    return SubmenuMenuItem(_("Integrity"), Menu(items=items), icon_name="pick", order=300)
