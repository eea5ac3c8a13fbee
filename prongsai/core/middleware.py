from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

_LAST_SEEN = "prongsai_last_seen"


class SessionTimeoutMiddleware:
    """Sign a staff member out after SESSION_IDLE_SECONDS without a request.

    The absolute lifetime is SESSION_COOKIE_AGE: the session expires that long after sign-in
    whatever the activity, because the session is not saved on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            last_seen = session.get(_LAST_SEEN)
            if last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_SECONDS:
                logout(request)
            else:
                # Writing a key would normally push the cookie's expiry forward; keep the absolute
                # expiry fixed at sign-in time instead.
                expiry = session.get_expiry_date()
                session[_LAST_SEEN] = now
                session.set_expiry(expiry)
        return self.get_response(request)
