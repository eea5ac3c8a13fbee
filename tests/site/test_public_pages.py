"""Home page, news with feeds, work groups, the page cache, and bounded query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from defusedxml import ElementTree as ET
from django.test import Client, override_settings

from prongsai.site.models import NewsIndexPage, NewsPage, StandardPage


@pytest.fixture
def news(world):
    home = world.agency.site.root_page
    index = home.add_child(instance=NewsIndexPage(title="ข่าวประชาสัมพันธ์", slug="news"))
    index.save_revision().publish()
    pages = []
    for i in range(15):
        page = index.add_child(
            instance=NewsPage(
                title=f"ข่าวที่ {i + 1}",
                slug=f"n{i}",
                date=dt.date(2023, 1, 1) + dt.timedelta(days=i),
                work_group=world.groups["finance"],
                summary=f"สรุปข่าว {i + 1}",
                body=f"<p>เนื้อหา {i + 1}</p>",
            )
        )
        page.save_revision().publish()
        pages.append(page)
    return index, pages


@pytest.fixture
def client(world) -> Client:
    return Client()


def test_home_shows_latest_news_and_quick_links(client, news):
    html = client.get("/").content.decode()
    assert "ข่าวที่ 15" in html and "ข่าวที่ 12" in html
    assert "ข่าวที่ 11" not in html  # only the latest four
    assert "15 มกราคม 2566" in html  # dates in พ.ศ.
    assert 'href="/information-centre/"' in html
    assert 'href="/groups/"' in html
    assert 'type="search"' in html


def test_news_listing_paginates_newest_first(client, news):
    first = client.get("/news/").content.decode()
    assert first.index("ข่าวที่ 15") < first.index("ข่าวที่ 14")
    assert "ข่าวที่ 3" not in first
    second = client.get("/news/?page=2").content.decode()
    assert "ข่าวที่ 3" in second and "ข่าวที่ 1<" in second
    assert client.get("/news/?page=abc").status_code == 200  # a bad page number is not an error


def test_news_feeds(client, news):
    rss = client.get("/news/feed/")
    assert rss.status_code == 200
    root = ET.fromstring(rss.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles[0] == "ข่าวที่ 15" and len(titles) == 15
    atom = client.get("/news/atom/")
    assert atom.status_code == 200
    assert b"http://www.w3.org/2005/Atom" in atom.content


def test_news_item_page(client, news):
    _index, pages = news
    html = client.get(pages[0].url).content.decode()
    assert "ข่าวที่ 1" in html and "1 มกราคม 2566" in html
    assert 'property="og:type" content="article"' in html


def test_work_group_pages(client, world, news):
    page = StandardPage(title="แผนการจัดซื้อจัดจ้าง", slug="plan", work_group=world.groups["finance"])
    world.agency.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    listing = client.get("/groups/").content.decode()
    assert "กลุ่มงาน finance" in listing and "กลุ่มงาน hr" in listing
    detail = client.get("/groups/finance/").content.decode()
    assert "แผนการจัดซื้อจัดจ้าง" in detail and "ข่าวที่ 15" in detail
    assert client.get("/groups/no-such-group/").status_code == 404
    # Another agency's group is not reachable from this agency's site.
    assert (
        "กลุ่มงาน finance"
        in client.get("/groups/finance/", HTTP_HOST="khonkaen.example").content.decode()
    )
    assert client.get("/groups/hr/", HTTP_HOST="khonkaen.example").status_code == 404


def test_english_pages(client, news):
    html = client.get("/en/news/").content.decode()
    assert '<html lang="en">' in html and "ข่าวที่ 15" in html


@override_settings(PUBLIC_CACHE_SECONDS=600)
def test_public_pages_are_cached_and_publishing_empties_the_cache(
    client, world, news, django_capture_on_commit_callbacks
):
    index, pages = news
    assert client.get("/news/")["X-Prongsai-Cache"] == "miss"
    assert client.get("/news/")["X-Prongsai-Cache"] == "hit"
    page = pages[-1]  # the newest, on the first page of the listing
    page.title = "ข่าวแก้ไขใหม่"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get("/news/")
    assert response["X-Prongsai-Cache"] == "miss"
    assert "ข่าวแก้ไขใหม่" in response.content.decode()


@override_settings(PUBLIC_CACHE_SECONDS=600)
def test_signed_in_staff_are_never_served_from_the_cache(world, news):
    Client().get("/news/")
    staff = Client()
    staff.force_login(world.users["somchai"])
    assert "X-Prongsai-Cache" not in staff.get("/news/")


@override_settings(PUBLIC_CACHE_SECONDS=0)
@pytest.mark.parametrize("url", ["/", "/news/", "/groups/", "/groups/finance/", "/news/feed/"])
def test_public_pages_run_a_bounded_number_of_queries(
    client, world, news, url, django_assert_max_num_queries
):
    client.get(url)  # warm Wagtail's site-root cache
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
    # More content costs no more queries.
    index, _pages = news
    for i in range(10):
        extra = index.add_child(
            instance=NewsPage(
                title=f"เพิ่ม {i}",
                slug=f"extra{i}",
                work_group=world.groups["finance"],
                body="<p>x</p>",
            )
        )
        extra.save_revision().publish()
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


def test_ita_at_a_glance_counts_only_items_with_published_evidence(world, client):
    from django.core.management import call_command
    from django.utils import timezone

    from prongsai.ita.models import Item
    from prongsai.ita.services import ClaimSpec, evidence_claim_set

    call_command("ita_load", verbosity=0)
    html = client.get("/").content.decode()
    assert "0/43" in html
    item = Item.objects.get(catalogue__fiscal_year=2566, slug="o1")
    page = StandardPage(title="โครงสร้างองค์กร", slug="structure", work_group=world.groups["finance"])
    world.agency.site.root_page.add_child(instance=page)
    evidence_claim_set(
        agency=world.agency,
        evidence=page,
        title=page.title,
        url="/structure/",
        published_at=timezone.now(),
        claims=[ClaimSpec(item=item, element=None, period_key="current")],
    )
    html = client.get("/").content.decode()
    assert "1/43" in html
    assert "โครงสร้างองค์กร" in html  # in the latest publications


@override_settings(PUBLIC_CACHE_SECONDS=600)
def test_a_corrected_catalogue_title_empties_the_cache(
    client, world, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from prongsai.ita.models import Item

    call_command("ita_load", verbosity=0)
    assert client.get("/ita/2566/")["X-Prongsai-Cache"] == "miss"
    assert client.get("/ita/2566/")["X-Prongsai-Cache"] == "hit"
    item = Item.objects.get(catalogue__fiscal_year=2566, slug="o1")
    item.title_th = "โครงสร้างหน่วยงาน (แก้ไข)"
    with django_capture_on_commit_callbacks(execute=True):
        item.save()
    response = client.get("/ita/2566/")
    assert response["X-Prongsai-Cache"] == "miss"
    assert "โครงสร้างหน่วยงาน (แก้ไข)" in response.content.decode()


@override_settings(PUBLIC_CACHE_SECONDS=600)
def test_an_htmx_fragment_and_the_full_page_are_cached_apart(client, news):
    full = client.get("/news/")
    fragment = client.get("/news/", HTTP_HX_REQUEST="true")
    assert full["X-Prongsai-Cache"] == "miss"
    assert fragment["X-Prongsai-Cache"] == "miss"
    assert client.get("/news/")["X-Prongsai-Cache"] == "hit"


def test_a_change_to_the_search_index_empties_the_cache(
    client, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Files are read after publication: a result page cached in between must not stay."""
    from prongsai.search import service
    from prongsai.search.documents import SearchDocument

    # Only the settings fixture here: mixed with @override_settings, the two undo each other
    # out of order and the page cache stayed on for every later test of the worker.
    settings.PUBLIC_CACHE_SECONDS = 600
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "s.sqlite3")}
    service.reset_engine()
    try:
        assert client.get("/search/?q=ยีราฟ")["X-Prongsai-Cache"] == "miss"
        assert client.get("/search/?q=ยีราฟ")["X-Prongsai-Cache"] == "hit"
        doc = SearchDocument(key="x:1", title="ยีราฟในสวนสัตว์", url="/x1", is_public=True)
        with django_capture_on_commit_callbacks(execute=True):
            service.get_engine().index([doc])  # the engine alone says nothing ...
        assert client.get("/search/?q=ยีราฟ")["X-Prongsai-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            service.search_remove_key(key="x:1")  # ... the service tells the site
        response = client.get("/search/?q=ยีราฟ")
        assert response["X-Prongsai-Cache"] == "miss"
    finally:
        service.reset_engine()
