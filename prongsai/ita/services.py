"""Writes to the ITA catalogue and to the evidence link. Each service runs in one transaction.

* ``catalogue_import``: load one catalogue file (all or nothing; a malformed file is refused whole).
* ``catalogue_load_shipped``: load every catalogue file shipped with Prongsai (idempotent).
* ``catalogue_clone``: prepare a year from an earlier one with a code mapping, relinking the
  evidence that still counts instead of copying it.
* ``evidence_claim_set`` / ``evidence_claim_clear``: what the publishing workflow calls when a piece
  of evidence is published or unpublished.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from prongsai import ledger
from prongsai.ita import rules
from prongsai.ita.models import (
    Catalogue,
    CatalogueStatus,
    Element,
    EvidenceClaim,
    Indicator,
    Item,
)
from prongsai.ita.schema import (
    CODE_RE,
    FREQUENCY_RULES,
    KEY_RE,
    CatalogueError,
    CatalogueSpec,
    Issue,
    parse_catalogue,
    shipped_catalogue_files,
)
from prongsai.org.models import Agency
from prongsai.thai.periods import PeriodKind, periods_in

# ---------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportResult:
    catalogue: Catalogue
    created: bool
    changed: bool
    items_created: int = 0
    items_updated: int = 0
    items_removed: int = 0


def _read(file: str | Path | IO[bytes] | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(file, bytes):
        return file, filename or "catalogue.toml"
    if isinstance(file, str | Path):
        path = Path(file)
        try:
            return path.read_bytes(), filename or path.name
        except OSError as exc:
            name = filename or path.name
            raise CatalogueError(
                [
                    Issue(
                        name,
                        "",
                        f"เปิดไฟล์ไม่ได้: {exc.strerror}",
                        f"cannot read the file: {exc.strerror}",
                    )
                ]
            ) from exc
    data = file.read()
    name = filename or Path(getattr(file, "name", "") or "catalogue.toml").name
    return data, name


@transaction.atomic
def catalogue_import(
    *,
    file: str | Path | IO[bytes] | bytes,
    filename: str | None = None,
    status: str | None = None,
    actor: Any = None,
) -> ImportResult:
    """Load one catalogue file into the database, replacing that year's catalogue definitions.

    The whole file is validated first; any problem raises ``CatalogueError`` listing every problem
    and nothing is written. Items and elements are matched by code and key, so their database rows
    (and the evidence linked to them) survive a re-import that corrects a title. Re-importing an
    unchanged file does nothing. An item or element that the new file drops while published
    evidence still points at it refuses the import.
    """
    data, name = _read(file, filename)
    spec = parse_catalogue(data, filename=name)
    catalogue = Catalogue.objects.select_for_update().filter(fiscal_year=spec.fiscal_year).first()
    if catalogue is not None and catalogue.source_hash == spec.sha256:
        if status and catalogue.status != status:
            catalogue.status = status
            catalogue.save(update_fields=["status", "updated_at"])
            ledger.record(
                action="ita.catalogue_update",
                actor=actor,
                obj=catalogue,
                data={"year": catalogue.fiscal_year, "changed": {"status": status}},
            )
            return ImportResult(catalogue, created=False, changed=True)
        return ImportResult(catalogue, created=False, changed=False)
    created = catalogue is None
    if catalogue is None:
        catalogue = Catalogue(fiscal_year=spec.fiscal_year)
    _fill_catalogue(catalogue, spec)
    if status:
        catalogue.status = status
    catalogue.full_clean()
    catalogue.save()
    counts = _sync_definitions(catalogue, spec)
    ledger.record(
        action="ita.catalogue_import",
        actor=actor,
        obj=catalogue,
        content_hash=spec.sha256,
        data={"year": spec.fiscal_year, "file": spec.filename, "created": created, **counts},
    )
    return ImportResult(catalogue, created=created, changed=True, **counts)


def _fill_catalogue(catalogue: Catalogue, spec: CatalogueSpec) -> None:
    catalogue.title_th = spec.title_th
    catalogue.title_en = spec.title_en
    catalogue.source = spec.source
    catalogue.source_file = spec.filename
    catalogue.source_hash = spec.sha256
    catalogue.answer_opens = spec.answer_opens
    catalogue.answer_closes = spec.answer_closes
    catalogue.grace_days = spec.grace_days


def _sync_definitions(catalogue: Catalogue, spec: CatalogueSpec) -> dict[str, int]:
    fname = spec.filename
    # Indicators, parents first.
    existing_ind = {i.code: i for i in catalogue.indicators.all()}
    indicators: dict[str, Indicator] = {}
    for ind in sorted(spec.indicators, key=lambda s: (s.parent is not None, s.order)):
        obj = existing_ind.pop(ind.code, None) or Indicator(catalogue=catalogue, code=ind.code)
        obj.parent = indicators[ind.parent] if ind.parent else None
        obj.name_th, obj.name_en = ind.name_th, ind.name_en
        obj.confirmed, obj.note, obj.order = ind.confirmed, ind.note, ind.order
        obj.save()
        indicators[ind.code] = obj

    headings = {h.key: h for h in spec.headings}
    existing_items = {i.code: i for i in catalogue.items.prefetch_related("elements")}
    claimed_items = set(
        EvidenceClaim.objects.filter(item__catalogue=catalogue)
        .values_list("item_id", flat=True)
        .distinct()
    )
    claimed_elements = set(
        EvidenceClaim.objects.filter(item__catalogue=catalogue, element__isnull=False)
        .values_list("element_id", flat=True)
        .distinct()
    )
    problems: list[Issue] = []
    created = updated = 0
    keep_items: set[int] = set()
    for it in spec.items:
        obj = existing_items.pop(it.code, None)
        if obj is None:
            obj = Item(catalogue=catalogue, code=it.code)
            created += 1
        else:
            updated += 1
        heading = headings.get(it.heading) if it.heading else None
        obj.indicator = indicators[it.indicator]
        obj.slug = it.slug
        obj.title_th, obj.title_en = it.title_th, it.title_en
        obj.heading_key = heading.key if heading else ""
        obj.heading_th = heading.title_th if heading else ""
        obj.heading_en = heading.title_en if heading else ""
        obj.kind, obj.frequency, obj.owner_kind = it.kind, it.frequency, it.owner
        obj.period_span, obj.period_unit = it.period.span, it.period.unit
        obj.s9_category = it.s9_category
        obj.nil_return_th, obj.nil_return_en = it.nil_return_th, it.nil_return_en
        obj.source, obj.note_th, obj.note_en = it.source, it.note_th, it.note_en
        obj.order = it.order
        obj.save()
        keep_items.add(obj.pk)
        old_elements = {e.key: e for e in obj.elements.all()} if obj.pk else {}
        for el in it.elements:
            e = old_elements.pop(el.key, None) or Element(item=obj, key=el.key)
            e.text_th, e.text_en = el.text_th, el.text_en
            e.confirmed, e.required, e.order = el.confirmed, el.required, el.order
            e.save()
        for gone in old_elements.values():
            if gone.pk in claimed_elements:
                problems.append(
                    Issue(
                        fname,
                        "elements",
                        f"ลบองค์ประกอบ '{gone.key}' ไม่ได้ เพราะมีหลักฐานที่เผยแพร่แล้วอ้างถึง",
                        f"element '{gone.key}' cannot be removed: published evidence is linked to it",
                        item=it.code,
                    )
                )
            else:
                gone.delete()
    removed = 0
    for gone_item in existing_items.values():
        if gone_item.pk in claimed_items:
            problems.append(
                Issue(
                    fname,
                    "code",
                    f"ลบรายการ {gone_item.code} ไม่ได้ เพราะมีหลักฐานที่เผยแพร่แล้วอ้างถึง "
                    f"(ใช้การคัดลอกปีพร้อมตารางเทียบรหัสแทน)",
                    f"item {gone_item.code} cannot be removed: published evidence is linked to it "
                    f"(clone the year with a code mapping instead)",
                    item=gone_item.code,
                )
            )
        else:
            gone_item.delete()
            removed += 1
    if problems:
        raise CatalogueError(problems)  # rolls the whole import back
    for gone_ind in sorted(existing_ind.values(), key=lambda i: i.parent_id is None):
        gone_ind.delete()
    return {"items_created": created, "items_updated": updated, "items_removed": removed}


def catalogue_load_shipped() -> list[ImportResult]:
    """Load every catalogue file shipped with Prongsai; files already loaded unchanged are skipped.

    Each file is imported in its own transaction, so one bad file does not hold back the others;
    the first error is raised after the rest have been tried.
    """
    results: list[ImportResult] = []
    errors: list[Issue] = []
    for path in shipped_catalogue_files():
        try:
            results.append(catalogue_import(file=path))
        except CatalogueError as exc:
            errors.extend(exc.issues)
    if errors:
        raise CatalogueError(errors)
    return results


# ---------------------------------------------------------------------------- admin edits

CATALOGUE_FIELDS = (
    "status",
    "title_th",
    "title_en",
    "source",
    "answer_opens",
    "answer_closes",
    "grace_days",
)
ITEM_FIELDS = (
    "indicator",
    "title_th",
    "title_en",
    "heading_th",
    "heading_en",
    "kind",
    "frequency",
    "period_span",
    "period_unit",
    "owner_kind",
    "s9_category",
    "nil_return_th",
    "nil_return_en",
    "source",
    "note_th",
    "note_en",
    "order",
)
ELEMENT_FIELDS = ("key", "text_th", "text_en", "confirmed", "required", "order")


@transaction.atomic
def catalogue_create(
    *, fiscal_year: int, data: Mapping[str, object], actor: Any = None
) -> Catalogue:
    """Create an empty catalogue in the admin (items come from an import, a clone or the admin)."""
    catalogue = Catalogue(fiscal_year=fiscal_year)
    for name in CATALOGUE_FIELDS:
        if name in data:
            setattr(catalogue, name, data[name])
    catalogue.full_clean()
    catalogue.save()
    ledger.record(
        action="ita.catalogue_create",
        actor=actor,
        obj=catalogue,
        data={"year": fiscal_year, "title": catalogue.title_th},
    )
    return catalogue


@transaction.atomic
def catalogue_update(
    *, catalogue: Catalogue, data: Mapping[str, object], actor: Any = None
) -> Catalogue:
    """Change a catalogue's status, titles or answer window. The fiscal year never changes."""
    changed = _apply(catalogue, CATALOGUE_FIELDS, data)
    catalogue.full_clean()
    catalogue.save()
    if changed:
        ledger.record(
            action="ita.catalogue_update",
            actor=actor,
            obj=catalogue,
            data={"year": catalogue.fiscal_year, "changed": changed},
        )
    return catalogue


