"""Receipt codes: what a reporter or complainant keeps to follow their case.

A code is 16 characters of Crockford's base32 (80 random bits), shown in groups of four, e.g.
``K7QM-2XHD-9RTB-4WNE``. The database keeps only a keyed hash of it, so a copy of the database
cannot be used to look cases up, and a wrong code finds nothing and says nothing. Pure Python.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 16
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise(text: str) -> str | None:
    """The canonical form of what someone typed, or None if it cannot be a code.

    Spaces, hyphens and case do not matter; Thai digits count as digits; O, I and L are read as
    0, 1 and 1 (Crockford), so a code read aloud or copied by hand still works.
    """
    cleaned = "".join(ch for ch in (text or "").translate(_THAI_DIGITS) if not ch.isspace())
    cleaned = cleaned.replace("-", "").upper().translate(_ALIASES)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned
