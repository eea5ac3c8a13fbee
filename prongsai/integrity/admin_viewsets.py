"""Editors in Wagtail's admin for the code of conduct, the complaint guideline, manuals and their
versions, audit plans and findings, and the integrity measures.

Access is by role in an agency, never by Django model permissions: each viewset names the roles
that may edit and the roles that may read, every listing and every object is narrowed to the
agencies where the user holds those roles (404 elsewhere), every choice list in a form (including
inline rows) is narrowed the same way, and every save goes through one service. Approved versions
are final: they can be read, not changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.models import WagtailAdminModelFormMetaclass
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from prongsai.integrity import selectors, services
from prongsai.integrity.models import (
    AuditPlan,
    AuditStatus,
    ChecklistItem,
    CodeOfConduct,
    ComplaintGuideline,
    DocumentStatus,
    Finding,
    Manual,
    ManualVersion,
    MeasurePlan,
)
from prongsai.org.models import Agency, Position, Role, WorkGroup, person_name

EDITORS = frozenset({Role.INTEGRITY, Role.ADMIN})
READERS = frozenset(Role)  # every member of the agency may read these documents


def agencies_with(user: Any, roles: frozenset[str]) -> list[int]:
    return [a for a, r in selectors._agency_roles(user).items() if r & roles]


# ----------------------------------------------------------------------------- forms


def scope_fields(form: Any, user: Any) -> None:
    """Narrow every choice list of a form to the user's agencies."""
    agencies = list(selectors._agency_roles(user)) if user is not None else []
    user_model = get_user_model()
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        model = queryset.model
        if model is Agency:
            field.queryset = queryset.filter(pk__in=agencies)
        elif model in (WorkGroup, Position, Manual, AuditPlan, CodeOfConduct, MeasurePlan):
            field.queryset = queryset.filter(agency_id__in=agencies)
        elif model is ChecklistItem:
            field.queryset = queryset.filter(plan__agency_id__in=agencies)
        elif model is ManualVersion:
            field.queryset = queryset.filter(manual__agency_id__in=agencies)
        elif model is user_model:
            field.queryset = queryset.filter(memberships__agency_id__in=agencies).distinct()


class ScopedChildForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_fields(self, self.for_user)


class ScopedFormMetaclass(WagtailAdminModelFormMetaclass):
    @classmethod
    def child_form(cls) -> type:
        return ScopedChildForm


class ScopedAdminForm(WagtailAdminModelForm, metaclass=ScopedFormMetaclass):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_fields(self, self.for_user)
        # Agencies in which the user may edit this kind of document.
        allowed = getattr(self, "allowed_agencies", None)
        if allowed is not None and "agency" in self.fields:
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=allowed)


# ----------------------------------------------------------------------------- permissions


class AgencyRolePolicy(ModelPermissionPolicy):
    """Edit and read rights from the user's roles in each agency (see the module docstring)."""

    def __init__(
        self,
        model: type[Model],
        *,
        agency_path: str = "agency_id",
        editors: frozenset[str] = EDITORS,
        readers: frozenset[str] = READERS,
        editable: Q | None = None,
    ) -> None:
        super().__init__(model)
        self.agency_path = agency_path
        self.editors = editors
        self.readers = readers | editors
        self.editable = editable

    def _roles_for(self, actions: list[str]) -> frozenset[str]:
        """Roles that allow any of these actions (documents are never deleted: a new version
        replaces an old one)."""
        roles: frozenset[str] = frozenset()
        for action in actions:
            if action in ("add", "change"):
                roles |= self.editors
            elif action != "delete":
                roles |= self.readers
        return roles

    def user_has_permission(self, user: Any, action: str) -> bool:
        return self.user_has_any_permission(user, [action])

    def user_has_any_permission(self, user: Any, actions: list[str]) -> bool:
        roles = self._roles_for(actions)
        return bool(roles and agencies_with(user, roles))

    def instances_user_has_any_permission_for(self, user: Any, actions: list[str]) -> QuerySet:
        agencies = agencies_with(user, self._roles_for(actions))
        qs = self.model._default_manager.filter(**{f"{self.agency_path}__in": agencies})
        if self.editable is not None and set(actions) <= {"change", "delete"}:
            qs = qs.filter(self.editable)
        return qs

    def instances_user_has_permission_for(self, user: Any, action: str) -> QuerySet:
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(
        self, user: Any, actions: list[str], instance: Any
    ) -> bool:
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)


