"""Staff screens: the readiness dashboard (who sees what, exports, query counts), the import and
clone forms, and the item editor that never changes an item's URL."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from prongsai.ita.models import Catalogue, EvidenceClaim, Item
from tests.conftest import form_as_shown

from .conftest import FILE_2566, publish

pytestmark = pytest.mark.django_db

H1_MONTHS = [f"2566-M0{m}" for m in range(1, 7)]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.go.th", "pw-123456789")


def _login(client, world, name):
    client.force_login(world.users[name])
    return client


# ---------------------------------------------------------------------------- dashboard


def test_executives_see_the_whole_dashboard(client, world, catalogue_2566):
    _login(client, world, "deputy")
    response = client.get("/admin/ita/readiness/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('href="/ita/2566/') >= 43
    assert "itas-xlsx" in html


def test_work_group_heads_see_their_groups_items(client, world, catalogue_2566):
    _login(client, world, "malee")  # head of the procurement group
    response = client.get("/admin/ita/readiness/")
    assert response.status_code == 200
    rows = response.context["readiness"].visible_rows
    assert rows and {r.item.owner_kind for r in rows} == {"procurement"}
    assert {g.row.item.owner_kind for g in response.context["readiness"].gaps} == {"procurement"}
    # Wagtail turns a refused admin view into a redirect to the dashboard.
    refused = client.get("/admin/ita/readiness/export/?format=itas-csv")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_nobody_sees_another_agencys_readiness(client, world, catalogue_2566):
    _login(client, world, "deputy")
    assert client.get("/admin/ita/readiness/?agency=khonkaen").status_code == 404
    _login(client, world, "outsider")
    response = client.get("/admin/ita/readiness/")
    assert response.context["agency"] == world.other_agency


def test_the_dashboard_score_changes_as_evidence_is_published(client, world, catalogue_2566):
    _login(client, world, "deputy")
    before = client.get("/admin/ita/readiness/?year=2566").context["readiness"].total
    item = catalogue_2566.items.get(kind="complaint_channel")
    publish(world.agency, item, ["current"])
    after = client.get("/admin/ita/readiness/?year=2566").context["readiness"].total
    assert after.passed == before.passed + 1
    assert after.percent > before.percent


def test_readiness_exports_to_xlsx(client, world, catalogue_2566):
    publish(world.agency, catalogue_2566.items.get(kind="eservice"), ["current"])
    _login(client, world, "deputy")
    response = client.get("/admin/ita/readiness/export/?year=2566&format=xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    items = book.worksheets[0]
    assert items.max_row == 44  # header + 43 items
    assert len(book.worksheets) == 3


def test_itas_export_from_the_dashboard(client, world, catalogue_2566):
    _login(client, world, "deputy")
    response = client.get("/admin/ita/readiness/export/?year=2566&format=itas-csv")
    text = response.content.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 44


def test_the_dashboard_runs_a_bounded_number_of_queries(
    client, world, catalogue_2566, django_assert_max_num_queries
):
    _login(client, world, "deputy")

    def count():
        with django_assert_max_num_queries(40) as ctx:
            assert client.get("/admin/ita/readiness/?year=2566").status_code == 200
        return len(ctx.captured_queries)

    empty = count()
    for item in catalogue_2566.items.all():
        unit = item.period_unit
        publish(world.agency, item, ["current"] if unit == "current" else H1_MONTHS[:2])
    full = count()
    for item in catalogue_2566.items.all()[:10]:
        publish(world.agency, item, ["2566-M03"])
    assert empty == full == count()


# ---------------------------------------------------------------------------- import and clone


def test_import_form_shows_every_problem_and_changes_nothing(client, superuser, catalogue_2566):
    client.force_login(superuser)
    text = FILE_2566.read_text(encoding="utf-8")
    text = text.replace('frequency = "monthly"', 'frequency = "weekly"', 1)
    text = text.replace('owner = "pr"', 'owner = "press"', 1)
    upload = SimpleUploadedFile("ita-2566.toml", text.encode(), content_type="application/toml")
    before = list(Item.objects.values_list("pk", "title_th", "frequency", "owner_kind"))
    response = client.post("/admin/ita/import/", {"file": upload})
    assert response.status_code == 200
    issues = response.context["issues"]
    assert {i.field for i in issues} == {"frequency", "owner"}
    html = response.content.decode()
    assert "ita-2566.toml" in html and "weekly" in html and "press" in html
    assert list(Item.objects.values_list("pk", "title_th", "frequency", "owner_kind")) == before


def test_import_form_loads_a_good_file(client, superuser, db):
    client.force_login(superuser)
    upload = SimpleUploadedFile("ita-2566.toml", FILE_2566.read_bytes())
    response = client.post("/admin/ita/import/", {"file": upload, "status": "active"})
    assert response.status_code == 302
    assert Catalogue.objects.get().items.count() == 43


def test_import_and_clone_need_the_catalogue_permission(client, world, catalogue_2566):
    _login(client, world, "deputy")
    for url in ("/admin/ita/import/", "/admin/ita/clone/"):
        refused = client.get(url)
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_clone_form_with_a_code_map(client, superuser, world, catalogue_2566):
    channel = catalogue_2566.items.get(kind="qa_channel")
    publish(world.agency, channel, ["current"])
    client.force_login(superuser)
    response = client.post(
        "/admin/ita/clone/",
        {"from_year": 2566, "to_year": 2567, "code_map": f"{channel.code}=Q1\n"},
    )
    assert response.status_code == 302
    moved = Item.objects.get(catalogue__fiscal_year=2567, code="Q1")
    assert EvidenceClaim.objects.filter(item=moved, agency=world.agency).exists()
    bad = client.post(
        "/admin/ita/clone/", {"from_year": 2566, "to_year": 2568, "code_map": "ZZ1=Q2"}
    )
    assert bad.status_code == 200
    assert bad.context["issues"][0].item == "ZZ1"
    assert not Catalogue.objects.filter(fiscal_year=2568).exists()


# ---------------------------------------------------------------------------- editors


def _item_post(item, **changes):
    data = {
        "title_th": item.title_th,
        "title_en": item.title_en,
        "indicator": item.indicator_id,
        "heading_th": item.heading_th,
        "heading_en": item.heading_en,
        "kind": item.kind,
        "owner_kind": item.owner_kind,
        "frequency": item.frequency,
        "period_span": item.period_span,
        "period_unit": item.period_unit,
        "s9_category": item.s9_category or "",
        "nil_return_th": item.nil_return_th,
        "nil_return_en": item.nil_return_en,
        "note_th": item.note_th,
        "note_en": item.note_en,
        "source": item.source,
        "order": item.order,
    }
    elements = list(item.elements.all())
    data.update(
        {
            "elements-TOTAL_FORMS": len(elements),
            "elements-INITIAL_FORMS": len(elements),
            "elements-MIN_NUM_FORMS": 1,
            "elements-MAX_NUM_FORMS": 1000,
        }
    )
    for n, e in enumerate(elements):
        data.update(
            {
                f"elements-{n}-id": e.pk,
                f"elements-{n}-key": e.key,
                f"elements-{n}-text_th": e.text_th,
                f"elements-{n}-text_en": e.text_en,
                f"elements-{n}-confirmed": "on" if e.confirmed else "",
                f"elements-{n}-required": "on" if e.required else "",
                f"elements-{n}-order": e.order,
                f"elements-{n}-ORDER": n + 1,
                f"elements-{n}-DELETE": "",
            }
        )
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_editing_a_title_in_the_admin_keeps_the_url(client, superuser, world, catalogue_2566):
    item = catalogue_2566.items.get(kind="news")
    url = item.get_absolute_url()
    client.force_login(superuser)
    response = client.post(
        f"/admin/ita/items/edit/{item.pk}/", _item_post(item, title_th="ข่าวประชาสัมพันธ์ของหน่วยงาน")
    )
    assert response.status_code == 302, response.context["form"].errors
    fresh = Item.objects.get(pk=item.pk)
    assert fresh.title_th == "ข่าวประชาสัมพันธ์ของหน่วยงาน"
    assert fresh.get_absolute_url() == url
    assert client.get(url).status_code == 200


def test_the_item_editor_refuses_a_period_rule_that_contradicts_the_frequency(
    client, superuser, catalogue_2566
):
    item = catalogue_2566.items.get(kind="procurement_summary")
    client.force_login(superuser)
    response = client.post(
        f"/admin/ita/items/edit/{item.pk}/", _item_post(item, period_span="current")
    )
    assert response.status_code == 200
    assert "period_span" in response.context["form"].errors
    assert Item.objects.get(pk=item.pk).period_span == "h1"


def test_catalogue_list_and_item_list_render(client, superuser, world, catalogue_2566):
    client.force_login(superuser)
    assert client.get("/admin/ita/catalogues/").status_code == 200
    assert client.get(f"/admin/ita/catalogues/edit/{catalogue_2566.pk}/").status_code == 200
    assert client.get("/admin/ita/items/").status_code == 200
    assert client.get("/admin/ita/items/new/").status_code == 200
    menu = client.get("/admin/").content.decode()
    assert "/admin/ita/readiness/" in menu


def test_a_year_can_be_built_in_the_admin(client, superuser, world, db):
    client.force_login(superuser)
    response = client.post(
        "/admin/ita/catalogues/new/",
        {
            "fiscal_year": 2570,
            "status": "active",
            "title_th": "เกณฑ์ ITA 2570",
            "title_en": "ITA 2570",
            "answer_opens": "2027-03-01",
            "answer_closes": "2027-04-30",
            "grace_days": 30,
            "source": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    catalogue = Catalogue.objects.get(fiscal_year=2570)
    for code, parent in (("9", ""), ("9.1", None)):
        data = {
            "catalogue": catalogue.pk,
            "code": code,
            "name_th": f"ตัวชี้วัด {code}",
            "name_en": "",
            "confirmed": "on",
            "note": "",
            "order": 1,
        }
        if parent is None:
            data["parent"] = catalogue.indicators.get(code="9").pk
        response = client.post("/admin/ita/indicators/new/", data)
        assert response.status_code == 302, response.context["form"].errors
    leaf = catalogue.indicators.get(code="9.1")
    response = client.post(
        "/admin/ita/items/new/",
        {
            "catalogue": catalogue.pk,
            "code": "A1",
            "title_th": "โครงสร้าง",
            "title_en": "Structure",
            "indicator": leaf.pk,
            "heading_th": "",
            "heading_en": "",
            "kind": "standard",
            "owner_kind": "admin",
            "frequency": "current",
            "period_span": "current",
            "period_unit": "current",
            "s9_category": "",
            "nil_return_th": "",
            "nil_return_en": "",
            "note_th": "",
            "note_en": "",
            "source": "",
            "order": 1,
            "elements-TOTAL_FORMS": 1,
            "elements-INITIAL_FORMS": 0,
            "elements-MIN_NUM_FORMS": 1,
            "elements-MAX_NUM_FORMS": 1000,
            "elements-0-key": "org_chart",
            "elements-0-text_th": "แผนผังโครงสร้าง",
            "elements-0-text_en": "Chart",
            "elements-0-confirmed": "on",
            "elements-0-required": "on",
            "elements-0-order": 1,
            "elements-0-ORDER": 1,
            "elements-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    item = Item.objects.get(catalogue=catalogue, code="A1")
    assert item.slug == "a1"
    assert [e.key for e in item.elements.all()] == ["org_chart"]
    assert client.get("/ita/2570/a1/").status_code == 200


def test_catalogue_answer_window_is_shown_and_typed_in_the_buddhist_era(
    client, superuser, catalogue_2566
):
    Catalogue.objects.filter(pk=catalogue_2566.pk).update(
        answer_opens=dt.date(2023, 3, 1), answer_closes=dt.date(2023, 4, 30)
    )
    client.force_login(superuser)
    url = f"/admin/ita/catalogues/edit/{catalogue_2566.pk}/"
    response = client.get(url)
    html = response.content.decode()
    assert 'value="1/3/2566"' in html and 'value="30/4/2566"' in html
    assert "2023-03-01" not in html
    data = form_as_shown(response.context["form"])
    data.update(answer_opens="2 มี.ค. 2566", answer_closes="15/5/2566")
    assert client.post(url, data).status_code == 302
    catalogue_2566.refresh_from_db()
    assert catalogue_2566.answer_opens == dt.date(2023, 3, 2)
    assert catalogue_2566.answer_closes == dt.date(2023, 5, 15)
    # A bad date: explained in Thai, the new English title kept, nothing saved.
    data.update(title_en="ITA criteria, edited", answer_closes="15/5/2023")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ถ้าเป็นปี ค.ศ. ให้บวก 543" in html
    assert "ITA criteria, edited" in html and 'value="15/5/2023"' in html
    assert Catalogue.objects.get(pk=catalogue_2566.pk).title_en != "ITA criteria, edited"


def test_the_indicator_and_item_editors_label_their_links_in_thai(
    client, superuser, catalogue_2566
):
    client.force_login(superuser)
    sub = catalogue_2566.indicators.filter(parent__isnull=False).first()
    item = catalogue_2566.items.first()
    for url in [
        f"/admin/ita/indicators/edit/{sub.pk}/",
        "/admin/ita/indicators/",
        f"/admin/ita/items/edit/{item.pk}/",
    ]:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
        assert "เกณฑ์ ITA" in html, url
        assert not re.search(r">\s*(Catalogue|Parent)\s*<", html), url
    editor = client.get(f"/admin/ita/indicators/edit/{sub.pk}/").content.decode()
    assert re.search(r"<label[^>]*>\s*ตัวชี้วัดหลัก", editor)
