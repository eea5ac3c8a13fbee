"""Appending entries to a chain and a Merkle tree, without a database.

The database service (services.entry_record) and the offline tools (tests, the benchmark's
export generator) share this, so there is one definition of how an entry is sealed.

Imports nothing from Django.
"""

from __future__ import annotations

import hashlib
from typing import Any

from prongsai.ledger import canonical, leaf, merkle


def frontier_dump(frontier: list[tuple[int, bytes]]) -> str:
    """Text form of a frontier for the head row: ``level:hex`` pairs, comma separated."""
    return ",".join(f"{level}:{h.hex()}" for level, h in frontier)


def frontier_load(text: str) -> list[tuple[int, bytes]]:
    if not text:
        return []
    pairs = []
    for part in text.split(","):
        level, _, hexed = part.partition(":")
        pairs.append((int(level), bytes.fromhex(hexed)))
    return pairs


class Appender:
    """Seals entries one after another: seq, prev, leaf hash, chain hash and tree nodes."""

    def __init__(
        self,
        size: int = 0,
        chain: bytes = leaf.GENESIS,
        frontier: list[tuple[int, bytes]] | None = None,
    ) -> None:
        self.size = size
        self.chain = chain
        self.frontier = frontier if frontier is not None else []
        if merkle.frontier_size(self.frontier) != size:
            raise ValueError("the frontier does not match the ledger size")

    def seal(self, fields: dict[str, Any], *, checked: bool = False) -> dict[str, Any]:
        """Complete ``fields`` (every leaf field but ``v``, ``seq`` and ``prev``) and append.

        ``checked``: the values were validated by the caller (see leaf.leaf_bytes).
        Returns the exported row: the leaf fields plus ``hash``, ``chain`` (hex) and ``nodes``
        (hex hashes of the perfect subtrees this entry completes).
        """
        entry = {**fields, "v": leaf.VERSION, "seq": self.size + 1, "prev": self.chain.hex()}
        hashed = merkle.leaf_hash(leaf.leaf_bytes(entry, checked=checked))
        chain = hashlib.sha256(self.chain + hashed).digest()
        completed = merkle.append(self.frontier, hashed)
        self.size += 1
        self.chain = chain
        return {
            **entry,
            "hash": hashed.hex(),
            "chain": chain.hex(),
            "nodes": [h.hex() for h in completed],
        }

    @property
    def root(self) -> bytes:
        return merkle.frontier_root(self.frontier)


def export_line(row: dict[str, Any]) -> str:
    """One JSONL line of an export (without the tree nodes, which verifiers recompute)."""
    return canonical.dumps_unchecked({k: v for k, v in row.items() if k != "nodes"})
