"""Rebuild the search index from every registered model.

The new index is built beside the live one and swapped in at the end: a run that is killed
half-way leaves the live index as it was (run the command again to finish).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from prongsai.search.indexing import default_workers
from prongsai.search.service import get_engine, search_reindex


class Command(BaseCommand):
    help = "สร้างดัชนีค้นหาใหม่ทั้งหมด / Rebuild the whole search index"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="only when the analyser changed since the index was built",
        )
        parser.add_argument("--batch", type=int, default=200)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes that analyse documents (default: one per core; 1: none)",
        )

    def handle(
        self,
        *args,
        if_needed: bool = False,
        batch: int = 200,
        workers: int | None = None,
        **options,
    ) -> None:
        engine = get_engine()
        if if_needed and not engine.needs_rebuild():
            self.stdout.write(
                f"ดัชนีเป็นปัจจุบันแล้ว / index is current (analyser {engine.analyzer.version})"
            )
            return
        started = time.perf_counter()
        n = search_reindex(
            batch=batch,
            workers=default_workers() if workers is None else max(1, workers),
            progress=lambda count: self.stdout.write(f"  … {count} documents"),
        )
        took = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"สร้างดัชนีแล้ว {n} รายการ / indexed {n} documents in {took:.1f} s "
                f"(backend {engine.backend.name}, analyser {engine.analyzer.version})"
            )
        )
