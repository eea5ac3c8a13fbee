"""The integrity menu in Wagtail's admin (Thai first) and its URLs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from prongsai.integrity import admin_documents, admin_publishing, admin_views, selectors
from prongsai.integrity.admin_viewsets import POLICIES, IntegrityDocumentsGroup
from prongsai.org.models import Role

for _model, _policy in POLICIES.items():
    register_permission_policy(_model, _policy)


@hooks.register("register_admin_viewset")
def register_viewsets() -> IntegrityDocumentsGroup:
    return IntegrityDocumentsGroup()


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
        path("integrity/publish/", admin_publishing.publishing_list, name="integrity_publishing"),
        path(
            "integrity/publish/send/",
            admin_publishing.publishing_send,
            name="integrity_publishing_send",
        ),
        path("integrity/code/", admin_documents.code_of_conduct, name="integrity_code"),
        path(
            "integrity/code/acknowledge/",
            admin_documents.code_acknowledge,
            name="integrity_code_acknowledge",
        ),
        path("integrity/approvals/", admin_documents.approvals, name="integrity_approvals"),
        path(
            "integrity/approvals/<slug:kind>/<int:pk>/",
            admin_documents.approve,
            name="integrity_approve",
        ),
        path("integrity/oversight/", admin_documents.oversight, name="integrity_oversight"),
        path("integrity/manual/<int:pk>/", admin_documents.manual_detail, name="integrity_manual"),
        path("integrity/actions/", admin_documents.corrective_actions, name="integrity_actions"),
        path(
            "integrity/actions/<int:pk>/follow-up/",
            admin_documents.corrective_action_follow_up,
            name="integrity_action_follow_up",
        ),
        path(
            "integrity/audit-report/<int:pk>/",
            admin_documents.audit_report,
            name="integrity_audit_report",
        ),
        path(
            "integrity/measures-progress/",
            admin_documents.measures_progress,
            name="integrity_measures_progress",
        ),
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
        MemberMenuItem(
            _("Code of conduct"), reverse("integrity_code"), icon_name="doc-full", order=300
        ),
        RolesMenuItem(
            _("Oversight of my work groups"),
            reverse("integrity_oversight"),
            icon_name="view",
            order=400,
            roles={Role.EXECUTIVE},
        ),
        RolesMenuItem(
            _("Waiting for my approval"),
            reverse("integrity_approvals"),
            icon_name="tick-inverse",
            order=450,
            roles={Role.EXECUTIVE},
        ),
        MemberMenuItem(
            _("Corrective actions"), reverse("integrity_actions"), icon_name="tasks", order=500
        ),
        MemberMenuItem(
            _("Progress of the integrity measures"),
            reverse("integrity_measures_progress"),
            icon_name="list-ul",
            order=600,
        ),
        RolesMenuItem(
            _("Complaint statistics"),
            reverse("integrity_statistics"),
            icon_name="table",
            order=700,
            roles={Role.INTEGRITY, Role.EXECUTIVE, Role.AUDITOR, Role.ADMIN},
        ),
        MemberMenuItem(
            _("Publish on the website (ITA)"),
            reverse("integrity_publishing"),
            icon_name="upload",
            order=800,
        ),
    ]
    return SubmenuMenuItem(_("Integrity"), Menu(items=items), icon_name="pick", order=300)
