"""Queue the day's integrity reminders and send (or retry) every message in the outbox."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from prongsai.integrity.reminders import run_all


class Command(BaseCommand):
    help = "Remind people of due cases, corrective actions, manual reviews and the code of conduct."

    def handle(self, *args: Any, **options: Any) -> None:
        c = run_all()
        self.stdout.write(
            f"reminders: cases {c.cases}, actions {c.actions}, manuals {c.manuals}, "
            f"code of conduct {c.acknowledgments}; cases erased after retention {c.erased}; "
            f"e-mail sent {c.sent}, failed {c.failed}"
        )
