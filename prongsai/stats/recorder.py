"""Recording events without slowing pages down.

``record()`` only appends to an in-memory buffer of this process. The buffer is written with one
``bulk_create`` when it holds ``STATS_BATCH_SIZE`` events or its oldest event is
``STATS_FLUSH_SECONDS`` old, from Django's ``request_finished`` signal, which fires after the
response has been handed to the client, and at process exit. A failed write is logged and never
reaches a visitor. Statistics may lose the few seconds of events of a process that is killed;
that is the price of never waiting for the database in a request.

The day's salt for visitor hashes is kept in ``DailySalt`` (shared by every process of the site)
and in memory for the current Bangkok day only.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import secrets
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from prongsai.stats.models import DailySalt, Event

logger = logging.getLogger("prongsai.stats")

_lock = threading.Lock()
_buffer: list[Event] = []
_oldest: float | None = None
_dropped = 0
_salt: tuple[dt.date, str] | None = None


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def enabled() -> bool:
    return bool(_setting("STATS_ENABLED", True))


def record(**fields: Any) -> None:
    """Queue one event (fields of ``Event``; ``at`` defaults to now)."""
    global _oldest, _dropped
    fields.setdefault("at", timezone.now())
    event = Event(**fields)
    with _lock:
        if len(_buffer) >= int(_setting("STATS_BUFFER_MAX", 20_000)):
            _dropped += 1
            return
        if not _buffer:
            _oldest = time.monotonic()
        _buffer.append(event)


def pending() -> int:
    return len(_buffer)


def dropped() -> int:
    return _dropped


def discard() -> None:
    """Forget every queued event (tests)."""
    global _oldest
    with _lock:
        _buffer.clear()
        _oldest = None


def _take() -> list[Event]:
    global _oldest
    with _lock:
        batch = _buffer[:]
        _buffer.clear()
        _oldest = None
    return batch


def flush() -> int:
    """Write every queued event now; returns how many were written."""
    batch = _take()
    if not batch:
        return 0
    try:
        Event.objects.bulk_create(batch, batch_size=500)
    except Exception:  # noqa: BLE001 - statistics must never break a request or a worker
        logger.exception("Could not write %d statistics events; they are dropped", len(batch))
        return 0
    return len(batch)


def due() -> bool:
    if not _buffer:
        return False
    if len(_buffer) >= int(_setting("STATS_BATCH_SIZE", 500)):
        return True
    age = time.monotonic() - (_oldest or time.monotonic())
    return age >= float(_setting("STATS_FLUSH_SECONDS", 5))


def flush_if_due(**_: Any) -> None:
    """``request_finished`` receiver: write the buffer if it is full or old enough."""
    if _setting("STATS_AUTO_FLUSH", True) and due():
        flush()


atexit.register(lambda: flush() if _setting("STATS_AUTO_FLUSH", True) else None)


# ---------------------------------------------------------------------------- the daily salt


def today() -> dt.date:
    return timezone.localdate()


def salt_for(day: dt.date | None = None) -> str:
    """The salt of a Bangkok day (made on first use, shared through the database)."""
    global _salt
    day = day or today()
    cached = _salt
    if cached is not None and cached[0] == day:
        return cached[1]
    value = ""
    try:
        row = DailySalt.objects.filter(day=day).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = DailySalt.objects.create(day=day, salt=secrets.token_hex(32))
            except IntegrityError:  # another process made it first
                row = DailySalt.objects.get(day=day)
        value = row.salt
    except DatabaseError:
        # A read-only or unavailable database: a salt of this process alone still works (it
        # overcounts visitors who reach several processes), and is never written anywhere.
        logger.warning("Could not keep the day's statistics salt in the database")
        value = secrets.token_hex(32)
    _salt = (day, value)
    return value


def discard_old_salts(day: dt.date | None = None) -> int:
    """Delete the salts of every day before ``day`` (default today): the end of their hashes'
    link to any connection. Returns how many were deleted."""
    global _salt
    day = day or today()
    if _salt is not None and _salt[0] < day:
        _salt = None
    deleted, _ = DailySalt.objects.filter(day__lt=day).delete()
    return deleted


def forget_salt_in_memory() -> None:
    """Drop this process's copy of the salt (tests)."""
    global _salt
    _salt = None
