"""The Django side of search: which index to use, and the write services.

The index lives beside the application database, never inside its transactions: a SQLite
file of its own (WAL; readers never wait for the writer) or, when the application runs on
PostgreSQL, tables in that database on a connection of its own. Settings (all optional):

    PRONGSAI_SEARCH = {"BACKEND": "auto" | "sqlite" | "postgres",
                       "PATH": "<var>/search.sqlite3", "PREFIX": "search"}

Writes happen in background tasks queued after the publishing transaction commits.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from prongsai.search import registry
from prongsai.search.backends.base import SearchBackend
from prongsai.search.engine import SearchEngine
from prongsai.search.signals import index_changed

__all__ = [
    "extracted_file_submit",
    "get_engine",
    "reset_engine",
    "search_index_instance",
    "search_index_later",
    "search_reindex",
    "search_remove_key",
]

_local = threading.local()


def _config() -> dict[str, Any]:
    conf = dict(getattr(settings, "PRONGSAI_SEARCH", {}) or {})
    conf.setdefault("BACKEND", "auto")
    conf.setdefault("PREFIX", "search")
    return conf


def make_backend() -> SearchBackend:
    conf = _config()
    kind = conf["BACKEND"]
    db = settings.DATABASES["default"]
    if kind == "auto":
        kind = "postgres" if "postgresql" in db["ENGINE"] else "sqlite"
    if kind == "postgres":
        import psycopg

        from prongsai.search.backends.postgres import PostgresBackend

        conn = psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            dbname=db.get("NAME"),
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
        )
        return PostgresBackend(conn, prefix=conf["PREFIX"])
    from prongsai.search.backends.sqlite_fts5 import SQLiteFTS5Backend

    path = Path(conf.get("PATH") or Path(settings.VAR_DIR) / "search.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return SQLiteFTS5Backend(conn, prefix=conf["PREFIX"])


def get_engine() -> SearchEngine:
    """This thread's engine (connections are not shared between threads)."""
    engine = getattr(_local, "engine", None)
    if engine is None:
        engine = SearchEngine(make_backend())
        _local.engine = engine
    return engine


def reset_engine() -> None:
    engine = getattr(_local, "engine", None)
    if engine is not None:
        engine.backend.close()
    _local.engine = None


def search_index_instance(*, instance: Any) -> bool:
    """Index (or remove) one registered object now. Returns True if it is in the index."""
    doc = registry.document_for(instance)
    if doc is None:
        search_remove_key(key=registry.key_for(instance))
        return False
    get_engine().index([doc])
    index_changed.send(sender=SearchEngine, keys=[doc.key])
    return True


def search_remove_key(*, key: str) -> int:
    removed = get_engine().delete([key])
    if removed:
        index_changed.send(sender=SearchEngine, keys=[key])
    return removed


@task()
def index_object_task(label: str, pk: str) -> bool:
    reg = registry.registration_for(label)
    if reg is None:
        return False
    instance = reg.model._default_manager.filter(pk=pk).first()
    if instance is None:
        search_remove_key(key=f"{label}:{pk}")
        return False
    return search_index_instance(instance=instance)


def search_index_later(*, instance: Any) -> None:
    """Queue (re)indexing of ``instance`` once the current transaction commits."""
    label = registry.key_for(instance).split(":", 1)[0]
    pk = str(instance.pk)
    transaction.on_commit(lambda: index_object_task.enqueue(label, pk))


@transaction.atomic
def extracted_file_submit(*, owner_key: str, storage_name: str, filename: str) -> Any:
    """Record a file of a registered object and queue the reading of its text."""
    from prongsai.search.models import ExtractedFile
    from prongsai.search.tasks import extract_file_task

    row, _created = ExtractedFile.objects.update_or_create(
        owner_key=owner_key,
        storage_name=storage_name,
        defaults={"filename": filename, "status": ExtractedFile.Status.PENDING},
    )
    transaction.on_commit(lambda: extract_file_task.enqueue(row.pk))
    return row


def search_reindex(
    *, batch: int = 200, progress: Callable[[int], None] | None = None, workers: int = 1
) -> int:
    """Rebuild the whole index from every registration; the old index serves until the swap.

    With ``workers`` > 1 the documents are analysed in that many forked processes while this
    one reads the database and writes the index (same rows, same order as one process).
    """
    engine = get_engine()
    count = 0

    def docs():
        nonlocal count
        for doc in registry.all_documents():
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
            yield doc

    if workers > 1:
        from prongsai.search.indexing import analysed_rows

        total = engine.rebuild_rows(analysed_rows(docs(), workers), batch=batch)
    else:
        total = engine.rebuild(docs(), batch=batch)
    index_changed.send(sender=SearchEngine, keys=None)
    return total
