"""The ledger entry as hashed: field names, the leaf bytes and the chain rule.

An entry's *leaf* is the canonical JSON (see canonical.py) of exactly these fields:

=========  ===========================================================================
``v``      format version, 1
``seq``    position in the ledger, 1, 2, 3 … with no gaps (Merkle leaf index = seq - 1)
``ts``     time of the entry, UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``
``actor``  who acted: ``u:<user id>``, ``p:<pseudonym>`` for confidential matters, ``system``
``role``   the actor's role when acting (e.g. ``executive``), never a personal name
``unit``   the actor's work group when acting, or ``""``
``action`` a registered action name, e.g. ``item.approve``
``otype``  the object's type, e.g. ``disclosure.item``, or ``""``
``oid``    the object's id as a string, or ``""``
``agency`` the agency (tenant) id, or null
``chash``  hex SHA-256 of the content the action concerns, or ``""``
``conf``   true when the entry concerns a confidential matter (never shown publicly)
``data``   a JSON object with the action's details (no personal data)
``prev``   hex chain hash of the previous entry (64 zeros for the first)
=========  ===========================================================================

``hash = SHA-256(0x00 || leaf)`` is the RFC 6962 leaf hash, and
``chain = SHA-256(prev chain || hash)`` links each entry to all before it.

Imports nothing from Django, so the standalone verifier can use it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from prongsai.ledger import canonical, merkle

VERSION = 1
GENESIS = bytes(32)
FIELDS = (
    "v",
    "seq",
    "ts",
    "actor",
    "role",
    "unit",
    "action",
    "otype",
    "oid",
    "agency",
    "chash",
    "conf",
    "data",
    "prev",
)
FIELD_SET = frozenset(FIELDS)
TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def format_ts(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("ledger times must be aware datetimes")
    return moment.astimezone(UTC).strftime(TS_FORMAT)


def parse_ts(text: str) -> datetime:
    return datetime.strptime(text, TS_FORMAT).replace(tzinfo=UTC)


def leaf_bytes(fields: dict[str, Any], *, checked: bool = False) -> bytes:
    """Canonical bytes of a leaf given exactly the FIELDS (extra or missing keys are an error).

    ``checked``: the caller has already validated the values (as ``ledger.record`` does), so only
    the field names are checked here.
    """
    if fields.keys() != FIELD_SET:
        missing = sorted(FIELD_SET - fields.keys())
        extra = sorted(fields.keys() - FIELD_SET)
        raise canonical.CanonicalJSONError(
            f"ช่องของรายการไม่ครบหรือเกิน (ขาด {missing}, เกิน {extra}) / "
            f"entry fields wrong (missing {missing}, extra {extra})"
        )
    if checked:
        return canonical.dumps_unchecked(fields).encode("utf-8")
    return canonical.encode(fields)


def entry_hash(fields: dict[str, Any]) -> bytes:
    return merkle.leaf_hash(leaf_bytes(fields))


def chain_hash(prev_chain: bytes, entry: bytes) -> bytes:
    return hashlib.sha256(prev_chain + entry).digest()
