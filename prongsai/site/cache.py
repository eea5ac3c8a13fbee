"""Whole-page cache of the public site for anonymous visitors, emptied on every publication.

Each agency has a generation number in the cache; a cached page's key includes it, so publishing
anything (a page, evidence, an agency's details) makes every older copy unreachable at once: one
`incr`, no scan. Pages also expire after PUBLIC_CACHE_SECONDS, so time-based statuses (overdue)
stay fresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

_GEN = "prongsai:pagecache:gen:{}"
_PAGE = "prongsai:pagecache:{}:{}:{}"
_CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")


def _generation(agency_id: int) -> str:
    """The agency's generation and the generation of every agency, as part of a page key."""
    keys = [_GEN.format(agency_id), _GEN.format("all")]
    values = cache.get_many(keys)
    for key in keys:
        if key not in values:
            cache.add(key, 1, timeout=None)
            values[key] = cache.get(key, 1)
    return f"{int(values[keys[0]])}.{int(values[keys[1]])}"


def invalidate(agency_id: int | None) -> None:
    """Forget every cached public page of an agency (or of every agency when None).

    Needs no database: every agency's page keys also carry the generation of "all".
    """
    key = _GEN.format("all" if agency_id is None else agency_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def _page_key(request: HttpRequest, agency_id: int) -> str:
    # An htmx request for the same address gets a fragment, not the page: keep them apart.
    variant = "htmx" if request.headers.get("HX-Request") else "page"
    digest = hashlib.sha256(f"{variant} {request.get_full_path()}".encode()).hexdigest()[:32]
    return _PAGE.format(agency_id, _generation(agency_id), digest)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(settings.PUBLIC_CACHE_EXCLUDE):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return getattr(request, "agency", None) is not None


def _cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(_CACHEABLE_TYPES):
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    return "Cookie" not in response.get("Vary", "")


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache. Goes after AgencyMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PUBLIC_CACHE_SECONDS or not _cacheable_request(request):
            return self.get_response(request)
        key = _page_key(request, request.agency.pk)  # type: ignore[attr-defined]
        cached: Any = cache.get(key)
        if cached is not None:
            cached["X-Prongsai-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            patch_vary_headers(response, ["Accept-Language"])
            response["X-Prongsai-Cache"] = "miss"
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, settings.PUBLIC_CACHE_SECONDS)
        return response
