"""Writes to the ledger: appending an entry and signing a checkpoint.

``entry_record`` (exported as ``ledger.record``) runs inside the caller's transaction, so the
entry commits or rolls back with the change it records. Writers are serialised on the head row:
``SELECT … FOR UPDATE`` on PostgreSQL, and on SQLite the write lock that ``BEGIN IMMEDIATE``
takes when the caller's transaction starts (settings: ``"transaction_mode": "IMMEDIATE"``).
So two writers never read the same head and the sequence has no gaps and no forks.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime

from prongsai.ledger import builder, canonical, checkpoint, leaf, registry, signing
from prongsai.ledger.models import LedgerCheckpoint, LedgerEntry, LedgerFileRef, LedgerHead

logger = logging.getLogger("prongsai.ledger")

_HEX64 = re.compile(r"[0-9a-f]{64}")
_warned_no_key = False


class LedgerError(RuntimeError):
    """A ledger write cannot be made as asked (the message is Thai, then English)."""


@dataclass(frozen=True)
class Actor:
    """An actor given explicitly: ``id`` as written in entries (``u:5``, ``system``, …)."""

    id: str
    role: str = ""
    unit: str = ""


@dataclass(frozen=True)
class ObjectRef:
    """An object named without a model instance (e.g. something already deleted)."""

    type: str
    id: str


def checkpoint_every() -> int:
    return int(getattr(settings, "LEDGER_CHECKPOINT_EVERY", 100))


def checkpoint_minutes() -> int:
    return int(getattr(settings, "LEDGER_CHECKPOINT_MINUTES", 10))


def pseudonym(user_pk: Any) -> str:
    """A stable pseudonym of a user for confidential entries (HMAC; not reversible without the
    key ``LEDGER_PSEUDONYM_KEY``, which defaults to SECRET_KEY)."""
    secret = getattr(settings, "LEDGER_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    digest = salted_hmac(
        "prongsai.ledger.pseudonym", str(user_pk), secret=secret, algorithm="sha256"
    )
    return "p:" + digest.hexdigest()[:24]


def _object_ref(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, ObjectRef):
        return obj.type, str(obj.id)
    if isinstance(obj, Model):
        if obj.pk is None:
            raise LedgerError("บันทึกวัตถุที่ยังไม่ได้บันทึกลงฐานข้อมูลไม่ได้ / cannot record an unsaved object")
        return obj._meta.label_lower, str(obj.pk)
    raise LedgerError(
        f"obj ต้องเป็นโมเดลหรือ ObjectRef ไม่ใช่ {type(obj).__name__} / "
        f"obj must be a model instance or an ObjectRef, not {type(obj).__name__}"
    )


def _agency_id(agency: Any, obj: Any) -> int | None:
    if agency is None:
        agency = getattr(obj, "agency_id", None)
    if agency is None or isinstance(agency, int):
        return agency
    if isinstance(agency, Model):
        return int(agency.pk)
    raise LedgerError("agency ต้องเป็นหน่วยงานหรือเลขประจำ / agency must be an Agency or its id")


def _actor_fields(
    actor: Any, agency_id: int | None, confidential: bool, role: str | None, unit: str | None
) -> tuple[str, str, str]:
    if actor is None:
        actor_id, info = "system", registry.ActorInfo()
    elif isinstance(actor, Actor):
        actor_id, info = actor.id, registry.ActorInfo(actor.role, actor.unit)
    elif getattr(actor, "pk", None) is not None:
        resolver = registry.hook("actor")
        info = resolver(actor, agency_id) if resolver else registry.ActorInfo()
        actor_id = pseudonym(actor.pk) if confidential else f"u:{actor.pk}"
    else:
        raise LedgerError("actor ต้องเป็นผู้ใช้ Actor หรือ None / actor must be a user, Actor or None")
    final_role = info.role if role is None else role
    final_unit = info.unit if unit is None else unit
    if confidential and unit is None:
        final_unit = ""  # a small work group could identify a person in a confidential matter
    return actor_id, final_role, final_unit


def _file_hashes(data: dict[str, Any]) -> list[str]:
    """Validate ``data["files"]`` (the publication schema, docs/ledger.md) and return hashes."""
    files = data.get("files")
    if files is None:
        return []
    if not isinstance(files, list):
        raise LedgerError('data["files"] ต้องเป็นรายการ / data["files"] must be a list')
    hashes = []
    for i, item in enumerate(files):
        digest = item.get("sha256") if isinstance(item, dict) else None
        if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
            raise LedgerError(
                f'data["files"][{i}] ต้องมี sha256 เป็นเลขฐานสิบหกตัวเล็ก 64 ตัว / '
                f'data["files"][{i}] needs "sha256": 64 lower-case hex digits'
            )
        size = item.get("size")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            raise LedgerError(
                f'data["files"][{i}]["size"] ต้องเป็นจำนวนเต็มไบต์ / must be a whole number of bytes'
            )
        hashes.append(digest)
    return hashes


@dataclass
class _HeadState:
    size: int
    chain: str
    frontier: str
    checkpoint_size: int
    checkpoint_at: datetime | None


_ENTRY_COLUMNS = (
    "seq",
    "ts",
    "actor",
    "role",
    "unit",
    "action",
    "object_type",
    "object_id",
    "agency_id",
    "content_hash",
    "confidential",
    "data",
    "prev",
    "entry_hash",
    "chain",
    "nodes",
)


def _lock_head(using: str) -> _HeadState:
    """Read the head row, locking it until the caller's transaction ends.

    Plain SQL: this runs on every append, and the ORM's query building would cost more than the
    database work. SQLite has no FOR UPDATE; its write lock was taken by BEGIN IMMEDIATE.
    """
    connection = connections[using]
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = (
        "SELECT size, chain, frontier, checkpoint_size, checkpoint_at "  # noqa: S608 - constant SQL
        f"FROM ledger_ledgerhead WHERE id = 1{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    if row is None:
        # The head row comes with the migration; only a flushed database (tests, `manage.py
        # flush`) has none. A ledger with entries but no head has been tampered with.
        if LedgerEntry.objects.using(using).exists():
            raise LedgerError(
                "ไม่พบส่วนหัวของบัญชีแต่มีรายการอยู่: ตรวจด้วย ledger_verify / "
                "the ledger head row is missing but entries exist: run ledger_verify"
            )
        LedgerHead.objects.using(using).create(pk=1)
        return _lock_head(using)
    size, chain, frontier, checkpoint_size, checkpoint_at = row
    if isinstance(checkpoint_at, str):  # SQLite without its datetime converter
        checkpoint_at = parse_datetime(checkpoint_at)
    if checkpoint_at is not None and checkpoint_at.tzinfo is None:  # SQLite stores UTC
        checkpoint_at = checkpoint_at.replace(tzinfo=UTC)
    return _HeadState(int(size), chain, frontier or "", int(checkpoint_size), checkpoint_at)


_INSERT_SQL: dict[str, str] = {}


def _insert_entry(using: str, entry: LedgerEntry, data_text: str) -> None:
    """INSERT the entry; ``data_text`` is its data as JSON (already written once for the leaf)."""
    connection = connections[using]
    sql = _INSERT_SQL.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        columns = [LedgerEntry._meta.get_field(name).column for name in _ENTRY_COLUMNS]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names come from the model
            quote(LedgerEntry._meta.db_table),
            ", ".join(quote(c) for c in columns),
            ", ".join(["%s"] * len(columns)),
        )
        _INSERT_SQL[connection.vendor] = sql
    if connection.vendor == "sqlite":
        data_value: Any = data_text  # SQLite keeps JSON as text
    else:
        data_value = LedgerEntry._meta.get_field("data").get_db_prep_save(entry.data, connection)
    values = [
        entry.seq,
        connection.ops.adapt_datetimefield_value(entry.ts),
        entry.actor,
        entry.role,
        entry.unit,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.agency_id,
        entry.content_hash,
        entry.confidential,
        data_value,
        entry.prev,
        entry.entry_hash,
        entry.chain,
        entry.nodes,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
    entry._state.adding = False
    entry._state.db = using


def _update_head(using: str, updates: dict[str, Any]) -> None:
    connection = connections[using]
    values = [
        connection.ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v
        for v in updates.values()
    ]
    assignments = ", ".join(f"{name} = %s" for name in updates)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE ledger_ledgerhead SET {assignments} WHERE id = 1", values)  # noqa: S608


def entry_record(
    *,
    action: str,
    actor: Any,
    obj: Any = None,
    data: dict[str, Any] | None = None,
    content_hash: str | None = None,
    agency: Any = None,
    confidential: bool = False,
    actor_role: str | None = None,
    actor_unit: str | None = None,
    using: str | None = None,
) -> LedgerEntry:
    """Append one entry describing a change made in the current transaction.

    ``actor`` is a user, an :class:`Actor` or None (the system). A user's role and work group come
    from the actor resolver that the organisation app registers, unless ``actor_role`` /
    ``actor_unit`` are given. For ``confidential`` entries the user is written as a pseudonym
    and the work group is left out. ``data`` must be JSON without floats and must hold no
    personal data (the ledger can never be erased). For a publication, ``data["files"]`` lists
    ``{"sha256", "name", "size"}`` of every attached file (see docs/ledger.md).
    """
    spec = registry.get_action(action)
    db = using or router.db_for_write(LedgerEntry) or DEFAULT_DB_ALIAS
    if not connections[db].in_atomic_block:
        raise LedgerError(
            "ต้องเรียก ledger.record() ภายใน transaction.atomic() เดียวกับการเปลี่ยนแปลงที่บันทึก / "
            "ledger.record() must be called inside the transaction.atomic() block of the change"
        )
    payload = dict(data or {})
    try:
        text = canonical.dumps(payload)
    except canonical.CanonicalJSONError as exc:
        raise LedgerError(str(exc)) from exc
    if "\\u0000" in text:
        raise LedgerError("ข้อมูลมีอักขระ NUL / data contains a NUL character")
    file_hashes = _file_hashes(payload)
    if content_hash is not None and not _HEX64.fullmatch(content_hash):
        raise LedgerError(
            "content_hash ต้องเป็น SHA-256 เลขฐานสิบหกตัวเล็ก 64 ตัว / "
            "content_hash must be a SHA-256 in 64 lower-case hex digits"
        )
    otype, oid = _object_ref(obj)
    agency_id = _agency_id(agency, obj)
    actor_id, role, unit = _actor_fields(actor, agency_id, confidential, actor_role, actor_unit)

    head = _lock_head(db)
    now = timezone.now()
    appender = builder.Appender(
        head.size, bytes.fromhex(head.chain), builder.frontier_load(head.frontier)
    )
    row = appender.seal(
        {
            "ts": leaf.format_ts(now),
            "actor": actor_id,
            "role": role,
            "unit": unit,
            "action": spec.name,
            "otype": otype,
            "oid": oid,
            "agency": agency_id,
            "chash": content_hash or "",
            "conf": bool(confidential),
            "data": payload,
        },
        checked=True,
    )
    entry = LedgerEntry(
        seq=row["seq"],
        ts=now,
        actor=actor_id,
        role=role,
        unit=unit,
        action=spec.name,
        object_type=otype,
        object_id=oid,
        agency_id=agency_id,
        content_hash=content_hash or "",
        confidential=bool(confidential),
        data=payload,
        prev=row["prev"],
        entry_hash=row["hash"],
        chain=row["chain"],
        nodes=",".join(row["nodes"]),
    )
    _insert_entry(db, entry, text)
    if file_hashes:
        LedgerFileRef.objects.using(db).bulk_create(
            LedgerFileRef(sha256=h, seq=entry.seq, agency_id=agency_id)
            for h in dict.fromkeys(file_hashes)
        )
    updates: dict[str, Any] = {
        "size": appender.size,
        "chain": appender.chain.hex(),
        "frontier": builder.frontier_dump(appender.frontier),
    }
    if _checkpoint_due(head, appender.size, now):
        signed = _sign(appender.size, appender.root, now, db)
        if signed is not None:
            updates.update(checkpoint_size=signed.size, checkpoint_at=now)
    _update_head(db, updates)
    return entry


def _checkpoint_due(head: LedgerHead | _HeadState, size: int, now: Any) -> bool:
    if size <= head.checkpoint_size:
        return False
    if size - head.checkpoint_size >= checkpoint_every():
        return True
    if head.checkpoint_at is None:
        return False
    return now - head.checkpoint_at >= timedelta(minutes=checkpoint_minutes())


def _sign(size: int, root: bytes, now: Any, db: str) -> LedgerCheckpoint | None:
    try:
        signer = signing.get_signer()
    except Exception:  # noqa: BLE001 - a bad key must not stop the business change; verify reports it
        logger.exception("ledger checkpoint not signed: the signing key cannot be loaded")
        return None
    if signer is None:
        global _warned_no_key
        if not _warned_no_key:  # once per process, not on every entry
            logger.warning("ledger checkpoints are not signed: no signing key is configured")
            _warned_no_key = True
        return None
    note = checkpoint.sign_checkpoint(checkpoint.Checkpoint(signer.name, size, root), signer)
    cp = LedgerCheckpoint(
        size=size, root=root.hex(), ts=now, key_id=signer.verifier.key_id.hex(), note=note
    )
    cp.save(using=db)
    return cp


def checkpoint_create(*, force: bool = False, using: str | None = None) -> LedgerCheckpoint | None:
    """Sign a checkpoint of the current tree if one is due (or ``force``), and return it.

    Returns None when the tree has not grown since the last checkpoint, or (without ``force``)
    when fewer than LEDGER_CHECKPOINT_EVERY entries and LEDGER_CHECKPOINT_MINUTES have passed.
    Raises ImproperlyConfigured when no signing key is configured.
    """
    db = using or router.db_for_write(LedgerEntry) or DEFAULT_DB_ALIAS
    signer = signing.require_signer()
    with transaction.atomic(using=db):
        head = _lock_head(db)
        now = timezone.now()
        if head.size <= head.checkpoint_size:
            return None
        due = head.checkpoint_at is None or _checkpoint_due(head, head.size, now)
        if not (force or due):
            return None
        frontier = builder.frontier_load(head.frontier)
        appender = builder.Appender(head.size, bytes.fromhex(head.chain), frontier)
        note = checkpoint.sign_checkpoint(
            checkpoint.Checkpoint(signer.name, head.size, appender.root), signer
        )
        cp = LedgerCheckpoint(
            size=head.size,
            root=appender.root.hex(),
            ts=now,
            key_id=signer.verifier.key_id.hex(),
            note=note,
        )
        cp.save(using=db)
        LedgerHead.objects.using(db).filter(pk=1).update(
            checkpoint_size=head.size, checkpoint_at=now
        )
        return cp
