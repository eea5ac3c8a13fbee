"""Reads for the ITA pages, the readiness dashboard and the export. Every read of evidence is for
one agency; each function runs a fixed number of queries whatever the number of items and claims.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from prongsai.ita import rules
from prongsai.ita.models import Catalogue, CatalogueStatus, Element, EvidenceClaim, Indicator, Item
from prongsai.ita.schema import S9Category, s9_categories
from prongsai.org.models import Agency, Role, WorkGroup
from prongsai.org.selectors import AnyUser, has_role, roles_of, work_group_ids_for_user

# ---------------------------------------------------------------------------- catalogues


def public_catalogues() -> QuerySet[Catalogue]:
    """Catalogues the public may see (not drafts), newest year first."""
    return Catalogue.objects.exclude(status=CatalogueStatus.DRAFT).order_by("-fiscal_year")


def get_public_catalogue(year: int) -> Catalogue:
    catalogue = public_catalogues().filter(fiscal_year=year).first()
    if catalogue is None:
        raise Http404("ไม่พบเกณฑ์ของปีนี้ (no catalogue for this year)")
    return catalogue


def get_public_item(year: int, slug: str) -> Item:
    item = (
        Item.objects.filter(catalogue__fiscal_year=year, slug=slug.lower())
        .exclude(catalogue__status=CatalogueStatus.DRAFT)
        .select_related("catalogue", "indicator__parent")
        .first()
    )
    if item is None:
        raise Http404("ไม่พบรายการนี้ (no such item)")
    return item


def default_catalogue() -> Catalogue | None:
    """The newest catalogue in use (for the dashboard and the export when no year is given)."""
    return (
        Catalogue.objects.filter(status=CatalogueStatus.ACTIVE).order_by("-fiscal_year").first()
        or Catalogue.objects.order_by("-fiscal_year").first()
    )


# ---------------------------------------------------------------------------- readiness


@dataclass
class ElementRow:
    element: Element
    status: rules.ElementStatus


@dataclass
class ItemRow:
    item: Item
    readiness: rules.ItemReadiness
    elements: list[ElementRow]
    owner_groups: list[WorkGroup]

    @property
    def status(self) -> str:
        return self.readiness.status


@dataclass
class Gap:
    row: ItemRow
    period: rules.PeriodStatus
    missing: list[Element]

    @property
    def due(self) -> dt.date:
        return self.period.due


@dataclass
class HeadingGroup:
    key: str
    title: str
    rows: list[ItemRow]


@dataclass
class SubIndicatorGroup:
    indicator: Indicator
    headings: list[HeadingGroup]
    score: rules.Score

    @property
    def rows(self) -> list[ItemRow]:
        return [row for heading in self.headings for row in heading.rows]


@dataclass
class IndicatorGroup:
    indicator: Indicator
    children: list[SubIndicatorGroup]
    score: rules.Score


@dataclass
class CatalogueReadiness:
    catalogue: Catalogue
    agency: Agency
    today: dt.date
    rows: list[ItemRow]
    indicators: list[IndicatorGroup]
    total: rules.Score
    gaps: list[Gap]
    owner_kinds: frozenset[str] | None = field(default=None)

    @property
    def visible_rows(self) -> list[ItemRow]:
        if self.owner_kinds is None:
            return self.rows
        return [r for r in self.rows if r.item.owner_kind in self.owner_kinds]

    @property
    def counts(self) -> dict[str, int]:
        out = {"complete": 0, "partial": 0, "overdue": 0, "missing": 0}
        for row in self.rows:
            out[row.status] += 1
        return out


_CLAIM_FIELDS = (
    "id",
    "item_id",
    "element_id",
    "period_key",
    "nil_return",
    "title",
    "url",
    "published_at",
)


def _claims_by_item(agency: Agency, items: Iterable[Item]) -> dict[int, list[tuple]]:
    item_ids = [i.pk for i in items]
    out: dict[int, list[tuple]] = defaultdict(list)
    if not item_ids:
        return out
    rows = (
        EvidenceClaim.objects.filter(agency=agency, item_id__in=item_ids)
        .order_by("period_key", "published_at", "id")
        .values_list(*_CLAIM_FIELDS)
    )
    for row in rows:
        out[row[1]].append(row)
    return out


def _evaluate(
    item: Item, raw_claims: list[tuple], today: dt.date
) -> tuple[rules.ItemReadiness, list[ElementRow]]:
    elements = list(item.elements.all())  # prefetched
    key_of = {e.pk: e.key for e in elements}
    refs = [
        rules.ClaimRef(
            id=c[0],
            element_key=key_of.get(c[2]) if c[2] else None,
            period_key=c[3],
            nil_return=c[4],
            title=c[5],
            url=c[6],
            published_at=c[7],
        )
        for c in raw_claims
    ]
    catalogue = item.catalogue
    readiness = rules.evaluate_item(
        rule=item.rule,
        fiscal_year=catalogue.fiscal_year,
        elements=[rules.ElementRequirement(e.key, e.required) for e in elements],
        claims=refs,
        today=today,
        answer_opens=catalogue.answer_opens,
        answer_closes=catalogue.answer_closes,
        grace_days=catalogue.grace_days,
    )
    rows = [
        ElementRow(element=e, status=s) for e, s in zip(elements, readiness.elements, strict=True)
    ]
    return readiness, rows


def _groups_by_kind(agency: Agency) -> dict[str, list[WorkGroup]]:
    out: dict[str, list[WorkGroup]] = defaultdict(list)
    for group in WorkGroup.objects.filter(agency=agency).order_by("order", "name_th"):
        out[group.kind].append(group)
    return out


def catalogue_readiness(
    *,
    catalogue: Catalogue,
    agency: Agency,
    today: dt.date | None = None,
    owner_kinds: Iterable[str] | None = None,
) -> CatalogueReadiness:
    """Readiness of every item of a catalogue for one agency, grouped by indicator, with the
    predicted score and the gaps sorted by due date. Five queries, whatever the sizes."""
    today = today or timezone.localdate()
    items = list(
        Item.objects.filter(catalogue=catalogue)
        .select_related("indicator__parent")
        .prefetch_related("elements")
        .order_by("order")
    )
    for item in items:
        item.catalogue = catalogue  # avoid one query per item
    claims = _claims_by_item(agency, items)
    groups = _groups_by_kind(agency)
    rows: list[ItemRow] = []
    for item in items:
        readiness, element_rows = _evaluate(item, claims.get(item.pk, []), today)
        rows.append(ItemRow(item, readiness, element_rows, groups.get(item.owner_kind, [])))

    indicators = list(
        Indicator.objects.filter(catalogue=catalogue).order_by("order").select_related("parent")
    )
    by_indicator: dict[int, list[ItemRow]] = defaultdict(list)
    for row in rows:
        by_indicator[row.item.indicator_id].append(row)
    tops: list[IndicatorGroup] = []
    for top in (i for i in indicators if i.parent_id is None):
        children: list[SubIndicatorGroup] = []
        for sub in (i for i in indicators if i.parent_id == top.pk):
            sub_rows = by_indicator.get(sub.pk, [])
            children.append(
                SubIndicatorGroup(
                    indicator=sub,
                    headings=_headings(sub_rows),
                    score=rules.score(r.readiness.passes for r in sub_rows),
                )
            )
        own_rows = by_indicator.get(top.pk, [])
        if own_rows:  # a top-level indicator without sub-indicators holds its items itself
            children.insert(
                0,
                SubIndicatorGroup(
                    indicator=top,
                    headings=_headings(own_rows),
                    score=rules.score(r.readiness.passes for r in own_rows),
                ),
            )
        all_rows = [r for c in children for r in c.rows]
        tops.append(
            IndicatorGroup(
                indicator=top,
                children=children,
                score=rules.score(r.readiness.passes for r in all_rows),
            )
        )
    kinds = frozenset(owner_kinds) if owner_kinds is not None else None
    gaps = [
        Gap(
            row=row,
            period=period,
            missing=[
                er.element for er in row.elements if er.element.key in period.missing_elements
            ],
        )
        for row in rows
        if kinds is None or row.item.owner_kind in kinds
        for period in row.readiness.periods
        if not period.covered
    ]
    gaps.sort(key=lambda g: (g.due, g.row.item.order, g.period.period.start or g.due))
    return CatalogueReadiness(
        catalogue=catalogue,
        agency=agency,
        today=today,
        rows=rows,
        indicators=tops,
        total=rules.score(r.readiness.passes for r in rows),
        gaps=gaps,
        owner_kinds=kinds,
    )


def _headings(rows: list[ItemRow]) -> list[HeadingGroup]:
    groups: list[HeadingGroup] = []
    for row in rows:
        key = row.item.heading_key
        if not groups or groups[-1].key != key:
            groups.append(HeadingGroup(key=key, title=row.item.heading, rows=[]))
        groups[-1].rows.append(row)
    return groups


@dataclass
class ItemDetail:
    item: Item
    readiness: rules.ItemReadiness
    elements: list[ElementRow]
    evidence: list[EvidenceEntry]


@dataclass
class EvidenceEntry:
    """One published piece of evidence on an item page, with every period and element it covers."""

    title: str
    url: str
    published_at: dt.datetime
    periods: list[str]
    element_keys: list[str]
    nil_return: bool


def item_detail(*, item: Item, agency: Agency, today: dt.date | None = None) -> ItemDetail:
    """An item's page for one agency: its checklist and its published evidence (2 queries once the
    item is loaded with its catalogue)."""
    today = today or timezone.localdate()
    prefetch_related_objects([item], "elements")
    raw = _claims_by_item(agency, [item]).get(item.pk, [])
    readiness, element_rows = _evaluate(item, raw, today)
    key_of = {er.element.pk: er.element.key for er in element_rows}
    evidence: dict[tuple[str, str], EvidenceEntry] = {}
    for c in raw:
        entry = evidence.get((c[6], c[5]))
        if entry is None:
            entry = evidence[(c[6], c[5])] = EvidenceEntry(
                title=c[5],
                url=c[6],
                published_at=c[7],
                periods=[],
                element_keys=[],
                nil_return=c[4],
            )
        if c[3] not in entry.periods:
            entry.periods.append(c[3])
        if c[2] and key_of.get(c[2]) not in entry.element_keys:
            entry.element_keys.append(key_of[c[2]])
        entry.published_at = max(entry.published_at, c[7])
    entries = sorted(evidence.values(), key=lambda e: (_period_sort(e.periods), e.title))
    return ItemDetail(item=item, readiness=readiness, elements=element_rows, evidence=entries)


def _period_sort(keys: list[str]) -> tuple:
    starts = [p.start for p in map(rules.parse_period, keys) if p is not None and p.start]
    return (min(starts) if starts else dt.date.max,)


# ---------------------------------------------------------------------------- dashboard scope


READINESS_AGENCY_ROLES = (Role.EXECUTIVE, Role.ADMIN, Role.INTEGRITY, Role.AUDITOR, Role.PR)
READINESS_GROUP_ROLES = (Role.HEAD, Role.STAFF)


def readiness_scope_for_user(user: AnyUser, agency: Agency) -> frozenset[str] | None:
    """What part of an agency's readiness a user may see: ``None`` for all of it, or the owner kinds
    of the user's own work groups. Raises ``Http404`` when the user has no role there.

    Executives, administrators, integrity officers, auditors and the PR unit see everything;
    work-group heads and staff see the items their groups usually own.
    """
    if has_role(user, agency, *READINESS_AGENCY_ROLES):
        return None
    if not roles_of(user, agency) & set(READINESS_GROUP_ROLES):
        raise Http404("ไม่พบหน่วยงาน (no such agency)")
    group_ids = work_group_ids_for_user(user, agency, READINESS_GROUP_ROLES)
    kinds = WorkGroup.objects.filter(pk__in=group_ids).values_list("kind", flat=True)
    return frozenset(kinds)


def agencies_for_readiness(user: AnyUser) -> QuerySet[Agency]:
    """The agencies whose readiness a user may open."""
    from prongsai.org.selectors import agencies_for_user

    return agencies_for_user(user).select_related("site").order_by("name_th")


# ---------------------------------------------------------------------------- information centre


@dataclass
class InformationEntry:
    title: str
    url: str
    published_at: dt.datetime


@dataclass
class CategoryListing:
    category: S9Category
    entries: list[InformationEntry]


def _information_qs(agency: Agency, number: int) -> QuerySet:
    return (
        EvidenceClaim.objects.filter(agency=agency, s9_category=number)
        .values("content_type_id", "object_id", "title", "url", "published_at")
        .distinct()
        .order_by("-published_at", "title")
    )


def information_centre(*, agency: Agency, per_category: int = 10) -> list[CategoryListing]:
    """The newest published information of an agency under each of the eight s.9 categories."""
    out: list[CategoryListing] = []
    for category in s9_categories():
        rows = _information_qs(agency, category.number)[:per_category]
        out.append(
            CategoryListing(
                category=category,
                entries=[InformationEntry(r["title"], r["url"], r["published_at"]) for r in rows],
            )
        )
    return out


def information_category_page(
    *, agency: Agency, number: int, page: int | str | None, per_page: int = 50
) -> tuple[S9Category, Page]:
    """One s.9 category of an agency's information centre, a page at a time."""
    category = next((c for c in s9_categories() if c.number == number), None)
    if category is None:
        raise Http404("ไม่มีหมวดนี้ (no such category)")
    paginator = Paginator(_information_qs(agency, number), per_page)
    page_obj = paginator.get_page(page)
    page_obj.object_list = [
        InformationEntry(r["title"], r["url"], r["published_at"]) for r in page_obj.object_list
    ]
    return category, page_obj
