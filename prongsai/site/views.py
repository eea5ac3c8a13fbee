"""Public views of the website that are not Wagtail pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prongsai.org.models import WorkGroup
from prongsai.org.selectors import agency_for_request
from prongsai.site.selectors import group_pages


def _agency_or_404(request: HttpRequest):  # type: ignore[no-untyped-def]
    agency = agency_for_request(request)
    if agency is None:
        raise Http404
    return agency


@require_GET
def work_groups(request: HttpRequest) -> HttpResponse:
    agency = _agency_or_404(request)
    groups = list(
        WorkGroup.objects.filter(agency=agency)
        .select_related("parent")
        .order_by("order", "name_th")
    )
    top = [g for g in groups if g.parent_id is None]
    children: dict[int, list[WorkGroup]] = {}
    for group in groups:
        if group.parent_id is not None:
            children.setdefault(group.parent_id, []).append(group)
    tree = [(group, children.get(group.pk, [])) for group in top]
    return render(request, "site/work_groups.html", {"tree": tree})


@require_GET
def work_group(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency_or_404(request)
    group = WorkGroup.objects.filter(agency=agency, code=code).select_related("parent").first()
    if group is None:
        raise Http404
    return render(
        request,
        "site/work_group.html",
        {"group": group, "pages": group_pages(group), "subgroups": list(group.children.all())},
    )
