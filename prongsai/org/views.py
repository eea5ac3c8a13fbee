"""Staff screens for the organisation, in Wagtail's admin. Each object is scoped to the agencies the
user administers; every write goes through prongsai.org.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, ForeignKey, Model, QuerySet
from django.template.defaultfilters import yesno
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from prongsai.org import services
from prongsai.org.models import Agency, Membership, Position, WorkGroup, person_name
from prongsai.org.selectors import agencies_administered_by


class AgencyScopedPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to objects of the agencies the user administers."""

    def __init__(self, model: type[Model], agency_path: str = "agency") -> None:
        super().__init__(model)
        self.agency_path = agency_path

    def _scoped(self, user: Any) -> QuerySet[Any]:
        agencies = agencies_administered_by(user)
        if self.agency_path == "pk":
            return self.model._default_manager.filter(pk__in=agencies)
        return self.model._default_manager.filter(**{f"{self.agency_path}__in": agencies})

    def instances_user_has_any_permission_for(self, user: Any, actions: list[str]) -> QuerySet[Any]:
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self._scoped(user)

    def instances_user_has_permission_for(self, user: Any, action: str) -> QuerySet[Any]:
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(
        self, user: Any, actions: list[str], instance: Any
    ) -> bool:
        return (
            self.user_has_any_permission(user, actions)
            and self._scoped(user).filter(pk=instance.pk).exists()
        )

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)


class ScopedIndexView(generic.IndexView):
    """The user's agencies' objects, in one query whatever the number of rows: the related
    objects the list shows come with them. People are shown by name (not username), and
    yes/no fields in words (ใช่ / ไม่ใช่) rather than Python's True / False."""

    def _field(self, name: Any) -> Any:
        if not isinstance(name, str):
            return None
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def get_base_queryset(self) -> QuerySet[Any]:
        shown = [name for name in self.list_display if isinstance(self._field(name), ForeignKey)]
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "view"]
        ).select_related(*shown)

    def _get_custom_column(self, field_name: str, column_class: Any = Column, **kwargs: Any) -> Any:
        # Wagtail builds every column of list_display here, the first (linked) one included.
        field = self._field(field_name)
        if isinstance(field, BooleanField):
            kwargs.setdefault("accessor", lambda obj: yesno(getattr(obj, field_name)))
        elif isinstance(field, ForeignKey) and field.related_model is get_user_model():
            kwargs.setdefault("accessor", lambda obj: person_name(getattr(obj, field_name)))
        return super()._get_custom_column(field_name, column_class, **kwargs)


class ScopedObjectMixin:
    """Edit and delete views find objects only among the user's agencies (404 otherwise)."""

    def get_queryset(self) -> QuerySet[Any]:
        return self.permission_policy.instances_user_has_any_permission_for(  # type: ignore[attr-defined]
            self.request.user,  # type: ignore[attr-defined]
            ["change", "delete"],
        )


class ScopedFormMixin:
    """Limit every agency / work group / position choice to the user's administered agencies."""

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)  # type: ignore[misc]
        agencies = agencies_administered_by(self.request.user)  # type: ignore[attr-defined]
        for name, field in form.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if model is Agency:
                field.queryset = agencies
            elif model in (WorkGroup, Position):
                field.queryset = queryset.filter(agency__in=agencies)
            if name == "holder" or model.__name__ == "User":
                field.queryset = queryset.filter(memberships__agency__in=agencies).distinct()
                field.label_from_instance = person_name
        return form


def _plain_fields(form: forms.ModelForm) -> dict[str, Any]:
    m2m = {f.name for f in form.instance._meta.many_to_many}
    return {k: v for k, v in form.cleaned_data.items() if k not in m2m}


class AgencyEditView(ScopedObjectMixin, ScopedFormMixin, generic.EditView):
    def save_instance(self) -> Agency:
        instance = Agency.objects.get(pk=self.object.pk)
        services.org_object_update(
            instance=instance, data=_plain_fields(self.form), actor=self.request.user
        )
        return instance


class WorkGroupCreateView(ScopedFormMixin, generic.CreateView):
    def save_instance(self) -> WorkGroup:
        data = _plain_fields(self.form)
        return services.work_group_create(actor=self.request.user, **data)


class WorkGroupEditView(ScopedObjectMixin, ScopedFormMixin, generic.EditView):
    def save_instance(self) -> WorkGroup:
        instance = WorkGroup.objects.get(pk=self.object.pk)
        services.org_object_update(
            instance=instance, data=_plain_fields(self.form), actor=self.request.user
        )
        return instance


