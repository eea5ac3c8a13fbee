"""Thai digits (๐–๙) and Arabic digits (0–9): the same numbers, written two ways.

Only the ten digits change; every other character is left exactly as it was.
"""

from __future__ import annotations

__all__ = ["ARABIC_DIGITS", "THAI_DIGITS", "to_arabic_digits", "to_thai_digits"]

ARABIC_DIGITS = "0123456789"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)


def _as_text(value: str | int) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"expected str or int, got {type(value).__name__}")
    return str(value)


def to_thai_digits(value: str | int) -> str:
    """Write every Arabic digit as a Thai digit: ``"5 ม.ค. 2566"`` → ``"๕ ม.ค. ๒๕๖๖"``.

    An ``int`` is accepted for convenience (``to_thai_digits(2566)`` → ``"๒๕๖๖"``).
    """
    return _as_text(value).translate(_TO_THAI)


def to_arabic_digits(value: str | int) -> str:
    """Write every Thai digit as an Arabic digit: ``"๕ ม.ค. ๒๕๖๖"`` → ``"5 ม.ค. 2566"``."""
    return _as_text(value).translate(_TO_ARABIC)