def _plain(value: object) -> object:
    """A value as the ledger's canonical JSON takes it (no floats, dates as text, rows as ids)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _apply(obj: models.Model, fields: Iterable[str], data: Mapping[str, object]) -> dict:
    """Set the given fields; return {field: new value} for those that changed."""
    changed: dict[str, object] = {}
    for name in fields:
        if name not in data:
            continue
        field = obj._meta.get_field(name)
        old = getattr(obj, field.attname if field.is_relation else name)
        new = data[name]
        new_raw = new.pk if isinstance(new, models.Model) else new
        if old != new_raw:
            changed[name] = _plain(new)
        setattr(obj, name, new)
    return changed


INDICATOR_FIELDS = ("parent", "code", "name_th", "name_en", "confirmed", "note", "order")


@transaction.atomic
def indicator_save(
    *,
    catalogue: Catalogue,
    data: Mapping[str, object],
    indicator: Indicator | None = None,
    actor: Any = None,
) -> Indicator:
    """Create or correct an indicator or sub-indicator of a catalogue in the admin."""
    obj = indicator or Indicator(catalogue=catalogue)
    changed = _apply(obj, INDICATOR_FIELDS, data)
    parent = obj.parent
    if parent is not None and (parent.catalogue_id != catalogue.pk or parent.parent_id):
        raise ValidationError(
            {
                "parent": "ตัวชี้วัดหลักต้องเป็นตัวชี้วัดระดับบนของเกณฑ์ปีเดียวกัน "
                "(the parent must be a top-level indicator of the same catalogue)"
            }
        )
    obj.full_clean()
    obj.save()
    ledger.record(
        action="ita.indicator_save",
        actor=actor,
        obj=obj,
        data={"year": catalogue.fiscal_year, "code": obj.code, "changed": changed},
    )
    return obj


def item_check(
    *, catalogue: Catalogue, data: Mapping[str, object], elements: list[Mapping[str, object]]
) -> dict[str, list[str]]:
    """Problems in an item's definition, by field (the admin form shows them); empty when valid."""
    errors: dict[str, list[str]] = {}

    def add(name: str, th: str, en: str) -> None:
        errors.setdefault(name, []).append(f"{th} ({en})")

    frequency, span, unit = data.get("frequency"), data.get("period_span"), data.get("period_unit")
    if frequency in FREQUENCY_RULES:
        spans, units = FREQUENCY_RULES[str(frequency)]
        if span not in spans:
            add(
                "period_span",
                f"ความถี่นี้ใช้ช่วงเวลาได้เฉพาะ {', '.join(sorted(spans))}",
                f"this frequency allows only {', '.join(sorted(spans))}",
            )
        if unit not in units:
            add(
                "period_unit",
                f"ความถี่นี้ใช้หน่วยได้เฉพาะ {', '.join(sorted(units))}",
                f"this frequency allows only {', '.join(sorted(units))}",
            )
    indicator = data.get("indicator")
    if isinstance(indicator, Indicator) and (
        indicator.catalogue_id != catalogue.pk or indicator.children.exists()
    ):
        add(
            "indicator",
            "ต้องเลือกตัวชี้วัดย่อยของเกณฑ์ปีนี้",
            "choose a sub-indicator of this year's catalogue",
        )
    s9 = data.get("s9_category")
    if s9 is not None and s9 not in range(1, 9):
        add("s9_category", "หมวดตามมาตรา 9 ต้องเป็น 1 ถึง 8", "the s.9 category must be 1 to 8")
    if bool(data.get("nil_return_th")) != bool(data.get("nil_return_en")):
        add(
            "nil_return_en",
            "ต้องระบุข้อความแจ้งว่าไม่มีข้อมูลทั้งภาษาไทยและภาษาอังกฤษ",
            "give the nothing-to-report wording in both languages",
        )
    keys = [str(e.get("key") or "") for e in elements]
    if not any(e.get("required", True) for e in elements):
        add(
            "__all__",
            "ต้องมีองค์ประกอบที่บังคับอย่างน้อยหนึ่งข้อ",
            "at least one required element is needed",
        )
    for key in keys:
        if not KEY_RE.match(key):
            add(
                "__all__",
                f"คีย์องค์ประกอบ '{key}' ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _",
                f"element key '{key}' must be lower-case letters, digits or _",
            )
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        add("__all__", f"คีย์องค์ประกอบ '{key}' ซ้ำ", f"duplicate element key '{key}'")
    return errors


