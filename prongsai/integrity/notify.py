"""E-mail notifications through an outbox.

``queue()`` writes Notification rows inside the caller's transaction; after commit a background
task sends them. A send that fails stays in the outbox with its error and is retried by
``manage.py integrity_remind`` (run hourly), so a mail failure never loses a report, and never
loses the notice about it either. Messages carry a reference and a link, never case text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from prongsai.integrity.models import Notification
from prongsai.org.models import Agency

logger = logging.getLogger("prongsai.integrity")
MAX_ATTEMPTS = 10


def admin_url(path: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


def queue(
    *,
    agency: Agency,
    recipients: Iterable[AbstractBaseUser],
    subject: str,
    body: str,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Add one message per recipient to the outbox (skipping duplicates of ``dedupe_key``)."""
    made = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen or not getattr(user, "is_active", True):
            continue
        seen.add(user.pk)
        key = f"{dedupe_key}:{user.pk}" if dedupe_key else None
        if key and Notification.objects.filter(dedupe_key=key).exists():
            continue
        try:
            with transaction.atomic():
                made.append(
                    Notification.objects.create(
                        agency=agency,
                        recipient=user,
                        subject=subject[:255],
                        body=body,
                        dedupe_key=key,
                    )
                )
        except IntegrityError:  # the same reminder was queued concurrently
            continue
    if made:
        transaction.on_commit(_enqueue_send)
    return made


def _enqueue_send() -> None:
    try:
        send_notifications_task.enqueue()
    except Exception:  # noqa: BLE001 - the outbox keeps the messages; the hourly job sends them
        logger.exception("could not enqueue sending of integrity notifications")


@task()
def send_notifications_task() -> int:
    sent, _failed = send_pending()
    return sent


def send_pending(limit: int = 200) -> tuple[int, int]:
    """Send what is waiting in the outbox. Returns (sent, failed)."""
    sent = failed = 0
    pending = list(
        Notification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .select_related("recipient")
        .order_by("created_at")[:limit]
    )
    for note in pending:
        # Claim it first so that two workers never send the same message twice.
        claimed = Notification.objects.filter(
            pk=note.pk, sent_at__isnull=True, attempts=note.attempts
        ).update(attempts=note.attempts + 1)
        if not claimed:
            continue
        address = getattr(note.recipient, "email", "")
        if not address:
            Notification.objects.filter(pk=note.pk).update(
                last_error="no e-mail address", attempts=MAX_ATTEMPTS
            )
            failed += 1
            continue
        try:
            send_mail(note.subject, note.body, None, [address], fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any mail failure is kept and retried
            logger.warning("integrity notification %s not sent: %s", note.pk, exc)
            Notification.objects.filter(pk=note.pk).update(last_error=str(exc)[:255])
            failed += 1
            continue
        Notification.objects.filter(pk=note.pk).update(sent_at=timezone.now(), last_error="")
        sent += 1
    return sent, failed
