"""Forms of the publishing workflow: the evidence editor, the multi-file upload, reasons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from prongsai.thai.fiscal import fiscal_year
from prongsai.thai.periods import Period, PeriodKind, periods_in

MAX_FILES_PER_BATCH = 50


def _lang() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def period_years(extra: int | None = None) -> list[int]:
    """Fiscal years offered in period pickers: the catalogues' years and this year ± 1."""
    from prongsai.ita.models import Catalogue

    current = fiscal_year(timezone.localdate())
    years = {current - 1, current, current + 1}
    years.update(Catalogue.objects.values_list("fiscal_year", flat=True))
    if extra:
        years.add(extra)
    return sorted(years, reverse=True)


def period_choices(years: list[int], *, blank: str | None = None) -> list[Any]:
    """Grouped choices: one group per fiscal year (year, halves, quarters, months), then current."""
    lang = _lang()
    groups: list[Any] = []
    if blank is not None:
        groups.append(("", blank))
    groups.append(("current", Period(PeriodKind.CURRENT).label(lang)))
    for fy in years:
        options = []
        for kind in (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH):
            options += [(p.key, p.label(lang)) for p in periods_in(kind, fy)]
        heading = f"ปีงบประมาณ พ.ศ. {fy}" if lang == "th" else f"Fiscal year {fy}"
        groups.append((heading, options))
    return groups


def _key_year(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return Period.from_key(value).fiscal_year
    except ValueError:
        return None


class EvidencePageForm(WagtailAdminPageForm):
    """The evidence editor: the owning work group is one of the editor's own groups, periods are
    picked from the fiscal calendar, items from the catalogues in use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from prongsai.ita.models import Element, Item
        from prongsai.org.models import WorkGroup
        from prongsai.org.selectors import user_may_edit_for_work_group

        agency = self._agency()
        if "work_group" in self.fields:
            groups = WorkGroup.objects.filter(agency=agency) if agency else WorkGroup.objects.all()
            user = getattr(self, "for_user", None)
            if user is not None and not user.is_superuser:
                allowed = [g.pk for g in groups if user_may_edit_for_work_group(user, g)]
                if self.instance.work_group_id:
                    allowed.append(self.instance.work_group_id)
                groups = groups.filter(pk__in=allowed)
            self.fields["work_group"].queryset = groups.order_by("order", "name_th")
        if "period_key" in self.fields:
            year = _key_year(self.initial.get("period_key") or self.instance.period_key)
            self.fields["period_key"].widget = forms.Select(
                choices=period_choices(period_years(year), blank="---------")
            )
        items = (
            Item.objects.exclude(catalogue__status="draft")
            .select_related("catalogue")
            .order_by("-catalogue__fiscal_year", "order")
        )
        elements = (
            Element.objects.exclude(item__catalogue__status="draft")
            .select_related("item__catalogue")
            .order_by("-item__catalogue__fiscal_year", "item__order", "order")
        )
        links = self.formsets.get("ita_links") if hasattr(self, "formsets") else None
        if links is not None:
            for form in [*links.forms, links.empty_form]:
                form.fields["item"].queryset = items
                form.fields["item"].label_from_instance = _item_label
                form.fields["element"].queryset = elements
                form.fields["element"].label_from_instance = _element_label
        attachments = self.formsets.get("attachments") if hasattr(self, "formsets") else None
        if attachments is not None:
            choices = period_choices(period_years(), blank=_("Same as the page"))
            for form in [*attachments.forms, attachments.empty_form]:
                form.fields["period_key"].widget = forms.Select(choices=choices)

    def _agency(self) -> Any:  # noqa: ANN401
        from prongsai.org.models import Agency

        page = self.parent_page if getattr(self, "parent_page", None) else None
        if self.instance.pk and self.instance.work_group_id:
            return self.instance.work_group.agency
        if page is None:
            return None
        site = page.get_site()
        return Agency.objects.filter(site=site).first() if site else None

    def clean(self) -> dict[str, Any]:
        from prongsai.org.selectors import user_may_edit_for_work_group

        cleaned = super().clean()
        group = cleaned.get("work_group")
        user = getattr(self, "for_user", None)
        if group is not None and user is not None and not user_may_edit_for_work_group(user, group):
            self.add_error(
                "work_group", _("You may prepare evidence only for your own work group.")
            )
        agency = self._agency()
        if group is not None and agency is not None and group.agency_id != agency.pk:
            self.add_error("work_group", _("This work group belongs to another agency."))
        if cleaned.get("nil_return") and "ita_links" in getattr(self, "formsets", {}):
            for form in self.formsets["ita_links"].forms:
                item = form.cleaned_data.get("item") if hasattr(form, "cleaned_data") else None
                deleted = form.cleaned_data.get("DELETE") if item is not None else True
                if not deleted and not item.allows_nil_return:
                    self.add_error(
                        "nil_return",
                        _("%(code)s takes no “nothing to report” declaration.")
                        % {"code": item.code},
                    )
        return cleaned


def _item_label(item: Any) -> str:
    return f"ITA {item.catalogue.fiscal_year} · {item.code} {item.title_th}"


def _element_label(element: Any) -> str:
    item = element.item
    return f"ITA {item.catalogue.fiscal_year} · {item.code} · {element.text_th}"


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for unpublishing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. It is shown in the page's history and kept in the ledger."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for unpublishing."))
        return reason


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each file is checked by the service, one by one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            raise forms.ValidationError(_("Choose at least one file."), code="required")
        if len(files) > MAX_FILES_PER_BATCH:
            raise forms.ValidationError(
                _("At most %(n)d files at a time.") % {"n": MAX_FILES_PER_BATCH}, code="too_many"
            )
        return list(files)


class BulkUploadForm(forms.Form):
    """Many files at once: one draft evidence page per period read from the file names."""

    work_group = forms.ModelChoiceField(queryset=None, label=_("Owning work group"))
    item = forms.ModelChoiceField(
        queryset=None,
        label=_("ITA item"),
        help_text=_("The item these files are evidence for (every element)."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Each page is titled with this and its period, e.g. “… ตุลาคม 2565”."),
    )
    default_period = forms.ChoiceField(
        label=_("Period for files whose name says none"),
        required=False,
    )
    files = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG. The period is read from each file name."),
    )
    submit_now = forms.BooleanField(
        label=_("Submit for approval at once"), required=False, initial=True
    )

    def __init__(self, *args: Any, user: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from prongsai.ita.models import Item
        from prongsai.org.models import WorkGroup
        from prongsai.org.selectors import user_may_edit_for_work_group

        groups = [
            g
            for g in WorkGroup.objects.filter(agency=agency).order_by("order", "name_th")
            if user_may_edit_for_work_group(user, g)
        ]
        self.fields["work_group"].queryset = WorkGroup.objects.filter(
            pk__in=[g.pk for g in groups]
        ).order_by("order", "name_th")
        if len(groups) == 1:
            self.fields["work_group"].initial = groups[0].pk
        self.fields["item"].queryset = (
            Item.objects.exclude(catalogue__status="draft")
            .select_related("catalogue")
            .order_by("-catalogue__fiscal_year", "order")
        )
        self.fields["item"].label_from_instance = _item_label
        self.fields["default_period"].choices = period_choices(
            period_years(), blank=_("(none: report such files)")
        )
