"""Public search: the /search/ page (htmx partial when asked), the JSON API, autocomplete."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from prongsai.search.engine import SearchResults
from prongsai.search.forms import SearchForm
from prongsai.search.registry import visibility_for
from prongsai.search.service import get_engine
from prongsai.search.signals import search_performed

PAGE_SIZE = 10
FACET_LABELS = {
    "fiscal_year": _("Fiscal year"),
    "ita_item": _("ITA item"),
    "work_group": _("Work group"),
    "file_type": _("File type"),
    "kind": _("Type of content"),
}
FACET_PARAMS = {
    "fiscal_year": "year",
    "ita_item": "item",
    "work_group": "group",
    "file_type": "type",
}


def _run(request: HttpRequest, form: SearchForm) -> SearchResults | None:
    query = form.query()
    if not query:
        return None
    results = get_engine().search(
        query,
        filters=form.filters(),
        visibility=visibility_for(getattr(request, "user", None)),
        page=form.page_number(),
        page_size=PAGE_SIZE,
    )
    search_performed.send(sender=SearchResults, request=request, results=results)
    return results


def _facet_links(request: HttpRequest, results: SearchResults | None) -> list[dict[str, Any]]:
    if results is None:
        return []
    out = []
    for name, values in results.facets.items():
        param = FACET_PARAMS.get(name)
        if not param:
            continue
        options = []
        for value, count in values[:12]:
            params = request.GET.copy()
            params[param] = value
            params.pop("page", None)
            options.append(
                {
                    "value": value,
                    "count": count,
                    "query": params.urlencode(),
                    "active": request.GET.get(param) == value,
                }
            )
        clear = request.GET.copy()
        clear.pop(param, None)
        clear.pop("page", None)
        out.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "options": options,
                "clear": clear.urlencode() if param in request.GET else "",
            }
        )
    return out


def _page_links(request: HttpRequest, results: SearchResults | None) -> dict[str, str]:
    if results is None:
        return {}
    links = {}
    for name, page in (("previous", results.page - 1), ("next", results.page + 1)):
        if 1 <= page <= results.pages:
            params = request.GET.copy()
            params["page"] = str(page)
            links[name] = params.urlencode()
    return links


def _without_filters(request: HttpRequest) -> str:
    """The same query with no filters ('' when none is set): offered when nothing was found."""
    params = request.GET.copy()
    filtered = False
    for name in [*FACET_PARAMS.values(), "date_from", "date_to", "page"]:
        if params.get(name):
            filtered = filtered or name != "page"
        params.pop(name, None)
    return params.urlencode() if filtered else ""


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = _run(request, form) if form.is_valid() else None
    if not form.is_bound:
        form = SearchForm()
    context = {
        "form": form,
        "results": results,
        "facets": _facet_links(request, results),
        "pages": _page_links(request, results),
        "without_filters": _without_filters(request) if results and not results.total else "",
        "query": request.GET.get("q", ""),
        "start": (results.page - 1) * results.page_size + 1 if results else 1,
    }
    # htmx asks for the results only (and the URL is pushed, so back/forward work).
    template = (
        "search/_results.html"
        if request.headers.get("HX-Request") == "true"
        else "search/search.html"
    )
    return render(request, template, context)


def _errors_both_languages(form: SearchForm) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for lang in ("th", "en"):
        with translation.override(lang):
            for field, errors in form.errors.items():
                out.setdefault(field, {})[lang] = [str(e) for e in errors]
    return out


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    """GET /api/v1/search?q=…&year=…&item=…&group=…&type=…&date_from=…&date_to=…&page=…"""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {
                "error": {
                    "th": "พารามิเตอร์การค้นหาไม่ถูกต้อง",
                    "en": "Invalid search parameters",
                },
                "fields": _errors_both_languages(form),
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    results = _run(request, form)
    if results is None:
        payload: dict[str, Any] = {
            "query": "",
            "total": 0,
            "page": 1,
            "pages": 1,
            "results": [],
            "facets": {},
            "suggestion": "",
        }
    else:
        payload = {
            "query": results.query,
            "total": results.total,
            "total_is_lower_bound": results.truncated,
            "page": results.page,
            "pages": results.pages,
            "page_size": results.page_size,
            "took_ms": round(results.elapsed_ms, 1),
            "suggestion": results.suggestion,
            "facets": {
                name: [{"value": v, "count": c} for v, c in values]
                for name, values in results.facets.items()
            },
            "results": [
                {
                    "key": h.key,
                    "title": h.title,
                    "url": h.url,
                    "kind": h.kind,
                    "date": h.date.isoformat() if h.date else None,
                    "fiscal_year": h.fiscal_year,
                    "ita_item": h.ita_item,
                    "work_group": h.work_group,
                    "file_type": h.file_type,
                    "score": h.score,
                    "title_html": h.title_html,
                    "snippet_html": h.snippet_html,
                }
                for h in results.hits
            ],
        }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
def autocomplete(request: HttpRequest) -> HttpResponse:
    """GET /search/autocomplete?q=… → titles that start with what was typed."""
    q = request.GET.get("q", "")[:100]
    items = get_engine().autocomplete(q, visibility=visibility_for(getattr(request, "user", None)))
    if request.headers.get("HX-Request") == "true":
        # Options for the search box's <datalist>.
        return render(request, "search/_autocomplete.html", {"items": items})
    return JsonResponse({"query": q, "results": items}, json_dumps_params={"ensure_ascii": False})
