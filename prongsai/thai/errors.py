"""The one error type of ``prongsai.thai``: a ``ValueError`` that speaks Thai first, then English."""

from __future__ import annotations

__all__ = ["ThaiValueError"]


class ThaiValueError(ValueError):
    """Bad input to a Thai helper.

    ``str(err)`` reads ``"<Thai> (<English>)"``; ``err.th`` and ``err.en`` hold each language alone,
    so a form can show the one that matches the visitor's language.
    """

    def __init__(self, th: str, en: str) -> None:
        super().__init__(f"{th} ({en})")
        self.th = th
        self.en = en
