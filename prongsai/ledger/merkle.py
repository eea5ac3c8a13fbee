"""RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification.

A leaf hash is ``SHA-256(0x00 || entry)`` and an interior node ``SHA-256(0x01 || left || right)``;
the tree over ``n`` leaves splits at the largest power of two smaller than ``n`` (RFC 6962 §2.1).

The ledger never holds the whole tree in memory. Every subtree the RFC's recursion uses is either
*perfect* (``2**level`` leaves starting at a multiple of ``2**level``) or the right-hand edge of
the tree, which is a fold of perfect subtrees. So a tree is described by one function,
``get_perfect(level, index)``, which returns the hash of the perfect subtree covering leaves
``[index * 2**level, (index + 1) * 2**level)``. The database stores every perfect subtree hash
in the row of its last leaf (see :func:`append`), so proofs need O(log n) row reads.

Imports nothing from Django, so the standalone verifier can use it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

PerfectGetter = Callable[[int, int], bytes]
Range = tuple[int, int]


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


# --- Building: the frontier ("compact range") ----------------------------------------------------
#
# The frontier of a tree of size n is the list of perfect subtrees in the binary decomposition
# of n, left to right (largest first), as (level, hash) pairs. Appending a leaf merges equal
# levels from the right, like adding 1 to a binary counter.


def append(frontier: list[tuple[int, bytes]], leaf: bytes) -> list[bytes]:
    """Add ``leaf`` (a leaf hash) to ``frontier`` in place.

    Returns the hashes of the perfect subtrees completed by this leaf, levels 1, 2, … in order
    (none when the new size is odd). Leaf ``i`` (0-based) completes ``trailing_zeros(i + 1)``
    of them.
    """
    completed: list[bytes] = []
    level = 0
    current = leaf
    while frontier and frontier[-1][0] == level:
        _, left = frontier.pop()
        current = node_hash(left, current)
        level += 1
        completed.append(current)
    frontier.append((level, current))
    return completed


def frontier_root(frontier: Sequence[tuple[int, bytes]]) -> bytes:
    """The RFC 6962 root of the tree whose frontier is given."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1][1]
    for _, left in reversed(frontier[:-1]):
        root = node_hash(left, root)
    return root


def frontier_size(frontier: Sequence[tuple[int, bytes]]) -> int:
    return sum(1 << level for level, _ in frontier)


def root(leaves: Iterable[bytes]) -> bytes:
    """The root over leaf hashes, in O(n) time and O(log n) memory."""
    frontier: list[tuple[int, bytes]] = []
    for leaf in leaves:
        append(frontier, leaf)
    return frontier_root(frontier)


def perfect_pieces(start: int, end: int) -> list[tuple[int, int]]:
    """The perfect subtrees, as (level, index), whose fold is MTH(D[start:end]).

    ``start`` must be a multiple of the largest power of two not above ``end - start`` (true of
    every range the RFC's recursion produces).
    """
    pieces: list[tuple[int, int]] = []
    position = start
    remaining = end - start
    while remaining:
        level = remaining.bit_length() - 1
        size = 1 << level
        if position % size:
            raise ValueError(f"range [{start}, {end}) is not aligned")
        pieces.append((level, position >> level))
        position += size
        remaining -= size
    return pieces


def range_hash(start: int, end: int, get_perfect: PerfectGetter) -> bytes:
    """MTH(D[start:end]) from perfect subtree hashes."""
    if end <= start:
        raise ValueError("empty range")
    hashes = [get_perfect(level, index) for level, index in perfect_pieces(start, end)]
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


# --- Proofs --------------------------------------------------------------------------------------


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The leaf ranges whose hashes form PATH(index, D[0:size]) (RFC 6962 §2.1.1), in order."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    ranges: list[Range] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            m -= k
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[Range]:
    """The leaf ranges whose hashes form PROOF(old_size, D[0:new_size]) (RFC 6962 §2.1.2)."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    ranges: list[Range] = []
    start, end, m, complete = 0, new_size, old_size, True
    while True:
        n = end - start
        if m == n:
            if not complete:
                ranges.append((start, end))
            break
        k = _split(n)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            m -= k
            complete = False
    ranges.reverse()
    return ranges


def needed_perfect(ranges: Iterable[Range]) -> set[tuple[int, int]]:
    """The (level, index) perfect subtrees needed to hash ``ranges`` (for one batched read)."""
    needed: set[tuple[int, int]] = set()
    for start, end in ranges:
        needed.update(perfect_pieces(start, end))
    return needed


def inclusion_proof(index: int, size: int, get_perfect: PerfectGetter) -> list[bytes]:
    return [range_hash(a, b, get_perfect) for a, b in inclusion_ranges(index, size)]


def consistency_proof(old_size: int, new_size: int, get_perfect: PerfectGetter) -> list[bytes]:
    return [range_hash(a, b, get_perfect) for a, b in consistency_ranges(old_size, new_size)]


# --- Verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ----------------------------------------------


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes | None:
    """The root implied by an inclusion proof, or None when the proof is malformed."""
    if not 0 <= index < size:
        return None
    fn, sn, result = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            result = node_hash(p, result)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            result = node_hash(result, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        return None
    return result


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    return root_from_inclusion(index, size, leaf, proof) == expected_root


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
) -> bool:
    if old_size < 0 or new_size < old_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        # Every tree extends the empty tree; RFC 9162 gives no proof for it.
        return not proof
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is itself a node
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


# --- An in-memory tree (tests, the standalone verifier, offline tools) -------------------------


class MemoryTree:
    """All levels of a tree held in memory; for tests and exports of moderate size."""

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [[]]
        for leaf in leaves:
            self.append(leaf)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append(self, leaf: bytes) -> None:
        self.levels[0].append(leaf)
        level, index = 0, len(self.levels[0]) - 1
        while index & 1:
            left = self.levels[level][index - 1]
            right = self.levels[level][index]
            level += 1
            index >>= 1
            if len(self.levels) == level:
                self.levels.append([])
            self.levels[level].append(node_hash(left, right))

    def get_perfect(self, level: int, index: int) -> bytes:
        return self.levels[level][index]

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        if size == 0:
            return EMPTY_ROOT
        return range_hash(0, size, self.get_perfect)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self.size if size is None else size, self.get_perfect)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        return consistency_proof(
            old_size, self.size if new_size is None else new_size, self.get_perfect
        )
