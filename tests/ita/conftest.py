"""Fixtures for the ITA tests: the shipped 2566 catalogue loaded into the test database, and a
helper that publishes evidence claims the way the workflow does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest
from django.contrib.auth.models import Group

from prongsai.ita import services
from prongsai.ita.models import Catalogue, Item
from prongsai.ita.schema import CATALOGUE_DIR
from prongsai.org.models import Agency

FILE_2566 = CATALOGUE_DIR / "ita-2566.toml"
PUBLISHED = dt.datetime(2023, 2, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def catalogue_2566(db) -> Catalogue:
    return services.catalogue_import(file=FILE_2566).catalogue


def evidence_object(name: str) -> Group:
    """Any saved model instance can be evidence; tests use auth groups as stand-ins."""
    return Group.objects.create(name=name)


def publish(
    agency: Agency,
    item: Item,
    periods: Iterable[str],
    *,
    elements: Iterable[str] | None = None,
    name: str | None = None,
    nil_return: bool = False,
    published_at: dt.datetime = PUBLISHED,
    s9_category: int | None = None,
):
    """Publish one piece of evidence for ``item`` covering ``periods`` and ``elements`` (all of
    the item's elements when None)."""
    obj = evidence_object(
        name or f"{agency.slug}-{item.catalogue.fiscal_year}-{item.slug}-{Group.objects.count()}"
    )
    by_key = {e.key: e for e in item.elements.all()}
    keys = list(by_key) if elements is None else list(elements)
    specs = [
        services.ClaimSpec(
            item=item,
            period_key=p,
            element=None if nil_return else by_key[k],
            nil_return=nil_return,
        )
        for p in periods
        for k in (keys if not nil_return else [None])
    ]
    services.evidence_claim_set(
        agency=agency,
        evidence=obj,
        title=f"หลักฐาน {obj.name}",
        url=f"/evidence/{obj.pk}/",
        published_at=published_at,
        claims=specs,
        s9_category=s9_category,
    )
    return obj