def _sync_elements(item: Item, elements: list[Mapping[str, object]]) -> None:
    old = {e.key: e for e in item.elements.all()}
    for order, data in enumerate(elements, start=1):
        key = str(data["key"])
        element = old.pop(key, None) or Element(item=item, key=key)
        for name in ELEMENT_FIELDS[1:]:
            if name in data:
                setattr(element, name, data[name])
        if not data.get("order"):
            element.order = order
        element.full_clean(exclude=["item"])
        element.save()
    claimed = [e for e in old.values() if e.claims.exists()]
    if claimed:
        raise ValidationError(
            {
                "__all__": [
                    f"ลบองค์ประกอบ '{e.key}' ไม่ได้ เพราะมีหลักฐานที่เผยแพร่แล้วอ้างถึง "
                    f"(element '{e.key}' has published evidence)"
                    for e in claimed
                ]
            }
        )
    for gone in old.values():
        gone.delete()


@transaction.atomic
def item_create(
    *,
    catalogue: Catalogue,
    code: str,
    data: Mapping[str, object],
    elements: list[Mapping[str, object]],
    actor: Any = None,
) -> Item:
    """Add an item to a catalogue in the admin. Its slug is its code in lower case, for good."""
    errors = item_check(catalogue=catalogue, data=data, elements=elements)
    if not CODE_RE.match(code or ""):
        errors.setdefault("code", []).append(
            "รหัสต้องเป็นอักษรอังกฤษตัวใหญ่ 1-4 ตัวตามด้วยตัวเลข 1-3 หลัก "
            "(1-4 capital letters then 1-3 digits)"
        )
    if errors:
        raise ValidationError(errors)
    item = Item(catalogue=catalogue, code=code, slug=code.lower())
    _apply(item, ITEM_FIELDS, data)
    item.full_clean()
    item.save()
    _sync_elements(item, elements)
    ledger.record(
        action="ita.item_create",
        actor=actor,
        obj=item,
        data={
            "year": catalogue.fiscal_year,
            "code": code,
            "title": item.title_th,
            "elements": [str(e["key"]) for e in elements],
        },
    )
    return item


