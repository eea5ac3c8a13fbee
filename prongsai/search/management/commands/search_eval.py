"""Evaluate search quality on a judged query set (see prongsai/search/evaluation.py).

    manage.py search_eval --corpus C.jsonl[.gz] --queries Q.jsonl [--json] [--no-baselines]

Builds a temporary index from the corpus with exactly the production analyser and backend
(SQLite FTS5 in a temporary file, or PostgreSQL tables that are dropped afterwards), runs the
queries and prints nDCG@10, recall@10, MRR@10 and latency p50/p95, per query kind, beside the
LIKE, trigram and bag-of-words baselines.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.search.analysis import get_analyzer
from prongsai.search.engine import SearchEngine, analyse_document
from prongsai.search.evaluation import EvalError, format_report, run_evaluation


class Command(BaseCommand):
    help = "วัดคุณภาพการค้นหา / Measure search quality on judged queries"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--corpus", required=True, type=Path)
        parser.add_argument("--queries", required=True, type=Path)
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--no-baselines", action="store_true")
        parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
        parser.add_argument(
            "--postgres-dsn",
            default="",
            help="PostgreSQL to use with --backend postgres (default: the site's database)",
        )

    def handle(self, *args, **opts) -> None:
        for name in ("corpus", "queries"):
            if not opts[name].is_file():
                raise CommandError(f"ไม่พบไฟล์ {opts[name]} / file not found: {opts[name]}")
        cleanup = []

        def factory(docs):
            analyzer = get_analyzer()
            if opts["backend"] == "postgres":
                backend = self._postgres_backend(opts["postgres_dsn"])
                cleanup.append(backend.drop_all)
            else:
                from prongsai.search.backends.sqlite_fts5 import SQLiteFTS5Backend

                tmp = tempfile.TemporaryDirectory()
                cleanup.append(tmp.cleanup)
                backend = SQLiteFTS5Backend(sqlite3.connect(Path(tmp.name) / "eval.sqlite3"))
            engine = SearchEngine(backend, analyzer)
            engine.rebuild_rows(analyse_document(d, analyzer) for d in docs)
            return engine

        try:
            report = run_evaluation(
                opts["corpus"],
                opts["queries"],
                baselines=not opts["no_baselines"],
                engine_factory=factory,
            )
        except EvalError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for fn in reversed(cleanup):
                fn()
        if opts["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(format_report(report))

    def _postgres_backend(self, dsn: str):
        """Temporary tables (a unique prefix, dropped afterwards) in the given PostgreSQL."""
        from django.conf import settings
        from django.test.utils import override_settings

        from prongsai.search.backends.postgres import PostgresBackend
        from prongsai.search.service import make_backend

        prefix = f"eval_{uuid.uuid4().hex[:8]}"
        if dsn:
            import psycopg

            try:
                return PostgresBackend(psycopg.connect(dsn), prefix=prefix)
            except psycopg.Error as exc:
                raise CommandError(f"เชื่อมต่อ PostgreSQL ไม่ได้ / cannot connect: {exc}") from exc
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            raise CommandError(
                "ฐานข้อมูลของระบบไม่ใช่ PostgreSQL โปรดระบุ --postgres-dsn / the site database is "
                "not PostgreSQL: give --postgres-dsn"
            )
        with override_settings(PRONGSAI_SEARCH={"BACKEND": "postgres", "PREFIX": prefix}):
            return make_backend()
