"""Readiness and information-centre reads against the database."""

from __future__ import annotations

import datetime as dt

import pytest

from prongsai.ita import selectors

from .conftest import PUBLISHED, publish

pytestmark = pytest.mark.django_db

TODAY = dt.date(2023, 3, 15)


def _row(readiness, item):
    return next(r for r in readiness.rows if r.item.pk == item.pk)


def test_readiness_names_elements_by_key_and_lists_gaps_by_due_date(world, catalogue_2566):
    item = catalogue_2566.items.get(kind="procurement_summary")
    keys = [e.key for e in item.elements.all()]
    publish(world.agency, item, ["2566-M01", "2566-M02"], elements=keys[:-1])
    data = selectors.catalogue_readiness(catalogue=catalogue_2566, agency=world.agency, today=TODAY)
    row = _row(data, item)
    assert [er.status.key for er in row.elements] == keys
    assert [er.status.covered for er in row.elements] == [False] * len(keys)
    assert row.readiness.periods[0].missing_elements == (keys[-1],)
    mine = [g for g in data.gaps if g.row.item.pk == item.pk]
    assert [g.period.key for g in mine] == [f"2566-M0{m}" for m in range(1, 7)]
    assert [e.key for e in mine[0].missing] == [keys[-1]]
    assert len(mine[2].missing) == len(keys)
    dues = [g.due for g in data.gaps]
    assert dues == sorted(dues)
    assert row.status == "overdue"
    assert row.owner_groups == [world.groups["finance"]]  # the agency's procurement group


def test_scores_per_indicator_and_in_total(world, catalogue_2566):
    channel = catalogue_2566.items.get(kind="complaint_channel")
    publish(world.agency, channel, ["current"])
    data = selectors.catalogue_readiness(catalogue=catalogue_2566, agency=world.agency, today=TODAY)
    assert (data.total.items, data.total.passed) == (43, 1)
    top = next(g for g in data.indicators if g.indicator.pk == channel.indicator.parent_id)
    sub = next(c for c in top.children if c.indicator.pk == channel.indicator_id)
    assert sub.score.passed == 1 and sub.score.items == len(sub.rows)
    assert top.score.items == sum(c.score.items for c in top.children)
    other = selectors.catalogue_readiness(
        catalogue=catalogue_2566, agency=world.other_agency, today=TODAY
    )
    assert other.total.passed == 0  # every read is for one agency


def test_samples_are_the_newest_claims_of_each_element(world, catalogue_2566):
    news = catalogue_2566.items.get(kind="news")
    for n in range(5):
        publish(
            world.agency,
            news,
            [f"2566-M0{n + 1}"],
            name=f"ข่าว{n}",
            published_at=PUBLISHED + dt.timedelta(days=n),
        )
    data = selectors.catalogue_readiness(
        catalogue=catalogue_2566, agency=world.agency, today=TODAY, samples_per_element=3
    )
    element = _row(data, news).elements[0]
    assert [s.title for s in element.samples] == ["หลักฐาน ข่าว4", "หลักฐาน ข่าว3", "หลักฐาน ข่าว2"]
    assert (element.count, element.more) == (5, 2)


def test_the_item_page_pages_its_evidence(world, catalogue_2566):
    news = catalogue_2566.items.get(kind="news")
    for n in range(7):
        publish(
            world.agency,
            news,
            ["2566-M02"],
            name=f"n{n}",
            published_at=PUBLISHED + dt.timedelta(hours=n),
        )
    detail = selectors.item_detail(item=news, agency=world.agency, page=2, per_page=3)
    assert detail.evidence.paginator.count == 7
    assert [e.title for e in detail.evidence.object_list] == ["หลักฐาน n3", "หลักฐาน n2", "หลักฐาน n1"]
    assert detail.evidence.object_list[0].periods == ["2566-M02"]
    assert detail.readiness.passes


def test_the_information_centre_lists_each_piece_of_evidence_once(world, catalogue_2566):
    item = catalogue_2566.items.get(kind="procurement_summary")  # s.9 (8)
    publish(world.agency, item, ["2566-M01", "2566-M02"], name="สขร")
    publish(world.other_agency, item, ["2566-M01"], name="other")
    listings = selectors.information_centre(agency=world.agency)
    eight = next(x for x in listings if x.category.number == 8)
    assert [e.title for e in eight.entries] == ["หลักฐาน สขร"]
    assert all(not x.entries for x in listings if x.category.number != 8)
