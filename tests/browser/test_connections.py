"""The browser fixtures leave no database connection open behind Playwright's event loop."""

from __future__ import annotations

import asyncio

from django.db import connections

from tests.browser.conftest import _close_connections_behind_playwrights_loop


def test_connections_on_both_sides_of_playwrights_loop_are_closed(
    transactional_db, monkeypatch
) -> None:
    closed = []

    def recording_close(wrapper, name):
        close = wrapper.close

        def _close():
            closed.append(name)
            close()  # a no-op for SQLite's in-memory test database, real on PostgreSQL

        monkeypatch.setattr(wrapper, "close", _close)

    previous = asyncio._get_running_loop()
    loop = asyncio.new_event_loop()
    try:
        asyncio._set_running_loop(None)
        per_thread = connections["default"]  # no loop running: Django's per-thread store
        per_thread.ensure_connection()
        asyncio._set_running_loop(loop)  # as Playwright's sync API leaves the thread
        per_context = connections["default"]
        per_context.ensure_connection()
        assert per_context is not per_thread  # the second store that hid the first
        recording_close(per_thread, "per thread")
        recording_close(per_context, "per context")

        _close_connections_behind_playwrights_loop()

        assert sorted(set(closed)) == ["per context", "per thread"]
        if per_thread.vendor == "postgresql":
            assert per_thread.connection is None and per_context.connection is None
        assert asyncio._get_running_loop() is loop  # Playwright's state is left as it was
    finally:
        asyncio._set_running_loop(previous)
        loop.close()
