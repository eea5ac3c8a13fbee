from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from wagtail.models import Site

from prongsai.org.models import Agency


class AgencyMiddleware:
    """Set request.agency from the Wagtail Site that answers this host name (one agency per site)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.agency = None  # type: ignore[attr-defined]
        site = Site.find_for_request(request)
        if site is not None:
            request.agency = Agency.objects.filter(site=site).select_related("site").first()  # type: ignore[attr-defined]
        return self.get_response(request)
