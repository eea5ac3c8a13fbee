"""The ITA menu in Wagtail's admin: readiness dashboard, catalogues, items, import and clone."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from prongsai.ita import admin_views
from prongsai.ita.models import Catalogue, Indicator, Item
from prongsai.org.selectors import agencies_for_user

# The catalogue is edited, never deleted: claims and published evidence point at it.
for _model in (Catalogue, Indicator, Item):
    register_permission_policy(_model, admin_views.NoDeletePolicy(_model))


@hooks.register("register_admin_viewset")
def register_viewsets() -> list[Any]:
    return [admin_views.catalogue_viewset, admin_views.indicator_viewset, admin_views.item_viewset]


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [
        path("ita/readiness/", admin_views.readiness, name="ita-readiness"),
        path("ita/readiness/export/", admin_views.readiness_export, name="ita-readiness-export"),
        path("ita/import/", admin_views.catalogue_import_view, name="ita-catalogue-import"),
        path("ita/clone/", admin_views.catalogue_clone_view, name="ita-catalogue-clone"),
    ]


class ReadinessMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return agencies_for_user(request.user).exists()


class ManagerMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("ita.add_catalogue")


class ChangeMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("ita.change_catalogue")


@hooks.register("register_admin_menu_item")
def register_menu() -> SubmenuMenuItem:
    menu = Menu(
        items=[
            ReadinessMenuItem(
                _("ITA readiness"), reverse("ita-readiness"), icon_name="tasks", order=100
            ),
            ChangeMenuItem(
                _("ITA catalogues"),
                reverse(admin_views.catalogue_viewset.get_url_name("index")),
                icon_name="list-ol",
                order=200,
            ),
            ChangeMenuItem(
                _("ITA indicators"),
                reverse(admin_views.indicator_viewset.get_url_name("index")),
                icon_name="list-ol",
                order=250,
            ),
            ChangeMenuItem(
                _("ITA items"),
                reverse(admin_views.item_viewset.get_url_name("index")),
                icon_name="list-ul",
                order=300,
            ),
            ManagerMenuItem(
                _("Import a catalogue file"),
                reverse("ita-catalogue-import"),
                icon_name="upload",
                order=400,
            ),
            ManagerMenuItem(
                _("Copy a catalogue to a new year"),
                reverse("ita-catalogue-clone"),
                icon_name="copy",
                order=500,
            ),
        ]
    )
    return SubmenuMenuItem(_("ITA"), menu, icon_name="tasks", order=250)