class PositionCreateView(ScopedFormMixin, generic.CreateView):
    def save_instance(self) -> Position:
        data = _plain_fields(self.form)
        return services.position_create(
            actor=self.request.user, oversees=list(self.form.cleaned_data["oversees"]), **data
        )


class PositionEditView(ScopedObjectMixin, ScopedFormMixin, generic.EditView):
    def save_instance(self) -> Position:
        instance = Position.objects.get(pk=self.object.pk)
        services.org_object_update(
            instance=instance, data=_plain_fields(self.form), actor=self.request.user
        )
        services.position_set_oversight(
            position=instance,
            work_groups=list(self.form.cleaned_data["oversees"]),
            actor=self.request.user,
        )
        return instance


class MembershipCreateView(ScopedFormMixin, generic.CreateView):
    def save_instance(self) -> Membership:
        data = self.form.cleaned_data
        return services.membership_add(
            user=data["user"],
            agency=data["agency"],
            role=data["role"],
            work_group=data["work_group"],
            actor=self.request.user,
        )


class MembershipEditView(ScopedObjectMixin, ScopedFormMixin, generic.EditView):
    """A change of role is recorded as the old membership ending and a new one starting."""

    def save_instance(self) -> Membership:
        data = self.form.cleaned_data
        old = Membership.objects.get(pk=self.object.pk)
        if (old.user_id, old.agency_id, old.role, old.work_group_id) == (
            data["user"].pk,
            data["agency"].pk,
            data["role"],
            data["work_group"].pk if data["work_group"] else None,
        ):
            return old
        new = services.membership_add(
            user=data["user"],
            agency=data["agency"],
            role=data["role"],
            work_group=data["work_group"],
            actor=self.request.user,
        )
        services.membership_remove(membership=old, actor=self.request.user)
        return new


class MembershipDeleteView(ScopedObjectMixin, generic.DeleteView):
    def delete_action(self) -> None:
        services.membership_remove(membership=self.object, actor=self.request.user)


class AgencyViewSet(ModelViewSet):
    url_prefix = "organisation/agency"
    model = Agency
    icon = "site"
    menu_label = _("Agency")
    add_to_admin_menu = False
    list_display = ["name_th", "slug", "phone", "email"]
    form_fields = [
        "name_th",
        "name_en",
        "address",
        "phone",
        "email",
        "office_hours",
        "map_url",
        "primary_colour",
        "logo",
    ]
    index_view_class = ScopedIndexView
    edit_view_class = AgencyEditView
    inspect_view_enabled = False


class WorkGroupViewSet(ModelViewSet):
    url_prefix = "organisation/work-groups"
    model = WorkGroup
    icon = "group"
    menu_label = _("Work groups")
    list_display = ["name_th", "kind", "parent", "agency"]
    list_filter = ["kind"]
    search_fields = ["name_th", "name_en", "code"]
    form_fields = [
        "agency",
        "parent",
        "code",
        "name_th",
        "name_en",
        "kind",
        "duties",
        "phone",
        "email",
        "order",
    ]
    index_view_class = ScopedIndexView
    add_view_class = WorkGroupCreateView
    edit_view_class = WorkGroupEditView


class PositionViewSet(ModelViewSet):
    url_prefix = "organisation/positions"
    model = Position
    icon = "user"
    menu_label = _("Positions")
    list_display = ["title_th", "work_group", "supervisor", "holder", "is_executive"]
    search_fields = ["title_th", "title_en"]
    form_fields = [
        "agency",
        "title_th",
        "title_en",
        "work_group",
        "supervisor",
        "is_executive",
        "oversees",
        "holder",
        "order",
    ]
    index_view_class = ScopedIndexView
    add_view_class = PositionCreateView
    edit_view_class = PositionEditView


class MembershipViewSet(ModelViewSet):
    url_prefix = "organisation/roles"
    model = Membership
    icon = "key"
    menu_label = _("Roles of staff")
    list_display = ["user", "role", "work_group", "agency"]
    list_filter = ["role"]
    form_fields = ["user", "agency", "role", "work_group"]
    index_view_class = ScopedIndexView
    add_view_class = MembershipCreateView
    delete_view_class = MembershipDeleteView
    edit_view_class = MembershipEditView


class OrganisationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 800
    items = (AgencyViewSet, WorkGroupViewSet, PositionViewSet, MembershipViewSet)
