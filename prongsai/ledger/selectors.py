"""Reads of the ledger: entries of an object, publications of a file, proofs and verification."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Model, Q, QuerySet

from prongsai.ledger import checkpoint, db, merkle, registry, signing
from prongsai.ledger.leaf import VERSION, format_ts
from prongsai.ledger.models import LedgerCheckpoint, LedgerEntry, LedgerFileRef, LedgerHead
from prongsai.ledger.verify import Report, verify_rows

PROOF_FORMAT = "prongsai-ledger-inclusion-proof/1"


def _db() -> str:
    return router.db_for_read(LedgerEntry) or DEFAULT_DB_ALIAS


def public_actions() -> list[str]:
    return [a.name for a in registry.actions() if a.public]


def public_entries() -> QuerySet[LedgerEntry]:
    """Entries that may be shown to anyone: not confidential, of an action registered public."""
    return LedgerEntry.objects.filter(confidential=False, action__in=public_actions())


def object_types(obj: Model) -> list[str]:
    """The type names an object may have been recorded under: its model and, for multi-table
    inheritance (every Wagtail page), its parents, so ``page`` and ``page.specific`` match."""
    return [obj._meta.label_lower] + [p._meta.label_lower for p in obj._meta.get_parent_list()]


def entries_for_object(obj: Model, *, public: bool = True) -> QuerySet[LedgerEntry]:
    base = public_entries() if public else LedgerEntry.objects.all()
    return base.filter(object_type__in=object_types(obj), object_id=str(obj.pk)).order_by("seq")


# --- Staff access: the one choke point ------------------------------------------------------------


def get_entries_for_user(user: Any) -> QuerySet[LedgerEntry]:
    """Every ledger entry ``user`` may read in the staff view, or PermissionDenied.

    Needs the ``ledger.view_ledgerentry`` permission (or superuser); the organisation app's
    staff-scope hook narrows it to the agencies where the user audits or oversees.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    scope_hook = registry.hook("staff_scope")
    allowed_by_perm = user.is_superuser or user.has_perm("ledger.view_ledgerentry")
    scope = scope_hook(user) if scope_hook else None
    if scope_hook is not None and scope is not None:
        agency_ids = set(scope)
        if not agency_ids and not allowed_by_perm:
            raise PermissionDenied
        if agency_ids:
            return LedgerEntry.objects.filter(agency_id__in=agency_ids)
    if not allowed_by_perm:
        raise PermissionDenied
    return LedgerEntry.objects.all()


def filter_entries(
    entries: QuerySet[LedgerEntry],
    *,
    action: str = "",
    actor: str = "",
    unit: str = "",
    start: datetime | None = None,
    end: datetime | None = None,
    agency_id: int | None = None,
) -> QuerySet[LedgerEntry]:
    if agency_id is not None:
        entries = entries.filter(agency_id=agency_id)
    if action:
        entries = entries.filter(Q(action=action) | Q(action__startswith=action.rstrip(".") + "."))
    if actor:
        entries = entries.filter(actor=actor)
    if unit:
        entries = entries.filter(unit=unit)
    if start:
        entries = entries.filter(ts__gte=start)
    if end:
        entries = entries.filter(ts__lt=end)
    return entries.order_by("-seq")


def units_in(entries: QuerySet[LedgerEntry]) -> list[str]:
    return sorted(
        u for u in entries.order_by().values_list("unit", flat=True).distinct()[:500] if u
    )


# --- Checkpoints and proofs ------------------------------------------------------------------------


def latest_checkpoint() -> LedgerCheckpoint | None:
    return LedgerCheckpoint.objects.order_by("-size").first()


def head() -> LedgerHead | None:
    return LedgerHead.objects.filter(pk=1).first()


class _DbTree:
    """Perfect-subtree hashes read from entry rows: level 0 is the entry hash of leaf ``index``;
    level L >= 1 is stored in the row of the subtree's last leaf."""

    def __init__(self, needed: set[tuple[int, int]]) -> None:
        seqs = {(index + 1) << level for level, index in needed}
        rows = LedgerEntry.objects.filter(seq__in=seqs).values_list("seq", "entry_hash", "nodes")
        self.rows = {seq: (entry_hash, nodes) for seq, entry_hash, nodes in rows}

    def get_perfect(self, level: int, index: int) -> bytes:
        entry_hash, nodes = self.rows[(index + 1) << level]
        if level == 0:
            return bytes.fromhex(entry_hash)
        return bytes.fromhex(nodes.split(",")[level - 1])