@transaction.atomic
def item_update(
    *,
    item: Item,
    data: Mapping[str, object],
    elements: list[Mapping[str, object]],
    actor: Any = None,
) -> Item:
    """Correct an item's definition. Its code and slug (and so its URL) never change here."""
    errors = item_check(catalogue=item.catalogue, data=data, elements=elements)
    if errors:
        raise ValidationError(errors)
    changed = _apply(item, ITEM_FIELDS, data)
    item.full_clean()
    item.save()
    _sync_elements(item, elements)
    ledger.record(
        action="ita.item_update",
        actor=actor,
        obj=item,
        data={
            "year": item.catalogue.fiscal_year,
            "code": item.code,
            "changed": changed,
            "elements": [str(e["key"]) for e in elements],
        },
    )
    return item


# ---------------------------------------------------------------------------- clone


@dataclass(frozen=True)
class CloneResult:
    catalogue: Catalogue
    created: bool
    items_mapped: int
    claims_relinked: int
    unmapped: tuple[str, ...] = field(default=())


def _clone_error(field_name: str, th: str, en: str, item: str | None = None) -> CatalogueError:
    return CatalogueError([Issue("clone", field_name, th, en, item=item)])


@transaction.atomic
def catalogue_clone(
    *,
    from_year: int,
    to_year: int,
    code_map: Mapping[str, str] | None = None,
    actor: Any = None,
) -> CloneResult:
    """Prepare ``to_year`` from ``from_year`` and relink the evidence that still counts.

    ``code_map`` maps old codes to new ones; an empty value drops an item; codes not in the map
    keep their code. When ``to_year`` has no catalogue yet, it is created as a draft copy with the
    new codes (the slug follows the new code). When it exists, its items are matched through the
    map. Evidence is relinked by new claims pointing at the same evidence objects, for every agency;
    nothing is copied. A claim carries over when its period is still relevant to the new item (any
    claim of a "current" item; otherwise a claim whose period lies inside the new item's span).
    Element ticks carry over by element key.
    """
    code_map = {k.strip(): (v or "").strip() for k, v in (code_map or {}).items()}
    source = Catalogue.objects.filter(fiscal_year=from_year).first()
    if source is None:
        raise _clone_error(
            "from_year",
            f"ไม่มีเกณฑ์ของปีงบประมาณ {from_year}",
            f"there is no catalogue for fiscal year {from_year}",
        )
    if to_year == from_year:
        raise _clone_error("to_year", "ปีปลายทางต้องไม่ใช่ปีเดียวกับปีต้นทาง", "the target year must differ")
    old_items = list(source.items.select_related("indicator__parent").prefetch_related("elements"))
    old_codes = {i.code for i in old_items}
    unknown = sorted(set(code_map) - old_codes)
    if unknown:
        raise CatalogueError(
            [
                Issue(
                    "clone",
                    "code_map",
                    f"ไม่มีรายการ {code} ในเกณฑ์ปี {from_year}",
                    f"item {code} is not in the {from_year} catalogue",
                    item=code,
                )
                for code in unknown
            ]
        )
    bad = sorted(v for v in code_map.values() if v and not CODE_RE.match(v))
    if bad:
        raise CatalogueError(
            [
                Issue(
                    "clone",
                    "code_map",
                    f"รหัสใหม่ '{code}' ต้องเป็นอักษรอังกฤษตัวใหญ่ 1-4 ตัวตามด้วยตัวเลข 1-3 หลัก",
                    f"new code '{code}' must be 1-4 capital letters then 1-3 digits",
                    item=code,
                )
                for code in bad
            ]
        )
    targets = [code_map.get(i.code, i.code) for i in old_items]
    kept = [t for t in targets if t]
    dupes = sorted({t for t in kept if kept.count(t) > 1})
    if dupes:
        raise CatalogueError(
            [
                Issue(
                    "clone",
                    "code_map",
                    f"รหัสใหม่ {code} ถูกใช้กับหลายรายการ",
                    f"new code {code} is given to more than one item",
                    item=code,
                )
                for code in dupes
            ]
        )

    target = Catalogue.objects.select_for_update().filter(fiscal_year=to_year).first()
    created = target is None
    if target is None:
        target = _copy_catalogue(source, to_year, old_items, targets)
    new_items = {i.code: i for i in target.items.prefetch_related("elements")}

    pairs: list[tuple[Item, Item]] = []
    unmapped: list[str] = []
    for old, new_code in zip(old_items, targets, strict=True):
        if not new_code:
            continue
        new = new_items.get(new_code)
        if new is None:
            if old.code in code_map:
                raise _clone_error(
                    "code_map",
                    f"ไม่มีรายการ {new_code} ในเกณฑ์ปี {to_year}",
                    f"item {new_code} is not in the {to_year} catalogue",
                    item=old.code,
                )
            unmapped.append(old.code)
            continue
        pairs.append((old, new))
    relinked = _relink_claims(pairs, to_year)
    ledger.record(
        action="ita.catalogue_clone",
        actor=actor,
        obj=target,
        data={
            "from": from_year,
            "to": to_year,
            "created": created,
            "code_map": dict(sorted(code_map.items())),
            "items": len(pairs),
            "claims": relinked,
        },
    )
    return CloneResult(
        catalogue=target,
        created=created,
        items_mapped=len(pairs),
        claims_relinked=relinked,
        unmapped=tuple(unmapped),
    )


