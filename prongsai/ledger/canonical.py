"""Canonical JSON: the one byte form of a ledger entry that every verifier hashes.

Rules (documented in docs/ledger.md for outside verifiers):

- object keys are strings, sorted by Unicode code point;
- no insignificant white space (separators ``,`` and ``:``);
- strings are written as UTF-8, not as ``\\u`` escapes (control characters and ``"``/``\\``
  are escaped the way JSON requires);
- numbers are integers only: floats are refused, because their text form differs between
  languages and their value can change on a round trip;
- ``true``, ``false``, ``null``, arrays and objects as usual.

Imports nothing from Django, so the standalone verifier can use it.
"""

from __future__ import annotations

import json
from typing import Any


class CanonicalJSONError(ValueError):
    """A value cannot be written as canonical JSON. The message is Thai, then English."""


def _check(value: Any, path: str) -> None:
    if value is None or isinstance(value, bool | str):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise CanonicalJSONError(
                    f"ข้อความที่ {path} มีอักขระที่เข้ารหัส UTF-8 ไม่ได้ / "
                    f"the string at {path} is not valid Unicode (lone surrogate)"
                ) from exc
        return
    if isinstance(value, int):
        return
    if isinstance(value, float):
        raise CanonicalJSONError(
            f"ค่าที่ {path} เป็นเลขทศนิยม ซึ่งบันทึกในบัญชีไม่ได้ ให้ใช้จำนวนเต็มหรือข้อความ / "
            f"the value at {path} is a float; use an integer or a string"
        )
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalJSONError(
                    f"ชื่อช่อง {key!r} ที่ {path} ต้องเป็นข้อความ / "
                    f"the key {key!r} at {path} must be a string"
                )
            _check(key, f"{path}.{key}")
            _check(item, f"{path}.{key}")
        return
    raise CanonicalJSONError(
        f"ค่าที่ {path} เป็นชนิด {type(value).__name__} ซึ่งบันทึกเป็น JSON ไม่ได้ / "
        f"the value at {path} has type {type(value).__name__}, which is not JSON"
    )


def check(value: Any) -> None:
    """Raise CanonicalJSONError unless ``value`` can be written canonically."""
    _check(value, "$")


def dumps(value: Any) -> str:
    """The canonical JSON text of ``value`` (checked first)."""
    _check(value, "$")
    return dumps_unchecked(value)


def dumps_unchecked(value: Any) -> str:
    """The canonical text of a value already known to be valid (e.g. just parsed from JSON).

    ``allow_nan=False`` still refuses NaN and infinities; the caller must have refused floats.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def encode(value: Any) -> bytes:
    """The canonical UTF-8 bytes of ``value``."""
    return dumps(value).encode("utf-8")


def _refuse_float(text: str) -> Any:
    raise CanonicalJSONError(
        f"พบเลขทศนิยม {text} ซึ่งไม่อนุญาตในบัญชี / a float ({text}) is not allowed in the ledger"
    )


def loads(text: str | bytes) -> Any:
    """Parse JSON that must contain no floats (the inverse of :func:`dumps`)."""
    return json.loads(text, parse_float=_refuse_float, parse_constant=_refuse_float)
