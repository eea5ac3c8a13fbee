"""The standalone verifier finds each kind of tampering at the exact entry (no Django)."""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from prongsai.ledger import builder, checkpoint, leaf, merkle
from prongsai.ledger.verify import jsonl_rows, main, verify_proof, verify_rows

ORIGIN = "prongsai.example/ledger"
SIGNER = checkpoint.Signer.generate(ORIGIN)
ROOT_DIR = Path(__file__).resolve().parents[2]


def make_rows(n: int = 40) -> list[dict]:
    appender = builder.Appender()
    rows = []
    for i in range(n):
        rows.append(
            appender.seal(
                {
                    "ts": f"2024-01-01T00:00:{i % 60:02d}.000000Z",
                    "actor": f"u:{i % 3 + 1}",
                    "role": "executive" if i % 2 else "staff",
                    "unit": "กลุ่มงานบริหารทั่วไป",
                    "action": "item.approve",
                    "otype": "disclosure.item",
                    "oid": str(i),
                    "agency": 1,
                    "chash": hashlib.sha256(b"%d" % i).hexdigest(),
                    "conf": False,
                    "data": {"item": "O21", "year": 2567, "note": f"ข้อ {i}"},
                }
            )
        )
    return rows


def notes_for(rows: list[dict], sizes=(10, 20, 40), signer=SIGNER) -> list[str]:
    tree = merkle.MemoryTree(bytes.fromhex(r["hash"]) for r in rows)
    return [
        checkpoint.sign_checkpoint(checkpoint.Checkpoint(ORIGIN, s, tree.root(s)), signer)
        for s in sizes
    ]


def run(rows: list[dict], notes: list[str] | None = None):
    return verify_rows(lambda: iter(rows), verifier=SIGNER.verifier, notes=notes or [])


def rehash_from(rows: list[dict], start: int) -> None:
    """What a careful forger does: recompute every hash and chain from ``start`` (0-based)."""
    appender = builder.Appender()
    for i, row in enumerate(rows):
        fields = {
            k: v for k, v in row.items() if k not in {"v", "seq", "prev", "hash", "chain", "nodes"}
        }
        if i < start:
            appender.seal(fields)
            continue
        rows[i] = appender.seal(fields)


@pytest.fixture
def rows():
    return make_rows()


@pytest.fixture
def notes(rows):
    return notes_for(rows)


def test_an_untouched_ledger_verifies(rows, notes):
    report = run(rows, notes)
    assert report.ok, report.message()
    assert report.entries == 40
    assert report.checkpoints_checked == 3
    assert report.root == merkle.root(bytes.fromhex(r["hash"]) for r in rows)
    assert report.chain.hex() == rows[-1]["chain"]
    assert "ถูกต้อง" in report.message()


def test_edited_content_is_found_at_the_entry(rows, notes):
    rows[16]["data"]["note"] = "แก้ไข"
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq) == ("edited", 17)
    assert "รายการที่ 17" in fault.message()


def test_an_edit_with_the_entry_hash_recomputed_is_found_at_the_entry(rows, notes):
    row = rows[16]
    row["role"] = "staff" if row["role"] == "executive" else "executive"
    fields = {k: v for k, v in row.items() if k not in verify_hidden()}
    row["hash"] = leaf.entry_hash(fields).hex()
    row["chain"] = leaf.chain_hash(bytes.fromhex(row["prev"]), bytes.fromhex(row["hash"])).hex()
    row["nodes"] = None
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq) == ("edited", 17)


def verify_hidden() -> set[str]:
    return {"hash", "chain", "nodes"}


def test_an_edited_chain_value_is_found(rows, notes):
    rows[5]["chain"] = "00" * 32
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq) == ("edited", 6)


def test_an_edited_tree_node_is_found(rows, notes):
    rows[7]["nodes"][0] = "11" * 32
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq) == ("edited", 8)


def test_a_deleted_entry_is_found(rows, notes):
    del rows[16]
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq) == ("deleted", 17)


def test_a_deletion_hidden_by_renumbering_is_found(rows, notes):
    del rows[16]
    for row in rows[16:]:
        row["seq"] -= 1
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq) == ("deleted", 17)


def test_two_swapped_lines_are_found(rows, notes):
    rows[16], rows[17] = rows[17], rows[16]
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq) == ("reordered", 17)


def test_swapped_sequence_numbers_are_found(rows, notes):
    rows[16]["seq"], rows[17]["seq"] = rows[17]["seq"], rows[16]["seq"]
    rows[16], rows[17] = rows[17], rows[16]
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq) == ("reordered", 17)


def test_a_truncated_tail_is_found_by_the_checkpoint(rows, notes):
    del rows[35:]
    fault = run(rows, notes).fault
    assert (fault.kind, fault.seq, fault.checkpoint_size) == ("truncated", 36, 40)


def test_a_rewritten_history_is_found_by_the_signed_checkpoint(rows, notes):
    rows[24]["data"]["note"] = "ประวัติที่เขียนใหม่"
    rehash_from(rows, 24)
    fault = run(rows, notes).fault
    assert fault.kind == "edited"
    assert fault.seq == 21  # the first entry after the last checkpoint that still matches
    assert fault.checkpoint_size == 40


