"""Published evidence is searchable (with the text of its files, read in the background);
drafts and unpublished evidence are not."""

from __future__ import annotations

import pytest

from prongsai.disclosure import search_docs, services
from prongsai.search import service
from prongsai.search.documents import Filters, Visibility
from prongsai.search.models import ExtractedFile
from tests.disclosure.conftest import make_evidence, pdf, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(settings, tmp_path):
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "search.sqlite3")}
    service.reset_engine()
    yield service.get_engine()
    service.reset_engine()


def keys(engine, text):
    results = engine.search(text, filters=Filters(), visibility=Visibility.public())
    return [hit.key for hit in results.hits]


def test_drafts_have_no_search_document(setup):
    page = make_evidence(setup)
    assert search_docs.to_document(page) is None


def test_published_evidence_is_indexed_with_its_file_text(
    setup, index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = published(setup, files=[pdf(text="Stationery tender Roi Et")])
    key = search_docs.search_key(page)
    assert ExtractedFile.objects.filter(owner_key=key, status="ok").exists()
    doc = search_docs.to_document(page)
    assert (
        doc.ita_item == "O21" and doc.fiscal_year == 2566 and doc.url == "/evidence/o21-2566-m01/"
    )
    assert "Stationery" in doc.body
    assert key in keys(index, "Stationery")
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_unpublish(page=page, user=setup.user("nok"), reason="ผิดเดือน")
    assert key not in keys(index, "Stationery")
    assert not ExtractedFile.objects.filter(owner_key=key).exists()


def test_public_paths_are_in_the_default_language_whatever_is_active(db):
    from django.utils import translation
    from wagtail.models import Page

    from prongsai.disclosure.receivers import page_path
    from tests.conftest import make_agency

    agency = make_agency("path-test", "หน่วยงานทดสอบเส้นทาง", "path.example", default=True)
    child = agency.site.root_page.add_child(instance=Page(title="หน้าย่อย", slug="child"))
    with translation.override("en"):
        assert page_path(child) == "/child/"


def test_standing_evidence_is_filed_under_the_year_it_was_published(setup, index):
    import datetime as dt
    import zoneinfo

    page = published(setup, period="current")
    assert page.period.fiscal_year is None
    # Listed under the 2566 criteria (the newest the agency has), published in B.E. 2570.
    assert search_docs.to_document(page).ita_item
    bangkok = zoneinfo.ZoneInfo("Asia/Bangkok")
    page.last_published_at = dt.datetime(2026, 11, 27, 10, 0, tzinfo=bangkok)
    assert search_docs.to_document(page).fiscal_year == 2570
    page.last_published_at = dt.datetime(2026, 9, 30, 23, 0, tzinfo=bangkok)
    assert search_docs.to_document(page).fiscal_year == 2569


def test_staff_see_what_each_file_belongs_to_by_its_title(
    setup, index, client, django_capture_on_commit_callbacks
):
    """The file-text list named the owner by its index key (disclosure.evidencepage:43)."""
    with django_capture_on_commit_callbacks(execute=True):
        page = published(setup, files=[pdf(text="Stationery tender Roi Et")])
    client.force_login(setup.user("admin"))
    html = client.get("/admin/search/files/").content.decode()
    assert f'<a href="/admin/pages/{page.pk}/edit/">{page.title}</a>' in html
    assert search_docs.search_key(page) not in html
    start = html.index("data-w-breadcrumbs")
    assert "ข้อความในไฟล์สำหรับการค้นหา" in html[start : html.index("</ol>", start)]  # not หน้าแรก
    page.delete()
    html = client.get("/admin/search/files/").content.decode()
    assert "รายการนี้ถูกลบแล้ว" in html
