"""Staff screens in Wagtail's admin: the readiness dashboard (with XLSX and ITAS exports), the
catalogue and item editors, and the import and clone forms. Writes go through ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from prongsai.ita import export, selectors, services
from prongsai.ita.models import (
    READINESS_STATUS_LABELS,
    Catalogue,
    CatalogueStatus,
    Indicator,
    Item,
)
from prongsai.ita.schema import CatalogueError
from prongsai.org.models import Agency

MAX_UPLOAD_BYTES = 2 * 1024 * 1024

# ---------------------------------------------------------------------------- dashboard


def _readiness_context(request: HttpRequest) -> dict[str, Any]:
    agencies = list(selectors.agencies_for_readiness(request.user))
    if not agencies:
        raise PermissionDenied
    wanted = request.GET.get("agency")
    agency: Agency | None = None
    if wanted:
        agency = next((a for a in agencies if a.slug == wanted), None)
        if agency is None:
            raise Http404("ไม่พบหน่วยงาน (no such agency)")
    else:
        current = getattr(request, "agency", None)
        agency = next((a for a in agencies if current and a.pk == current.pk), agencies[0])
    scope = selectors.readiness_scope_for_user(request.user, agency)
    catalogues = list(Catalogue.objects.order_by("-fiscal_year"))
    year = request.GET.get("year")
    catalogue = next((c for c in catalogues if str(c.fiscal_year) == year), None)
    if year and catalogue is None:
        raise Http404("ไม่พบเกณฑ์ของปีนี้ (no catalogue for this year)")
    catalogue = catalogue or selectors.default_catalogue()
    readiness = (
        selectors.catalogue_readiness(
            catalogue=catalogue, agency=agency, owner_kinds=scope, samples_per_element=3
        )
        if catalogue
        else None
    )
    return {
        "agencies": agencies,
        "agency": agency,
        "catalogues": catalogues,
        "catalogue": catalogue,
        "readiness": readiness,
        "scope": scope,
        "status_labels": READINESS_STATUS_LABELS,
    }


@require_safe
def readiness(request: HttpRequest) -> HttpResponse:
    context = _readiness_context(request)
    context.update(page_title=_("ITA readiness"), header_icon="tasks")
    return render(request, "ita/admin/readiness.html", context)


@require_safe
def readiness_export(request: HttpRequest) -> HttpResponse:
    context = _readiness_context(request)
    data = context["readiness"]
    if data is None:
        raise Http404("ยังไม่มีเกณฑ์ (no catalogue yet)")
    kind = request.GET.get("format", "xlsx")
    year, slug = data.catalogue.fiscal_year, data.agency.slug
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if kind == "xlsx":
        body, mime, name = export.readiness_xlsx(data), xlsx, f"ita-{year}-readiness-{slug}.xlsx"
    elif kind in ("itas-xlsx", "itas-csv"):
        if context["scope"] is not None:
            raise PermissionDenied  # the ITAS sheet covers every item: agency-wide roles only
        rows = export.export_rows(data)
        if kind == "itas-xlsx":
            body, mime, name = export.to_xlsx(rows), xlsx, f"ita-{year}-itas-{slug}.xlsx"
        else:
            body, mime, name = export.to_csv(rows), "text/csv", f"ita-{year}-itas-{slug}.csv"
    else:
        raise Http404("ไม่รู้จักรูปแบบนี้ (unknown format)")
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------------------- import and clone


def _require_catalogue_manager(request: HttpRequest) -> None:
    if not request.user.has_perm("ita.add_catalogue"):
        raise PermissionDenied


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file (TOML)"),
        help_text=_(
            "One fiscal year per file, named like ita-2567.toml; see docs/ita-catalogue.md."
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Keep the current status")), *CatalogueStatus.choices],
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB."), params={"size": MAX_UPLOAD_BYTES >> 20}
            )
        return upload


@require_http_methods(["GET", "POST"])
def catalogue_import_view(request: HttpRequest) -> HttpResponse:
    _require_catalogue_manager(request)
    issues = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.catalogue_import(
                file=upload.read(),
                filename=upload.name,
                status=form.cleaned_data["status"] or None,
                actor=request.user,
            )
        except CatalogueError as exc:
            issues = exc.issues
        else:
            year = result.catalogue.fiscal_year
            if result.changed:
                messages.success(
                    request,
                    _(
                        "ITA %(year)s imported: %(new)s new, %(updated)s updated, %(removed)s removed."
                    )
                    % {
                        "year": year,
                        "new": result.items_created,
                        "updated": result.items_updated,
                        "removed": result.items_removed,
                    },
                )
            else:
                messages.info(request, _("ITA %(year)s is already up to date.") % {"year": year})
            return redirect(catalogue_viewset.get_url_name("index"))
    return render(
        request,
        "ita/admin/import.html",
        {
            "form": form,
            "issues": issues,
            "page_title": _("Import an ITA catalogue"),
            "header_icon": "upload",
        },
    )


class CloneForm(forms.Form):
    from_year = forms.TypedChoiceField(label=_("Copy from fiscal year"), coerce=int)
    to_year = forms.IntegerField(label=_("To fiscal year"), min_value=2500, max_value=2800)
    code_map = forms.CharField(
        label=_("Code mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "One OLD=NEW pair a line for every item whose code changed; OLD= drops an item. "
            "Items not listed keep their code."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = Catalogue.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
        self.fields["from_year"].choices = [(y, str(y)) for y in years]

    def clean_code_map(self) -> dict[str, str]:
        return services.parse_code_map(self.cleaned_data["code_map"])


@require_http_methods(["GET", "POST"])
def catalogue_clone_view(request: HttpRequest) -> HttpResponse:
    _require_catalogue_manager(request)
    issues = []
    form = CloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.catalogue_clone(
                from_year=form.cleaned_data["from_year"],
                to_year=form.cleaned_data["to_year"],
                code_map=form.cleaned_data["code_map"],
                actor=request.user,
            )
        except CatalogueError as exc:
            issues = exc.issues
        else:
            messages.success(
                request,
                _(
                    "ITA %(year)s prepared: %(items)s items mapped, %(claims)s evidence links "
                    "carried over."
                )
                % {
                    "year": result.catalogue.fiscal_year,
                    "items": result.items_mapped,
                    "claims": result.claims_relinked,
                },
            )
            return redirect(catalogue_viewset.get_url_name("index"))
    return render(
        request,
        "ita/admin/clone.html",
        {
            "form": form,
            "issues": issues,
            "page_title": _("Copy a catalogue to a new year"),
            "header_icon": "copy",
        },
    )


# ---------------------------------------------------------------------------- catalogue editor


class NoDeletePolicy(ModelPermissionPolicy):
    """Model permissions, but catalogues and items are never deleted from the admin: a year that
    is no longer used is archived, and an item that evidence points at must stay."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: list[str]) -> bool:
        return any(self.user_has_permission(user, a) for a in actions)


