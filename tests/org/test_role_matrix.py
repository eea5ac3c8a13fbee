"""Who may change which pages: work-group ownership inside an agency, and agency isolation."""

from __future__ import annotations

import pytest
from django.test import Client

from prongsai.site.models import StandardPage
from tests.conftest import World


@pytest.fixture
def pages(world: World) -> dict[str, StandardPage]:
    made = {}
    for key, agency, group in [
        ("finance", world.agency, "finance"),
        ("hr", world.agency, "hr"),
        ("other", world.other_agency, "other-finance"),
    ]:
        home = agency.site.root_page
        page = StandardPage(title=f"หน้า {key}", slug=f"page-{key}", work_group=world.groups[group])
        home.add_child(instance=page)
        page.save_revision().publish()
        made[key] = page
    return made


def client_for(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


# (user, page, may edit?)
EDIT_MATRIX = [
    ("somchai", "finance", True),  # staff of the owning group
    ("malee", "finance", True),  # head of the owning group
    ("somchai", "hr", False),  # staff of another group of the same agency
    ("wanida", "hr", True),
    ("wanida", "finance", False),
    ("admin", "finance", True),  # the agency's administrator
    ("admin", "hr", True),
    ("deputy", "finance", False),  # executives approve; they do not edit
    ("pranee", "finance", False),
    ("outsider", "finance", False),  # staff of another agency
    ("otheradmin", "finance", False),  # even that agency's administrator
    ("otheradmin", "other", True),
    ("somchai", "other", False),
]


@pytest.mark.parametrize(("username", "page_key", "allowed"), EDIT_MATRIX)
def test_edit_permission_follows_work_group_and_agency(world, pages, username, page_key, allowed):
    page = pages[page_key]
    tester = page.permissions_for_user(world.users[username])
    assert tester.can_edit() is allowed

    response = client_for(world, username).get(f"/admin/pages/{page.pk}/edit/")
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert f"/admin/pages/{page.pk}/edit/" not in response["Location"]


@pytest.mark.parametrize(("username", "page_key"), [("wanida", "finance"), ("outsider", "finance")])
def test_a_refused_edit_changes_nothing(world, pages, username, page_key):
    page = pages[page_key]
    response = client_for(world, username).post(
        f"/admin/pages/{page.pk}/edit/",
        {"title": "แก้ไขโดยผู้ไม่มีสิทธิ์", "slug": page.slug, "work_group": page.work_group_id},
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == f"หน้า {page_key}"
    assert page.get_latest_revision().content["title"] == f"หน้า {page_key}"


def test_staff_see_only_their_own_agency_in_the_page_explorer(world, pages):
    client = client_for(world, "somchai")
    own = client.get(f"/admin/pages/{world.agency.site.root_page_id}/")
    assert own.status_code == 200
    assert "หน้า finance" in own.content.decode()

    foreign = client.get(f"/admin/pages/{world.other_agency.site.root_page_id}/")
    assert foreign.status_code in (302, 403, 404)
    assert "หน้า other" not in foreign.content.decode()


def test_documents_are_scoped_to_the_agency_collection(world):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from prongsai.org.services import agency_collection

    Document = get_document_model()
    doc = Document(title="เอกสารของขอนแก่น", collection=agency_collection(world.other_agency))
    doc.file.save("khonkaen.pdf", ContentFile(b"%PDF-1.4 test"), save=True)

    listing = client_for(world, "somchai").get("/admin/documents/")
    assert listing.status_code == 200
    assert "เอกสารของขอนแก่น" not in listing.content.decode()
    assert client_for(world, "somchai").get(f"/admin/documents/edit/{doc.pk}/").status_code in (
        302,
        403,
    )
    own = client_for(world, "otheradmin").get("/admin/documents/")
    assert "เอกสารของขอนแก่น" in own.content.decode()
