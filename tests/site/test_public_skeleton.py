"""The public site skeleton: Thai home page, English at /en/, accessible base template, /healthz."""

from __future__ import annotations

import re

import pytest
from django.test import Client


@pytest.fixture
def client(world) -> Client:
    return Client()


def test_home_page_is_thai_with_agency_contacts(client, world):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "สำนักงานจังหวัดร้อยเอ็ด" in html
    assert "ข้ามไปยังเนื้อหาหลัก" in html  # skip link, in Thai
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<main" in html and "<footer" in html and "<nav" in html
    assert "0 4351 1234" in html  # the agency's telephone in the footer
    assert 'href="/en/"' in html  # language switch


def test_english_version_at_en_prefix(client, world):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert 'href="/"' in html and "ภาษาไทย" in html


def test_fonts_and_css_are_served_from_the_site_itself(client, world):
    html = client.get("/").content.decode()
    external = re.findall(r'(?:href|src)="(https?://[^"]+)"', html)
    assert external == []
    assert "/static/fonts/sarabun-thai-400-normal.woff2" in html


def test_not_found_page_is_thai(client, world):
    response = client.get("/ไม่มีหน้านี้/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in html


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_security_headers_on_public_pages(client, world):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_staff_sign_in_page_is_thai(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="th"' in html
    assert "เข้าสู่ระบบ" in html
