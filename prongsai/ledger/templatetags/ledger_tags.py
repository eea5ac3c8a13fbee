"""``{% load ledger_tags %}{% ledger_entries page %}``: the public ledger entries of an object."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from prongsai.ledger import selectors

register = template.Library()


@register.inclusion_tag("ledger/_entries.html")
def ledger_entries(obj: Model | None, limit: int = 50) -> dict[str, Any]:
    """Non-confidential entries of public actions about ``obj``, newest last (one query)."""
    if obj is None or getattr(obj, "pk", None) is None:
        return {"entries": []}
    entries = list(selectors.entries_for_object(obj).order_by("-seq")[:limit])
    entries.reverse()
    cp = selectors.latest_checkpoint()
    return {
        "entries": entries,
        "checkpoint_size": cp.size if cp else 0,
        "anchor": f"{obj._meta.label_lower.replace('.', '-')}-{obj.pk}",
    }
