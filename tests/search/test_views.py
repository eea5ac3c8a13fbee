"""The /search/ page, its htmx partial, the JSON API and autocomplete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from prongsai.search import service

from .conftest import DOCS

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(settings, tmp_path) -> Iterator[None]:
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "search.sqlite3")}
    service.reset_engine()
    service.get_engine().rebuild(DOCS)
    yield
    service.reset_engine()


def test_search_page_works_without_javascript(client: Client, indexed: None) -> None:
    res = client.get("/search/", {"q": "ทุจริต"})
    assert res.status_code == 200
    html = res.content.decode()
    assert "<html" in html  # a full page
    assert 'action="/search/"' in html and 'method="get"' in html
    assert "มาตรการป้องกันการ<mark>ทุจริต</mark>" in html
    assert "ร่างแผนปฏิบัติการ" not in html  # drafts are never public


def test_search_page_answers_htmx_with_the_results_only(client: Client, indexed: None) -> None:
    res = client.get("/search/", {"q": "ทุจริต"}, headers={"HX-Request": "true"})
    html = res.content.decode()
    assert "<html" not in html
    assert "<mark>ทุจริต</mark>" in html


def test_facet_links_filter_the_results(client: Client, indexed: None) -> None:
    html = client.get("/search/", {"q": "ทุจริต"}).content.decode()
    assert "year=2567" in html
    filtered = client.get("/search/", {"q": "ทุจริต", "year": "2567"}).content.decode()
    assert "ช่องทางการร้องเรียน" in filtered and "มาตรการป้องกัน" not in filtered


def test_a_common_era_year_filter_is_read_as_buddhist_era(client: Client, indexed: None) -> None:
    html = client.get("/search/", {"q": "ทุจริต", "year": "2024"}).content.decode()
    assert "ช่องทางการร้องเรียน" in html and "มาตรการป้องกัน" not in html


def test_bad_filters_keep_the_query_and_explain(client: Client, indexed: None) -> None:
    res = client.get("/search/", {"q": "ทุจริต", "date_from": "2024-13-45"})
    html = res.content.decode()
    assert res.status_code == 200
    assert 'value="ทุจริต"' in html
    assert 'role="alert"' in html


def test_empty_and_hostile_queries_render(client: Client, indexed: None) -> None:
    for q in ["", "   ", '"', "OR AND", "<script>alert(1)</script>", "🙂" * 50, "ก" * 3000]:
        res = client.get("/search/", {"q": q})
        assert res.status_code == 200
        assert "<script>alert(1)</script>" not in res.content.decode()


def test_api_returns_json_with_facets_and_highlights(client: Client, indexed: None) -> None:
    res = client.get("/api/v1/search", {"q": "ทุจริต", "page": "1"})
    assert res.status_code == 200
    data = res.json()
    assert data["total"] == 2
    assert {r["key"] for r in data["results"]} == {"d1", "d4"}
    assert {f["value"] for f in data["facets"]["fiscal_year"]} == {"2566", "2567"}
    assert any("<mark>ทุจริต</mark>" in r["title_html"] for r in data["results"])
    only = client.get("/api/v1/search", {"q": "ทุจริต", "year": "๒๕๖๗", "item": "O31"}).json()
    assert [r["key"] for r in only["results"]] == ["d4"]


def test_api_explains_bad_parameters_in_thai_and_english(client: Client, indexed: None) -> None:
    res = client.get("/api/v1/search", {"q": "ทุจริต", "page": "abc"})
    assert res.status_code == 400
    data = res.json()
    assert data["error"]["th"] and data["error"]["en"]
    assert set(data["fields"]["page"]) == {"th", "en"}


def test_autocomplete_titles(client: Client, indexed: None) -> None:
    data = client.get("/search/autocomplete", {"q": "รายงานผล"}).json()
    assert [r["title"] for r in data["results"]] == ["รายงานผลการเบิกจ่ายงบประมาณ ไตรมาส 2"]
    html = client.get(
        "/search/autocomplete", {"q": "รายงานผล"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert '<option value="รายงานผลการเบิกจ่ายงบประมาณ ไตรมาส 2">' in html


def test_nothing_found_offers_ways_on(client: Client, indexed: None) -> None:
    from django.urls import reverse

    # The htmx partial has no site navigation: the links are the help's own.
    res = client.get("/search/", {"q": "ยีราฟ"}, headers={"HX-Request": "true"})
    html = res.content.decode()
    assert "ไม่พบผลการค้นหาสำหรับ" in html
    assert "ตรวจการสะกดคำ" in html
    for name in ("ita-index", "ita-information-centre", "site-questions"):
        assert f'href="{reverse(name)}"' in html
    assert "ค้นหาอีกครั้งโดยไม่ใช้ตัวกรอง" not in html  # no filter to drop

    filtered = client.get("/search/", {"q": "ทุจริต", "year": "2501", "page": "2"})
    html = filtered.content.decode()
    assert "ค้นหาอีกครั้งโดยไม่ใช้ตัวกรอง" in html
    assert 'href="?q=%E0%B8%97%E0%B8%B8%E0%B8%88%E0%B8%A3%E0%B8%B4%E0%B8%95"' in html

    found = client.get("/search/", {"q": "ทุจริต"}).content.decode()
    assert "search-empty" not in found


def test_a_date_filter_is_typed_in_the_buddhist_era(client: Client, indexed: None) -> None:
    # d2 is dated 15 January 2024 (B.E. 2567); d1 1 March 2023.
    html = client.get(
        "/search/", {"q": "ทุจริต ประกาศ", "date_from": "1/1/2567", "date_to": "31 ม.ค. 67"}
    ).content.decode()
    assert 'value="1/1/2567"' in html  # what was typed stays in the box
    api = client.get("/api/v1/search", {"q": "ประกาศ", "date_from": "1/1/2567"}).json()
    keys = [r["key"] for r in api["results"]]
    assert "d2" in keys and "d1" not in keys
    same = client.get("/api/v1/search", {"q": "ประกาศ", "date_from": "2024-01-01"}).json()
    assert [r["key"] for r in same["results"]] == keys


def test_a_date_from_a_link_is_shown_in_the_buddhist_era(client: Client, indexed: None) -> None:
    """Links and the API send ISO Common-Era dates; the form shows them as people write them."""
    res = client.get("/search/", {"q": "ประกาศ", "date_from": "2024-01-01"})
    html = res.content.decode()
    assert 'name="date_from"' in html and 'value="1/1/2567"' in html
    assert 'value="2024-01-01"' not in html
    assert "ผู้ชนะการเสนอราคา" in html  # d2, dated 15 January 2024: the filter still applies
    later = client.get("/search/", {"q": "ประกาศ", "date_from": "2024-02-01"}).content
    assert "ผู้ชนะการเสนอราคา" not in later.decode()


def test_results_come_before_the_facets_for_phones(client: Client, indexed: None) -> None:
    """A narrow screen shows the page in document order: the results, then the facets (a wide
    screen places the facets on the left with CSS)."""
    html = client.get("/search/", {"q": "ทุจริต"}).content.decode()
    assert html.index('class="search-results"') < html.index('class="search-facets"')
    assert '<h2 class="visually-hidden">ผลการค้นหา</h2>' in html
