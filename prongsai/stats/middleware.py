"""Count anonymous visits to the public site: page views (by page, evidence, ITA item, work group)
and file downloads, including pages served from the public page cache.

Goes after AgencyMiddleware and AuthenticationMiddleware and *before* (outside)
``PublicPageCacheMiddleware``: a cached copy is returned by that middleware without reaching the
views, so only a middleware around it sees those visits. What a cached page is comes from the tag
that ``wagtail_hooks`` put on the response before it was cached (it is pickled with it), or from
the URL resolver for our own views.

Only the response is waited for; recording appends to a buffer (``recorder``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, ResolverMatch, resolve

from prongsai.stats import privacy, recorder
from prongsai.stats.models import EventKind, TargetKind

logger = logging.getLogger("prongsai.stats")

TAG = "prongsai_stats"
# Never counted: staff screens, files of the site itself, APIs, machine endpoints.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/static/",
    "/media/",
    "/healthz",
    "/api/",
    "/ledger/",
    "/favicon",
    "/robots.txt",
)
# Our views that are not page views (searches are counted by the search hook).
NOT_VIEWS = frozenset({"search", "search-autocomplete", "stats-search-click", "set_language"})
SEARCH_MEMO = "prongsai:stats:search:{}:{}"


def tag_response(
    response: HttpResponse,
    *,
    kind: int,
    target_kind: str,
    target: str,
    group_id: int | None = None,
) -> None:
    """Say what a response is, for counting; kept on the response when it is cached."""
    setattr(response, TAG, (kind, target_kind, target[:120], group_id))


def _resolve(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None


def client_address(request: HttpRequest) -> str:
    """The connection's address, only ever used inside the day's visitor hash."""
    from django.conf import settings

    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if proxies:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def visitor_for(request: HttpRequest, agency_id: int) -> str | None:
    """The day's visitor hash, or None when the browser asks not to be tracked (DNT/GPC)."""
    if request.headers.get("DNT") == "1" or request.headers.get("Sec-GPC") == "1":
        return None
    return privacy.visitor_hash(
        recorder.salt_for(),
        agency_id,
        client_address(request),
        request.headers.get("User-Agent", ""),
    )


def countable(request: HttpRequest) -> bool:
    """An anonymous GET of a public page of an agency, by a person."""
    if request.method != "GET" or getattr(request, "agency", None) is None:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if request.path_info.startswith(EXCLUDED_PREFIXES):
        return False
    return not privacy.is_bot(request.headers.get("User-Agent"), dict(request.headers))


def _whole_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code == 200:
        return True
    # A PDF reader fetches a file in ranges: count only the range that starts the file.
    if response.status_code == 206:
        wanted = request.headers.get("Range", "").replace(" ", "")
        return wanted.startswith("bytes=0-")
    return False


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def classify(
    request: HttpRequest, response: HttpResponse
) -> tuple[int, str, str, int | None] | None:
    """(event kind, target kind, target, work group id) of a response, or None if not counted."""
    tagged = getattr(response, TAG, None)
    if tagged is not None:
        if tagged[0] == EventKind.VIEW and not _is_html(response):
            return None
        return tagged
    match = request.resolver_match or _resolve(request.path_info)
    if match is None or match.url_name in NOT_VIEWS:
        return None
    name = match.url_name or ""
    if name == "wagtaildocs_serve":
        doc_id = match.kwargs.get("document_id") or (match.args[0] if match.args else "")
        return EventKind.DOWNLOAD, TargetKind.DOC, str(doc_id), None
    if not _is_html(response):
        return None
    if name == "ita-item":
        slug = str(match.kwargs.get("slug", "")).lower()
        return EventKind.VIEW, TargetKind.ITEM, f"{match.kwargs.get('year')}/{slug}", None
    if name == "site-work-group":
        return EventKind.VIEW, TargetKind.GROUP, str(match.kwargs.get("code", "")), None
    if name in ("wagtail_serve", "site-home"):
        return EventKind.VIEW, TargetKind.PATH, request.path_info, None
    suffix = ":".join(str(v) for v in match.kwargs.values())
    return EventKind.VIEW, TargetKind.VIEW, f"{name}:{suffix}" if suffix else name, None


def search_memo_key(agency_id: int, full_path: str) -> str:
    import hashlib

    return SEARCH_MEMO.format(agency_id, hashlib.sha256(full_path.encode()).hexdigest()[:32])


def _count_cached_search(request: HttpRequest, response: HttpResponse) -> None:
    """A search page served from the page cache: the search did not run, count it from the memo
    the search hook left when the page was made."""
    if response.get("X-Prongsai-Cache") != "hit":
        return
    match = request.resolver_match or _resolve(request.path_info)
    if match is None or match.url_name != "search":
        return
    agency_id = request.agency.pk  # type: ignore[attr-defined]
    memo = cache.get(search_memo_key(agency_id, request.get_full_path()))
    if memo is None:
        return
    query, total = memo
    recorder.record(
        agency_id=agency_id,
        kind=EventKind.SEARCH,
        query=query,
        results=total,
        visitor=visitor_for(request, agency_id),
    )


def observe(request: HttpRequest, response: HttpResponse) -> None:
    if not countable(request) or not _whole_response(request, response):
        return
    found = classify(request, response)
    if found is None:
        _count_cached_search(request, response)
        return
    kind, target_kind, target, group_id = found
    agency_id = request.agency.pk  # type: ignore[attr-defined]
    recorder.record(
        agency_id=agency_id,
        kind=kind,
        target_kind=target_kind,
        target=target,
        path=request.path_info[:300],
        group_id=group_id,
        visitor=visitor_for(request, agency_id),
    )


class StatsMiddleware:
    """Count the visit after the response is made; never fail or delay it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        if recorder.enabled():
            try:
                observe(request, response)
            except Exception:  # noqa: BLE001 - counting must never break a page
                logger.exception("Could not count a visit to %s", request.path_info)
        return response