def _copy_catalogue(
    source: Catalogue, to_year: int, old_items: list[Item], targets: list[str]
) -> Catalogue:
    shift = dt.timedelta(days=round(365.25 * (to_year - source.fiscal_year)))
    target = Catalogue(
        fiscal_year=to_year,
        status=CatalogueStatus.DRAFT,
        title_th=source.title_th.replace(str(source.fiscal_year), str(to_year)),
        title_en=source.title_en,
        source=f"Cloned from ITA {source.fiscal_year}",
        answer_opens=source.answer_opens + shift,
        answer_closes=source.answer_closes + shift,
        grace_days=source.grace_days,
    )
    target.full_clean()
    target.save()
    indicators: dict[int, Indicator] = {}
    for level_parent_null in (True, False):  # top-level indicators first, then their children
        for ind in source.indicators.filter(parent__isnull=level_parent_null).order_by("order"):
            indicators[ind.pk] = Indicator.objects.create(
                catalogue=target,
                parent=indicators[ind.parent_id] if ind.parent_id else None,
                code=ind.code,
                name_th=ind.name_th,
                name_en=ind.name_en,
                confirmed=ind.confirmed,
                note=ind.note,
                order=ind.order,
            )
    for old, new_code in zip(old_items, targets, strict=True):
        if not new_code:
            continue
        item = Item.objects.create(
            catalogue=target,
            indicator=indicators[old.indicator_id],
            code=new_code,
            slug=new_code.lower(),
            title_th=old.title_th,
            title_en=old.title_en,
            heading_key=old.heading_key,
            heading_th=old.heading_th,
            heading_en=old.heading_en,
            kind=old.kind,
            frequency=old.frequency,
            period_span=old.period_span,
            period_unit=old.period_unit,
            owner_kind=old.owner_kind,
            s9_category=old.s9_category,
            nil_return_th=old.nil_return_th,
            nil_return_en=old.nil_return_en,
            source=old.source,
            note_th=old.note_th,
            note_en=old.note_en,
            order=old.order,
        )
        Element.objects.bulk_create(
            [
                Element(
                    item=item,
                    key=e.key,
                    text_th=e.text_th,
                    text_en=e.text_en,
                    confirmed=e.confirmed,
                    required=e.required,
                    order=e.order,
                )
                for e in old.elements.all()
            ]
        )
    return target


