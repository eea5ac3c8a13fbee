"""The checkpoint signing key, from settings.

``LEDGER_SIGNING_KEY`` holds the key itself (note text form ``PRIVATE+KEY+<name>+<id>+<data>``);
otherwise ``LEDGER_SIGNING_KEY_FILE`` names a file that holds it (default
``<VAR_DIR>/ledger-signing.key``, written by ``manage.py ledger_keygen``). The key name is the
ledger's origin, the first line of every checkpoint.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from prongsai.ledger import checkpoint

DEFAULT_ORIGIN = "prongsai.local/ledger"
_file_cache: dict[Path, tuple[int, str]] = {}


def key_file() -> Path:
    configured = getattr(settings, "LEDGER_SIGNING_KEY_FILE", "")
    if configured:
        return Path(configured)
    var_dir = getattr(settings, "VAR_DIR", None)
    if var_dir is None:
        var_dir = Path(getattr(settings, "BASE_DIR", Path.cwd())) / "var"
    return Path(var_dir) / "ledger-signing.key"


def origin_setting() -> str:
    return getattr(settings, "LEDGER_ORIGIN", "") or DEFAULT_ORIGIN


@lru_cache(maxsize=4)
def _parse(text: str) -> checkpoint.Signer:
    try:
        return checkpoint.parse_skey(text)
    except checkpoint.CheckpointError as exc:
        raise ImproperlyConfigured(f"LEDGER_SIGNING_KEY: {exc}") from exc


def _key_text() -> str | None:
    text = getattr(settings, "LEDGER_SIGNING_KEY", "")
    if text:
        return text.strip()
    path = key_file()
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ImproperlyConfigured(
            f"อ่านกุญแจลงนามของบัญชีที่ {path} ไม่ได้ / cannot read the ledger signing key at {path}: {exc}"
        ) from exc
    cached = _file_cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ImproperlyConfigured(
            f"อ่านกุญแจลงนามของบัญชีที่ {path} ไม่ได้ / cannot read the ledger signing key at {path}: {exc}"
        ) from exc
    _file_cache[path] = (stamp, text)
    return text


def get_signer() -> checkpoint.Signer | None:
    """The configured signer, or None when no key is configured (checkpoints are then skipped)."""
    text = _key_text()
    return _parse(text) if text else None


def require_signer() -> checkpoint.Signer:
    signer = get_signer()
    if signer is None:
        raise ImproperlyConfigured(
            f"ไม่มีกุญแจลงนามของบัญชี: ตั้งค่า LEDGER_SIGNING_KEY หรือสร้างด้วย "
            f"'manage.py ledger_keygen' (ไฟล์ {key_file()}) / no ledger signing key: set "
            f"LEDGER_SIGNING_KEY or run 'manage.py ledger_keygen' (file {key_file()})"
        )
    return signer


def get_verifier() -> checkpoint.Verifier | None:
    """The public key that verifies our checkpoints.

    ``LEDGER_VERIFIER_KEY`` may name it on machines that hold no signing key (a read replica, an
    auditor's copy); otherwise it is derived from the signing key.
    """
    vkey = getattr(settings, "LEDGER_VERIFIER_KEY", "")
    if vkey:
        try:
            return checkpoint.parse_vkey(vkey)
        except checkpoint.CheckpointError as exc:
            raise ImproperlyConfigured(f"LEDGER_VERIFIER_KEY: {exc}") from exc
    signer = get_signer()
    return signer.verifier if signer else None


def write_new_key(path: Path, origin: str) -> checkpoint.Signer:
    """Generate a key named ``origin`` and write it to ``path`` readable by the owner only."""
    signer = checkpoint.Signer.generate(origin)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(signer.skey() + "\n")
    return signer