class CatalogueCreateView(generic.CreateView):
    def save_instance(self) -> Catalogue:
        data = dict(self.form.cleaned_data)
        return services.catalogue_create(
            fiscal_year=data.pop("fiscal_year"), data=data, actor=self.request.user
        )


class CatalogueEditView(generic.EditView):
    def save_instance(self) -> Catalogue:
        data = {k: v for k, v in self.form.cleaned_data.items() if k != "fiscal_year"}
        return services.catalogue_update(
            catalogue=Catalogue.objects.get(pk=self.object.pk), data=data, actor=self.request.user
        )


class CatalogueIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Catalogue]:
        return super().get_base_queryset().annotate(item_count=Count("items"))


class CatalogueViewSet(ModelViewSet):
    model = Catalogue
    icon = "list-ol"
    url_prefix = "ita/catalogues"
    menu_label = _("ITA catalogues")
    add_to_admin_menu = False
    list_display = ["fiscal_year", "title_th", "status", "answer_opens", "answer_closes"]
    list_filter = ["status"]
    index_view_class = CatalogueIndexView
    add_view_class = CatalogueCreateView
    edit_view_class = CatalogueEditView
    inspect_view_enabled = False
    copy_view_enabled = False
    panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("status"),
        FieldPanel("title_th"),
        FieldPanel("title_en"),
        FieldRowPanel([FieldPanel("answer_opens"), FieldPanel("answer_closes")]),
        FieldPanel("grace_days"),
        FieldPanel("source"),
    ]

    def get_edit_handler(self) -> Any:
        return ObjectList(
            [FieldPanel("fiscal_year", read_only=True), *self.panels[1:]]
        ).bind_to_model(self.model)

    def get_add_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        panel = ObjectList(self.panels).bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)


class IndicatorCreateView(generic.CreateView):
    def save_instance(self) -> Indicator:
        data = dict(self.form.cleaned_data)
        return services.indicator_save(
            catalogue=data.pop("catalogue"), data=data, actor=self.request.user
        )


