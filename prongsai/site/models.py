"""Page types of the agency's public website."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from prongsai.org.models import WorkGroup
from prongsai.org.permissions import WorkGroupOwnedPageMixin


class HomePage(Page):
    """The root page of one agency's website (the Wagtail Site's root)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    template = "site/home_page.html"

    class Meta:
        verbose_name = _("agency home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        agency = getattr(request, "agency", None)
        context["work_groups"] = (
            WorkGroup.objects.filter(agency=agency, parent__isnull=True) if agency else []
        )
        context["children"] = self.get_children().live().public().in_menu().specific()
        return context


class StandardPage(WorkGroupOwnedPageMixin, Page):
    """A page of information owned by one work group, which keeps it current."""

    work_group = models.ForeignKey(
        WorkGroup,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning work group"),
        help_text=_("The work group that prepares this information and keeps it current."),
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("work_group"), FieldPanel("body")]
    template = "site/standard_page.html"

    class Meta:
        verbose_name = _("information page")