def _still_counts(new: Item, to_year: int, period_key: str) -> bool:
    period = rules.parse_period(period_key)
    if period is None:
        return False
    span = rules.span_period(new.rule, to_year)
    if span.kind is PeriodKind.CURRENT:
        return True
    months = rules.months_of(period)
    return bool(months) and months <= rules.months_of(span)


def _keys_inside(new: Item, to_year: int) -> list[str] | None:
    """Every period key that lies inside the new item's span (None: any key will do)."""
    span = rules.span_period(new.rule, to_year)
    if span.kind is PeriodKind.CURRENT or span.fiscal_year is None:
        return None
    months = rules.months_of(span)
    return [
        p.key
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)
        for p in periods_in(kind, span.fiscal_year)
        if rules.months_of(p) <= months
    ]


def _relink_claims(pairs: list[tuple[Item, Item]], to_year: int, batch: int = 2000) -> int:
    total = 0
    for old, new in pairs:
        elements = {e.key: e for e in new.elements.all()}
        old_keys = {e.pk: e.key for e in old.elements.all()}
        existing = set(
            EvidenceClaim.objects.filter(item=new).values_list(
                "content_type_id", "object_id", "element_id", "period_key"
            )
        )
        pending: list[EvidenceClaim] = []
        candidates = EvidenceClaim.objects.filter(item=old)
        keys = _keys_inside(new, to_year)
        if keys is not None:
            candidates = candidates.filter(period_key__in=keys)
        for claim in candidates.iterator(chunk_size=batch):
            if not _still_counts(new, to_year, claim.period_key):
                continue
            element = elements.get(old_keys.get(claim.element_id, "")) if claim.element_id else None
            key = (
                claim.content_type_id,
                claim.object_id,
                element.pk if element else None,
                claim.period_key,
            )
            if key in existing:
                continue
            existing.add(key)
            pending.append(
                EvidenceClaim(
                    agency_id=claim.agency_id,
                    item=new,
                    element=element,
                    content_type_id=claim.content_type_id,
                    object_id=claim.object_id,
                    period_key=claim.period_key,
                    nil_return=claim.nil_return,
                    title=claim.title,
                    url=claim.url,
                    published_at=claim.published_at,
                    s9_category=claim.s9_category if claim.s9_category else new.s9_category,
                )
            )
            if len(pending) >= batch:
                EvidenceClaim.objects.bulk_create(pending)
                total += len(pending)
                pending = []
        if pending:
            EvidenceClaim.objects.bulk_create(pending)
            total += len(pending)
    return total


