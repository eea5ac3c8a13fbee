"""Every public page type of the demo agency, in Chromium: axe-core finds no serious or critical
WCAG 2.1 A/AA violation, nothing overflows a 320 px screen, and the main routes work by keyboard."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_site(live_server, tmp_path):
    from wagtail.models import Site

    from prongsai.core.demo import ensure_wagtail_roots, seed_demo

    ensure_wagtail_roots()
    with override_settings(VAR_DIR=tmp_path):
        call_command("prongsai_setup", "--keys-only", verbosity=0)
        ctx = seed_demo()
    call_command("search_reindex", verbosity=0)
    Site.objects.filter(pk=ctx.agency.site.pk).update(hostname="localhost", port=80)
    return live_server.url


def public_urls() -> dict[str, str]:
    from prongsai.disclosure.models import EvidencePage
    from prongsai.site.models import NewsPage

    news = NewsPage.objects.live().order_by("-date").first()
    evidence = EvidencePage.objects.live().order_by("-last_published_at").first()
    return {
        "home": "/",
        "home (English)": "/en/",
        "news listing": "/news/",
        "news item": news.url,
        "ITA years": "/ita/",
        "ITA year": "/ita/2566/",
        "ITA item": "/ita/2566/o21/",
        "evidence": evidence.url,
        "information centre": "/information-centre/",
        "work groups": "/groups/",
        "work group": "/groups/finance/",
        "questions": "/questions/",
        "search": "/search/?q=จัดซื้อจัดจ้าง",
        "verify": "/verify/",
        "complaint": "/complaints/",
        "complaint status": "/complaints/status/",
        "complaint guideline": "/complaints/guideline/",
        "statistics": "/statistics/",
        "not found": "/no-such-page/",
    }


def test_every_public_page_type_passes_axe_at_phone_and_desktop_widths(page, demo_site):
    failures = {}
    for name, path in public_urls().items():
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(demo_site + path)
            assert response is not None
            assert response.status == (404 if name == "not found" else 200), name
            violations = axe_violations(page)
            if violations:
                failures[f"{name} @ {width}"] = [
                    (v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations
                ]
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if width == 320 and overflow > 0:
                failures[f"{name} @ 320 overflow"] = overflow
    assert failures == {}


def test_search_and_an_ita_item_by_keyboard_alone(page, demo_site):
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    search = page.get_by_role("searchbox").first
    search.focus()
    page.keyboard.type("จัดซื้อจัดจ้าง")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    expect(page.locator("main")).to_contain_text("จัดซื้อ")

    page.goto(demo_site + "/ita/2566/")
    link = page.locator("main a[href$='/ita/2566/o21/']").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/ita/2566/o21/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("O21")
