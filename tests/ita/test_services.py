"""Catalogue import (all or nothing), cloning with a code map, and the evidence claim services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from prongsai.ita import services
from prongsai.ita.models import Catalogue, Element, EvidenceClaim, Indicator, Item
from prongsai.ita.schema import CatalogueError, load_catalogue_file

from .conftest import FILE_2566, PUBLISHED, evidence_object, publish

TEXT_2566 = FILE_2566.read_text(encoding="utf-8")
CODES = [it.code for it in load_catalogue_file(FILE_2566).items]


def nth(n: int) -> str:
    """The code of the n-th item of the 2566 file (tests pick items by position, not by code)."""
    return CODES[n - 1]


def _db_snapshot() -> tuple:
    return (
        list(Catalogue.objects.values_list("fiscal_year", "source_hash", "title_th")),
        list(Indicator.objects.values_list("pk", "code", "name_th")),
        list(Item.objects.values_list("pk", "code", "title_th", "slug")),
        list(Element.objects.values_list("pk", "key", "text_th")),
        list(EvidenceClaim.objects.values_list("pk", "item_id", "element_id", "period_key")),
    )


def _edit_item(text: str, code: str, old: str, new: str) -> str:
    start = text.index(f'code = "{code}"\n')
    pos = text.index(old, start)
    return text[:pos] + new + text[pos + len(old) :]


def _first_item_with_kind(catalogue: Catalogue, kind: str) -> Item:
    return catalogue.items.get(kind=kind)


# ---------------------------------------------------------------------------- import


def test_the_2566_file_loads_43_unique_items_each_with_elements(catalogue_2566):
    items = list(catalogue_2566.items.prefetch_related("elements"))
    assert len(items) == 43
    assert len({i.code for i in items}) == 43
    assert len({i.slug for i in items}) == 43
    assert all(i.elements.count() >= 1 for i in items)
    assert catalogue_2566.indicators.filter(parent__isnull=True).count() == 2
    assert catalogue_2566.indicators.filter(parent__isnull=False).count() == 7
    assert len(catalogue_2566.source_hash) == 64
    assert catalogue_2566.status == "active"


def test_importing_the_same_file_again_changes_nothing(catalogue_2566):
    before = _db_snapshot()
    result = services.catalogue_import(file=FILE_2566)
    assert (result.created, result.changed) == (False, False)
    assert _db_snapshot() == before


def test_a_corrected_title_keeps_the_item_its_row_and_its_url(world, catalogue_2566):
    item = catalogue_2566.items.get(order=3)
    url = item.get_absolute_url()
    publish(world.agency, item, ["current"])
    text = _edit_item(
        TEXT_2566, item.code, f'title_th = "{item.title_th}"', 'title_th = "ชื่อที่แก้ไขแล้ว"'
    )
    result = services.catalogue_import(file=text.encode(), filename="ita-2566.toml")
    assert result.changed and not result.created
    fresh = Item.objects.get(pk=item.pk)
    assert fresh.title_th == "ชื่อที่แก้ไขแล้ว"
    assert fresh.get_absolute_url() == url
    assert EvidenceClaim.objects.filter(item=fresh).count() == len(item.elements.all())


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda t: t.replace("[[items]]", "[[items]", 1), id="toml-syntax"),
        pytest.param(
            lambda t: _edit_item(t, nth(2), f'code = "{nth(2)}"', f'code = "{nth(1)}"'),
            id="duplicate-code",
        ),
        pytest.param(
            lambda t: _edit_item(t, nth(21), 'unit = "month"', 'unit = "week"'), id="bad-period"
        ),
        pytest.param(lambda t: _edit_item(t, nth(8), 'owner = "pr"', "owner = 7"), id="wrong-type"),
        pytest.param(lambda t: t.replace("fiscal_year = 2566", "fiscal_year = 2567"), id="year"),
        pytest.param(lambda t: t.replace("schema_version = 1", "schema_version = 9"), id="version"),
    ],
)
def test_a_malformed_file_is_refused_whole_and_the_database_is_unchanged(catalogue_2566, mutate):
    before = _db_snapshot()
    with pytest.raises(CatalogueError) as err:
        services.catalogue_import(file=mutate(TEXT_2566).encode(), filename="ita-2566.toml")
    assert err.value.issues
    assert all(i.file == "ita-2566.toml" for i in err.value.issues)
    assert _db_snapshot() == before


def test_a_malformed_new_year_leaves_no_trace(db):
    text = _edit_item(
        TEXT_2566.replace("2566", "2567"), nth(5), 'frequency = "current"', 'frequency = "x"'
    )
    text = text.replace("2023-", "2024-")
    with pytest.raises(CatalogueError) as err:
        services.catalogue_import(file=text.encode(), filename="ita-2567.toml")
    assert [(i.item, i.field) for i in err.value.issues] == [(nth(5), "frequency")]
    assert not Catalogue.objects.exists()
    assert not Item.objects.exists()


def test_dropping_an_item_with_published_evidence_rolls_the_whole_import_back(
    world, catalogue_2566
):
    last = catalogue_2566.items.order_by("-order").first()
    publish(world.agency, last, ["2566"])
    start = TEXT_2566.index(f'code = "{last.code}"\n')
    start = TEXT_2566.rindex("[[items]]", 0, start)
    text = TEXT_2566[:start].rstrip() + "\n"
    first = catalogue_2566.items.get(order=1)
    text = _edit_item(text, first.code, f'title_th = "{first.title_th}"', 'title_th = "ใหม่"')
    before = _db_snapshot()
    with pytest.raises(CatalogueError) as err:
        services.catalogue_import(file=text.encode(), filename="ita-2566.toml")
    assert err.value.issues[0].item == last.code
    assert "published evidence" in err.value.issues[0].message_en
    assert _db_snapshot() == before  # the title change made before the check is rolled back


def test_load_shipped_is_idempotent(db):
    first = services.catalogue_load_shipped()
    assert [r.created for r in first] == [True] * len(first)
    second = services.catalogue_load_shipped()
    assert [r.changed for r in second] == [False] * len(second)
    assert Catalogue.objects.count() == len(first)


# ---------------------------------------------------------------------------- clone


def test_clone_creates_the_next_year_with_new_codes_and_relinks_evidence(world, catalogue_2566):
    procurement = _first_item_with_kind(catalogue_2566, "procurement_summary")
    channel = _first_item_with_kind(catalogue_2566, "complaint_channel")
    kept = publish(world.agency, channel, ["current"])
    publish(world.agency, procurement, ["2566-M01"])
    publish(world.other_agency, channel, ["current"])
    items_before = catalogue_2566.items.count()

    result = services.catalogue_clone(
        from_year=2566,
        to_year=2567,
        code_map={channel.code: "N99", procurement.code: "N98", nth(1): ""},
    )
    assert result.created
    new = result.catalogue
    assert new.fiscal_year == 2567 and new.status == "draft"
    assert new.items.count() == items_before - 1
    assert not new.items.filter(code=nth(1)).exists()
    moved = new.items.get(code="N99")
    assert moved.slug == "n99" and moved.title_th == channel.title_th
    assert list(moved.elements.values_list("key", flat=True)) == list(
        channel.elements.values_list("key", flat=True)
    )
    # Current evidence still counts: relinked for both agencies to the same evidence object.
    relinked = EvidenceClaim.objects.filter(item=moved)
    assert relinked.filter(agency=world.agency).count() == channel.elements.count()
    assert relinked.filter(agency=world.other_agency).count() == channel.elements.count()
    assert {c.object_id for c in relinked.filter(agency=world.agency)} == {str(kept.pk)}
    assert {c.element.key for c in relinked.filter(agency=world.agency)} == set(
        channel.elements.values_list("key", flat=True)
    )
    # Last year's monthly summary does not count for the new year.
    assert not EvidenceClaim.objects.filter(item__code="N98", item__catalogue=new).exists()
    # The old year keeps its evidence.
    assert EvidenceClaim.objects.filter(item=channel).count() == 2 * channel.elements.count()
    assert result.claims_relinked == 2 * channel.elements.count()


def test_clone_into_an_existing_year_maps_codes_and_is_idempotent(world, catalogue_2566):
    channel = _first_item_with_kind(catalogue_2566, "qa_channel")
    publish(world.agency, channel, ["current"])
    services.catalogue_clone(from_year=2566, to_year=2567, code_map={})
    target = Catalogue.objects.get(fiscal_year=2567)
    first = EvidenceClaim.objects.filter(item__catalogue=target).count()
    assert first == channel.elements.count()
    again = services.catalogue_clone(from_year=2566, to_year=2567, code_map={})
    assert not again.created and again.claims_relinked == 0
    assert EvidenceClaim.objects.filter(item__catalogue=target).count() == first


def test_clone_refuses_bad_maps_without_writing(catalogue_2566):
    with pytest.raises(CatalogueError) as err:
        services.catalogue_clone(from_year=2566, to_year=2567, code_map={"X1": nth(1)})
    assert err.value.issues[0].item == "X1"
    with pytest.raises(CatalogueError):
        services.catalogue_clone(from_year=2566, to_year=2567, code_map={nth(1): nth(2)})
    with pytest.raises(CatalogueError) as err:
        services.catalogue_clone(from_year=2566, to_year=2567, code_map={nth(1): "o-1"})
    assert "capital letters" in err.value.issues[0].message_en
    with pytest.raises(CatalogueError):
        services.catalogue_clone(from_year=2560, to_year=2567, code_map={})
    assert not Catalogue.objects.filter(fiscal_year=2567).exists()


def test_parse_code_map_reads_what_staff_type():
    text = "a19=B21\nA20 -> B22\n# comment\n\nA10 =\nA5 B6\n"
    assert services.parse_code_map(text) == {"A19": "B21", "A20": "B22", "A10": "", "A5": "B6"}
    with pytest.raises(ValidationError) as err:
        services.parse_code_map("A1=B2\nA1=B3\n")
    assert "บรรทัด 2" in str(err.value) and "line 2" in str(err.value)


# ---------------------------------------------------------------------------- claims


def test_claim_set_replaces_what_the_evidence_claimed(world, catalogue_2566):
    item = _first_item_with_kind(catalogue_2566, "procurement_summary")
    els = list(item.elements.all())
    obj = evidence_object("สขร.1")
    common = {"agency": world.agency, "evidence": obj, "title": "สขร.1", "url": "/e/1/"}
    services.evidence_claim_set(
        **common,
        published_at=PUBLISHED,
        claims=[
            services.ClaimSpec(item, "2566-M01", els[0]),
            services.ClaimSpec(item, "2566-M02", els[0]),
        ],
    )
    assert EvidenceClaim.objects.count() == 2
    later = PUBLISHED + dt.timedelta(days=3)
    services.evidence_claim_set(
        **{**common, "title": "สขร.1 (แก้ไข)"},
        published_at=later,
        claims=[
            services.ClaimSpec(item, "2566-M02", els[0]),
            services.ClaimSpec(item, "2566-M02", els[1]),
        ],
    )
    rows = list(EvidenceClaim.objects.order_by("element__order"))
    assert [(r.period_key, r.element_id) for r in rows] == [
        ("2566-M02", els[0].pk),
        ("2566-M02", els[1].pk),
    ]
    assert {r.title for r in rows} == {"สขร.1 (แก้ไข)"}
    assert {r.published_at for r in rows} == {later}
    assert {r.s9_category for r in rows} == {item.s9_category}
    assert services.evidence_claim_clear(evidence=obj) == 2
    assert not EvidenceClaim.objects.exists()


def test_claim_set_refuses_bad_claims_and_keeps_the_old_ones(world, catalogue_2566):
    item = _first_item_with_kind(catalogue_2566, "news")
    other = _first_item_with_kind(catalogue_2566, "eservice")
    obj = publish(world.agency, item, ["2566-M03"])
    before = _db_snapshot()
    with pytest.raises(ValidationError) as err:
        services.evidence_claim_set(
            agency=world.agency,
            evidence=obj,
            title="ข่าว",
            url="/e/2/",
            published_at=PUBLISHED,
            claims=[
                services.ClaimSpec(item, "2566-X1", item.elements.first()),
                services.ClaimSpec(item, "2566-M04", other.elements.first()),
                services.ClaimSpec(item, "2566-M05", None, nil_return=True),
            ],
        )
    text = " ".join(err.value.messages)
    assert "2566-X1" in text
    assert "another item" in text
    assert "nothing-to-report" in text
    assert _db_snapshot() == before


def test_claim_set_needs_an_aware_time_and_a_saved_object(world, catalogue_2566):
    item = _first_item_with_kind(catalogue_2566, "news")
    with pytest.raises(ValidationError):
        services.evidence_claim_set(
            agency=world.agency,
            evidence=evidence_object("x"),
            title="x",
            url="/x/",
            published_at=dt.datetime(2023, 1, 1),  # noqa: DTZ001 - the point of the test
            claims=[services.ClaimSpec(item, "2566-M01", item.elements.first())],
        )
    from django.contrib.auth.models import Group

    with pytest.raises(ValidationError):
        services.evidence_claim_set(
            agency=world.agency,
            evidence=Group(name="unsaved"),
            title="x",
            url="/x/",
            published_at=PUBLISHED,
            claims=[],
        )


def test_a_nil_return_claim_is_allowed_where_the_item_takes_one(world, catalogue_2566):
    item = _first_item_with_kind(catalogue_2566, "procurement_summary")
    publish(world.agency, item, ["2566-M02"], nil_return=True)
    claim = EvidenceClaim.objects.get()
    assert claim.nil_return and claim.element is None
    assert reverse("ita-item", args=[2566, item.slug]) == f"/ita/2566/{item.slug}/"


def test_catalogue_changes_are_recorded_in_the_ledger(world, catalogue_2566):
    from prongsai.ledger.models import LedgerEntry

    entry = LedgerEntry.objects.get(action="ita.catalogue_import")
    assert entry.content_hash == catalogue_2566.source_hash
    assert entry.data["year"] == 2566 and entry.data["items_created"] == 43
    user = world.users["admin"]
    services.catalogue_update(catalogue=catalogue_2566, data={"status": "archived"}, actor=user)
    update = LedgerEntry.objects.get(action="ita.catalogue_update")
    assert update.data == {"year": 2566, "changed": {"status": "archived"}}
    assert update.actor  # who acted is recorded
    services.catalogue_clone(from_year=2566, to_year=2567, code_map={nth(1): "N1"}, actor=user)
    clone = LedgerEntry.objects.get(action="ita.catalogue_clone")
    assert clone.data["code_map"] == {nth(1): "N1"} and clone.data["to"] == 2567