class ScopedIndexView(generic.IndexView):
    """The listing of what the user may read. A row links to its editor only when that row may
    still be changed (an approved version is final: its title opens the read-only view)."""

    editable_pks: frozenset[Any] = frozenset()

    def get_base_queryset(self) -> QuerySet:
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        )

    def get_table(self, object_list: Any) -> Any:
        # One query for the rows of this page, not one per row.
        pks = [obj.pk for obj in object_list]
        self.editable_pks = frozenset(
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["change"]
            )
            .filter(pk__in=pks)
            .values_list("pk", flat=True)
        )
        return super().get_table(object_list)

    def get_edit_url(self, instance: Any) -> str | None:
        if instance.pk not in self.editable_pks:
            return None
        return super().get_edit_url(instance)


class ScopedInspectView(generic.InspectView):
    """The read-only view: only what the user may read (404 elsewhere, as for another agency's
    drafts or audits), with an edit button only while the object may still be changed."""

    def get_object(self, queryset: Any = None) -> Any:
        obj = (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["view"]
            )
            .filter(pk=self.pk)
            .first()
        )
        if obj is None:
            raise Http404
        return obj

    def get_fields(self) -> list[str]:
        return [f for f in super().get_fields() if f != "id"]  # a database number means nothing

    def get_field_display_value(self, field_name: str, field: Any) -> Any:
        value = super().get_field_display_value(field_name, field)
        if value is None:
            return "–"  # not yet (approved by, approved at…), instead of Python's None
        if isinstance(value, get_user_model()):
            return person_name(value)
        return value

    def get_edit_url(self) -> str | None:
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", self.object
        ):
            return None
        return super().get_edit_url()


class ServiceSaveMixin:
    """Edit and create views: scoped objects (404 elsewhere), scoped agency choice, and a
    service call instead of form.save(); a ValidationError from the service shows on the form."""

    def get_object(self, queryset: Any = None) -> Any:
        qs = self.permission_policy.instances_user_has_any_permission_for(  # type: ignore[attr-defined]
            self.request.user,  # type: ignore[attr-defined]
            ["change"],
        )
        pk = self.kwargs[self.pk_url_kwarg]  # type: ignore[attr-defined]
        obj = qs.filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        if "agency" in form.fields:
            form.fields["agency"].queryset = Agency.objects.filter(
                pk__in=agencies_with(self.request.user, self.permission_policy.editors)  # type: ignore[attr-defined]
            )
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as exc:
            form.add_error(None, exc)
            self.produced_error_message = " ".join(exc.messages)
            return self.form_invalid(form)  # type: ignore[attr-defined]

    def save_instance(self) -> Any:
        instance = self.form.save(commit=False)  # type: ignore[attr-defined]
        return self.save_with_service(instance)

    def save_with_service(self, instance: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


def _viewset_views(save: Any) -> tuple[type, type]:
    class Create(ServiceSaveMixin, generic.CreateView):
        def save_with_service(self, instance: Any) -> Any:
            return save(self, instance)

    class Edit(ServiceSaveMixin, generic.EditView):
        def save_with_service(self, instance: Any) -> Any:
            return save(self, instance)

    return Create, Edit


# ----------------------------------------------------------------------------- viewsets


def _save_code(view: Any, code: CodeOfConduct) -> CodeOfConduct:
    return services.code_save(
        actor=view.request.user,
        agency=code.agency,
        title=code.title,
        body=code.body,
        dos=code.dos,
        donts=code.donts,
        effective_from=code.effective_from,
        code=code if code.pk else None,
    )


_CodeCreate, _CodeEdit = _viewset_views(_save_code)
DRAFTS = Q(status=DocumentStatus.DRAFT)


class CodeOfConductViewSet(ModelViewSet):
    model = CodeOfConduct
    icon = "doc-full"
    url_prefix = "integrity/code-of-conduct"
    url_namespace = "integrity_code_versions"
    menu_label = _("Code of conduct versions")
    list_display = ["title", "version", "status", "effective_from", "approved_at"]
    list_filter = ["status"]
    add_view_class = _CodeCreate
    edit_view_class = _CodeEdit
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("agency"),
        FieldPanel("title"),
        FieldPanel("effective_from"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("dos"), FieldPanel("donts")]),
    ]

    def get_edit_handler(self) -> Any:
        return ObjectList(self.panels, base_form_class=ScopedAdminForm).bind_to_model(self.model)


def _save_guideline(view: Any, g: ComplaintGuideline) -> ComplaintGuideline:
    return services.guideline_save(
        actor=view.request.user,
        agency=g.agency,
        responsible_unit=g.responsible_unit,
        introduction=g.introduction,
        protection=g.protection,
        other_channels=g.other_channels,
        guideline=g if g.pk else None,
    )


