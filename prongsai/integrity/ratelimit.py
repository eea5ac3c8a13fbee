"""Rate limits of the public complaint channel: the limits per scope, counted by
prongsai.core.ratelimit (a keyed hash of the address in an expiring cache key; nothing is written
to the database and the count is never connected to a case)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from prongsai.core import ratelimit

LIMITS = {
    # scope: (requests, window in seconds)
    "complaint": (5, 3600),
    "status": (30, 3600),
}


def _limit(scope: str) -> tuple[int, int]:
    overrides = getattr(settings, "INTEGRITY_RATE_LIMITS", {}) or {}
    return tuple(overrides.get(scope, LIMITS[scope]))  # type: ignore[return-value]


def hit(request: HttpRequest, scope: str) -> tuple[bool, int]:
    """Count one request of ``scope`` from this source. Returns (allowed, seconds to wait)."""
    limit, window = _limit(scope)
    return ratelimit.hit(request, f"integrity.{scope}", limit=limit, window=window)
