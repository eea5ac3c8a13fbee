"""Staff view of file extraction (Wagtail admin): which files could not be read, and why."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from prongsai.search import admin_views


@hooks.register("register_admin_urls")
def register_search_admin_urls() -> list[Any]:
    return [
        path("search/files/", admin_views.ExtractedFilesView.as_view(), name="search_admin_files")
    ]


@hooks.register("register_admin_menu_item")
def register_search_files_menu_item() -> MenuItem:
    return MenuItem(
        _("File text for search"), reverse("search_admin_files"), icon_name="doc-full", order=910
    )
