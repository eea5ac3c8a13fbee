"""What a version of an evidence page says, as data: the manifest that is hashed into the ledger,
the files it publishes and the ITA claims it makes.

The manifest is the canonical JSON (``prongsai.ledger.canonical``) of everything the public sees
of one revision: title, period, text, classification, the ITA items and elements, the schedule,
and every file's SHA-256. Its SHA-256 is the ``content_hash`` of the ledger entries for submit,
approve and publish, so anyone can check that what was published is what was approved.
"""

from __future__ import annotations

import hashlib
from typing import Any

from prongsai.ledger import canonical


def _iso(value: Any) -> str | None:  # noqa: ANN401
    return value.isoformat() if value else None


def links_of(page: Any) -> list[Any]:  # noqa: ANN401
    return sorted(page.ita_links.all(), key=lambda link: (link.sort_order or 0, link.pk or 0))


def attachments_of(page: Any) -> list[Any]:  # noqa: ANN401
    return sorted(page.attachments.all(), key=lambda a: (a.sort_order or 0, a.pk or 0))


def files_of(page: Any) -> list[dict[str, Any]]:  # noqa: ANN401
    """The files of a version in the ledger's publication schema (``sha256``, ``name``, ``size``)
    plus the type and the period of each."""
    return [
        {
            "sha256": a.sha256,
            "name": a.original_name,
            "size": int(a.size),
            "type": a.kind,
            "period": a.period_key or page.period_key,
        }
        for a in attachments_of(page)
    ]


def items_of(page: Any) -> list[dict[str, Any]]:  # noqa: ANN401
    out = []
    for link in links_of(page):
        item = link.item
        out.append(
            {
                "year": item.catalogue.fiscal_year,
                "item": item.code,
                "element": link.element.key if link.element_id else None,
            }
        )
    return out


def manifest(page: Any) -> dict[str, Any]:  # noqa: ANN401
    """Everything the public would see of this version of the page, as canonical data."""
    return {
        "v": 1,
        "title": page.title,
        "slug": page.slug,
        "work_group": page.work_group.code,
        "period": page.period_key,
        "summary": page.summary,
        "body": str(page.body or ""),
        "s9": page.s9_category,
        "nil_return": bool(page.nil_return),
        "items": items_of(page),
        "files": files_of(page),
        "go_live_at": _iso(page.go_live_at),
        "expire_at": _iso(page.expire_at),
    }


def content_hash(page: Any) -> str:  # noqa: ANN401
    return hashlib.sha256(canonical.dumps(manifest(page)).encode("utf-8")).hexdigest()


def claimed_periods(page: Any) -> list[str]:  # noqa: ANN401
    """The periods a version covers: the page's own and each file's, in order, once each."""
    keys = [page.period_key] + [a.period_key for a in attachments_of(page) if a.period_key]
    return list(dict.fromkeys(k for k in keys if k))


def claim_specs(page: Any) -> list[Any]:  # noqa: ANN401
    """The ITA claims of a published version: every linked item (and element) for every period
    it covers. A "nothing to report" page claims the nil return for items that allow it."""
    from prongsai.ita.services import ClaimSpec

    specs = []
    periods = claimed_periods(page)
    for link in links_of(page):
        item = link.item
        nil = bool(page.nil_return) and item.allows_nil_return
        if nil:
            elements: list[Any] = [None]
        elif link.element_id:
            elements = [link.element]
        else:  # "every element": one claim per element of the item
            elements = list(item.elements.all()) or [None]
        specs.extend(
            ClaimSpec(item=item, period_key=key, element=element, nil_return=nil)
            for key in periods
            for element in elements
        )
    return specs
