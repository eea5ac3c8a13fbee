"""Encryption at rest of confidential case data: report text, the reporter's identity and files.

AES-256-GCM (``cryptography``) with a key from configuration, never from the database:
``INTEGRITY_ENCRYPTION_KEY`` (or ``INTEGRITY_ENCRYPTION_KEY_FILE``, read by ``config.env.envsecret``),
otherwise the file ``<VAR_DIR>/integrity-encryption.key`` that ``manage.py integrity_keygen`` writes
for a development install.

Several keys may be given, separated by commas: the first encrypts, every one decrypts, so a key
can be rotated (``manage.py integrity_rekey`` re-encrypts every row with the first key).

A token is ``v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>``. Every encryption is bound to
where the value lives (associated data such as ``case:<uuid>:content``), so a value copied into
another row or field does not decrypt. The module's core (:class:`Keyring`) needs no Django.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
KEY_FILE_NAME = "integrity-encryption.key"


class EncryptionKeyError(ValueError):
    """The configured key is missing or malformed (message in Thai, then English)."""


class DecryptionError(ValueError):
    """A value cannot be decrypted: a wrong key, a damaged value, or a value moved between rows."""


def new_key() -> str:
    """A fresh key as text (URL-safe base64 of 32 random bytes)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _decode_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii") + b"=" * (-len(text) % 4))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise EncryptionKeyError(
            "กุญแจเข้ารหัสต้องเป็น base64 ของ 32 ไบต์ / the encryption key must be base64 of 32 bytes"
        ) from exc
    if len(raw) != KEY_BYTES:
        raise EncryptionKeyError(
            f"กุญแจเข้ารหัสต้องยาว 32 ไบต์ ไม่ใช่ {len(raw)} / "
            f"the encryption key must be 32 bytes long, not {len(raw)}"
        )
    return raw


def key_id(raw: bytes) -> str:
    return hashlib.sha256(b"prongsai.integrity.key-id" + raw).hexdigest()[:8]


@dataclass(frozen=True)
class Keyring:
    """The keys in use: the first encrypts, all decrypt."""

    keys: tuple[bytes, ...]

    @classmethod
    def from_text(cls, text: str) -> Keyring:
        parts = [p for p in (text or "").replace("\n", ",").split(",") if p.strip()]
        if not parts:
            raise EncryptionKeyError(
                "ยังไม่ได้ตั้งกุญแจเข้ารหัส INTEGRITY_ENCRYPTION_KEY: รัน manage.py integrity_keygen / "
                "no INTEGRITY_ENCRYPTION_KEY is configured: run manage.py integrity_keygen"
            )
        return cls(tuple(_decode_key(p) for p in parts))

    @property
    def primary_id(self) -> str:
        return key_id(self.keys[0])

    def _by_id(self) -> dict[str, bytes]:
        return {key_id(k): k for k in self.keys}

    def encrypt(self, plaintext: bytes, aad: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[0]).encrypt(nonce, plaintext, aad.encode("utf-8"))
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
        return f"{VERSION}.{self.primary_id}.{body}"

    def decrypt(self, token: str, aad: str) -> bytes:
        try:
            version, kid, body = token.split(".", 2)
        except ValueError:
            raise DecryptionError("ข้อมูลเข้ารหัสผิดรูปแบบ / malformed encrypted value") from None
        if version != VERSION:
            raise DecryptionError(f"ไม่รู้จักรุ่น {version!r} / unknown version {version!r}")
        key = self._by_id().get(kid)
        if key is None:
            raise DecryptionError(
                f"ไม่มีกุญแจ {kid} ในการตั้งค่า / the key {kid} is not configured (was it rotated out?)"
            )
        try:
            blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad.encode("utf-8"))
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError(
                "ถอดรหัสไม่ได้: ข้อมูลถูกแก้ไขหรือย้ายที่ / cannot decrypt: the value was changed or moved"
            ) from exc

    def needs_rekey(self, token: str) -> bool:
        return token.split(".", 2)[1:2] != [self.primary_id]

    def tag(self, purpose: str, value: str) -> str:
        """A keyed hash (HMAC-SHA256) for lookups without plaintext: receipt codes, conflict tags.

        Made with the primary key, so a database copy alone cannot confirm a guess. Look-ups use
        :meth:`tags`, which also accepts tags made with older keys still in the keyring.
        """
        return self._tag(self.keys[0], purpose, value)

    def tags(self, purpose: str, value: str) -> list[str]:
        """The tag of ``value`` under every configured key (primary first)."""
        return [self._tag(k, purpose, value) for k in self.keys]

    @staticmethod
    def _tag(key: bytes, purpose: str, value: str) -> str:
        mac_key = hmac.new(key, b"prongsai.integrity.tag", hashlib.sha256).digest()
        return hmac.new(mac_key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    # Text and JSON helpers -------------------------------------------------------------------
    def encrypt_text(self, text: str, aad: str) -> str:
        return self.encrypt(text.encode("utf-8"), aad)

    def decrypt_text(self, token: str, aad: str) -> str:
        return self.decrypt(token, aad).decode("utf-8")

    def encrypt_json(self, value: Any, aad: str) -> str:
        return self.encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True).encode(), aad)

    def decrypt_json(self, token: str, aad: str) -> Any:
        return json.loads(self.decrypt(token, aad))


# ----------------------------------------------------------------------------- configuration


def key_file() -> Path:
    from django.conf import settings

    var_dir = Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var"))
    return var_dir / KEY_FILE_NAME


def _configured_text() -> str:
    from django.conf import settings

    text = getattr(settings, "INTEGRITY_ENCRYPTION_KEY", "") or ""
    if text:
        return text
    path = key_file()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return ""


@lru_cache(maxsize=4)
def _keyring_for(text: str) -> Keyring:
    return Keyring.from_text(text)


def keyring() -> Keyring:
    """The configured keyring; raises :class:`EncryptionKeyError` when there is none."""
    return _keyring_for(_configured_text())


def write_new_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(new_key() + "\n")
