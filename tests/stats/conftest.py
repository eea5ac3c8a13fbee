"""Fixtures for the statistics tests: an empty event buffer and salt, and helpers that make
events at given instants and roll them up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from prongsai.stats import recorder
from prongsai.stats.models import Event, EventKind, TargetKind
from prongsai.thai import BANGKOK

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """A search index of this test alone (never the one under var/)."""
    from prongsai.search import service

    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "search.sqlite3")}
    service.reset_engine()
    yield service.get_engine()
    service.reset_engine()


@pytest.fixture(autouse=True)
def clean_stats():
    recorder.discard()
    recorder.forget_salt_in_memory()
    cache.clear()
    yield
    recorder.discard()
    recorder.forget_salt_in_memory()


def bkk(*args: int) -> dt.datetime:
    """An instant in Bangkok time."""
    return dt.datetime(*args, tzinfo=BANGKOK)


def event(agency, at: dt.datetime, kind: int = EventKind.VIEW, **fields) -> Event:
    fields.setdefault("target_kind", TargetKind.PAGE if kind == EventKind.VIEW else "")
    fields.setdefault("target", "1" if kind == EventKind.VIEW else "")
    return Event.objects.create(agency_id=agency.pk, at=at, kind=kind, **fields)
