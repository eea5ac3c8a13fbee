"""Signed checkpoints: C2SP ``tlog-checkpoint`` in a C2SP ``signed-note``, signed with Ed25519.

A checkpoint's note text is three lines: the log's origin, the tree size in decimal and the
base64 RFC 6962 root hash. The signature line is ``— <key name> base64(key id || signature)``
where the key id is ``SHA-256(key name || 0x0A || 0x01 || public key)[:4]``.

Keys are written in the Go ``sumdb/note`` text forms, which other transparency tools read:

- verifier key: ``<name>+<key id, 8 hex digits>+<base64(0x01 || 32-byte public key)>``
- signer key: ``PRIVATE+KEY+<name>+<key id>+<base64(0x01 || 32-byte private seed)>``

Imports nothing from Django, so the standalone verifier can use it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = b"\x01"
EM_DASH = "\u2014"
_SIZE_RE = re.compile(r"0|[1-9][0-9]*")


class CheckpointError(ValueError):
    """A key, note or checkpoint is malformed or does not verify (Thai, then English)."""

    def __init__(self, message: str, *, kind: str = "malformed") -> None:
        super().__init__(message)
        self.kind = kind


def _check_name(name: str) -> None:
    if not name or any(ch.isspace() for ch in name) or "+" in name:
        raise CheckpointError(
            f"ชื่อกุญแจ {name!r} ต้องไม่ว่างและไม่มีช่องว่างหรือเครื่องหมาย + / "
            f"key name {name!r} must be non-empty, without spaces or '+'"
        )


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519 + public_key).digest()[:4]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


@dataclass(frozen=True)
class Verifier:
    name: str
    public_key: Ed25519PublicKey

    @property
    def public_bytes(self) -> bytes:
        return _raw_public(self.public_key)

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public_bytes)

    def vkey(self) -> str:
        """The verifier key in note text form."""
        encoded = base64.b64encode(ED25519 + self.public_bytes).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            self.public_key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class Signer:
    name: str
    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls, name: str) -> Signer:
        _check_name(name)
        return cls(name, Ed25519PrivateKey.generate())

    @property
    def verifier(self) -> Verifier:
        return Verifier(self.name, self.private_key.public_key())

    def skey(self) -> str:
        """The signer key in note text form (keep it secret)."""
        encoded = base64.b64encode(ED25519 + _raw_private(self.private_key)).decode("ascii")
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{encoded}"

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def _decode_key_parts(text: str, what: str) -> tuple[str, bytes, bytes]:
    parts = text.strip().split("+", 2)  # the base64 part may itself contain '+'
    if len(parts) != 3:
        raise CheckpointError(
            f"กุญแจ{what}ต้องอยู่ในรูป ชื่อ+รหัส+ข้อมูล / the {what} key must look like name+id+data"
        )
    name, hex_id, data = parts
    _check_name(name)
    try:
        claimed_id = bytes.fromhex(hex_id)
        raw = base64.b64decode(data, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise CheckpointError(
            f"กุญแจ{what}เข้ารหัสไม่ถูกต้อง / the {what} key is not valid hex/base64"
        ) from exc
    if len(claimed_id) != 4 or len(raw) != 33 or raw[:1] != ED25519:
        raise CheckpointError(
            f"กุญแจ{what}ไม่ใช่กุญแจ Ed25519 / the {what} key is not an Ed25519 note key"
        )
    return name, claimed_id, raw[1:]


def parse_vkey(text: str) -> Verifier:
    """A verifier from its note text form ``name+id+base64``."""
    name, claimed_id, raw = _decode_key_parts(text, "สาธารณะ (public)")
    verifier = Verifier(name, Ed25519PublicKey.from_public_bytes(raw))
    if verifier.key_id != claimed_id:
        raise CheckpointError("รหัสกุญแจไม่ตรงกับตัวกุญแจ / the key id does not match the public key")
    return verifier


def parse_skey(text: str) -> Signer:
    """A signer from ``PRIVATE+KEY+name+id+base64``."""
    text = text.strip()
    if not text.startswith("PRIVATE+KEY+"):
        raise CheckpointError(
            "กุญแจลับต้องขึ้นต้นด้วย PRIVATE+KEY+ / the signing key must start with PRIVATE+KEY+"
        )
    name, claimed_id, raw = _decode_key_parts(text[len("PRIVATE+KEY+") :], "ลับ (signing)")
    signer = Signer(name, Ed25519PrivateKey.from_private_bytes(raw))
    if signer.verifier.key_id != claimed_id:
        raise CheckpointError("รหัสกุญแจไม่ตรงกับตัวกุญแจ / the key id does not match the signing key")
    return signer


# --- Checkpoint text ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        if not self.origin or "\n" in self.origin:
            raise CheckpointError("origin ต้องเป็นบรรทัดเดียวที่ไม่ว่าง / origin must be one line")
        if self.size < 0 or len(self.root) != 32:
            raise CheckpointError("ขนาดหรือรากไม่ถูกต้อง / bad size or root hash")
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii")]
        lines.extend(self.extensions)
        return "\n".join(lines) + "\n"


def parse_checkpoint_text(text: str) -> Checkpoint:
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or any(line == "" for line in lines[:-1]):
        raise CheckpointError(
            "ข้อความจุดตรวจต้องมีอย่างน้อยสามบรรทัดที่ไม่ว่าง / "
            "checkpoint text must be at least three non-empty lines"
        )
    origin, size_text, root_text, *extensions = lines[:-1]
    if not _SIZE_RE.fullmatch(size_text):
        raise CheckpointError(f"ขนาดต้นไม้ {size_text!r} ไม่ถูกต้อง / bad tree size {size_text!r}")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise CheckpointError("รากไม่ใช่ base64 / root hash is not base64") from exc
    if len(root) != 32:
        raise CheckpointError("รากต้องยาว 32 ไบต์ / root hash must be 32 bytes")
    return Checkpoint(origin, int(size_text), root, tuple(extensions))


# --- Signed notes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_id: bytes
    signature: bytes


def sign_note(text: str, signer: Signer) -> str:
    if not text.endswith("\n"):
        raise CheckpointError("ข้อความต้องลงท้ายด้วยขึ้นบรรทัดใหม่ / note text must end in a newline")
    signature = signer.sign(text.encode("utf-8"))
    encoded = base64.b64encode(signer.verifier.key_id + signature).decode("ascii")
    return f"{text}\n{EM_DASH} {signer.name} {encoded}\n"


def split_note(note: str) -> tuple[str, list[NoteSignature]]:
    """Split a signed note into its text and signature lines (no verification)."""
    if any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        raise CheckpointError("โน้ตมีอักขระควบคุม / the note contains control characters")
    if not note.endswith("\n"):
        raise CheckpointError("โน้ตต้องลงท้ายด้วยขึ้นบรรทัดใหม่ / the note must end in a newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise CheckpointError("ไม่พบบรรทัดลายเซ็น / no signature lines in the note")
    text = note[: cut + 1]
    signatures: list[NoteSignature] = []
    for line in note[cut + 2 : -1].split("\n"):
        prefix = EM_DASH + " "
        parts = line[len(prefix) :].split(" ") if line.startswith(prefix) else []
        if len(parts) != 2:
            raise CheckpointError(f"บรรทัดลายเซ็นผิดรูป: {line!r} / malformed signature line")
        name, data = parts
        try:
            raw = base64.b64decode(data, validate=True)
        except binascii.Error as exc:
            raise CheckpointError("ลายเซ็นไม่ใช่ base64 / signature is not base64") from exc
        if len(raw) < 5:
            raise CheckpointError("ลายเซ็นสั้นเกินไป / signature too short")
        signatures.append(NoteSignature(name, raw[:4], raw[4:]))
    if not signatures:
        raise CheckpointError("ไม่พบบรรทัดลายเซ็น / no signature lines in the note")
    return text, signatures


def open_note(note: str, verifier: Verifier) -> str:
    """Verify ``note`` with ``verifier``; return its text.

    Signatures from other keys are ignored (per the signed-note spec); a signature from our key
    that fails, or the absence of any, raises CheckpointError(kind="bad_signature").
    """
    text, signatures = split_note(note)
    ours = [s for s in signatures if s.name == verifier.name and s.key_id == verifier.key_id]
    if not ours:
        raise CheckpointError(
            "โน้ตไม่ได้ลงนามด้วยกุญแจของบัญชีนี้ / the note carries no signature by the ledger key",
            kind="bad_signature",
        )
    for sig in ours:
        if not verifier.verify(text.encode("utf-8"), sig.signature):
            raise CheckpointError(
                "ลายเซ็นไม่ถูกต้อง / the signature does not verify", kind="bad_signature"
            )
    return text


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    return sign_note(checkpoint.text(), signer)


def open_checkpoint(note: str, verifier: Verifier, *, origin: str | None = None) -> Checkpoint:
    """Verify a checkpoint note and parse it. ``origin`` defaults to the key name."""
    checkpoint = parse_checkpoint_text(open_note(note, verifier))
    expected = verifier.name if origin is None else origin
    if checkpoint.origin != expected:
        raise CheckpointError(
            f"จุดตรวจมาจากบัญชีอื่น ({checkpoint.origin}) / checkpoint origin is "
            f"{checkpoint.origin!r}, expected {expected!r}",
            kind="bad_signature",
        )
    return checkpoint


def split_notes(text: str) -> list[str]:
    """Split concatenated signed notes (as served at /ledger/checkpoints.txt or saved by hand)."""
    notes: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "":
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i] != "":
            i += 1
        i += 1  # the blank separator line
        while i < len(lines) and lines[i].startswith(EM_DASH + " "):
            i += 1
        notes.append("\n".join(lines[start:i]) + "\n")
    return notes
