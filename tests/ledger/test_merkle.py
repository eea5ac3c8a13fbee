"""RFC 6962 hashing, proofs and verification against the certificate-transparency vectors."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.ledger import merkle

# The 8 leaves and roots of certificate-transparency's merkle tree tests (also in Trillian's
# testonly/constants.go): roots of the trees of the first 1..8 leaves.
LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = {  # (index, size) -> path
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (0, 1): [],
}
CONSISTENCY = {  # (old, new) -> proof
    (1, 1): [],
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}


def leaf_hashes(n: int) -> list[bytes]:
    return [merkle.leaf_hash(data) for data in LEAVES[:n]]


def test_empty_tree_root_is_sha256_of_nothing():
    assert merkle.root([]) == hashlib.sha256(b"").digest()
    assert merkle.MemoryTree().root() == merkle.EMPTY_ROOT


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_the_rfc_6962_vectors(size):
    assert merkle.root(leaf_hashes(size)).hex() == ROOTS[size - 1]
    assert merkle.MemoryTree(leaf_hashes(size)).root().hex() == ROOTS[size - 1]


def test_frontier_gives_the_same_root_after_every_append():
    frontier: list[tuple[int, bytes]] = []
    for size, leaf in enumerate(leaf_hashes(8), 1):
        merkle.append(frontier, leaf)
        assert merkle.frontier_size(frontier) == size
        assert merkle.frontier_root(frontier).hex() == ROOTS[size - 1]


def test_append_reports_the_perfect_subtrees_each_leaf_completes():
    frontier: list[tuple[int, bytes]] = []
    tree = merkle.MemoryTree(leaf_hashes(8))
    completed = [merkle.append(frontier, leaf) for leaf in leaf_hashes(8)]
    assert [len(c) for c in completed] == [0, 1, 0, 2, 0, 1, 0, 3]
    # Leaf 7 completes the subtrees of 2, 4 and 8 leaves ending at it.
    assert completed[7] == [tree.get_perfect(1, 3), tree.get_perfect(2, 1), tree.get_perfect(3, 0)]
    assert completed[7][-1].hex() == ROOTS[7]


@pytest.mark.parametrize(("index", "size"), sorted(INCLUSION))
def test_inclusion_proofs_match_the_vectors(index, size):
    tree = merkle.MemoryTree(leaf_hashes(size))
    proof = tree.inclusion_proof(index)
    assert [p.hex() for p in proof] == INCLUSION[(index, size)]
    assert merkle.verify_inclusion(index, size, leaf_hashes(8)[index], proof, tree.root())


@pytest.mark.parametrize(("old", "new"), sorted(CONSISTENCY))
def test_consistency_proofs_match_the_vectors(old, new):
    tree = merkle.MemoryTree(leaf_hashes(new))
    proof = tree.consistency_proof(old)
    assert [p.hex() for p in proof] == CONSISTENCY[(old, new)]
    assert merkle.verify_consistency(old, new, tree.root(old), tree.root(), proof)


def test_a_changed_leaf_or_sibling_fails_inclusion():
    tree = merkle.MemoryTree(leaf_hashes(8))
    proof = tree.inclusion_proof(5)
    good = leaf_hashes(8)[5]
    assert merkle.verify_inclusion(5, 8, good, proof, tree.root())
    assert not merkle.verify_inclusion(5, 8, leaf_hashes(8)[4], proof, tree.root())
    assert not merkle.verify_inclusion(4, 8, good, proof, tree.root())
    assert not merkle.verify_inclusion(5, 6, good, proof, tree.root())
    bad = [proof[0], bytes(32), proof[2]]
    assert not merkle.verify_inclusion(5, 8, good, bad, tree.root())
    assert not merkle.verify_inclusion(5, 8, good, proof[:2], tree.root())
    assert not merkle.verify_inclusion(5, 8, good, [*proof, bytes(32)], tree.root())
    assert not merkle.verify_inclusion(8, 8, good, proof, tree.root())


def test_a_forked_history_fails_consistency():
    tree = merkle.MemoryTree(leaf_hashes(8))
    forked = merkle.MemoryTree([*leaf_hashes(2), merkle.leaf_hash(b"forged"), *leaf_hashes(8)[3:]])
    proof = forked.consistency_proof(3)
    assert merkle.verify_consistency(3, 8, forked.root(3), forked.root(), proof)
    assert not merkle.verify_consistency(3, 8, tree.root(3), forked.root(), proof)
    assert not merkle.verify_consistency(3, 8, forked.root(3), tree.root(), proof)
    assert not merkle.verify_consistency(3, 8, tree.root(3), tree.root(), [])
    assert not merkle.verify_consistency(8, 3, tree.root(), tree.root(3), proof)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        merkle.inclusion_ranges(3, 3)
    with pytest.raises(ValueError):
        merkle.consistency_ranges(0, 3)
    with pytest.raises(ValueError):
        merkle.perfect_pieces(1, 3)  # [1, 3) is not a subtree the RFC recursion uses
    assert merkle.root_from_inclusion(-1, 3, bytes(32), []) is None


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=140))
def test_every_index_has_a_verifying_inclusion_proof(size):
    leaves = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    tree = merkle.MemoryTree(leaves)
    root = merkle.root(leaves)
    assert tree.root() == root
    for index in range(size):
        proof = tree.inclusion_proof(index)
        assert len(proof) <= size.bit_length()
        assert merkle.verify_inclusion(index, size, leaves[index], proof, root)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=140))
def test_every_smaller_tree_has_a_verifying_consistency_proof(size):
    leaves = [merkle.leaf_hash(b"%d" % i) for i in range(size)]
    tree = merkle.MemoryTree(leaves)
    for old in range(1, size + 1):
        proof = tree.consistency_proof(old)
        assert merkle.verify_consistency(old, size, tree.root(old), tree.root(), proof)
        if old < size:
            assert not merkle.verify_consistency(old, size, tree.root(old), tree.root(old), proof)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=64), st.data())
def test_any_single_changed_proof_hash_is_rejected(size, data):
    leaves = [merkle.leaf_hash(b"%d" % i) for i in range(size)]
    tree = merkle.MemoryTree(leaves)
    old = data.draw(st.integers(min_value=1, max_value=size - 1))
    proof = tree.consistency_proof(old)
    if proof:
        k = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        broken = list(proof)
        broken[k] = hashlib.sha256(broken[k]).digest()
        assert not merkle.verify_consistency(old, size, tree.root(old), tree.root(), broken)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    path = tree.inclusion_proof(index)
    k = data.draw(st.integers(min_value=0, max_value=len(path) - 1))
    path[k] = hashlib.sha256(path[k]).digest()
    assert not merkle.verify_inclusion(index, size, leaves[index], path, tree.root())
