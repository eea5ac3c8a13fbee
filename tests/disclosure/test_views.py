"""The public evidence page and listing, the ITA item page, and the staff screens."""

from __future__ import annotations

import pytest
from django.test import Client

from prongsai.disclosure import services
from prongsai.disclosure.models import EvidencePage
from tests.disclosure.conftest import (
    approve,
    current_task_state,
    make_evidence,
    published,
    submit,
    xlsx,
)

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def login(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_public_evidence_page_shows_period_files_dates_versions_and_verify(setup, client):
    page = published(setup, files=[xlsx("สขร1_ต.ค.65.xlsx")])
    body = client.get(page.url).content.decode()
    assert "ตุลาคม 2565" in body  # the period
    assert "สขร1_ต.ค.65.xlsx" in body and "Excel (XLSX)" in body
    attachment = page.attachments.get()
    assert attachment.human_size_th in body
    assert "ฉบับที่ 1" in body
    assert "อนุมัติ" in body  # approval date shown
    assert f"/verify/?sha256={attachment.sha256}" in body
    assert "/ita/2566/o21/" in body
    services.evidence_revise(page=page, user=setup.user("malee"), summary="ฉบับแก้ไข")
    submit(setup, page, by="malee")
    approve(setup, page)
    services.task_approve(task_state=current_task_state(page), user=setup.user("nok"))
    body = client.get(page.url).content.decode()
    assert "ฉบับที่ 2" in body and "ฉบับแก้ไข" in body


def test_ita_item_page_lists_published_evidence(setup, client):
    page = published(setup)
    body = client.get("/ita/2566/o21/").content.decode()
    assert page.title in body and page.url_path.split("/")[-2] in body


def test_verify_page_finds_the_published_file(setup, client):
    page = published(setup)
    digest = page.attachments.get().sha256
    body = client.get(f"/verify/?sha256={digest}").content.decode()
    assert page.title in body


def test_public_listing_filters_by_group_and_year(setup, client):
    published(setup, period="2566-M01")
    published(setup, period="2567-M01", title="เดือนหน้า")
    listing = setup.index.url
    body = client.get(listing).content.decode()
    assert "เดือนหน้า" in body
    body = client.get(listing + "?year=2566&group=finance").content.decode()
    assert "เดือนหน้า" not in body and "2566-M01" in body


def test_task_list_shows_each_role_its_work(setup):
    page = make_evidence(setup)
    submit(setup, page)
    body = login("deputy").get("/admin/disclosure/tasks/").content.decode()
    assert page.title in body and "/admin/disclosure/review/" in body
    assert (
        page.title
        not in login("nok")
        .get("/admin/disclosure/tasks/")
        .content.decode()
        .split("t-publish")[1]
        .split("t-returned")[0]
    )
    approve(setup, page)
    assert page.title in login("nok").get("/admin/disclosure/tasks/").content.decode()
    assert login("somchai").get("/admin/").status_code == 200  # the dashboard panel renders


def test_review_page_approves_and_publishes(setup):
    page = make_evidence(setup)
    submit(setup, page)
    state = current_task_state(page)
    deputy = login("deputy")
    assert deputy.get(f"/admin/disclosure/review/{state.pk}/").status_code == 200
    response = deputy.post(f"/admin/disclosure/review/{state.pk}/", {"action": "approve"})
    assert response.status_code == 302
    state = current_task_state(page)
    response = login("nok").post(f"/admin/disclosure/review/{state.pk}/", {"action": "approve"})
    assert response.status_code == 302
    assert EvidencePage.objects.get(pk=page.pk).live


def test_review_page_refuses_self_approval_and_other_agencies(setup):
    page = make_evidence(setup)
    submit(setup, page, by="chief")
    state = current_task_state(page)
    chief = login("chief")
    body = chief.get(f"/admin/disclosure/review/{state.pk}/").content.decode()
    assert 'value="approve"' not in body
    assert refused(chief.post(f"/admin/disclosure/review/{state.pk}/", {"action": "approve"}))
    assert current_task_state(page).pk == state.pk
    assert login("otherexec").get(f"/admin/disclosure/review/{state.pk}/").status_code == 404


def test_send_back_needs_a_reason_in_the_form(setup):
    page = make_evidence(setup)
    submit(setup, page)
    state = current_task_state(page)
    deputy = login("deputy")
    response = deputy.post(
        f"/admin/disclosure/review/{state.pk}/", {"action": "reject", "reject-comment": ""}
    )
    assert response.status_code == 200  # the form asks for the reason
    response = deputy.post(
        f"/admin/disclosure/review/{state.pk}/",
        {"action": "reject", "reject-comment": "แนบไฟล์ผิดเดือน"},
    )
    assert response.status_code == 302
    body = login("somchai").get("/admin/disclosure/tasks/").content.decode()
    assert "แนบไฟล์ผิดเดือน" in body


def test_unpublish_view_asks_for_a_reason(setup):
    page = published(setup)
    nok = login("nok")
    url = f"/admin/disclosure/evidence/{page.pk}/unpublish/"
    assert nok.get(url).status_code == 200
    assert nok.post(url, {"reason": " "}).status_code == 200
    assert EvidencePage.objects.get(pk=page.pk).live
    assert nok.post(url, {"reason": "ข้อมูลผิด"}).status_code == 302
    assert not EvidencePage.objects.get(pk=page.pk).live
    assert refused(login("somchai").get(url))


def test_submit_view(setup):
    page = make_evidence(setup)
    response = login("somchai").post(f"/admin/disclosure/evidence/{page.pk}/submit/")
    assert response.status_code == 302
    assert EvidencePage.objects.get(pk=page.pk).current_workflow_state is not None
    other = make_evidence(setup, period="2566-M02")
    # Another group's staff cannot even see the draft; an executive sees it but may not submit.
    assert login("wanida").post(f"/admin/disclosure/evidence/{other.pk}/submit/").status_code == 404
    assert refused(login("deputy").post(f"/admin/disclosure/evidence/{other.pk}/submit/"))
    assert EvidencePage.objects.get(pk=other.pk).current_workflow_state is None


@pytest.mark.parametrize(
    ("who", "scope", "status"),
    [
        ("deputy", "agency", 200),
        ("deputy", "executive", 200),
        ("somchai", "group", 200),
        ("somchai", "agency", 302),
        ("outsider", "agency", 404),
    ],
)
def test_board_view_scopes(setup, who, scope, status):
    response = login(who).get(f"/admin/disclosure/board/?scope={scope}&year=2566&agency=roiet")
    assert response.status_code == status


def test_the_wagtail_editor_opens_for_evidence(setup):
    page = make_evidence(setup)
    somchai = login("somchai")
    assert somchai.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    response = somchai.get(f"/admin/pages/add/disclosure/evidencepage/{setup.index.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2566-M04" in body  # the period picker offers the fiscal calendar
    assert "action-publish" not in body  # no direct publication


def _editor_data(client, url, setup, *, upload_file, title="สรุปผล ตุลาคม 2565"):
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": title,
            "slug": "o21-oct",
            "work_group": str(setup.world.groups["finance"].pk),
            "period_key": "2566-M01",
            "ita_links-TOTAL_FORMS": "1",
            "ita_links-0-item": str(setup.item("O21").pk),
            "ita_links-0-element": "",
            "ita_links-0-ORDER": "1",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "",
            "attachments-0-period_key": "",
            "attachments-0-ORDER": "1",
        }
    )
    data = data.dict()
    data["attachments-0-upload"] = upload_file
    return data


