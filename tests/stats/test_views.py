"""The public statistics page, the dashboard (who may see it) and the report downloads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.stats import services
from prongsai.stats.models import EventKind, TargetKind
from tests.stats.conftest import BROWSER, event

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(world):
    """Three views of the finance group's page and one search without results, today."""
    now = timezone.localtime()
    for v in ("a", "b", "a"):
        event(
            world.agency,
            now,
            target_kind=TargetKind.GROUP,
            target="finance",
            path="/groups/finance/",
            visitor=v,
        )
    event(world.agency, now, EventKind.SEARCH, query="สวัสดิการ", results=0)
    services.stats_roll_up()
    return world


def test_the_public_page_shows_visits_with_a_chart_and_its_table(client, counted):
    response = client.get("/statistics/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "สถิติการเข้าชมเว็บไซต์" in html
    assert 'role="img"' in html and '<title id="stats-months-title">' in html
    assert "<table" in html
    assert "กลุ่มงาน finance" in html  # the most read pages name the group
    assert "สวัสดิการ" not in html  # searches are for the executives, not the public page
    assert not response.cookies


def test_the_public_page_in_english(client, counted):
    response = client.get("/en/statistics/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert "Site statistics" in response.content.decode()


@pytest.mark.parametrize("username", ["deputy", "nok", "admin"])
def test_executives_the_pr_unit_and_the_administrator_see_the_dashboard(client, counted, username):
    client.force_login(counted.users[username])
    response = client.get(reverse("stats-dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "สถิติการเข้าชมเว็บไซต์" in html
    assert "สวัสดิการ" in html  # the content-gap list
    assert html.count('role="img"') >= 3


@pytest.mark.parametrize("username", ["somchai", "malee", "pranee"])
def test_others_do_not(client, counted, username):
    client.force_login(counted.users[username])
    assert client.get(reverse("stats-dashboard")).status_code in (302, 403)  # Wagtail: back home


def test_another_agencys_statistics_are_not_found(client, counted):
    client.force_login(counted.users["deputy"])
    url = reverse("stats-dashboard") + "?agency=khonkaen"
    assert client.get(url).status_code == 404


def test_a_whole_fiscal_year_and_bad_parameters(client, counted):
    client.force_login(counted.users["deputy"])
    fy = (timezone.localdate() + dt.timedelta(days=92)).year + 543
    assert client.get(reverse("stats-dashboard") + f"?year={fy}").status_code == 200
    assert client.get(reverse("stats-dashboard") + "?year=abc").status_code == 404
    assert client.get(reverse("stats-dashboard") + "?year=2566&quarter=7").status_code == 404


def test_the_report_downloads(client, counted):
    client.force_login(counted.users["nok"])
    base = reverse("stats-report") + "?year=2566&quarter=2"
    pdf = client.get(base + "&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="stats-roiet-2566-q2.pdf"'
    xlsx = client.get(base + "&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert client.get(base + "&format=doc").status_code == 404
    client.force_login(counted.users["somchai"])
    assert client.get(base + "&format=pdf").status_code in (302, 403)


def test_the_menu_item_is_shown_to_readers_only(client, counted):
    client.force_login(counted.users["deputy"])
    assert reverse("stats-dashboard") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(counted.users["somchai"])
    assert (
        reverse("stats-dashboard") not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_the_search_results_ping_the_click_counter(client, world, search_index):
    from prongsai.search.documents import SearchDocument

    search_index.index(
        [
            SearchDocument(
                key="t1",
                title="แผนการจัดซื้อจัดจ้าง",
                body="แผนการจัดซื้อจัดจ้างประจำปี",
                url="/plan/",
                kind="disclosure",
                date=dt.date(2023, 1, 1),
            )
        ]
    )
    html = client.get("/search/?q=แผนการจัดซื้อจัดจ้าง", HTTP_USER_AGENT=BROWSER).content.decode()
    assert 'ping="/statistics/click?q=' in html and "rank=1" in html


def test_every_public_page_links_to_the_statistics(client, world):
    html = client.get("/groups/", HTTP_USER_AGENT=BROWSER).content.decode()
    assert 'href="/statistics/"' in html


def test_without_recent_figures_the_pages_show_the_last_period_that_has_some(client, world):
    from prongsai.stats.models import DailyTotal

    DailyTotal.objects.create(agency=world.agency, day=dt.date(2023, 2, 10), views=5)
    public = client.get("/statistics/", HTTP_USER_AGENT=BROWSER).content.decode()
    assert "ปีงบประมาณ 2566" in public
    client.force_login(world.users["deputy"])
    dashboard = client.get(reverse("stats-dashboard")).content.decode()
    assert "ไตรมาส 2 ปีงบประมาณ 2566" in dashboard
