"""The statistics menu in Wagtail's admin, and the tag that names each served page for counting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from prongsai.stats import admin_views, selectors
from prongsai.stats.middleware import tag_response
from prongsai.stats.models import EventKind, TargetKind

# Page models that are evidence (counted as evidence, by the work group that owns them).
EVIDENCE_MODELS = frozenset({"disclosure.evidencepage"})


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [
        path("statistics/", admin_views.dashboard, name="stats-dashboard"),
        path("statistics/report/", admin_views.report_download, name="stats-report"),
    ]


class StatsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(selectors.agencies_for_stats(request.user))


@hooks.register("register_admin_menu_item")
def register_menu() -> MenuItem:
    return StatsMenuItem(
        _("Site statistics"), reverse("stats-dashboard"), icon_name="table", order=260
    )


def tag_page_response(page: Any, args: tuple, response: HttpResponse) -> None:
    group_id = getattr(page, "work_group_id", None)
    if response.has_header("Content-Disposition"):
        # A file served by a page's route (an evidence file): named by its key when it has one.
        view_kwargs = args[2] if len(args) == 3 and isinstance(args[2], dict) else {}
        key = view_kwargs.get("key")
        target = key.hex if hasattr(key, "hex") else f"{page.pk}:{response.get('ETag', '')}"
        tag_response(
            response,
            kind=EventKind.DOWNLOAD,
            target_kind=TargetKind.FILE,
            target=target,
            group_id=group_id,
        )
        return
    kind = TargetKind.EVIDENCE if page._meta.label_lower in EVIDENCE_MODELS else TargetKind.PAGE
    tag_response(
        response, kind=EventKind.VIEW, target_kind=kind, target=str(page.pk), group_id=group_id
    )


@hooks.register("on_serve_page")
def count_served_page(next_serve: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def serve(page: Any, request: HttpRequest, args: tuple, kwargs: dict) -> HttpResponse:
        response = next_serve(page, request, args, kwargs)
        if isinstance(response, HttpResponse) or hasattr(response, "status_code"):
            tag_page_response(page, args, response)
        return response

    return serve