class IndicatorEditView(generic.EditView):
    def save_instance(self) -> Indicator:
        obj = Indicator.objects.select_related("catalogue").get(pk=self.object.pk)
        data = {k: v for k, v in self.form.cleaned_data.items() if k != "catalogue"}
        return services.indicator_save(
            catalogue=obj.catalogue, data=data, indicator=obj, actor=self.request.user
        )


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "list-ol"
    url_prefix = "ita/indicators"
    menu_label = _("ITA indicators")
    add_to_admin_menu = False
    list_display = ["code", "name_th", "catalogue", "parent"]
    list_filter = ["catalogue"]
    ordering = ["-catalogue__fiscal_year", "order"]
    add_view_class = IndicatorCreateView
    edit_view_class = IndicatorEditView
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = [
        "catalogue",
        "parent",
        "code",
        "name_th",
        "name_en",
        "confirmed",
        "note",
        "order",
    ]


class ItemAdminForm(WagtailAdminModelForm):
    """Checks an item's definition the way the catalogue file is checked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "indicator" in self.fields and self.instance.catalogue_id:
            self.fields["indicator"].queryset = Indicator.objects.filter(
                catalogue_id=self.instance.catalogue_id, children__isnull=True
            )

    def element_rows(self) -> list[dict[str, Any]]:
        formset = self.formsets.get("elements")
        if formset is None:
            return []
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            rows.append({k: data.get(k) for k in services.ELEMENT_FIELDS})
        return sorted(rows, key=lambda r: r.get("order") or 0)

    def is_valid(self) -> bool:
        # The elements' formset is validated after the form's own clean(), so the whole item is
        # checked here, once both are valid.
        if not super().is_valid():
            return False
        catalogue = (
            self.instance.catalogue
            if self.instance.catalogue_id
            else self.cleaned_data.get("catalogue")
        )
        if catalogue is None:
            return True
        errors = services.item_check(
            catalogue=catalogue, data=self.cleaned_data, elements=self.element_rows()
        )
        for name, texts in errors.items():
            for text in texts:
                self.add_error(None if name == "__all__" else name, text)
        return not errors


_ITEM_PANELS = [
    MultiFieldPanel(
        [FieldPanel("title_th"), FieldPanel("title_en")],
        heading=_("Title"),
    ),
    FieldPanel("indicator"),
    FieldRowPanel([FieldPanel("heading_th"), FieldPanel("heading_en")]),
    FieldRowPanel([FieldPanel("kind"), FieldPanel("owner_kind")]),
    FieldRowPanel([FieldPanel("frequency"), FieldPanel("period_span"), FieldPanel("period_unit")]),
    FieldPanel("s9_category"),
    FieldRowPanel([FieldPanel("nil_return_th"), FieldPanel("nil_return_en")]),
    FieldRowPanel([FieldPanel("note_th"), FieldPanel("note_en")]),
    FieldPanel("source"),
    FieldPanel("order"),
    InlinePanel("elements", heading=_("Required elements"), min_num=1),
]


class ItemCreateView(generic.CreateView):
    def save_instance(self) -> Item:
        data = dict(self.form.cleaned_data)
        return services.item_create(
            catalogue=data.pop("catalogue"),
            code=data.pop("code"),
            data=data,
            elements=self.form.element_rows(),
            actor=self.request.user,
        )


class ItemEditView(generic.EditView):
    def save_instance(self) -> Item:
        return services.item_update(
            item=Item.objects.select_related("catalogue").get(pk=self.object.pk),
            data=dict(self.form.cleaned_data),
            elements=self.form.element_rows(),
            actor=self.request.user,
        )


class ItemViewSet(ModelViewSet):
    model = Item
    icon = "list-ul"
    url_prefix = "ita/items"
    menu_label = _("ITA items")
    add_to_admin_menu = False
    list_display = ["code", "title_th", "catalogue", "kind", "frequency", "owner_kind"]
    list_filter = ["catalogue", "kind", "frequency", "owner_kind"]
    search_fields = ["code", "title_th", "title_en"]
    ordering = ["-catalogue__fiscal_year", "order"]
    add_view_class = ItemCreateView
    edit_view_class = ItemEditView
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_edit_handler(self) -> Any:
        return ObjectList(
            [
                FieldRowPanel(
                    [
                        FieldPanel("catalogue", read_only=True),
                        FieldPanel("code", read_only=True),
                        FieldPanel("slug", read_only=True),
                    ]
                ),
                *_ITEM_PANELS,
            ],
            base_form_class=ItemAdminForm,
        ).bind_to_model(self.model)

    def get_add_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        panel = ObjectList(
            [FieldRowPanel([FieldPanel("catalogue"), FieldPanel("code")]), *_ITEM_PANELS],
            base_form_class=ItemAdminForm,
        ).bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)


catalogue_viewset = CatalogueViewSet("ita_catalogues")
indicator_viewset = IndicatorViewSet("ita_indicators")
item_viewset = ItemViewSet("ita_items")
