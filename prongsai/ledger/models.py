"""The ledger's tables. Entries, checkpoints and file references are append-only: the models
refuse changes, and database triggers (migration 0002) refuse UPDATE and DELETE as well.

The head row is the only row that changes: it holds the ledger's size, the last chain hash and
the Merkle frontier, and it is the lock that serialises writers.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.ledger import leaf


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete a ledger row."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError(
        "แก้ไขหรือลบรายการในบัญชีไม่ได้ / ledger rows are append-only and cannot be changed"
    )


class AppendOnlyQuerySet(models.QuerySet):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    update_or_create = _refuse
    select_for_update = _refuse  # only the head row is locked


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()


class LedgerHead(models.Model):
    """One row (pk=1): the state a new entry is appended to. Locked by every writer."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    chain = models.CharField(max_length=64, default=leaf.GENESIS.hex())
    frontier = models.TextField(blank=True, default="")
    checkpoint_size = models.BigIntegerField(default=0)
    checkpoint_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ledger head")

    def __str__(self) -> str:
        return f"ledger head at {self.size}"


class LedgerEntry(AppendOnlyModel):
    """One sealed entry. Every column but ``entry_hash``, ``chain`` and ``nodes`` is in the leaf
    (see prongsai.ledger.leaf for the field list and hashing rules)."""

    seq = models.BigIntegerField(_("sequence number"), primary_key=True)
    ts = models.DateTimeField(_("time"))
    actor = models.CharField(_("actor"), max_length=64)
    role = models.CharField(_("role"), max_length=40, blank=True)
    unit = models.CharField(_("work group"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    agency_id = models.BigIntegerField(_("agency"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    data = models.JSONField(_("details"), default=dict)
    prev = models.CharField(max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64)
    chain = models.CharField(_("chain hash"), max_length=64)
    # Hashes (hex, comma separated) of the perfect Merkle subtrees this entry completes: level 1
    # first. Not part of the leaf; lets proofs be built from O(log n) rows.
    nodes = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"], name="ledger_entry_object"),
            models.Index(fields=["agency_id", "seq"], name="ledger_entry_agency"),
            models.Index(fields=["agency_id", "action", "seq"], name="ledger_entry_action"),
            models.Index(fields=["agency_id", "actor", "seq"], name="ledger_entry_actor"),
            models.Index(fields=["agency_id", "unit", "seq"], name="ledger_entry_unit"),
            models.Index(fields=["ts"], name="ledger_entry_ts"),
        ]
        permissions = [("export_ledgerentry", "Can export ledger entries")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def leaf_fields(self) -> dict[str, Any]:
        return {
            "v": leaf.VERSION,
            "seq": self.seq,
            "ts": leaf.format_ts(self.ts),
            "actor": self.actor,
            "role": self.role,
            "unit": self.unit,
            "action": self.action,
            "otype": self.object_type,
            "oid": self.object_id,
            "agency": self.agency_id,
            "chash": self.content_hash,
            "conf": self.confidential,
            "data": self.data,
            "prev": self.prev,
        }

    def leaf_text(self) -> str:
        return leaf.leaf_bytes(self.leaf_fields()).decode("utf-8")

    def node_hashes(self) -> list[bytes]:
        return [bytes.fromhex(h) for h in self.nodes.split(",")] if self.nodes else []

    @property
    def action_label(self) -> Any:
        from prongsai.ledger.registry import action_label

        return action_label(self.action)

    @property
    def role_label(self) -> Any:
        from prongsai.ledger.registry import role_label

        return role_label(self.role)


class LedgerCheckpoint(AppendOnlyModel):
    """A signed tree head: the C2SP checkpoint note for ``size`` entries."""

    size = models.BigIntegerField(_("tree size"), primary_key=True)
    root = models.CharField(_("root hash"), max_length=64)
    ts = models.DateTimeField(_("signed at"))
    key_id = models.CharField(max_length=8)
    note = models.TextField(_("signed note"))

    class Meta:
        verbose_name = _("ledger checkpoint")
        ordering = ["size"]

    def __str__(self) -> str:
        return f"{self.size} {self.root[:12]}"


class LedgerFileRef(AppendOnlyModel):
    """Index of the files named in entries (``data["files"]``), for lookups by SHA-256."""

    id = models.BigAutoField(primary_key=True)
    sha256 = models.CharField(max_length=64)
    seq = models.BigIntegerField()
    agency_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sha256", "seq"], name="ledger_fileref_sha")]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} @ {self.seq}"
