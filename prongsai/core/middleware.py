from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "prongsai_signed_in_at"
LAST_SEEN = "prongsai_last_seen"


def remember_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """user_logged_in receiver: the start of the absolute session lifetime."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    """Sign a staff member out after SESSION_IDLE_SECONDS without a request, and in any case
    SESSION_COOKIE_AGE seconds after signing in (ASVS 7.3.1 and 7.3.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            signed_in_at = int(session.get(SIGNED_IN_AT, now))
            last_seen = int(session.get(LAST_SEEN, now))
            if (
                now - last_seen > settings.SESSION_IDLE_SECONDS
                or now - signed_in_at > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            else:
                session.setdefault(SIGNED_IN_AT, signed_in_at)
                session[LAST_SEEN] = now
        return self.get_response(request)
