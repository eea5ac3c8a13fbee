"""After a quarter ends, queue the quarter's report of every agency that has not had it yet
(made and e-mailed to the executives by a background task). Idempotent; scheduled daily."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.stats import services
from prongsai.stats.tasks import send_quarterly_report_task


class Command(BaseCommand):
    help = "Queue the last quarter's statistics report of each agency not yet sent."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--today", help="Pretend today is this day (YYYY-MM-DD, CE).")

    def handle(self, *args: Any, today: str | None, **options: Any) -> None:
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    "--today ต้องเป็น YYYY-MM-DD (--today must be YYYY-MM-DD)"
                ) from None
        due = services.due_reports(today=day)
        for agency, fy, q in due:
            send_quarterly_report_task.enqueue(agency.pk, fy, q)
        self.stdout.write(f"Queued {len(due)} quarterly report(s).")
