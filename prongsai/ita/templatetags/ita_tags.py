"""Small helpers for the ITA templates: pick the Thai or English half of a label pair, and the
badge class of a readiness status."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()

_BADGE = {"complete": "ok", "partial": "warn", "overdue": "bad", "missing": "bad"}


@register.filter
def pick(pair: tuple[str, str] | list[str] | None) -> str:
    """`{{ ("รายเดือน", "monthly")|pick }}` → the half for the active language."""
    if not pair:
        return ""
    th, en = pair[0], pair[1]
    return en if (get_language() or "th").startswith("en") and en else th


@register.filter
def badge(status: str) -> str:
    return _BADGE.get(status, "warn")


@register.filter
def lookup(mapping: dict, key: object) -> object:
    return mapping.get(key, "") if mapping else ""
