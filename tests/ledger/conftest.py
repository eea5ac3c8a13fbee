"""Ledger fixtures: a signing key, test actions, and a way to tamper past the guards."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db import connection

from prongsai import ledger
from prongsai.ledger import checkpoint
from prongsai.ledger import db as guards
from prongsai.ledger.models import LedgerEntry

ORIGIN = "test.prongsai.example/ledger"


@pytest.fixture
def signer(settings) -> checkpoint.Signer:
    key = checkpoint.Signer.generate(ORIGIN)
    settings.LEDGER_SIGNING_KEY = key.skey()
    return key


@pytest.fixture(autouse=True)
def test_actions() -> Iterator[None]:
    ledger.register_action("test.change", label="Test change")
    ledger.register_action("test.publish", label="Test publication")
    ledger.register_action("test.secret", label="Secret test step", public=False)
    yield


@pytest.fixture
def record(db) -> Callable[..., LedgerEntry]:
    """ledger.record in its own transaction, with test defaults."""
    from django.db import transaction

    def _record(**kwargs) -> LedgerEntry:
        kwargs.setdefault("action", "test.change")
        kwargs.setdefault("actor", None)
        with transaction.atomic():
            return ledger.record(**kwargs)

    return _record


@pytest.fixture
def tamper(db) -> Callable[[str, list | None], None]:
    """Run SQL with the append-only triggers lifted, as someone with database access could."""

    def _tamper(sql: str, params: list | None = None) -> None:
        with connection.cursor() as cursor:
            for statement in guards.remove_sql(connection.vendor):
                cursor.execute(statement)
            cursor.execute(sql, params or [])
            for statement in guards.install_sql(connection.vendor):
                cursor.execute(statement)

    return _tamper
