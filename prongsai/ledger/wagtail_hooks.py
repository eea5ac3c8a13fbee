"""The staff ledger view in the Wagtail admin: URLs and a Thai-first menu item."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from prongsai.ledger import admin_views, selectors


@hooks.register("register_admin_urls")
def register_ledger_urls() -> list[Any]:
    return [
        path("ledger/", admin_views.LedgerEntriesView.as_view(), name="ledger_admin_entries"),
        path("ledger/export.csv", admin_views.entries_csv, name="ledger_admin_csv"),
    ]


class LedgerMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        try:
            selectors.get_entries_for_user(request.user)
        except PermissionDenied:
            return False
        return True


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item() -> MenuItem:
    return LedgerMenuItem(
        _("Ledger"), reverse("ledger_admin_entries"), icon_name="list-ul", order=900
    )
