"""Wagtail admin: each attached file's extraction status and error, newest first."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from prongsai.search.models import ExtractedFile
from prongsai.search.selectors import extracted_files_for_staff


class ExtractedFilesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/files.html"
    page_title = _("File text for search")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        if status not in ExtractedFile.Status.values:
            status = ""
        page = Paginator(extracted_files_for_staff(status=status), 50).get_page(
            self.request.GET.get("p")
        )
        context.update(
            {"page_obj": page, "status": status, "statuses": ExtractedFile.Status.choices}
        )
        return context
