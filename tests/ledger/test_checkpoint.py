"""Signed notes and checkpoints, anchored to the Go sumdb/note reference vector."""

from __future__ import annotations

import base64

import pytest

from prongsai.ledger import checkpoint, merkle

# golang.org/x/mod/sumdb/note: the example key pair and the note it signs (Ed25519 is
# deterministic, so our signer must reproduce the published note byte for byte).
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n— PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def test_signing_reproduces_the_go_reference_note():
    signer = checkpoint.parse_skey(GO_SKEY)
    assert signer.skey() == GO_SKEY
    assert signer.verifier.vkey() == GO_VKEY
    assert checkpoint.sign_note(GO_TEXT, signer) == GO_NOTE


def test_the_go_reference_note_opens_and_a_changed_one_does_not():
    verifier = checkpoint.parse_vkey(GO_VKEY)
    assert checkpoint.open_note(GO_NOTE, verifier) == GO_TEXT
    with pytest.raises(checkpoint.CheckpointError) as excinfo:
        checkpoint.open_note(GO_NOTE.replace("cryptography", "Cryptography"), verifier)
    assert excinfo.value.kind == "bad_signature"


def test_key_id_follows_the_signed_note_spec():
    verifier = checkpoint.parse_vkey(GO_VKEY)
    assert verifier.key_id.hex() == "c74f20a3"
    raw = base64.b64decode(GO_VKEY.split("+", 2)[2])[1:]
    assert checkpoint.key_id("PeterNeumann", raw).hex() == "c74f20a3"


def test_mangled_keys_are_refused_with_a_thai_message():
    for bad in [
        "",
        "PeterNeumann+c74f20a3",
        GO_VKEY.replace("c74f20a3", "c74f20a4"),  # id does not match the key
        GO_VKEY[:-4],  # truncated key
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ]:
        with pytest.raises(checkpoint.CheckpointError) as excinfo:
            checkpoint.parse_vkey(bad)
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(excinfo.value))
    with pytest.raises(checkpoint.CheckpointError):
        checkpoint.parse_skey(GO_VKEY)


def test_checkpoint_round_trip_and_c2sp_text_form():
    signer = checkpoint.Signer.generate("prongsai.example/ledger")
    root = merkle.root([merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")])
    cp = checkpoint.Checkpoint("prongsai.example/ledger", 2, root)
    text = cp.text()
    assert text == f"prongsai.example/ledger\n2\n{base64.b64encode(root).decode()}\n"
    note = checkpoint.sign_checkpoint(cp, signer)
    lines = note.split("\n")
    assert lines[3] == ""
    assert lines[4].startswith("— prongsai.example/ledger ")
    assert base64.b64decode(lines[4].split(" ")[2])[:4] == signer.verifier.key_id
    assert checkpoint.open_checkpoint(note, signer.verifier) == cp


def test_a_checkpoint_signed_by_another_key_or_log_is_rejected():
    ours = checkpoint.Signer.generate("prongsai.example/ledger")
    theirs = checkpoint.Signer.generate("prongsai.example/ledger")
    cp = checkpoint.Checkpoint("prongsai.example/ledger", 1, merkle.leaf_hash(b"x"))
    forged = checkpoint.sign_checkpoint(cp, theirs)
    with pytest.raises(checkpoint.CheckpointError) as excinfo:
        checkpoint.open_checkpoint(forged, ours.verifier)
    assert excinfo.value.kind == "bad_signature"
    other_log = checkpoint.sign_checkpoint(
        checkpoint.Checkpoint("elsewhere.example/log", 1, merkle.leaf_hash(b"x")), ours
    )
    with pytest.raises(checkpoint.CheckpointError):
        checkpoint.open_checkpoint(other_log, ours.verifier)


def test_signatures_of_unknown_keys_are_ignored():
    ours = checkpoint.Signer.generate("prongsai.example/ledger")
    witness = checkpoint.Signer.generate("witness.example/w1")
    cp = checkpoint.Checkpoint("prongsai.example/ledger", 3, bytes(32))
    note = checkpoint.sign_checkpoint(cp, ours)
    cosigned = note + checkpoint.sign_note(cp.text(), witness).split("\n\n")[1]
    assert checkpoint.open_checkpoint(cosigned, ours.verifier) == cp


@pytest.mark.parametrize(
    "text",
    [
        "origin\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",  # leading zero
        "origin\n1\nAAAA\n",  # root not 32 bytes
        "origin\n1\n",  # two lines
        "origin\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # no final newline
    ],
)
def test_malformed_checkpoint_text_is_refused(text):
    with pytest.raises(checkpoint.CheckpointError):
        checkpoint.parse_checkpoint_text(text)


def test_split_notes_reads_concatenated_notes():
    signer = checkpoint.Signer.generate("prongsai.example/ledger")
    notes = [
        checkpoint.sign_checkpoint(checkpoint.Checkpoint(signer.name, n, bytes(32)), signer)
        for n in (1, 2, 3)
    ]
    assert checkpoint.split_notes("\n".join(notes)) == notes
    assert checkpoint.split_notes("".join(notes)) == notes
