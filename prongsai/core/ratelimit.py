"""Fixed-window rate limits per source, without keeping anyone's address.

The client address becomes a keyed hash (HMAC with the secret key) used only inside a cache key
that counts requests in a window and expires with it: nothing is written to the database.
Requires a shared cache (Redis) when several web processes serve the site.
"""

from __future__ import annotations

import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def source_key(request: HttpRequest) -> str:
    address = get_client_ip_address(request) or "unknown"
    return salted_hmac("prongsai.ratelimit", address, algorithm="sha256").hexdigest()[:32]


def hit(request: HttpRequest, scope: str, *, limit: int, window: int) -> tuple[bool, int]:
    """Count one request of `scope` from this source. Returns (allowed, seconds to wait)."""
    now = int(time.time())
    bucket = now // window
    key = f"prongsai:rl:{scope}:{bucket}:{source_key(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit, (bucket + 1) * window - now