def test_a_checkpoint_signed_with_another_key_is_found(rows):
    intruder = checkpoint.Signer.generate(ORIGIN)
    notes = notes_for(rows, sizes=(10,)) + notes_for(rows, sizes=(20,), signer=intruder)
    fault = run(rows, notes).fault
    assert (fault.kind, fault.checkpoint_size) == ("bad_signature", 20)


def test_an_altered_checkpoint_fails_its_signature(rows, notes):
    text, _ = checkpoint.split_note(notes[0])
    other = checkpoint.Checkpoint(ORIGIN, 10, bytes(32)).text()
    fault = run(rows, [notes[0].replace(text, other)]).fault
    assert (fault.kind, fault.checkpoint_size) == ("bad_signature", 10)


def test_an_unreadable_line_is_reported_not_crashed_on(rows, notes, tmp_path):
    path = tmp_path / "ledger.jsonl"
    lines = [builder.export_line(r) for r in rows]
    lines[3] = lines[3][:20]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fault = verify_rows(jsonl_rows(path), verifier=SIGNER.verifier, notes=notes).fault
    assert (fault.kind, fault.seq) == ("malformed", 4)


def test_without_a_key_signatures_are_not_claimed(rows, notes):
    report = verify_rows(lambda: iter(rows), notes=notes)
    assert report.ok
    assert report.notes == ["checkpoint signatures not checked: no public key given"]


def write_export(tmp_path: Path, rows: list[dict], notes: list[str]) -> tuple[Path, Path, Path]:
    export = tmp_path / "ledger.jsonl"
    export.write_text("".join(builder.export_line(r) + "\n" for r in rows), encoding="utf-8")
    cps = tmp_path / "checkpoints.json"
    cps.write_text(json.dumps({"checkpoints": [{"note": n} for n in notes]}), encoding="utf-8")
    key = tmp_path / "ledger.vkey"
    key.write_text(SIGNER.verifier.vkey() + "\n", encoding="utf-8")
    return export, cps, key


def test_command_line_exit_status_and_message(rows, notes, tmp_path, capsys):
    export, cps, key = write_export(tmp_path, rows, notes)
    args = ["export", str(export), "--key", str(key), "--checkpoints", str(cps)]
    assert main(args) == 0
    assert "ledger verifies: 40 entries" in capsys.readouterr().out
    tampered = copy.deepcopy(rows)
    tampered[29]["action"] = "item.reject"
    export, cps, key = write_export(tmp_path, tampered, notes)
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "รายการที่ 30: ถูกแก้ไข" in out and "entry 30: edited" in out
    assert main([*args, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["fault"]["seq"] == 30
    assert main(["export", str(tmp_path / "missing.jsonl"), "--key", str(key)]) == 2


def test_the_verifier_never_imports_django(rows, notes, tmp_path):
    export, cps, key = write_export(tmp_path, rows, notes)
    code = (
        "import sys; from prongsai.ledger.verify import main; "
        f"rc = main(['export', {str(export)!r}, '--key', {str(key)!r}, "
        f"'--checkpoints', {str(cps)!r}]); "
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django'; "
        "sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr + result.stdout


def proof_document(rows: list[dict], seq: int, size: int) -> dict:
    tree = merkle.MemoryTree(bytes.fromhex(r["hash"]) for r in rows)
    fields = {k: v for k, v in rows[seq - 1].items() if k not in verify_hidden()}
    return {
        "leaf": leaf.leaf_bytes(fields).decode("utf-8"),
        "index": seq - 1,
        "tree_size": size,
        "proof": [h.hex() for h in tree.inclusion_proof(seq - 1, size)],
        "checkpoint": notes_for(rows, sizes=(size,))[0],
        "verifier_key": SIGNER.verifier.vkey(),
    }


def test_an_inclusion_proof_verifies_offline(rows):
    rows[11]["data"]["files"] = [{"sha256": "ab" * 32, "name": "report.pdf", "size": 10}]
    rehash_from(rows, 11)
    doc = proof_document(rows, 12, 40)
    ok, message = verify_proof(doc, SIGNER.verifier, file_sha256="ab" * 32)
    assert ok, message
    assert not verify_proof(doc, SIGNER.verifier, file_sha256="cd" * 32)[0]
    doc["leaf"] = doc["leaf"].replace("report.pdf", "other.pdf")
    assert not verify_proof(doc, SIGNER.verifier)[0]


def test_proof_command_line(rows, tmp_path, capsys):
    document = tmp_path / "file.pdf"
    document.write_bytes(b"%PDF-1.4 hello")
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    rows[2]["data"]["files"] = [{"sha256": digest, "name": "file.pdf", "size": 14}]
    rehash_from(rows, 2)
    proof_path = tmp_path / "proof.json"
    proof_path.write_text(json.dumps(proof_document(rows, 3, 20)), encoding="utf-8")
    assert main(["proof", str(proof_path), "--file", str(document)]) == 0
    assert "valid: entry 3" in capsys.readouterr().out
    document.write_bytes(b"%PDF-1.4 changed")
    assert main(["proof", str(proof_path), "--file", str(document)]) == 1
