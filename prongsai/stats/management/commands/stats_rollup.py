"""Roll the statistics up (yesterday and today, or the days given), purge old raw events and
discard the salts of past days. Idempotent; scheduled every 15 minutes."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.stats import services
from prongsai.thai import ThaiValueError


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"วันที่ “{text}” ต้องเขียนแบบ YYYY-MM-DD (ค.ศ.) (the date must be YYYY-MM-DD)"
        ) from None


class Command(BaseCommand):
    help = "Roll up statistics (yesterday and today by default), purge raw events, drop old salts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", action="append", default=[], help="A day (YYYY-MM-DD, CE).")
        parser.add_argument("--from", dest="start", help="First day of a range (YYYY-MM-DD).")
        parser.add_argument("--to", dest="end", help="Last day of a range (YYYY-MM-DD).")

    def handle(
        self, *args: Any, date: list[str], start: str | None, end: str | None, **o: Any
    ) -> None:
        days = [_day(d) for d in date]
        if start or end:
            if not (start and end):
                raise CommandError("ต้องระบุทั้ง --from และ --to (give both --from and --to)")
            first, last = _day(start), _day(end)
            if last < first:
                raise CommandError("--to อยู่ก่อน --from (--to is before --from)")
            days += [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        try:
            run = services.stats_roll_up(days=days or None)
        except ThaiValueError as exc:
            raise CommandError(str(exc)) from None
        for r in run.days:
            self.stdout.write(
                f"{r.day}: {r.events} events, {r.totals} agencies, {r.targets} targets, "
                f"{r.searches} searches"
            )
        self.stdout.write(f"Purged {run.purged} raw events; discarded {run.salts_discarded} salts.")
