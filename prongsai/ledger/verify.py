"""Standalone ledger verifier: needs only Python 3.11 and ``cryptography``, never Django.

Usage (see docs/ledger.md)::

    python -m prongsai.ledger.verify export ledger.jsonl --key ledger.vkey --checkpoints cps.json
    python -m prongsai.ledger.verify proof proof.json --key ledger.vkey [--file document.pdf]

``export`` recomputes every entry's leaf hash and chain hash, checks that ``seq`` runs 1, 2, 3 …
with no gaps, recomputes the Merkle root at every checkpoint's size and checks the checkpoint's
Ed25519 signature. It stops at the first fault and names the entry and the kind of fault:

- ``edited``: an entry's content, hash or chain value was changed;
- ``deleted``: an entry is missing from the middle;
- ``reordered``: an entry is out of its place;
- ``truncated``: a signed checkpoint covers entries that are no longer there;
- ``bad_signature``: a checkpoint's signature does not verify with the ledger's key;
- ``malformed``: a line or checkpoint cannot be read at all.

Exit status: 0 when everything holds, 1 on a fault, 2 when the input files cannot be used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prongsai.ledger import canonical, checkpoint, leaf, merkle

Row = dict[str, Any]
RowSource = Callable[[], Iterable[Row]]

NOT_LEAF = frozenset({"hash", "chain", "nodes"})
RENUMBER_WINDOW = 1000

KIND_LABELS = {
    "edited": ("ถูกแก้ไข", "edited"),
    "deleted": ("ถูกลบ", "deleted"),
    "reordered": ("ถูกสลับลำดับ", "reordered"),
    "truncated": ("ถูกตัดท้าย", "truncated"),
    "bad_signature": ("ลายเซ็นไม่ถูกต้อง", "bad signature"),
    "malformed": ("อ่านไม่ได้", "malformed"),
}


@dataclass(frozen=True)
class Fault:
    kind: str
    seq: int | None
    detail_th: str
    detail_en: str
    checkpoint_size: int | None = None

    def message(self) -> str:
        th, en = KIND_LABELS[self.kind]
        where_th = f"รายการที่ {self.seq}" if self.seq is not None else "จุดตรวจ"
        where_en = f"entry {self.seq}" if self.seq is not None else "checkpoint"
        if self.checkpoint_size is not None and self.seq is None:
            where_th += f" ขนาด {self.checkpoint_size}"
            where_en += f" at size {self.checkpoint_size}"
        return f"{where_th}: {th} — {self.detail_th}\n{where_en}: {en} — {self.detail_en}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "seq": self.seq,
            "checkpoint_size": self.checkpoint_size,
            "detail_th": self.detail_th,
            "detail_en": self.detail_en,
        }


@dataclass
class Report:
    entries: int = 0
    root: bytes = merkle.EMPTY_ROOT
    chain: bytes = leaf.GENESIS
    checkpoints_checked: int = 0
    fault: Fault | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # other failures (e.g. missing guards)

    @property
    def ok(self) -> bool:
        return self.fault is None and not self.problems

    def message(self) -> str:
        if self.fault:
            return self.fault.message()
        if self.problems:
            return "\n".join(self.problems)
        return (
            f"บัญชีถูกต้อง: {self.entries:,} รายการ, ตรวจจุดตรวจที่ลงนามแล้ว "
            f"{self.checkpoints_checked:,} จุด, ราก {self.root.hex()}\n"
            f"ledger verifies: {self.entries:,} entries, {self.checkpoints_checked:,} signed "
            f"checkpoints checked, root {self.root.hex()}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "root": self.root.hex(),
            "chain": self.chain.hex(),
            "checkpoints_checked": self.checkpoints_checked,
            "fault": self.fault.as_dict() if self.fault else None,
            "problems": self.problems,
            "notes": self.notes,
        }


class _Malformed(Exception):
    pass


def _hex32(value: Any, name: str) -> bytes:
    if not isinstance(value, str) or len(value) != 64:
        raise _Malformed(f"{name} must be 64 hex digits")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise _Malformed(f"{name} must be 64 hex digits") from exc


def _leaf_of(row: Row) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in NOT_LEAF}


def _leaf_hash_of(fields: dict[str, Any]) -> bytes:
    if fields.keys() != leaf.FIELD_SET:
        raise _Malformed("the entry's fields are not the ledger's leaf fields")
    try:
        data = canonical.dumps_unchecked(fields).encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise _Malformed(str(exc)) from exc
    return merkle.leaf_hash(data)


def _stored(row: Row) -> tuple[int, bytes, bytes, bytes]:
    """(seq, stored hash, stored chain, prev) of a row, or _Malformed."""
    if not isinstance(row, dict):
        raise _Malformed("a line is not a JSON object")
    if "_unreadable_line" in row:
        raise _Malformed(f"line {row['_unreadable_line']} is not JSON without floats")
    seq = row.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise _Malformed("seq must be a positive integer")
    return (
        seq,
        _hex32(row.get("hash"), "hash"),
        _hex32(row.get("chain"), "chain"),
        _hex32(row.get("prev"), "prev"),
    )


@dataclass
class _Checkpoint:
    size: int
    root: bytes | None  # None: the signature failed or the note is unreadable
    fault: Fault | None


def _load_checkpoints(
    notes: Iterable[str], verifier: checkpoint.Verifier | None, origin: str | None
) -> tuple[list[_Checkpoint], Fault | None]:
    loaded: list[_Checkpoint] = []
    for note in notes:
        try:
            text, _ = checkpoint.split_note(note)
            claimed = checkpoint.parse_checkpoint_text(text)
        except checkpoint.CheckpointError as exc:
            return [], Fault(
                "malformed", None, f"อ่านจุดตรวจไม่ได้: {exc}", f"cannot read a checkpoint: {exc}"
            )
        if verifier is None:
            loaded.append(_Checkpoint(claimed.size, claimed.root, None))
            continue
        try:
            opened = checkpoint.open_checkpoint(note, verifier, origin=origin)
        except checkpoint.CheckpointError as exc:
            loaded.append(
                _Checkpoint(
                    claimed.size,
                    None,
                    Fault(
                        "bad_signature",
                        None,
                        f"ลายเซ็นของจุดตรวจตรวจไม่ผ่านกับกุญแจของบัญชี ({exc})",
                        f"the checkpoint's signature does not verify with the ledger key ({exc})",
                        checkpoint_size=claimed.size,
                    ),
                )
            )
            continue
        loaded.append(_Checkpoint(opened.size, opened.root, None))
    loaded.sort(key=lambda c: c.size)
    return loaded, None


def verify_rows(
    open_rows: RowSource,
    *,
    verifier: checkpoint.Verifier | None = None,
    notes: Iterable[str] = (),
    origin: str | None = None,
    expected_size: int | None = None,
) -> Report:
    """Verify ledger rows (dicts as in a JSONL export) in ledger order.

    ``open_rows`` is called once for the fast pass, and again only when a fault must be
    classified. ``notes`` are signed checkpoint notes; with no ``verifier`` their signatures are
    not checked (the report says so).
    """
    report = Report()
    cps, fault = _load_checkpoints(notes, verifier, origin)
    if fault:
        report.fault = fault
        return report
    if cps and verifier is None:
        report.notes.append("checkpoint signatures not checked: no public key given")
    cp_index = 0
    while cp_index < len(cps) and cps[cp_index].size == 0:
        cp = cps[cp_index]
        if cp.fault:
            report.fault = cp.fault
            return report
        if cp.root != merkle.EMPTY_ROOT:
            report.fault = Fault(
                "edited", None, "จุดตรวจขนาด 0 มีรากผิด", "a size-0 checkpoint has a wrong root", 0
            )
            return report
        report.checkpoints_checked += 1
        cp_index += 1
    last_good_cp = 0

    frontier: list[tuple[int, bytes]] = []
    prev_chain = leaf.GENESIS
    prev_hex = prev_chain.hex()
    position = 0
    # The loop below runs a million times in the benchmark: locals, hex strings, no helpers.
    sha256 = hashlib.sha256
    dumps = canonical.dumps_unchecked
    fields_order = leaf.FIELDS
    leaf_size = len(leaf.FIELDS)
    append = merkle.append
    for row in open_rows():
        expected = position + 1
        try:
            fields = {name: row[name] for name in fields_order}
            extra = len(row) - leaf_size - sum(1 for k in NOT_LEAF if k in row)
            if extra:
                raise _Malformed("the entry has fields that are not ledger fields")
            computed = sha256(b"\x00" + dumps(fields).encode("utf-8")).digest()
        except (KeyError, TypeError, ValueError, UnicodeEncodeError, _Malformed) as exc:
            reason = exc if isinstance(exc, _Malformed) else _malformed_reason(row, exc)
            report.fault = Fault(
                "malformed",
                expected,
                f"อ่านรายการไม่ได้ ({reason})",
                f"cannot read the entry ({reason})",
            )
            return report
        if (
            fields["seq"] != expected
            or computed.hex() != row.get("hash")
            or fields["prev"] != prev_hex
        ):
            try:
                _stored(row)
            except _Malformed as exc:
                report.fault = Fault(
                    "malformed",
                    expected,
                    f"อ่านรายการไม่ได้ ({exc})",
                    f"cannot read the entry ({exc})",
                )
                return report
            report.fault = _classify(open_rows, position, prev_chain)
            return report
        chain = sha256(prev_chain + computed).digest()
        chain_hex = chain.hex()
        if chain_hex != row.get("chain"):
            report.fault = Fault(
                "edited",
                expected,
                "ค่าแฮชลูกโซ่ที่เก็บไว้ไม่ตรงกับที่คำนวณได้",
                "its stored chain hash differs from the recomputed one",
            )
            return report
        completed = append(frontier, computed)
        nodes = row.get("nodes")
        if nodes is not None and nodes != [h.hex() for h in completed]:
            report.fault = Fault(
                "edited",
                expected,
                "ค่าแฮชของต้นไม้เมอร์เคิลที่เก็บไว้ในรายการนี้ถูกเปลี่ยน",
                "the Merkle tree hashes stored with this entry were changed",
            )
            return report
        prev_hex = chain_hex
        prev_chain = chain
        position = expected
        while cp_index < len(cps) and cps[cp_index].size == position:
            cp = cps[cp_index]
            if cp.fault:
                report.fault = cp.fault
                return report
            if cp.root != merkle.frontier_root(frontier):
                report.fault = _rewritten(last_good_cp, position)
                return report
            report.checkpoints_checked += 1
            last_good_cp = position
            cp_index += 1

    report.entries = position
    report.root = merkle.frontier_root(frontier)
    report.chain = prev_chain
    if cp_index < len(cps):
        cp = cps[cp_index]
        if cp.fault:
            report.fault = cp.fault
            return report
        report.fault = Fault(
            "truncated",
            position + 1,
            f"จุดตรวจที่ลงนามแล้วครอบคลุม {cp.size:,} รายการ แต่มีเพียง {position:,} รายการ",
            f"a signed checkpoint covers {cp.size:,} entries but only {position:,} are present",
            checkpoint_size=cp.size,
        )
        return report
    if expected_size is not None and expected_size > position:
        report.fault = Fault(
            "truncated",
            position + 1,
            f"ส่วนหัวของบัญชีระบุ {expected_size:,} รายการ แต่มีเพียง {position:,} รายการ",
            f"the ledger head says {expected_size:,} entries but only {position:,} are present",
        )
    return report


def _malformed_reason(row: Any, exc: Exception) -> str:
    if isinstance(row, dict) and "_unreadable_line" in row:
        return f"line {row['_unreadable_line']} is not JSON without floats"
    if not isinstance(row, dict):
        return "a line is not a JSON object"
    if isinstance(exc, KeyError):
        return f"the field {exc.args[0]!r} is missing"
    return str(exc) or type(exc).__name__


def _rewritten(last_good: int, size: int) -> Fault:
    return Fault(
        "edited",
        last_good + 1,
        f"รากของต้นไม้ที่ขนาด {size:,} ไม่ตรงกับจุดตรวจที่ลงนามไว้: มีรายการระหว่างที่ "
        f"{last_good + 1:,} ถึง {size:,} ถูกแก้ไขและคำนวณแฮชใหม่ทั้งสาย",
        f"the tree root at size {size:,} differs from the signed checkpoint: an entry between "
        f"{last_good + 1:,} and {size:,} was changed and every later hash recomputed",
        checkpoint_size=size,
    )


def _original_seq(fields: dict[str, Any], stored_hash: bytes, expected: int) -> int | None:
    """The seq under which this content was hashed, searched near ``expected``."""
    for distance in range(1, RENUMBER_WINDOW + 1):
        for candidate in (expected + distance, expected - distance):
            if candidate >= 1 and _leaf_hash_of({**fields, "seq": candidate}) == stored_hash:
                return candidate
    return None


def _classify(open_rows: RowSource, position: int, prev_chain: bytes) -> Fault:
    """Name the fault at ``position`` (0-based), reading the rows a second time."""
    seqs: set[int] = set()
    chain_at: dict[bytes, int] = {}
    row_here: Row | None = None
    for i, row in enumerate(open_rows()):
        try:
            seq, _, stored_chain, _ = _stored(row)
        except _Malformed:
            continue
        seqs.add(seq)
        chain_at.setdefault(stored_chain, i)
        if i == position:
            row_here = row
    assert row_here is not None  # noqa: S101 - the fast pass stopped at this row
    expected = position + 1
    seq, stored_hash, _, prev = _stored(row_here)
    fields = _leaf_of(row_here)

    if seq != expected:
        if expected in seqs:
            return Fault(
                "reordered",
                expected,
                f"รายการที่ {expected} ไม่อยู่ในตำแหน่งของตน (พบรายการที่ {seq} แทน)",
                f"entry {expected} is out of place (entry {seq} is here instead)",
            )
        if seq > expected:
            return Fault(
                "deleted",
                expected,
                f"ไม่พบรายการที่ {expected} (ลำดับกระโดดไปที่ {seq})",
                f"entry {expected} is missing (the sequence jumps to {seq})",
            )
        return Fault(
            "reordered",
            expected,
            f"พบรายการที่ {seq} ซ้ำ/ผิดที่ ในตำแหน่งของรายการที่ {expected}",
            f"entry {seq} appears again, out of place, where entry {expected} belongs",
        )

    computed = _leaf_hash_of(fields)
    written_after = chain_at.get(prev)
    if computed != stored_hash:
        original = _original_seq(fields, stored_hash, expected)
        if original is not None and written_after is None and original > expected:
            return Fault(
                "deleted",
                expected,
                f"รายการเดิมที่ {expected}–{original - 1} ถูกลบและรายการหลังจากนั้นถูกเลื่อนเลข",
                f"original entries {expected}–{original - 1} were deleted and later entries "
                "renumbered",
            )
        if original is not None:
            return Fault(
                "reordered",
                expected,
                f"เนื้อหาในตำแหน่งนี้คือรายการที่ {original} เดิม ถูกย้ายมา",
                f"the content here is the original entry {original}, moved",
            )
        return Fault(
            "edited",
            expected,
            "เนื้อหาไม่ตรงกับค่าแฮชที่บันทึกไว้",
            "its content does not match its recorded hash",
        )

    # The entry is self-consistent but does not follow its predecessor.
    if written_after is not None and written_after != position - 1:
        return Fault(
            "reordered",
            expected,
            f"รายการนี้ถูกเขียนต่อจากรายการที่ {written_after + 1} ไม่ใช่ที่ {expected - 1}",
            f"this entry was written after entry {written_after + 1}, not {expected - 1}",
        )
    if position == 0:
        return Fault(
            "edited",
            expected,
            "รายการแรกไม่ได้เริ่มจากค่าเริ่มต้นของสาย",
            "the first entry does not start from the genesis value",
        )
    return Fault(
        "edited",
        expected - 1,
        f"รายการที่ {expected} ไม่ได้ต่อจากรายการนี้: รายการนี้ถูกแก้ไขและคำนวณแฮชใหม่ (หรือมีรายการหลังจากนี้ถูกลบ)",
        f"entry {expected} does not follow it: this entry was changed and its hash recomputed "
        "(or an entry after it was removed)",
    )


# --- Inclusion proofs for one entry ---------------------------------------------------------------


def verify_proof(
    proof: dict[str, Any], verifier: checkpoint.Verifier, *, file_sha256: str | None = None
) -> tuple[bool, str]:
    """Check an inclusion-proof document (as downloaded from /verify/). Returns (ok, message)."""
    try:
        entry_text = proof["leaf"]
        index = int(proof["index"])
        size = int(proof["tree_size"])
        path = [bytes.fromhex(h) for h in proof["proof"]]
        note = proof["checkpoint"]
    except (KeyError, TypeError, ValueError) as exc:
        return False, f"เอกสารหลักฐานไม่ครบ ({exc}) / the proof document is incomplete ({exc})"
    try:
        cp = checkpoint.open_checkpoint(note, verifier)
    except checkpoint.CheckpointError as exc:
        return False, f"จุดตรวจไม่ผ่าน: {exc} / the checkpoint does not verify: {exc}"
    if cp.size != size:
        return False, "ขนาดต้นไม้ไม่ตรงกับจุดตรวจ / tree size differs from the checkpoint's"
    try:
        entry = canonical.loads(entry_text)
        if canonical.dumps(entry) != entry_text:
            return False, "รายการไม่อยู่ในรูปมาตรฐาน / the entry is not in canonical form"
    except ValueError as exc:
        return False, f"อ่านรายการไม่ได้ ({exc}) / cannot read the entry ({exc})"
    if not isinstance(entry, dict) or entry.get("seq") != index + 1:
        return False, "ลำดับรายการไม่ตรงกับตำแหน่งในต้นไม้ / the entry's seq does not match its index"
    hashed = merkle.leaf_hash(entry_text.encode("utf-8"))
    if not merkle.verify_inclusion(index, size, hashed, path, cp.root):
        return False, "หลักฐานการรวมอยู่ในต้นไม้ไม่ถูกต้อง / the inclusion proof does not verify"
    if file_sha256 is not None:
        files = (
            entry.get("data", {}).get("files", []) if isinstance(entry.get("data"), dict) else []
        )
        if not any(isinstance(f, dict) and f.get("sha256") == file_sha256 for f in files):
            return False, ("ไฟล์นี้ไม่อยู่ในรายการที่พิสูจน์ / the file is not among the entry's files")
    return True, (
        f"ถูกต้อง: รายการที่ {index + 1} อยู่ในบัญชีที่ลงนามไว้ขนาด {size:,} รายการ\n"
        f"valid: entry {index + 1} is in the signed ledger of {size:,} entries"
    )


# --- Command line ---------------------------------------------------------------------------------


def _read_key(value: str) -> checkpoint.Verifier:
    path = Path(value)
    text = path.read_text(encoding="utf-8") if path.is_file() else value
    return checkpoint.parse_vkey(text.strip())


def read_notes(path: Path) -> list[str]:
    """Checkpoint notes from a file: checkpoints.json (from /ledger/checkpoints.json) or text."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith(("{", "[")):
        doc = json.loads(text)
        items = doc.get("checkpoints", []) if isinstance(doc, dict) else doc
        return [item["note"] if isinstance(item, dict) else item for item in items]
    return checkpoint.split_notes(text)


def jsonl_rows(path: Path) -> RowSource:
    def rows() -> Iterator[Row]:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield canonical.loads(line)
                except ValueError:
                    yield {"_unreadable_line": number}

    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m prongsai.ledger.verify",
        description="ตรวจบัญชีโปร่งใส / verify a Prongsai ledger export or inclusion proof",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="verify a JSONL export of the whole ledger")
    export.add_argument("jsonl", type=Path)
    export.add_argument("--key", help="public key (note verifier key) or a file holding it")
    export.add_argument("--checkpoints", type=Path, help="checkpoints.json or a file of notes")
    export.add_argument("--origin", help="expected origin (default: the key name)")
    export.add_argument("--json", action="store_true", help="print the report as JSON")
    proof = sub.add_parser("proof", help="verify a downloaded inclusion proof")
    proof.add_argument("proof", type=Path)
    proof.add_argument("--key", help="public key; default: the one in the proof (less trust)")
    proof.add_argument("--file", type=Path, help="the document the proof is about")
    args = parser.parse_args(argv)

    try:
        if args.command == "proof":
            doc = json.loads(args.proof.read_text(encoding="utf-8"))
            verifier = _read_key(args.key or doc["verifier_key"])
            digest = None
            if args.file:
                digest = hashlib.sha256(args.file.read_bytes()).hexdigest()
            ok, message = verify_proof(doc, verifier, file_sha256=digest)
            print(message)  # noqa: T201
            if not args.key:
                print(  # noqa: T201
                    "หมายเหตุ: ใช้กุญแจที่แนบมากับหลักฐาน ควรเทียบกับกุญแจที่หน่วยงานเผยแพร่ / "
                    "note: used the key inside the proof; compare it with the agency's published key"
                )
            return 0 if ok else 1
        verifier = _read_key(args.key) if args.key else None
        notes = read_notes(args.checkpoints) if args.checkpoints else []
        report = verify_rows(
            jsonl_rows(args.jsonl), verifier=verifier, notes=notes, origin=args.origin
        )
    except (OSError, ValueError, KeyError, checkpoint.CheckpointError) as exc:
        print(f"อ่านข้อมูลเข้าไม่ได้: {exc} / cannot use the input: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))  # noqa: T201
    else:
        print(report.message())  # noqa: T201
        for note in report.notes:
            print(note)  # noqa: T201
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
