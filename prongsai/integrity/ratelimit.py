"""Rate limits per source for the public channel, without keeping anyone's address.

The address is turned into a keyed hash (HMAC with the secret key) and used only as part of a
cache key that counts requests in a fixed window and expires with it. Nothing is written to the
database, and the count is never connected to a case. Other sources are not affected.
"""

from __future__ import annotations

import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

LIMITS = {
    # scope: (requests, window in seconds)
    "complaint": (5, 3600),
    "status": (30, 3600),
}


def _limit(scope: str) -> tuple[int, int]:
    overrides = getattr(settings, "INTEGRITY_RATE_LIMITS", {}) or {}
    return tuple(overrides.get(scope, LIMITS[scope]))  # type: ignore[return-value]


def source_key(request: HttpRequest) -> str:
    address = get_client_ip_address(request) or "unknown"
    return salted_hmac("prongsai.integrity.ratelimit", address, algorithm="sha256").hexdigest()[:32]


def hit(request: HttpRequest, scope: str) -> tuple[bool, int]:
    """Count one request of ``scope`` from this source. Returns (allowed, seconds to wait)."""
    limit, window = _limit(scope)
    now = int(time.time())
    bucket = now // window
    key = f"integrity:rl:{scope}:{bucket}:{source_key(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    retry_after = (bucket + 1) * window - now
    return count <= limit, retry_after
