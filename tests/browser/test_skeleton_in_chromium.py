"""The public skeleton and the staff sign-in, in a real browser at phone and desktop widths."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD

SCREENSHOTS = Path(os.environ.get("PRONGSAI_SCREENSHOTS", tempfile.gettempdir()))

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server, world):
    from wagtail.models import Site

    Site.objects.filter(pk=world.agency.site.pk).update(hostname="localhost", is_default_site=True)
    return live_server.url


@pytest.mark.parametrize("width", [320, 1280])
def test_home_page_reads_in_thai_and_passes_axe(page, site, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_have_text("สำนักงานจังหวัดร้อยเอ็ด")
    # Nothing wider than the screen at 320 px.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert axe_violations(page) == []
    page.screenshot(path=SCREENSHOTS / f"home-{width}.png", full_page=True)


def test_skip_link_is_first_and_moves_focus_to_main(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "ข้ามไปยังเนื้อหาหลัก"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_goes_to_english_and_back(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="ภาษาไทย").click()
    expect(page.locator("html")).to_have_attribute("lang", "th")


def test_staff_sign_in_by_keyboard(page, site):
    page.goto(site + "/admin/login/")
    page.locator("#id_username").fill("somchai")
    page.locator("#id_password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