def inclusion_proof(seq: int, size: int) -> list[bytes]:
    ranges = merkle.inclusion_ranges(seq - 1, size)
    tree = _DbTree(merkle.needed_perfect(ranges))
    return [merkle.range_hash(a, b, tree.get_perfect) for a, b in ranges]


def consistency_proof(old_size: int, new_size: int) -> list[bytes]:
    ranges = merkle.consistency_ranges(old_size, new_size)
    tree = _DbTree(merkle.needed_perfect(ranges))
    return [merkle.range_hash(a, b, tree.get_perfect) for a, b in ranges]


def proof_document(entry: LedgerEntry, cp: LedgerCheckpoint) -> dict[str, Any]:
    """Everything needed to check offline that ``entry`` is in the signed ledger."""
    verifier = signing.get_verifier()
    return {
        "format": PROOF_FORMAT,
        "origin": checkpoint.parse_checkpoint_text(checkpoint.split_note(cp.note)[0]).origin,
        "verifier_key": verifier.vkey() if verifier else "",
        "index": entry.seq - 1,
        "tree_size": cp.size,
        "leaf": entry.leaf_text(),
        "leaf_hash": entry.entry_hash,
        "proof": [h.hex() for h in inclusion_proof(entry.seq, cp.size)],
        "root": cp.root,
        "checkpoint": cp.note,
        "how_to_verify": "python -m prongsai.ledger.verify proof <this file> --key <published key>",
    }


# --- Publications of a file ----------------------------------------------------------------------


@dataclass
class Publication:
    entry: LedgerEntry
    file: dict[str, Any]
    steps: list[LedgerEntry]
    later: list[LedgerEntry]  # public steps recorded for the same object afterwards
    replaced_by: LedgerEntry | None
    intact: bool
    proof_checkpoint: LedgerCheckpoint | None
    proof_ok: bool


def publications_of(sha256: str, *, agency_id: int | None = None) -> list[Publication]:
    """Public entries that name a file with this SHA-256, newest first, each with the approval
    steps recorded for the same object before it and whether a later publication replaced it."""
    refs = LedgerFileRef.objects.filter(sha256=sha256)
    if agency_id is not None:
        refs = refs.filter(agency_id=agency_id)
    seqs = list(refs.order_by("-seq").values_list("seq", flat=True)[:20])
    entries = list(public_entries().filter(seq__in=seqs).order_by("-seq"))
    cp = latest_checkpoint()
    verifier = signing.get_verifier()
    signed_root = _signed_root(cp, verifier)
    results = []
    for entry in entries:
        file = next(
            (f for f in entry.data.get("files", []) if f.get("sha256") == sha256),
            {"sha256": sha256},
        )
        same_object = public_entries().filter(
            object_type=entry.object_type, object_id=entry.object_id
        )
        steps = (
            list(same_object.filter(seq__lte=entry.seq).order_by("seq"))
            if entry.object_id
            else [entry]
        )
        later = (
            list(same_object.filter(seq__gt=entry.seq).order_by("seq")[:20])
            if entry.object_id
            else []
        )
        replaced_by = next(
            (
                candidate
                for candidate in later
                if "files" in candidate.data
                and not any(f.get("sha256") == sha256 for f in candidate.data["files"])
            ),
            None,
        )
        intact = merkle.leaf_hash(entry.leaf_text().encode("utf-8")).hex() == entry.entry_hash
        proof_ok = False
        if cp is not None and signed_root is not None and entry.seq <= cp.size:
            proof = inclusion_proof(entry.seq, cp.size)
            proof_ok = merkle.verify_inclusion(
                entry.seq - 1, cp.size, bytes.fromhex(entry.entry_hash), proof, signed_root
            )
        results.append(
            Publication(
                entry, file, steps, later, replaced_by, intact, cp if proof_ok else None, proof_ok
            )
        )
    return results


