"""Retention of confidential case data (ASVS 5.0 14.2.7).

``INTEGRITY_RETENTION_DAYS`` (default 1,825: five years) after a case is closed, its text, the
reporter's identity, every note and message, the reasons of reveals and every file are erased.
What remains is what the statistics and the ledger need: agency, channel, category, dates,
outcome. The erasure is itself recorded in the ledger. ``integrity_remind`` runs it every hour;
running it again erases nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from prongsai import ledger
from prongsai.integrity.models import Case, CaseEntry, CaseFile, CaseStatus, IdentityReveal

logger = logging.getLogger("prongsai.integrity")


def retention_days() -> int:
    return int(getattr(settings, "INTEGRITY_RETENTION_DAYS", 5 * 365))


def _delete_blobs(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 - the blob is encrypted; the next run retries nothing
            logger.warning("could not delete the erased case file %s", name)


def purge_expired(now: dt.datetime | None = None) -> int:
    """Erase the confidential content of cases closed longer than the retention period."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=retention_days())
    done = 0
    ids = list(
        Case.objects.filter(
            status=CaseStatus.CLOSED, closed_at__lt=cutoff, purged_at__isnull=True
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        with transaction.atomic():
            case = Case.objects.select_for_update().filter(pk=pk, purged_at__isnull=True).first()
            if case is None:
                continue
            names = list(case.files.values_list("storage_name", flat=True))
            CaseFile.objects.filter(case=case).delete()
            CaseEntry.objects.filter(case=case).update(text_enc="")
            IdentityReveal.objects.filter(case=case).update(reason_enc="")
            Case.objects.filter(pk=pk).update(content_enc="", identity_enc="", purged_at=now)
            ledger.record(
                action="integrity.case_purge",
                actor=None,
                obj=case,
                agency=case.agency_id,
                data={"file_count": len(names), "retention_days": retention_days()},
                confidential=True,
            )
            transaction.on_commit(lambda names=names: _delete_blobs(names))
        done += 1
    return done
