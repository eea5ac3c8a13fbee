"""Recent re-authentication before confidential case data is shown (ASVS 5.0 7.5.3).

The staff member types their password again; for ``INTEGRITY_STEPUP_MINUTES`` (default 10) the
session may open cases. Signing in again, or the session ending, clears it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

SESSION_KEY = "integrity_stepup_at"


def minutes() -> int:
    return int(getattr(settings, "INTEGRITY_STEPUP_MINUTES", 10))


def mark(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = int(time.time())
    request.session.cycle_key()


def is_recent(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    return at is not None and time.time() - int(at) <= minutes() * 60


def remaining_seconds(request: HttpRequest) -> int:
    at = request.session.get(SESSION_KEY)
    if at is None:
        return 0
    return max(0, int(at) + minutes() * 60 - int(time.time()))


def require_recent_auth(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_recent(request):
            target = (
                reverse("integrity_stepup") + "?" + urlencode({"next": request.get_full_path()})
            )
            return HttpResponseRedirect(target)
        return view(request, *args, **kwargs)

    return wrapper


def require_stepup_in_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For writes: the session must have confirmed the password at some point.

    Writes show no confidential data, so they are not refused when the window has just passed:
    a fact-finder who takes twenty minutes to write an analysis does not lose it.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.session.get(SESSION_KEY) is None:
            target = (
                reverse("integrity_stepup") + "?" + urlencode({"next": request.get_full_path()})
            )
            return HttpResponseRedirect(target)
        return view(request, *args, **kwargs)

    return wrapper
