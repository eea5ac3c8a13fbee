"""The background worker: runs queued tasks and, in the embedded install, the periodic jobs.

Periodic jobs are idempotent management commands listed in settings.PRONGSAI_PERIODIC_JOBS. In
production, run them from cron or systemd timers instead and start this with --no-scheduler.
"""

from __future__ import annotations

import logging
from argparse import ArgumentParser
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger("prongsai.worker")


def _run_job(name: str, args: list[str]) -> None:
    try:
        call_command(name, *args)
    except Exception:  # noqa: BLE001 - one failing job must not stop the scheduler
        logger.exception("Periodic job %s failed", name)


def build_scheduler(jobs: list[dict[str, Any]]) -> BackgroundScheduler:
    known = get_commands()
    scheduler = BackgroundScheduler(timezone=settings.TIME_ZONE)
    for job in jobs:
        if job["command"] not in known:
            raise CommandError(f"Periodic job names an unknown command: {job['command']}")
        scheduler.add_job(
            _run_job,
            CronTrigger.from_crontab(job["cron"], timezone=settings.TIME_ZONE),
            args=[job["command"], list(job.get("args", []))],
            id=job["command"] + ":" + " ".join(job.get("args", [])),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
    return scheduler


class Command(BaseCommand):
    help = "Run background tasks and (unless --no-scheduler) the periodic jobs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-scheduler", action="store_true", help="Do not run periodic jobs.")

    def handle(self, *args: Any, no_scheduler: bool, **options: Any) -> None:
        scheduler = None
        if not no_scheduler:
            scheduler = build_scheduler(settings.PRONGSAI_PERIODIC_JOBS)
            scheduler.start()
            self.stdout.write(f"Periodic jobs: {len(settings.PRONGSAI_PERIODIC_JOBS)} scheduled")
        try:
            if settings.TASKS_BACKEND == "rq":
                call_command("rqworker", "default")
            else:
                call_command("db_worker", queue_name="*", reload=False, verbosity=1)
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
