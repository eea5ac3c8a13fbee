"""Wagtail admin: each attached file's extraction status and error, newest first."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from prongsai.search.models import ExtractedFile
from prongsai.search.registry import instances_for_keys
from prongsai.search.selectors import extracted_files_for_staff


class ExtractedFilesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/files.html"
    page_title = _("File text for search")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        if status not in ExtractedFile.Status.values:
            status = ""
        page = Paginator(extracted_files_for_staff(status=status), 50).get_page(
            self.request.GET.get("p")
        )
        # What each file belongs to, by its title and with a link to edit it where the staff
        # member may (the index key alone means nothing to a work group).
        owners = instances_for_keys({f.owner_key for f in page})
        finder = AdminURLFinder(self.request.user)
        rows = []
        for f in page:
            owner = owners.get(f.owner_key)
            rows.append(
                {
                    "file": f,
                    "owner": owner,
                    "owner_title": getattr(owner, "title", None) or str(owner or ""),
                    "owner_url": finder.get_edit_url(owner) if owner is not None else None,
                }
            )
        context.update(
            {
                "page_obj": page,
                "rows": rows,
                "status": status,
                "statuses": ExtractedFile.Status.choices,
            }
        )
        return context