def parse_code_map(text: str) -> dict[str, str]:
    """Read a code mapping typed by staff: one ``OLD=NEW`` (or ``OLD -> NEW``, ``OLD NEW``) a line.

    ``OLD=`` (nothing after the sign) drops the item. Blank lines and ``#`` comments are ignored.
    Raises ``ValidationError`` naming the bad line.
    """
    mapping: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        for sep in ("->", "=", "→", ",", "\t", " "):
            if sep in line:
                old, new = (part.strip() for part in line.split(sep, 1))
                break
        else:
            old, new = line, None  # type: ignore[assignment]
        if new is None or not old or " " in new or old in mapping:
            raise ValidationError(
                f"บรรทัด {number}: เขียนบรรทัดละหนึ่งคู่ในรูป รหัสเดิม=รหัสใหม่ "
                f"(line {number}: write one OLD=NEW pair a line)"
            )
        mapping[old.upper()] = new.upper()
    return mapping


# ---------------------------------------------------------------------------- evidence claims


@dataclass(frozen=True)
class ClaimSpec:
    """One thing a piece of evidence satisfies: an item, optionally one of its elements, for a period."""

    item: Item
    period_key: str
    element: Element | None = None
    nil_return: bool = False


def _evidence_ref(obj: models.Model) -> tuple[ContentType, str]:
    if obj.pk is None:
        raise ValidationError("ต้องบันทึกหลักฐานก่อนเชื่อมกับรายการ ITA (the evidence must be saved first)")
    return ContentType.objects.get_for_model(obj, for_concrete_model=False), str(obj.pk)


