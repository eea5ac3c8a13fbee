"""Reads for the ITA pages, the readiness dashboard and the export. Every read of evidence is for
one agency; each function runs a fixed number of queries whatever the number of items and claims.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Q, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
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


@dataclass(frozen=True)
class Sample:
    """One recent piece of evidence ticked against an element (for display, never for scoring)."""

    title: str
    url: str
    period_key: str
    published_at: dt.datetime
    nil_return: bool


@dataclass
class ElementRow:
    element: Element
    status: rules.ElementStatus
    samples: list[Sample] = field(default_factory=list)
    count: int = 0  # how many claims tick this element (including nothing-to-report ones)

    @property
    def more(self) -> int:
        return max(self.count - len(self.samples), 0)


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


def _summary_by_item(agency: Agency, item_ids: list[int]) -> dict[int, list[rules.ClaimRef]]:
    """The agency's claims for these items, one row per (item, element, period, nothing-to-report)
    with how many claims and the latest publication: enough to score, whatever the volume."""
    out: dict[int, list[rules.ClaimRef]] = defaultdict(list)
    if not item_ids:
        return out
    rows = (
        EvidenceClaim.objects.filter(agency=agency, item_id__in=item_ids)
        .values("item_id", "element_id", "period_key", "nil_return")
        .annotate(n=Count("id"), last=Max("published_at"))
        .order_by()
    )
    for number, row in enumerate(rows, start=1):
        out[row["item_id"]].append(
            rules.ClaimRef(
                id=number,
                element_key=str(row["element_id"]) if row["element_id"] else None,
                period_key=row["period_key"],
                nil_return=row["nil_return"],
                published_at=row["last"],
                count=row["n"],
            )
        )
    return out


def _samples(
    agency: Agency, item_ids: list[int], per_element: int
) -> dict[tuple[int, int | None], list[Sample]]:
    """The latest ``per_element`` claims of each (item, element), in one query."""
    out: dict[tuple[int, int | None], list[Sample]] = defaultdict(list)
    if not item_ids or per_element <= 0:
        return out
    rank = Window(
        RowNumber(),
        partition_by=[F("item_id"), F("element_id")],
        order_by=[F("published_at").desc(), F("id").desc()],
    )
    rows = (
        EvidenceClaim.objects.filter(agency=agency, item_id__in=item_ids)
        .annotate(rank=rank)
        .filter(rank__lte=per_element)
        .order_by("item_id", "element_id", "rank")
        .values_list(
            "item_id", "element_id", "title", "url", "period_key", "published_at", "nil_return"
        )
    )
    for item_id, element_id, title, url, period_key, published_at, nil in rows:
        out[(item_id, element_id)].append(Sample(title, url, period_key, published_at, nil))
    return out


def _evaluate(
    item: Item,
    summary: list[rules.ClaimRef],
    today: dt.date,
    samples: dict[tuple[int, int | None], list[Sample]] | None = None,
    limit: int = 0,
) -> tuple[rules.ItemReadiness, list[ElementRow]]:
    elements = list(item.elements.all())  # prefetched
    key_of = {str(e.pk): e.key for e in elements}
    # summary rows name elements by primary key; the rules speak of element keys
    summary = [
        replace(c, element_key=key_of.get(c.element_key, c.element_key)) if c.element_key else c
        for c in summary
    ]
    catalogue = item.catalogue
    readiness = rules.evaluate_item(
        rule=item.rule,
        fiscal_year=catalogue.fiscal_year,
        elements=[rules.ElementRequirement(e.key, e.required) for e in elements],
        claims=summary,
        today=today,
        answer_opens=catalogue.answer_opens,
        answer_closes=catalogue.answer_closes,
        grace_days=catalogue.grace_days,
    )
    nil_samples = [x for x in (samples or {}).get((item.pk, None), []) if x.nil_return]
    nil_count = sum(c.count for c in summary if c.nil_return)
    rows = []
    for element, status in zip(elements, readiness.elements, strict=True):
        mine = (samples or {}).get((item.pk, element.pk), [])
        shown = sorted([*mine, *nil_samples], key=lambda x: x.published_at, reverse=True)
        count = sum(c.count for c in summary if c.element_key == element.key) + nil_count
        rows.append(
            ElementRow(
                element=element,
                status=status,
                samples=shown[:limit],
                count=count,
            )
        )
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
    samples_per_element: int = 0,
) -> CatalogueReadiness:
    """Readiness of every item of a catalogue for one agency, grouped by indicator, with the
    predicted score and the gaps sorted by due date. Five queries (six with samples of the
    evidence ticked against each element), whatever the number of items and claims."""
    today = today or timezone.localdate()
    items = list(
        Item.objects.filter(catalogue=catalogue)
        .select_related("indicator__parent")
        .prefetch_related("elements")
        .order_by("order")
    )
    for item in items:
        item.catalogue = catalogue  # avoid one query per item
    ids = [i.pk for i in items]
    summary = _summary_by_item(agency, ids)
    samples = _samples(agency, ids, samples_per_element)
    groups = _groups_by_kind(agency)
    rows: list[ItemRow] = []
    for item in items:
        readiness, element_rows = _evaluate(
            item, summary.get(item.pk, []), today, samples, samples_per_element
        )
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
class EvidenceEntry:
    """One published piece of evidence on an item page, with every period and element it covers."""

    title: str
    url: str
    published_at: dt.datetime
    periods: list[str]
    element_keys: list[str]
    nil_return: bool


@dataclass
class ItemDetail:
    item: Item
    readiness: rules.ItemReadiness
    elements: list[ElementRow]
    evidence: Page  # of EvidenceEntry, newest first


def item_detail(
    *,
    item: Item,
    agency: Agency,
    today: dt.date | None = None,
    page: int | str | None = None,
    per_page: int = 50,
    samples_per_element: int = 5,
) -> ItemDetail:
    """An item's page for one agency: its checklist (with the latest evidence ticked against each
    element) and its published evidence a page at a time. Seven queries once the item is loaded
    with its catalogue, whatever the number of claims."""
    today = today or timezone.localdate()
    prefetch_related_objects([item], "elements")
    summary = _summary_by_item(agency, [item.pk]).get(item.pk, [])
    samples = _samples(agency, [item.pk], samples_per_element)
    readiness, element_rows = _evaluate(item, summary, today, samples, samples_per_element)

    objects = (
        EvidenceClaim.objects.filter(agency=agency, item=item)
        .values("content_type_id", "object_id", "title", "url")
        .annotate(last=Max("published_at"))
        .order_by("-last", "-object_id")
    )
    page_obj = Paginator(objects, per_page).get_page(page)
    wanted = list(page_obj.object_list)
    entries: list[EvidenceEntry] = []
    if wanted:
        match = Q()
        for row in wanted:
            match |= Q(content_type_id=row["content_type_id"], object_id=row["object_id"])
        key_of = {er.element.pk: er.element.key for er in element_rows}
        detail: dict[tuple[int, str], EvidenceEntry] = {}
        for row in wanted:
            detail[(row["content_type_id"], row["object_id"])] = EvidenceEntry(
                title=row["title"],
                url=row["url"],
                published_at=row["last"],
                periods=[],
                element_keys=[],
                nil_return=False,
            )
        claims = (
            EvidenceClaim.objects.filter(match, agency=agency, item=item)
            .order_by("period_key")
            .values_list("content_type_id", "object_id", "element_id", "period_key", "nil_return")
        )
        for ct, oid, element_id, period_key, nil in claims:
            entry = detail[(ct, oid)]
            if period_key not in entry.periods:
                entry.periods.append(period_key)
            if element_id and key_of.get(element_id) not in entry.element_keys:
                entry.element_keys.append(key_of[element_id])
            entry.nil_return = entry.nil_return or nil
        entries = list(detail.values())
    page_obj.object_list = entries
    return ItemDetail(item=item, readiness=readiness, elements=element_rows, evidence=page_obj)


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
