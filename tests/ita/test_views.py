"""Public ITA pages: years, a year's items, permanent item pages and the information centre."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from prongsai.ita import services
from prongsai.ita.models import Item

from .conftest import publish

pytestmark = pytest.mark.django_db

H1_MONTHS = [f"2566-M0{m}" for m in range(1, 7)]


def _item(catalogue, kind):
    return catalogue.items.get(kind=kind)


def test_the_years_page_lists_public_catalogues(client, world, catalogue_2566):
    response = client.get("/ita/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/ita/2566/"' in html
    assert 'lang="th"' in html


def test_draft_catalogues_are_not_public(client, world, catalogue_2566):
    services.catalogue_update(catalogue=catalogue_2566, data={"status": "draft"})
    assert client.get("/ita/2566/").status_code == 404
    assert "/ita/2566/" not in client.get("/ita/").content.decode()


def test_a_year_lists_every_item_grouped_by_indicator(client, world, catalogue_2566):
    response = client.get("/ita/2566/")
    assert response.status_code == 200
    html = response.content.decode()
    for item in catalogue_2566.items.all():
        assert f'href="/ita/2566/{item.slug}/"' in html
    for indicator in catalogue_2566.indicators.all():
        assert indicator.name_th in html
    assert "การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ" in html  # a sub-heading


def test_an_item_page_shows_its_evidence_periods_and_elements(client, world, catalogue_2566):
    item = _item(catalogue_2566, "procurement_summary")
    publish(world.agency, item, ["2566-M01"], name="สขร1-ตค65")
    response = client.get(f"/ita/2566/{item.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert item.title_th in html
    assert "หลักฐาน สขร1-ตค65" in html
    assert "ตุลาคม 2565" in html  # the period the evidence covers
    for element in item.elements.all():
        assert f'id="el-{element.key}"' in html
    assert "1 ก.พ. 2566" in html  # published (last updated)


def test_another_agencys_evidence_never_shows(client, world, catalogue_2566):
    item = _item(catalogue_2566, "qa_channel")
    publish(world.other_agency, item, ["current"], name="khonkaen-qa")
    html = client.get(f"/ita/2566/{item.slug}/").content.decode()
    assert "khonkaen-qa" not in html
    other = client.get(f"/ita/2566/{item.slug}/", HTTP_HOST="khonkaen.example")
    assert "khonkaen-qa" in other.content.decode()


def test_item_urls_survive_title_edits(client, world, catalogue_2566):
    item = _item(catalogue_2566, "complaint_channel")
    url = reverse("ita-item", args=[2566, item.slug])
    elements = [
        {k: getattr(e, k) for k in ("key", "text_th", "text_en", "confirmed", "required", "order")}
        for e in item.elements.all()
    ]
    services.item_update(
        item=item,
        data={"title_th": "ช่องทางแจ้งเรื่องร้องเรียน (ชื่อใหม่)", "title_en": "Renamed"},
        elements=elements,
    )
    assert reverse("ita-item", args=[2566, Item.objects.get(pk=item.pk).slug]) == url
    response = client.get(url)
    assert response.status_code == 200
    assert "ชื่อใหม่" in response.content.decode()


def test_unknown_items_and_years_are_404(client, world, catalogue_2566):
    assert client.get("/ita/2566/zz999/").status_code == 404
    assert client.get("/ita/2599/").status_code == 404


def test_english_is_available(client, world, catalogue_2566):
    item = _item(catalogue_2566, "eservice")
    response = client.get(f"/en/ita/2566/{item.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert item.title_en in html


def test_status_on_the_year_page_changes_as_evidence_is_published(client, world, catalogue_2566):
    item = _item(catalogue_2566, "procurement_summary")
    with time_machine.travel(dt.datetime(2023, 2, 10, tzinfo=dt.UTC)):
        before = client.get("/ita/2566/").content.decode()
        publish(world.agency, item, H1_MONTHS[:4])
        publish(world.agency, item, H1_MONTHS[4:])
        after = client.get("/ita/2566/").content.decode()
    assert before.count('class="badge ok"') + 1 == after.count('class="badge ok"')


def test_the_information_centre_lists_published_information_by_s9_category(
    client, world, catalogue_2566
):
    plan = catalogue_2566.items.filter(s9_category=3).first()
    publish(world.agency, plan, ["2566"], name="แผนปฏิบัติราชการ")
    news = _item(catalogue_2566, "news")
    publish(world.agency, news, ["2566-M02"], name="ประกาศนโยบาย", s9_category=2)
    response = client.get("/information-centre/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('id="s9-') == 8
    section3 = html.split('id="s9-3"')[1].split('id="s9-4"')[0]
    assert "หลักฐาน แผนปฏิบัติราชการ" in section3
    section2 = html.split('id="s9-2"')[1].split('id="s9-3"')[0]
    assert "หลักฐาน ประกาศนโยบาย" in section2
    listing = client.get("/information-centre/?category=3")
    assert "หลักฐาน แผนปฏิบัติราชการ" in listing.content.decode()
    assert client.get("/information-centre/?category=9").status_code == 404
    assert client.get("/information-centre/?category=x").status_code == 404


# ---------------------------------------------------------------------------- query counts


def _fill(world, catalogue, per_item: int) -> None:
    """Publish ``per_item`` pieces of evidence for every item, each ticking every element."""
    for item in catalogue.items.prefetch_related("elements"):
        for n in range(per_item):
            publish(
                world.agency,
                item,
                [H1_MONTHS[n % 6]] if item.period_unit != "current" else ["current"],
            )


def _count(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/ita/2566/", "/ita/2566/<monthly>/", "/information-centre/", "/ita/"]
)
def test_public_pages_run_a_bounded_number_of_queries(
    client, world, catalogue_2566, django_assert_max_num_queries, url
):
    url = url.replace("<monthly>", catalogue_2566.items.get(kind="procurement_summary").slug)
    empty = _count(django_assert_max_num_queries, client, url, 12)
    _fill(world, catalogue_2566, 1)
    one = _count(django_assert_max_num_queries, client, url, 12)
    _fill(world, catalogue_2566, 3)
    many = _count(django_assert_max_num_queries, client, url, 12)
    # An empty evidence list skips two reads; with evidence the count no longer grows.
    assert empty <= one == many