_GuideCreate, _GuideEdit = _viewset_views(_save_guideline)


class GuidelineViewSet(ModelViewSet):
    model = ComplaintGuideline
    icon = "help"
    url_prefix = "integrity/guideline"
    url_namespace = "integrity_guidelines"
    menu_label = _("Complaint-handling guideline")
    list_display = ["__str__", "status", "responsible_unit", "approved_at"]
    add_view_class = _GuideCreate
    edit_view_class = _GuideEdit
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("agency"),
        FieldPanel("responsible_unit"),
        FieldPanel("introduction"),
        FieldPanel("other_channels"),
        FieldPanel("protection"),
    ]

    def get_edit_handler(self) -> Any:
        return ObjectList(self.panels, base_form_class=ScopedAdminForm).bind_to_model(self.model)


def _save_manual(view: Any, manual: Manual) -> Manual:
    return services.manual_save(actor=view.request.user, manual=manual)


_ManualCreate, _ManualEdit = _viewset_views(_save_manual)
MANUAL_EDITORS = frozenset({Role.INTEGRITY, Role.ADMIN, Role.HEAD, Role.STAFF})


class ManualViewSet(ModelViewSet):
    model = Manual
    icon = "doc-full-inverse"
    url_prefix = "integrity/manuals"
    url_namespace = "integrity_manuals"
    menu_label = _("Manuals registry")
    list_display = [
        "title",
        "kind",
        "work_group",
        "code",
        TitleColumn(
            "read",
            label=_("Version in force"),
            accessor=lambda manual: _("Read"),
            get_url=lambda manual: reverse("integrity_manual", args=[manual.pk]),
        ),
    ]
    list_filter = ["kind"]
    search_fields = ["title", "code"]
    add_view_class = _ManualCreate
    edit_view_class = _ManualEdit
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("agency"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("code")]),
        FieldPanel("title"),
        FieldPanel("work_group"),
        FieldPanel("mission"),
        FieldPanel("review_every_months"),
    ]

    def get_edit_handler(self) -> Any:
        return ObjectList(self.panels, base_form_class=ScopedAdminForm).bind_to_model(self.model)


def _save_version(view: Any, version: ManualVersion) -> ManualVersion:
    return services.manual_version_save(actor=view.request.user, version=version)


_VersionCreate, _VersionEdit = _viewset_views(_save_version)


class ManualVersionViewSet(ModelViewSet):
    model = ManualVersion
    icon = "doc-full"
    url_prefix = "integrity/manual-versions"
    url_namespace = "integrity_manual_versions"
    menu_label = _("Manual versions")
    list_display = ["manual", "number", "status", "effective_from", "next_review_on"]
    list_filter = ["status"]
    add_view_class = _VersionCreate
    edit_view_class = _VersionEdit
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("manual"),
        FieldPanel("changes"),
        FieldPanel("legal_basis"),
        FieldPanel("channel"),
        FieldRowPanel([FieldPanel("effective_from"), FieldPanel("next_review_on")]),
        InlinePanel(
            "steps",
            label=_("Steps"),
            min_num=1,
            panels=[
                FieldPanel("order"),
                FieldPanel("title"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("standard_time"), FieldPanel("time_unit")]),
                FieldPanel("responsible_position"),
                FieldPanel("legal_basis"),
            ],
        ),
    ]

    def get_edit_handler(self) -> Any:
        return ObjectList(self.panels, base_form_class=ScopedAdminForm).bind_to_model(self.model)


def _save_audit(view: Any, plan: AuditPlan) -> AuditPlan:
    return services.audit_save(
        actor=view.request.user,
        plan=plan,
        work_groups=list(view.form.cleaned_data.get("work_groups") or []),
    )


_AuditCreate, _AuditEdit = _viewset_views(_save_audit)
AUDITORS = frozenset({Role.AUDITOR})
AUDIT_READERS = frozenset({Role.AUDITOR, Role.EXECUTIVE})