def _signed_root(cp: LedgerCheckpoint | None, verifier: checkpoint.Verifier | None) -> bytes | None:
    if cp is None or verifier is None:
        return None
    try:
        return checkpoint.open_checkpoint(cp.note, verifier).root
    except checkpoint.CheckpointError:
        return None


# --- Whole-ledger verification and export -------------------------------------------------------

_ROW_FIELDS = (
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


def _ts_text(value: Any) -> str:
    """The leaf form of a stored time: SQLite gives its text (UTC), PostgreSQL a datetime."""
    if isinstance(value, str):
        day, _, clock = value.partition(" ")
        clock, _, fraction = clock.partition(".")
        return f"{day}T{clock[:8]}.{fraction[:6].ljust(6, '0')}Z"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return format_ts(value)


def iter_rows(*, include_nodes: bool = True, chunk_size: int = 5000) -> Iterator[dict[str, Any]]:
    """Every entry as an export row (leaf fields + hash + chain [+ nodes]), in seq order.

    Plain SQL through a chunked (server-side on PostgreSQL) cursor: the ORM's per-row converters
    would double the time ``ledger_verify`` takes on a million entries.
    """
    connection = connections[_db()]
    ts_column = "ts || ''" if connection.vendor == "sqlite" else "ts"  # text, not a datetime
    columns = ", ".join(ts_column if name == "ts" else name for name in _ROW_FIELDS)
    loads = json.loads
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM ledger_ledgerentry ORDER BY seq")  # noqa: S608
        while True:
            chunk = cursor.fetchmany(chunk_size)
            if not chunk:
                break
            for (
                seq,
                ts,
                actor,
                role,
                unit,
                action,
                otype,
                oid,
                agency,
                chash,
                conf,
                data,
                prev,
                entry_hash,
                chain,
                nodes,
            ) in chunk:
                row = {
                    "v": VERSION,
                    "seq": seq,
                    "ts": _ts_text(ts),
                    "actor": actor,
                    "role": role,
                    "unit": unit,
                    "action": action,
                    "otype": otype,
                    "oid": oid,
                    "agency": agency,
                    "chash": chash,
                    "conf": bool(conf),
                    "data": loads(data) if isinstance(data, str) else data,
                    "prev": prev,
                    "hash": entry_hash,
                    "chain": chain,
                }
                if include_nodes:
                    row["nodes"] = nodes.split(",") if nodes else []
                yield row


def checkpoint_notes() -> list[str]:
    return list(LedgerCheckpoint.objects.order_by("size").values_list("note", flat=True))


def verify_database(*, check_signatures: bool = True) -> Report:
    """Recompute the chain, the tree and every checkpoint's signature from the database."""
    verifier = signing.get_verifier() if check_signatures else None
    head_row = head()
    report = verify_rows(
        lambda: iter_rows(),
        verifier=verifier,
        notes=checkpoint_notes(),
        origin=verifier.name if verifier else None,
        expected_size=head_row.size if head_row else None,
    )
    if report.fault is None and head_row is not None:
        if head_row.size < report.entries:
            report.problems.append(
                f"มีรายการเกินส่วนหัวของบัญชี ({report.entries:,} > {head_row.size:,}) / "
                f"there are entries beyond the ledger head ({report.entries:,} > {head_row.size:,})"
            )
        elif head_row.chain != report.chain.hex():
            report.problems.append(
                "ค่าลูกโซ่ในส่วนหัวของบัญชีไม่ตรงกับรายการสุดท้าย / "
                "the ledger head's chain hash differs from the last entry's"
            )
    missing = db.missing_guards(connections[_db()])
    if missing:
        report.problems.append(
            "ทริกเกอร์ห้ามแก้ไข/ลบหายไป (ติดตั้งใหม่ด้วย manage.py ledger_guards): "
            + ", ".join(missing)
            + " / append-only triggers are missing (reinstall with manage.py ledger_guards)"
        )
    if check_signatures and verifier is None:
        report.notes.append("no ledger key configured: checkpoint signatures not checked")
    return report
