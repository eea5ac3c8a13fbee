"""End to end in a real browser: a work-group member uploads the O21 procurement summary and
submits it, an executive approves it, the PR unit publishes it, and an anonymous visitor finds it
on /ita/2566/o21/ and downloads the file; afterwards the ledger verifies."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from prongsai.disclosure import samples, services
from prongsai.disclosure.models import EvidencePage
from prongsai.ita import services as ita_services
from prongsai.ita.models import Item
from prongsai.ita.schema import CATALOGUE_DIR
from prongsai.ledger.models import LedgerEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FILE_NAME = "สขร1_ต.ค.65.pdf"
PDF = samples.simple_pdf(["Monthly procurement summary", "October 2565"], title="O21")


@pytest.fixture
def site(live_server, world, settings, tmp_path):
    from wagtail.models import Site

    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "search.sqlite3")}
    Site.objects.filter(pk=world.agency.site.pk).update(hostname="localhost", is_default_site=True)
    ita_services.catalogue_import(file=CATALOGUE_DIR / "ita-2566.toml")
    services.disclosure_setup(agency=world.agency)
    return live_server.url


def sign_in(browser, browser_context_args, site: str, username: str):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    return context, page


def test_upload_approve_publish_and_download(browser, browser_context_args, site):
    o21 = Item.objects.get(catalogue__fiscal_year=2566, code="O21")

    # 1. The finance officer uploads the October summary and submits it.
    context, page = sign_in(browser, browser_context_args, site, "somchai")
    page.goto(site + "/admin/disclosure/upload/")
    page.locator("#id_item").select_option(str(o21.pk))
    page.locator("#id_title").fill("สรุปผลการจัดซื้อจัดจ้าง")
    page.locator("#id_files").set_input_files(
        [{"name": FILE_NAME, "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="ตรวจไฟล์และสร้างฉบับร่าง").click()
    expect(page.get_by_role("link", name="สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565")).to_be_visible()
    expect(page.get_by_text("ส่งขออนุมัติแล้ว 1 หน้า")).to_be_visible()
    context.close()

    # 2. An executive approves it from the task list.
    context, page = sign_in(browser, browser_context_args, site, "deputy")
    page.goto(site + "/admin/disclosure/tasks/")
    page.get_by_role("link", name="สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565").click()
    expect(page.get_by_text(FILE_NAME)).to_be_visible()
    page.get_by_role("button", name="อนุมัติฉบับนี้").click()
    page.wait_for_url("**/admin/disclosure/tasks/")
    context.close()

    # 3. The PR unit publishes it.
    context, page = sign_in(browser, browser_context_args, site, "nok")
    page.goto(site + "/admin/disclosure/tasks/")
    page.get_by_role("link", name="สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565").click()
    page.get_by_role("button", name="เผยแพร่ทันที").click()
    page.wait_for_url("**/admin/disclosure/tasks/")
    context.close()

    # 4. Anyone finds it under ITA 2566 O21 and downloads the file.
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(site + "/ita/2566/o21/")
    page.get_by_role("link", name="สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565")
    expect(page.get_by_text("ฉบับที่ 1").first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=FILE_NAME).click()
    download = download_info.value
    assert download.suggested_filename == FILE_NAME
    with open(download.path(), "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == hashlib.sha256(PDF).hexdigest()
    context.close()

    evidence = EvidencePage.objects.get(title="สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565")
    assert evidence.live
    steps = list(
        LedgerEntry.objects.filter(
            object_id=str(evidence.pk), object_type="disclosure.evidencepage"
        ).values_list("action", flat=True)
    )
    assert steps == ["disclosure.submit", "disclosure.approve", "disclosure.publish"]
    call_command("ledger_verify")
