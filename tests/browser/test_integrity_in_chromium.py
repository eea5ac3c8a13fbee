"""The confidential channels in a real browser: a citizen's anonymous complaint followed by receipt
code, and a staff report that the integrity officer handles to closure."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD
from tests.integrity.conftest import PDF, org_chart  # noqa: F401 - fixture

SCREENSHOTS = Path(os.environ.get("PRONGSAI_SCREENSHOTS", tempfile.gettempdir()))

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server, world):
    from django.core.cache import cache
    from wagtail.models import Site

    cache.clear()
    Site.objects.filter(pk=world.agency.site.pk).update(hostname="localhost", is_default_site=True)
    return live_server.url


def sign_in(browser: Browser, site: str, username: str) -> Page:
    page = browser.new_page(locale="th-TH")
    page.goto(site + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/admin/")
    return page


def open_case(page: Page, site: str, reference: str) -> None:
    page.goto(site + "/admin/integrity/cases/")
    page.get_by_role("link", name=reference).click()
    if "/integrity/confirm/" in page.url:
        page.get_by_label("รหัสผ่านของท่าน").fill(PASSWORD)
        page.get_by_role("button", name="ยืนยัน").click()
    expect(page.locator("#case-what")).to_be_visible()


def act(page: Page, name: str, fields: dict[str, str], selects: dict[str, str] | None = None):
    box = page.locator(f"#action-{name}")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for field, value in fields.items():
        box.locator(f"[name='{name}-{field}']").fill(value)
    for field, label in (selects or {}).items():
        box.locator(f"select[name='{name}-{field}']").select_option(label=label)
    box.get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state()


def test_citizen_files_an_anonymous_complaint_and_follows_it(page: Page, site, world, tmp_path):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site + "/complaints/")
    expect(page.get_by_role("heading", level=1)).to_have_text("แจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ")
    assert axe_violations(page) == []
    page.get_by_label("เป็นเรื่องเกี่ยวกับ").select_option(label="การเรียกรับสินบนหรือผลประโยชน์")
    page.get_by_label("เกิดอะไรขึ้น").fill("เจ้าหน้าที่เรียกเงินเพื่อเร่งออกใบอนุญาต")
    page.get_by_label("เกิดขึ้นเมื่อใด").fill("เมษายน 2567")
    expect(page.get_by_label("ไม่ประสงค์ออกนาม")).to_be_checked()
    evidence = tmp_path / "หลักฐาน.pdf"
    evidence.write_bytes(PDF)
    page.locator("input[type=file][name=files]").set_input_files(str(evidence))
    page.locator("#id_consent").check()
    page.get_by_role("button", name="ส่งเรื่องร้องเรียน").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ได้รับเรื่องร้องเรียนของท่านแล้ว")
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert axe_violations(page) == []
    page.screenshot(path=SCREENSHOTS / "complaint-receipt.png", full_page=True)

    page.get_by_role("link", name="ติดตามเรื่องร้องเรียน").click()
    page.get_by_label("รหัสติดตามเรื่อง").fill(code.lower())
    page.get_by_role("button", name="แสดงสถานะ").click()
    expect(page.locator("#complaint-status")).to_have_text("รับเรื่องแล้ว รอมอบหมายผู้แสวงหาข้อเท็จจริง")
    assert axe_violations(page) == []
    page.get_by_label("ข้อมูลเพิ่มเติม").fill("มีพยานอีกสองคน")
    page.get_by_role("button", name="ส่ง", exact=True).click()
    expect(page.get_by_text("เพิ่มข้อมูลของท่านในเรื่องร้องเรียนแล้ว")).to_be_visible()
    expect(page.get_by_text("มีพยานอีกสองคน")).to_be_visible()

    # A wrong code shows the same message as any unknown code.
    page.goto(site + "/complaints/status/")
    page.get_by_label("รหัสติดตามเรื่อง").fill("ABCD-EFGH-JKMN-PQRS")
    page.get_by_role("button", name="แสดงสถานะ").click()
    expect(page.get_by_text("ไม่พบเรื่องร้องเรียนที่ตรงกับรหัสนี้")).to_be_visible()


def test_staff_report_handled_to_closure(browser: Browser, site, org_chart):  # noqa: F811
    reporter = sign_in(browser, site, "somchai")
    reporter.goto(site + "/admin/integrity/report/")
    reporter.get_by_label("ประเภทของการไม่ปฏิบัติตามกฎ").select_option(label="การจัดซื้อจัดจ้างไม่โปร่งใส")
    reporter.get_by_label("เกิดอะไรขึ้น").fill("มีการแบ่งซื้อวัสดุเป็นหลายใบสั่งซื้อในวันเดียว")
    reporter.get_by_label("เกิดขึ้นเมื่อใด").fill("มีนาคม 2567")
    reporter.get_by_label("หัวหน้างานการเงิน", exact=False).check()  # the supervisor is involved
    reporter.get_by_role("button", name="ส่งรายงาน").click()
    code = reporter.locator("#receipt-code").inner_text().strip()
    reporter.close()

    from prongsai.integrity.models import Case

    case = Case.objects.get()
    assert case.handler_position == org_chart.positions["chief"]

    officer = sign_in(browser, site, "pranee")
    open_case(officer, site, case.reference)
    expect(officer.locator("#case-what")).to_contain_text("แบ่งซื้อวัสดุ")
    act(officer, "assign", {}, {"fact_finder": "Pranee Tester"})
    act(officer, "facts", {"text": "พบใบสั่งซื้อสามใบในวันเดียวกัน"})
    act(officer, "analysis", {"text": "เข้าข่ายการแบ่งซื้อ"})
    act(
        officer,
        "proposals",
        {"text": "ตรวจวงเงินรวมรายเดือนก่อนอนุมัติ"},
        {"decider": "Deputy Tester"},
    )
    expect(officer.locator("#case-stage")).to_have_text("รอผู้บริหารวินิจฉัย")

    deputy = sign_in(browser, site, "deputy")
    open_case(deputy, site, case.reference)
    act(deputy, "decision", {"text": "เห็นชอบตามข้อเสนอ", "follow_up_days": "30"})
    expect(deputy.locator("#case-stage")).to_have_text("อยู่ระหว่างติดตามมาตรการ")

    officer.reload()
    act(officer, "follow_up", {"text": "ปรับขั้นตอนแล้ว"})
    box = officer.locator("#action-close_request")
    box.locator("summary").click()
    box.locator("select[name='close_request-outcome']").select_option("substantiated")
    box.locator("[name='close_request-text']").fill("ดำเนินการครบถ้วน")
    box.get_by_role("button", name="บันทึก").click()
    expect(officer.locator("#action-close_confirm")).to_have_count(0)  # not by the same person

    deputy.reload()
    act(deputy, "close_confirm", {"message_to_reporter": "แก้ไขเรียบร้อยแล้ว ขอบคุณที่แจ้ง"})
    expect(deputy.locator("#case-stage")).to_have_text("ยุติเรื่องแล้ว")
    assert axe_violations(deputy, impacts=("critical",)) == []
    deputy.screenshot(path=SCREENSHOTS / "case-closed.png", full_page=True)

    # The involved supervisor never sees it; the reporter reads the outcome by receipt code.
    malee = sign_in(browser, site, "malee")
    malee.goto(site + "/admin/integrity/cases/?show=all")
    expect(malee.get_by_text(case.reference)).to_have_count(0)
    public = browser.new_page(locale="th-TH")
    public.goto(site + "/complaints/status/")
    public.get_by_label("รหัสติดตามเรื่อง").fill(code)
    public.get_by_role("button", name="แสดงสถานะ").click()
    expect(public.locator("#complaint-status")).to_have_text("ยุติเรื่องแล้ว")
    expect(public.get_by_text("แก้ไขเรียบร้อยแล้ว ขอบคุณที่แจ้ง")).to_be_visible()
