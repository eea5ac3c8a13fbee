"""Counting visits: what is counted, what is not (bots, staff, errors), cached pages, searches,
search clicks, questions; and that no stored row holds an address, a user agent or a cookie."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import override_settings
from django.urls import reverse

from prongsai.stats import recorder
from prongsai.stats.models import DailySalt, Event, EventKind, TargetKind
from tests.stats.conftest import BROWSER

pytestmark = pytest.mark.django_db


def events() -> list[Event]:
    recorder.flush()
    return list(Event.objects.order_by("pk"))


def get(client, path: str, ua: str = BROWSER, **extra):
    return client.get(path, HTTP_USER_AGENT=ua, **extra)


def test_it_counts_a_work_group_page_by_its_code(client, world):
    assert get(client, "/groups/finance/").status_code == 200
    [e] = events()
    assert (e.kind, e.target_kind, e.target) == (EventKind.VIEW, TargetKind.GROUP, "finance")
    assert e.agency_id == world.agency.pk
    assert e.path == "/groups/finance/"
    assert e.visitor and len(e.visitor) == 16


def test_it_counts_wagtail_pages_by_page_id(client, world):
    assert get(client, "/").status_code == 200
    [e] = events()
    assert (e.target_kind, e.target) == (TargetKind.PAGE, str(world.agency.site.root_page_id))


@pytest.mark.parametrize(
    "ua",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "Lighthouse",
    ],
)
def test_it_does_not_count_bots(client, world, ua):
    assert get(client, "/groups/finance/", ua=ua).status_code == 200
    assert events() == []


def test_it_does_not_count_prefetches(client, world):
    get(client, "/groups/finance/", HTTP_SEC_PURPOSE="prefetch")
    assert events() == []


def test_it_does_not_count_staff_errors_or_posts(client, world):
    client.force_login(world.users["nok"])
    get(client, "/groups/finance/")
    client.logout()
    get(client, "/groups/no-such-group/")  # 404
    client.head("/groups/finance/", HTTP_USER_AGENT=BROWSER)
    get(client, "/admin/login/")
    assert events() == []


def test_a_browser_that_asks_not_to_be_tracked_is_counted_without_a_visitor_hash(client, world):
    get(client, "/groups/finance/", HTTP_DNT="1")
    get(client, "/groups/hr/", HTTP_SEC_GPC="1")
    assert [e.visitor for e in events()] == [None, None]


def test_the_same_connection_is_one_visitor_a_day_and_another_is_another(client, world):
    get(client, "/groups/finance/", REMOTE_ADDR="198.51.100.1")
    get(client, "/groups/hr/", REMOTE_ADDR="198.51.100.1")
    get(client, "/groups/hr/", REMOTE_ADDR="198.51.100.2")
    a, b, c = events()
    assert a.visitor == b.visitor != c.visitor


@override_settings(PUBLIC_CACHE_SECONDS=600)
def test_pages_served_from_the_page_cache_are_counted_as_the_same_page(client, world):
    first = get(client, "/")
    second = get(client, "/")
    assert first["X-Prongsai-Cache"] == "miss"
    assert second["X-Prongsai-Cache"] == "hit"
    a, b = events()
    assert (
        (a.target_kind, a.target)
        == (b.target_kind, b.target)
        == (
            TargetKind.PAGE,
            str(world.agency.site.root_page_id),
        )
    )


@override_settings(PUBLIC_CACHE_SECONDS=600)
def test_cached_django_views_are_counted_too(client, world):
    get(client, "/groups/finance/")
    assert get(client, "/groups/finance/")["X-Prongsai-Cache"] == "hit"
    assert [(e.target_kind, e.target) for e in events()] == [(TargetKind.GROUP, "finance")] * 2


def test_recording_can_be_switched_off(client, world, settings):
    settings.STATS_ENABLED = False
    get(client, "/groups/finance/")
    assert events() == []


def test_a_search_is_counted_with_its_normalised_query_and_result_count(client, world):
    get(
        client,
        "/search/?q=%20%E0%B8%9C%E0%B8%A5%E0%B8%81%E0%B8%B2%E0%B8%A3%E0%B8%88%E0%B8%B1%E0%B8%94%E0%B8%8B%E0%B8%B7%E0%B9%89%E0%B8%AD%20%E0%B9%92%E0%B9%95%E0%B9%96%E0%B9%96",
    )
    get(client, "/search/?q=ผลการจัดซื้อ+2566&page=2")  # the next page is not a new search
    [e] = events()
    assert e.kind == EventKind.SEARCH
    assert e.query == "ผลการจัดซื้อ 2566"
    assert e.results == 0


@override_settings(PUBLIC_CACHE_SECONDS=600)
def test_a_search_served_from_the_page_cache_is_counted(client, world):
    get(client, "/search/?q=งบประมาณ")
    assert get(client, "/search/?q=งบประมาณ")["X-Prongsai-Cache"] == "hit"
    assert [(e.kind, e.query) for e in events()] == [(EventKind.SEARCH, "งบประมาณ")] * 2


def test_a_search_result_ping_counts_the_rank_opened(client, world):
    url = reverse("stats-search-click") + "?q=แผนจัดซื้อ&rank=3"
    assert client.post(url, HTTP_USER_AGENT=BROWSER).status_code == 204
    assert client.post(url, HTTP_USER_AGENT="curl/8").status_code == 204
    assert (
        client.post(
            reverse("stats-search-click") + "?q=x&rank=0", HTTP_USER_AGENT=BROWSER
        ).status_code
        == 204
    )
    [e] = events()
    assert (e.kind, e.query, e.rank) == (EventKind.CLICK, "แผนจัดซื้อ", 3)


def test_search_queries_lose_personal_data(client, world):
    get(client, "/search/?q=สมชาย 081-234-5678 somchai@example.com")
    [e] = events()
    assert "081" not in e.query and "example.com" not in e.query
    assert e.query == "สมชาย [ตัวเลข] [อีเมล]"


def test_a_question_is_counted_without_its_content(
    client, world, django_capture_on_commit_callbacks
):
    from prongsai.site import services

    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(agency=world.agency, text="ขอทราบกำหนดการรับสมัครงาน", display_name="")
    [e] = events()
    assert (e.kind, e.agency_id, e.query, e.target) == (EventKind.QUESTION, world.agency.pk, "", "")


SECRET_IP = "203.0.113.77"
SECRET_UA = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0 UniqueMarker/9.9"
SECRET_COOKIE = "c00kie-value-4f1d2e"


def _all_stored_text() -> str:
    from prongsai.stats import services

    recorder.flush()
    services.stats_roll_up()
    parts = []
    for model in apps.get_app_config("stats").get_models():
        for row in model.objects.values():
            parts.extend(str(v) for v in row.values())
    return "\n".join(parts)


def test_no_stored_row_holds_an_address_a_user_agent_or_a_cookie(client, world):
    client.cookies["sessionid"] = SECRET_COOKIE
    client.cookies["tracking"] = SECRET_COOKIE
    for path in ("/", "/groups/finance/", "/search/?q=ภาษี", "/statistics/"):
        get(client, path, ua=SECRET_UA, REMOTE_ADDR=SECRET_IP)
    client.post(
        reverse("stats-search-click") + "?q=ภาษี&rank=1",
        HTTP_USER_AGENT=SECRET_UA,
        REMOTE_ADDR=SECRET_IP,
    )
    stored = _all_stored_text()
    assert Event.objects.count() == 5
    assert DailySalt.objects.exists()  # the day's salt: a secret, not a visitor's data
    for secret in (SECRET_IP, "203.0.113", "UniqueMarker", "Firefox", "Gecko", SECRET_COOKIE):
        assert secret not in stored
    # and no table even has a place for them
    names = {
        f.name
        for model in apps.get_app_config("stats").get_models()
        for f in model._meta.get_fields()
    }
    assert not names & {
        "ip",
        "ip_address",
        "address",
        "user_agent",
        "agent",
        "cookie",
        "user",
        "session",
    }


def test_responses_set_no_cookie(client, world):
    response = get(client, "/groups/finance/")
    assert not response.cookies