class AuditPlanViewSet(ModelViewSet):
    model = AuditPlan
    icon = "tasks"
    url_prefix = "integrity/audits"
    url_namespace = "integrity_audits"
    menu_label = _("Compliance audits")
    list_display = [
        "title",
        "fiscal_year",
        "status",
        "planned_start",
        "planned_end",
        TitleColumn(
            "report",
            label=_("Report and steps"),
            accessor=lambda plan: _("Open the report"),
            get_url=lambda plan: reverse("integrity_audit_report", args=[plan.pk]),
        ),
    ]
    list_filter = ["status", "fiscal_year"]
    add_view_class = _AuditCreate
    edit_view_class = _AuditEdit
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("agency"),
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("lead_auditor")]),
        FieldPanel("title"),
        FieldPanel("scope"),
        FieldPanel("work_groups"),
        FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
        InlinePanel(
            "checklist",
            label=_("Checklist"),
            panels=[
                FieldPanel("order"),
                FieldPanel("requirement"),
                FieldRowPanel([FieldPanel("manual"), FieldPanel("legal_basis")]),
                FieldRowPanel([FieldPanel("result"), FieldPanel("note")]),
            ],
        ),
    ]

    def get_edit_handler(self) -> Any:
        return ObjectList(self.panels, base_form_class=ScopedAdminForm).bind_to_model(self.model)


def _save_finding(view: Any, finding: Finding) -> Finding:
    return services.finding_save(actor=view.request.user, finding=finding)


_FindingCreate, _FindingEdit = _viewset_views(_save_finding)


class FindingViewSet(ModelViewSet):
    model = Finding
    icon = "warning"
    url_prefix = "integrity/findings"
    url_namespace = "integrity_findings"
    menu_label = _("Audit findings")
    list_display = ["title", "plan", "work_group", "severity", "status"]
    list_filter = ["status", "severity"]
    add_view_class = _FindingCreate
    edit_view_class = _FindingEdit
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("plan"),
        FieldPanel("checklist_item"),
        FieldPanel("work_group"),
        FieldPanel("title"),
        FieldPanel("detail"),
        FieldPanel("cause"),
        FieldPanel("severity"),
        InlinePanel(
            "actions",
            label=_("Corrective actions"),
            min_num=1,
            panels=[
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("owner_position"), FieldPanel("due_on")]),
            ],
        ),
    ]

    def get_edit_handler(self) -> Any:
        return ObjectList(self.panels, base_form_class=ScopedAdminForm).bind_to_model(self.model)


def _save_measures(view: Any, plan: MeasurePlan) -> MeasurePlan:
    return services.measures_save(actor=view.request.user, plan=plan)


_MeasuresCreate, _MeasuresEdit = _viewset_views(_save_measures)


class MeasurePlanViewSet(ModelViewSet):
    model = MeasurePlan
    icon = "list-ul"
    url_prefix = "integrity/measures"
    url_namespace = "integrity_measures"
    menu_label = _("Integrity measures")
    list_display = ["title", "fiscal_year", "status", "approved_at"]
    add_view_class = _MeasuresCreate
    edit_view_class = _MeasuresEdit
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("agency"),
        FieldPanel("fiscal_year"),
        FieldPanel("title"),
        FieldPanel("analysis"),
        InlinePanel(
            "measures",
            label=_("Measures"),
            min_num=1,
            panels=[
                FieldPanel("order"),
                FieldPanel("title"),
                FieldPanel("steps"),
                FieldPanel("owner_position"),
                FieldRowPanel([FieldPanel("start_on"), FieldPanel("end_on")]),
                FieldPanel("monitoring"),
            ],
        ),
    ]

    def get_edit_handler(self) -> Any:
        return ObjectList(self.panels, base_form_class=ScopedAdminForm).bind_to_model(self.model)


POLICIES = {
    CodeOfConduct: AgencyRolePolicy(CodeOfConduct, editable=DRAFTS),
    ComplaintGuideline: AgencyRolePolicy(ComplaintGuideline, editable=DRAFTS),
    Manual: AgencyRolePolicy(Manual, editors=MANUAL_EDITORS),
    ManualVersion: AgencyRolePolicy(
        ManualVersion, agency_path="manual__agency_id", editors=MANUAL_EDITORS, editable=DRAFTS
    ),
    AuditPlan: AgencyRolePolicy(
        AuditPlan,
        editors=AUDITORS,
        readers=AUDIT_READERS,
        editable=~Q(status=AuditStatus.CLOSED),
    ),
    Finding: AgencyRolePolicy(
        Finding, agency_path="plan__agency_id", editors=AUDITORS, readers=AUDIT_READERS
    ),
    MeasurePlan: AgencyRolePolicy(MeasurePlan, editable=DRAFTS),
}


class IntegrityDocumentsGroup(ModelViewSetGroup):
    menu_label = _("Integrity documents")
    menu_icon = "doc-full"
    menu_order = 310
    items = (
        CodeOfConductViewSet,
        GuidelineViewSet,
        ManualViewSet,
        ManualVersionViewSet,
        AuditPlanViewSet,
        FindingViewSet,
        MeasurePlanViewSet,
    )
