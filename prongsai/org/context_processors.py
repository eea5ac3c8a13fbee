from __future__ import annotations

from django.http import HttpRequest

from prongsai.org.selectors import agency_for_request


def agency(request: HttpRequest) -> dict[str, object]:
    return {"agency": agency_for_request(request)}