@transaction.atomic
def evidence_claim_set(
    *,
    agency: Agency,
    evidence: models.Model,
    title: str,
    url: str,
    published_at: dt.datetime,
    claims: Iterable[ClaimSpec],
    s9_category: int | None = None,
) -> list[EvidenceClaim]:
    """Record what a published piece of evidence satisfies, replacing what it claimed before.

    Called by the workflow on publish (and again when a published item is re-published with other
    items, elements or periods). Every claim is validated first; a bad one raises
    ``ValidationError`` in Thai and English and nothing changes.
    """
    content_type, object_id = _evidence_ref(evidence)
    specs = list(claims)
    errors: list[str] = []
    if not title.strip():
        errors.append("ต้องมีชื่อหลักฐาน (the evidence needs a title)")
    if not url.strip():
        errors.append("ต้องมีที่อยู่ URL สาธารณะของหลักฐาน (the evidence needs a public URL)")
    if published_at is None or published_at.tzinfo is None:
        errors.append("เวลาเผยแพร่ต้องระบุเขตเวลา (published_at must be a timezone-aware datetime)")
    if s9_category is not None and s9_category not in range(1, 9):
        errors.append(
            f"หมวดตามมาตรา 9 ต้องเป็น 1 ถึง 8 ไม่ใช่ {s9_category} (s.9 category must be 1 to 8)"
        )
    for spec in specs:
        code = spec.item.code
        if rules.parse_period(spec.period_key) is None:
            errors.append(
                f"{code}: ช่วงเวลา '{spec.period_key}' ไม่ถูกต้อง เช่น 2566-M04, 2566-Q2, 2566-H1, "
                f"2566, current ({code}: invalid period key '{spec.period_key}')"
            )
        if spec.element is not None and spec.element.item_id != spec.item.pk:
            errors.append(
                f"{code}: องค์ประกอบ '{spec.element.key}' ไม่ได้อยู่ในรายการนี้ "
                f"({code}: element '{spec.element.key}' belongs to another item)"
            )
        if spec.nil_return and not spec.item.allows_nil_return:
            errors.append(
                f"{code}: รายการนี้ไม่รับการแจ้งว่าไม่มีข้อมูลในช่วงเวลา "
                f"({code}: this item takes no nothing-to-report declaration)"
            )
    if errors:
        raise ValidationError(errors)

    wanted: dict[tuple[int, int | None, str], ClaimSpec] = {}
    for spec in specs:
        element = None if spec.nil_return else spec.element
        key = (spec.item.pk, element.pk if element else None, spec.period_key.strip())
        wanted[key] = ClaimSpec(spec.item, spec.period_key.strip(), element, spec.nil_return)

    current = EvidenceClaim.objects.select_for_update().filter(
        content_type=content_type, object_id=object_id
    )
    stale = [
        c.pk
        for c in current
        if (c.item_id, c.element_id, c.period_key) not in wanted or c.agency_id != agency.pk
    ]
    if stale:
        EvidenceClaim.objects.filter(pk__in=stale).delete()
    existing = {
        (c.item_id, c.element_id, c.period_key): c
        for c in EvidenceClaim.objects.filter(content_type=content_type, object_id=object_id)
    }
    title, url = title.strip(), url.strip()
    out: list[EvidenceClaim] = []
    for key, spec in wanted.items():
        claim = existing.get(key)
        category = s9_category if s9_category is not None else spec.item.s9_category
        if claim is None:
            claim = EvidenceClaim(
                agency=agency,
                item=spec.item,
                element=spec.element,
                content_type=content_type,
                object_id=object_id,
                period_key=spec.period_key,
            )
        fresh = (title, url, published_at, spec.nil_return, category)
        if claim.pk is None or fresh != (
            claim.title,
            claim.url,
            claim.published_at,
            claim.nil_return,
            claim.s9_category,
        ):
            # save() rather than a bulk update, so that listeners (the public page cache) hear it
            claim.title, claim.url, claim.published_at = title, url, published_at
            claim.nil_return, claim.s9_category = spec.nil_return, category
            claim.save()
        out.append(claim)
    return out


@transaction.atomic
def evidence_claim_clear(*, evidence: models.Model) -> int:
    """Remove every claim of a piece of evidence (on unpublish or deletion); returns how many."""
    content_type, object_id = _evidence_ref(evidence)
    deleted, _ = EvidenceClaim.objects.filter(
        content_type=content_type, object_id=object_id
    ).delete()
    return deleted
