"""Re-encrypt every confidential value with the first key of INTEGRITY_ENCRYPTION_KEY.

Key rotation: put the new key first and keep the old one after it
(``INTEGRITY_ENCRYPTION_KEY=<new>,<old>``), run this command, then check with ``--check``. Texts,
identities, reasons, file names and file contents are re-encrypted; the tags of people a case is
about are recomputed. Receipt codes are never stored, so their hashes cannot be recomputed:
codes given before the rotation keep working as long as the old key stays in the list.
Each case is rewritten in its own transaction; running the command again continues where it
stopped.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from prongsai.integrity import crypto
from prongsai.integrity.models import Case, CaseExclusion


class Command(BaseCommand):
    help = "Re-encrypt confidential case data with the first configured key (after a rotation)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="only count values still under older keys"
        )

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        try:
            ring = crypto.keyring()
        except crypto.EncryptionKeyError as exc:
            raise CommandError(str(exc)) from exc
        old_tags = self._old_user_tags(ring)
        stale = done = 0
        for pk in Case.objects.order_by("pk").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                case = Case.objects.select_for_update().get(pk=pk)
                changed = self._case(case, ring, old_tags, dry=check)
                stale += changed
                done += bool(changed)
        if check:
            self.stdout.write(f"values under older keys: {stale}")
            if stale:
                raise CommandError("ยังมีข้อมูลที่เข้ารหัสด้วยกุญแจเก่า / values remain under older keys")
        else:
            self.stdout.write(f"re-encrypted {stale} values in {done} cases")

    def _old_user_tags(self, ring: crypto.Keyring) -> dict[str, str]:
        """Old tag → new tag, for every user (tags hide user ids, so each id is tried)."""
        mapping = {}
        if len(ring.keys) < 2:
            return mapping
        for user_pk in get_user_model().objects.values_list("pk", flat=True).iterator():
            new = ring.tag("user", str(user_pk))
            for old in ring.tags("user", str(user_pk))[1:]:
                mapping[old] = new
        return mapping

    def _case(self, case: Case, ring: crypto.Keyring, old_tags: dict[str, str], dry: bool) -> int:
        count = 0

        def redo(token: str, aad: str) -> str | None:
            nonlocal count
            if not token or not ring.needs_rekey(token):
                return None
            count += 1
            return ring.encrypt(ring.decrypt(token, aad), aad)

        for field in ("content", "identity"):
            new = redo(getattr(case, f"{field}_enc"), case.aad(field))
            if new and not dry:
                Case.objects.filter(pk=case.pk).update(**{f"{field}_enc": new})
        for entry in case.entries.all():
            new = redo(entry.text_enc, entry.aad())
            if new and not dry:
                type(entry).objects.filter(pk=entry.pk).update(text_enc=new)
        for reveal in case.reveals.all():
            new = redo(reveal.reason_enc, reveal.aad())
            if new and not dry:
                type(reveal).objects.filter(pk=reveal.pk).update(reason_enc=new)
        for row in case.files.all():
            new = redo(row.name_enc, row.aad("name"))
            if new and not dry:
                type(row).objects.filter(pk=row.pk).update(name_enc=new)
            with default_storage.open(row.storage_name, "rb") as fh:
                blob = fh.read().decode("ascii")
            new = redo(blob, row.aad("data"))
            if new and not dry:
                default_storage.delete(row.storage_name)
                default_storage.save(row.storage_name, ContentFile(new.encode("ascii")))
        for exclusion in case.exclusions.all():
            if exclusion.tag in old_tags:
                count += 1
                if not dry:
                    CaseExclusion.objects.filter(pk=exclusion.pk).update(
                        tag=old_tags[exclusion.tag]
                    )
        return count
