"""E-mail the reminders of the day: due soon to the owning work groups, overdue to executives.
Each reminder goes once, so running it again the same day sends nothing new."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.disclosure.reminders import reminders_send


class Command(BaseCommand):
    help = "Send due-soon and overdue reminders for ITA evidence (idempotent)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, date: str | None = None, **options: Any) -> None:
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(
                    f"วันที่ไม่ถูกต้อง {date!r} (เช่น 2023-01-31) / invalid date {date!r}"
                ) from exc
        sent = reminders_send(today=today)
        self.stdout.write(f"ส่งอีเมลเตือน {sent} ฉบับ (sent {sent} reminder e-mails)")
