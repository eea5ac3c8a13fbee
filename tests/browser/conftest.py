"""Real-browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading

import pytest
from django.db import connections

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: install Debian's chromium package "
            "(.ci/run does) or set CHROMIUM_PATH."
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser(live_server, browser):
    """Chromium closes before the live server stops.

    The server answers each keep-alive connection in a daemon thread that shares the test run's
    in-memory SQLite connection. Stopped first, the server handed that connection back to the
    main thread while Chromium still held connections open; their threads then failed to close
    it ("DatabaseWrapper objects created in a thread can only be used in that same thread"),
    reported as warnings against whichever test ran next."""
    yield browser
    browser.close()
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=10)
    _close_connections_behind_playwrights_loop()


def _close_connections_behind_playwrights_loop() -> None:
    """Close the test thread's database connections in both of Django's stores.

    Playwright's sync API leaves its asyncio loop marked as running in the test thread. Django
    keeps database connections in an asgiref Local, which holds them per thread while no loop
    runs and per context while one does. From the first browser call on, the thread therefore
    opens a second connection, and the one it held before stays open, hidden, until the worker
    exits; on PostgreSQL the worker then could not drop its test database ("is being accessed
    by other users"). Both are closed here; the next query opens a connection again."""
    connections.close_all()
    loop = asyncio._get_running_loop()
    if loop is None:
        return
    asyncio._set_running_loop(None)
    try:
        connections.close_all()
    finally:
        asyncio._set_running_loop(loop)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "th-TH", "timezone_id": "Asia/Bangkok"}


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core (shipped in the axe-playwright-python wheel) run through page.evaluate, CSP-safe."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [v for v in result.response["violations"] if v.get("impact") in impacts]
