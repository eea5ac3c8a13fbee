"""A news item's date is shown and typed in the Buddhist era in the page editor."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth import get_user_model

from prongsai.core.forms import ThaiDateField, ThaiDateTimeField, ThaiDateTimeInput
from prongsai.site.models import NewsIndexPage, NewsPage
from tests.conftest import form_as_shown

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


@pytest.fixture
def news_item(world) -> NewsPage:
    home = world.agency.site.root_page
    index = home.add_child(instance=NewsIndexPage(title="ข่าวประชาสัมพันธ์", slug="news"))
    page = index.add_child(
        instance=NewsPage(
            title="ประกาศรับสมัคร",
            slug="apply",
            date=dt.date(2023, 10, 1),
            work_group=world.groups["finance"],
            summary="สรุป",
            body="<p>เนื้อหา</p>",
        )
    )
    page.save_revision().publish()
    return page


def latest(page: NewsPage) -> NewsPage:
    """The page as last saved in the editor (a draft revision)."""
    return NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()


@pytest.fixture
def editor(client, db):
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.go.th", "pw-123456789")
    )
    return client


def test_the_news_date_is_a_buddhist_era_date():
    assert isinstance(
        NewsPage.get_edit_handler().get_form_class().base_fields["date"], ThaiDateField
    )


def test_the_page_editor_shows_and_saves_the_news_date_in_buddhist_era(editor, news_item):
    url = f"/admin/pages/{news_item.pk}/edit/"
    response = editor.get(url)
    html = response.content.decode()
    assert 'value="1/10/2566"' in html and 'name="date" value="2023-10-01"' not in html
    data = form_as_shown(response.context["form"])
    data["date"] = "15 ต.ค. 2566"
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert latest(news_item).date == dt.date(2023, 10, 15)


def test_a_bad_news_date_is_explained_and_the_rest_is_kept(editor, news_item):
    url = f"/admin/pages/{news_item.pk}/edit/"
    data = form_as_shown(editor.get(url).context["form"])
    data.update(summary="สรุปที่พิมพ์ใหม่", date="31/9/2566")
    response = editor.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ไม่มีวันที่นี้ในปฏิทิน" in html
    assert "สรุปที่พิมพ์ใหม่" in html and 'value="31/9/2566"' in html
    assert latest(news_item).summary == "สรุป"


def test_the_publishing_schedule_is_typed_in_the_buddhist_era(editor, news_item):
    """Wagtail's schedule dialog (go live / expire) used its Common-Era date-and-time picker."""
    url = f"/admin/pages/{news_item.pk}/edit/"
    response = editor.get(url)
    form = response.context["form"]
    assert isinstance(form.fields["go_live_at"], ThaiDateTimeField)
    assert isinstance(form.fields["go_live_at"].widget, ThaiDateTimeInput)
    html = response.content.decode()
    assert 'name="go_live_at"' in html and "เช่น 1/10/2566 09:30" in html
    data = form_as_shown(form)
    data.update(go_live_at="1 ต.ค. 2580 09:30", expire_at="30/9/2581 18:00")
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    draft = latest(news_item)
    assert draft.go_live_at == dt.datetime(2037, 10, 1, 9, 30, tzinfo=BANGKOK)
    assert draft.expire_at == dt.datetime(2038, 9, 30, 18, 0, tzinfo=BANGKOK)
    # Shown back as typed in the B.E., in Bangkok time.
    html = editor.get(url).content.decode()
    assert 'value="1/10/2580 09:30"' in html and 'value="30/9/2581 18:00"' in html


def test_a_bad_schedule_is_explained_and_the_rest_is_kept(editor, news_item):
    url = f"/admin/pages/{news_item.pk}/edit/"
    data = form_as_shown(editor.get(url).context["form"])
    data.update(summary="สรุปที่พิมพ์ใหม่", go_live_at="1/10/2580 25:00")
    response = editor.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ไม่มีเวลานี้ในหนึ่งวัน: 25:00" in html
    assert "สรุปที่พิมพ์ใหม่" in html and 'value="1/10/2580 25:00"' in html
    assert latest(news_item).go_live_at is None


def test_every_page_type_schedules_in_the_buddhist_era():
    from wagtail.models import get_page_models

    ours = [m for m in get_page_models() if m.__module__.startswith("prongsai.")]
    assert len(ours) >= 6
    for model in ours:
        fields = model.get_edit_handler().get_form_class().base_fields
        for name in ("go_live_at", "expire_at"):
            assert isinstance(fields[name].widget, ThaiDateTimeInput), (model, name)


def test_the_status_panel_shows_the_schedule_in_the_buddhist_era(editor, news_item):
    """Wagtail's status side panel printed a scheduled go-live and expiry in the C.E."""
    url = f"/admin/pages/{news_item.pk}/edit/"
    data = form_as_shown(editor.get(url).context["form"])
    data.update(go_live_at="1 ต.ค. 2580 09:30", expire_at="30/9/2581 18:00")
    assert editor.post(url, data).status_code == 302
    html = editor.get(url).content.decode()
    start = html.index("เมื่อตั้งเวลาแล้ว:")  # the side panel's "once scheduled:"
    panel = html[start : html.index("</div>", html.index("สิ้นสุดการเผยแพร่:", start))]
    assert "เริ่มเผยแพร่:</span> 1 ตุลาคม 2580 เวลา 09:30 น." in panel
    assert "สิ้นสุดการเผยแพร่:</span> 30 กันยายน 2581 เวลา 18:00 น." in panel
    assert "2037" not in panel and "2038" not in panel