def test_the_wagtail_editor_checks_files_and_submits_to_the_workflow(setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from prongsai.ledger.models import LedgerEntry
    from tests.disclosure.conftest import pdf

    client = login("somchai")
    url = f"/admin/pages/add/disclosure/evidencepage/{setup.index.pk}/"
    bad = _editor_data(
        client, url, setup, upload_file=SimpleUploadedFile("virus.pdf", b"MZ" + b"\0" * 64)
    )
    response = client.post(url, bad)
    assert response.status_code == 200  # the form is shown again with the error
    assert "virus.pdf" in response.content.decode()
    assert not EvidencePage.objects.filter(slug="o21-oct").exists()

    good = _editor_data(
        client, url, setup, upload_file=SimpleUploadedFile("สขร1_ต.ค.65.pdf", pdf().data)
    )
    good["action-submit"] = "1"
    response = client.post(url, good)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = EvidencePage.objects.get(slug="o21-oct")
    attachment = page.attachments.get()
    assert attachment.original_name == "สขร1_ต.ค.65.pdf" and attachment.sha256
    assert attachment.upload.name.startswith("evidence/")
    assert page.current_workflow_state is not None
    assert LedgerEntry.objects.filter(action="disclosure.submit", object_id=str(page.pk)).exists()
    assert "action-publish" not in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()


def test_task_list_and_board_queries_do_not_grow_with_the_evidence(setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    deputy = login("deputy")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert deputy.get(url).status_code == 200
        return len(ctx.captured_queries)

    submit(setup, make_evidence(setup, period="2566-M01"))
    deputy.get("/admin/disclosure/tasks/")  # warm caches
    few = (count("/admin/disclosure/tasks/"), count("/admin/disclosure/board/?year=2566"))
    for month in range(2, 7):
        submit(setup, make_evidence(setup, period=f"2566-M0{month}"))
    many = (count("/admin/disclosure/tasks/"), count("/admin/disclosure/board/?year=2566"))
    assert many == few
