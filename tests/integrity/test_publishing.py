"""The hand-off of approved integrity content to the publishing workflow (O14, O15, O27, O29,
O39, O42, O43): one evidence page per source, under the item of the content's kind, revised when a
new version is approved, approved by an executive and published by the PR unit like any other."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from prongsai.disclosure import services as disclosure
from prongsai.disclosure.models import EvidencePage
from prongsai.integrity import publication, services
from prongsai.integrity.models import CodeOfConduct, ManualKind, MeasurePlan, MeasureProgress
from prongsai.integrity.services.publishing import (
    HandoffState,
    item_for,
    publication_handoff,
    status_of,
)
from prongsai.ita import services as ita_services
from prongsai.ita.models import EvidenceClaim, Item
from prongsai.ledger.models import LedgerEntry as Entry
from prongsai.org import services as org
from prongsai.org.models import Role, WorkGroupKind
from prongsai.thai import bangkok_today, fiscal_half
from tests.integrity.conftest import complaint
from tests.integrity.test_documents import make_code, make_manual, make_version
from tests.ita.conftest import FILE_2566

TODAY = bangkok_today()


@pytest.fixture
def pub(org_chart, settings):
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": ":memory:"}
    ita_services.catalogue_import(file=FILE_2566)
    disclosure.disclosure_setup(agency=org_chart.agency)
    disclosure.disclosure_setup(agency=org_chart.world.other_agency)
    group = org.work_group_create(
        agency=org_chart.agency,
        code="integrity",
        name_th="ศูนย์ปฏิบัติการต่อต้านการทุจริต",
        kind=WorkGroupKind.INTEGRITY,
    )
    org_chart.world.groups["integrity"] = group
    org.membership_add(
        user=org_chart.user("pranee"), agency=org_chart.agency, role=Role.STAFF, work_group=group
    )
    return org_chart


def approved_code(o, **kw) -> CodeOfConduct:
    code = make_code(o, **kw)
    services.code_approve(actor=o.user("deputy"), code=code)
    return CodeOfConduct.objects.get(pk=code.pk)


def approve_and_publish(page: EvidencePage, o) -> EvidencePage:
    for user in ("deputy", "nok"):
        page = EvidencePage.objects.get(pk=page.pk)
        disclosure.task_approve(task_state=page.current_workflow_task_state, user=o.user(user))
    return EvidencePage.objects.get(pk=page.pk)


def test_code_of_conduct_goes_under_o39_through_the_workflow(pub):
    approved_code(pub)
    content = publication.content_for(pub.agency, "code_of_conduct")
    assert status_of(content, agency=pub.agency).state is HandoffState.NOT_STARTED

    result = publication_handoff(user=pub.user("wanida"), agency=pub.agency, content=content)

    page = result.page
    assert result.created and result.changed and result.submitted and not result.problems
    assert page.work_group == pub.world.groups["hr"] and not page.live
    assert page.period_key == "current" and "ซื่อสัตย์สุจริต" in str(page.body)
    assert [link.item.code for link in page.ita_links.all()] == ["O39"]
    assert status_of(content, agency=pub.agency).state is HandoffState.IN_REVIEW
    entry = Entry.objects.filter(action="integrity.publication_handoff").get()
    assert entry.data["item"] == "O39" and entry.data["submitted"] is True
    assert entry.content_hash == content.content_hash

    page = approve_and_publish(page, pub)
    assert page.live
    assert status_of(content, agency=pub.agency).state is HandoffState.PUBLISHED
    assert EvidenceClaim.objects.filter(item__code="O39").exists()

    again = publication_handoff(user=pub.user("wanida"), agency=pub.agency, content=content)
    assert again.page.pk == page.pk
    assert not (again.created or again.changed or again.submitted)
    assert Entry.objects.filter(action="integrity.publication_handoff").count() == 1


def test_a_new_version_revises_the_same_page(pub):
    approved_code(pub)
    first = publication.content_for(pub.agency, "code_of_conduct")
    page = publication_handoff(user=pub.user("wanida"), agency=pub.agency, content=first).page
    approve_and_publish(page, pub)

    approved_code(pub, title="ประมวลจริยธรรม ฉบับปรับปรุง", body="ข้อ 1 ไม่รับสินบนทุกรูปแบบ")
    second = publication.content_for(pub.agency, "code_of_conduct")
    assert status_of(second, agency=pub.agency).state is HandoffState.CHANGED

    result = publication_handoff(user=pub.user("wanida"), agency=pub.agency, content=second)
    assert result.page.pk == page.pk and not result.created and result.submitted
    live = approve_and_publish(result.page, pub)
    assert live.title == "ประมวลจริยธรรม ฉบับปรับปรุง" and "ไม่รับสินบน" in str(live.body)
    assert EvidencePage.objects.filter(source_key="code_of_conduct").count() == 1


def test_a_version_waiting_for_approval_is_not_overwritten(pub):
    approved_code(pub)
    first = publication.content_for(pub.agency, "code_of_conduct")
    publication_handoff(user=pub.user("wanida"), agency=pub.agency, content=first)
    approved_code(pub, title="ฉบับใหม่")
    second = publication.content_for(pub.agency, "code_of_conduct")
    with pytest.raises(ValidationError) as err:
        publication_handoff(user=pub.user("wanida"), agency=pub.agency, content=second)
    assert "withdraw" in " ".join(err.value.messages) or "ถอน" in " ".join(err.value.messages)


@pytest.mark.parametrize("who", ["somchai", "nok", "deputy", "outsider"])
def test_only_the_owning_group_or_the_admin_may_hand_off(pub, who):
    approved_code(pub)
    content = publication.content_for(pub.agency, "code_of_conduct")
    with pytest.raises(PermissionDenied):
        publication_handoff(user=pub.user(who), agency=pub.agency, content=content)
    assert not EvidencePage.objects.filter(source_key="code_of_conduct").exists()


def test_the_agency_admin_may_hand_off(pub):
    approved_code(pub)
    content = publication.content_for(pub.agency, "code_of_conduct")
    result = publication_handoff(user=pub.user("admin"), agency=pub.agency, content=content)
    assert result.page.work_group == pub.world.groups["hr"]


def test_complaint_statistics_go_under_o29_with_their_xlsx(pub):
    complaint(pub.agency)
    fy, half = fiscal_half(TODAY)
    key = f"complaint_statistics:{fy}-H{half}"
    content = publication.content_for(pub.agency, key)
    result = publication_handoff(user=pub.user("pranee"), agency=pub.agency, content=content)
    page = result.page
    assert page.work_group == pub.world.groups["integrity"]
    assert page.period_key == f"{fy}-H{half}"
    assert [link.item.code for link in page.ita_links.all()] == ["O29"]
    assert [a.kind for a in page.attachments.all()] == ["xlsx"]
    assert "<table" in str(page.body)

    # The same numbers drawn up again (another "as of" time, new XLSX bytes): unchanged.
    same = publication.content_for(pub.agency, key)
    assert same.content_hash == content.content_hash
    assert status_of(same, agency=pub.agency).state is HandoffState.IN_REVIEW
    # A new complaint changes the numbers.
    approve_and_publish(page, pub)
    complaint(pub.agency)
    changed = publication.content_for(pub.agency, key)
    assert status_of(changed, agency=pub.agency).state is HandoffState.CHANGED


def test_manuals_go_under_o14_or_o15_for_their_own_work_group(pub):
    manual = make_manual(pub)
    version = make_version(pub, manual)
    services.manual_version_approve(actor=pub.user("chief"), version=version)
    content = publication.content_for(pub.agency, f"manual:{manual.pk}")
    assert item_for(content).code == "O14"
    result = publication_handoff(user=pub.user("somchai"), agency=pub.agency, content=content)
    assert result.page.work_group == pub.world.groups["finance"]
    with pytest.raises(PermissionDenied):  # not HR's manual
        publication_handoff(user=pub.user("wanida"), agency=pub.agency, content=content)

    manual.kind = ManualKind.SERVICE
    manual.save(update_fields=["kind"])
    service = publication.content_for(pub.agency, f"manual:{manual.pk}")
    assert service.topic == "service_manual" and item_for(service).code == "O15"


def test_measures_and_their_progress_go_under_o42_and_o43(pub):
    from prongsai.integrity.models import Measure

    fy = 2567
    plan = MeasurePlan(agency=pub.agency, fiscal_year=fy, title="มาตรการส่งเสริมคุณธรรม", analysis="x")
    plan.measures = [
        Measure(
            order=1,
            title="เผยแพร่ข้อมูลครบถ้วน",
            steps="ตรวจทุกเดือน",
            owner_position=pub.positions["finance_head"],
            start_on=dt.date(2023, 10, 1),
            end_on=dt.date(2024, 9, 30),
        )
    ]
    plan = services.measures_save(actor=pub.user("pranee"), plan=plan)
    services.measures_approve(actor=pub.user("governor"), plan=plan)
    assert publication.content_for(pub.agency, f"integrity_measures_progress:{fy}") is None
    services.measure_progress_add(
        actor=pub.user("malee"),
        measure=plan.measures.get(),
        reported_on=dt.date(2024, 3, 31),
        percent=50,
        text="ครึ่งปีแรกครบ",
    )
    measures = publication.content_for(pub.agency, f"integrity_measures:{fy}")
    progress = publication.content_for(pub.agency, f"integrity_measures_progress:{fy}")
    assert item_for(measures).code == "O42" and item_for(progress).code == "O43"
    # The progress is drawn up as of its latest report, so asking again later changes nothing.
    later = publication.content_for(
        pub.agency, f"integrity_measures_progress:{fy}", today=TODAY + dt.timedelta(days=30)
    )
    assert later.content_hash == progress.content_hash
    page = publication_handoff(user=pub.user("pranee"), agency=pub.agency, content=progress).page
    assert "ครึ่งปีแรกครบ" in str(page.body) and page.period_key == str(fy)
    assert MeasureProgress.objects.count() == 1


def test_without_an_item_of_the_kind_the_hand_off_says_what_to_fix(pub):
    approved_code(pub)
    Item.objects.filter(kind="code_of_conduct").update(kind="standard")
    content = publication.content_for(pub.agency, "code_of_conduct")
    with pytest.raises(ValidationError) as err:
        publication_handoff(user=pub.user("wanida"), agency=pub.agency, content=content)
    text = " ".join(err.value.messages)
    assert "ประมวลจริยธรรม" in text
    assert not EvidencePage.objects.exists()


@pytest.mark.parametrize(
    "key",
    [
        "",
        "code_of_conduct",  # nothing approved yet
        "code_of_conduct:1",
        "manual:abc",
        "manual:999999",
        "complaint_statistics:2567-M01",
        "complaint_statistics:nonsense",
        "complaint_statistics:2999-H1",  # has not begun
        "integrity_measures:2567",
        "something_else",
    ],
)
def test_unknown_or_unapproved_sources_give_nothing(pub, key):
    assert publication.content_for(pub.agency, key) is None


def test_current_content_lists_everything_approved(pub):
    approved_code(pub)
    topics = [c.topic for c in publication.current_for_agency(pub.agency)]
    assert topics.count("complaint_statistics") == 2 and "code_of_conduct" in topics


# ----------------------------------------------------------------------------- screens


def test_the_publishing_screen_lists_and_sends(pub, client):
    approved_code(pub)
    client.force_login(pub.user("wanida"))
    url = reverse("integrity_publishing")
    html = client.get(url).content.decode()
    assert "O39" in html and "O29" in html and 'name="source" value="code_of_conduct"' in html
    # Wanida is not in the integrity centre: no button for the statistics.
    assert 'value="complaint_statistics:' not in html

    response = client.post(reverse("integrity_publishing_send"), {"source": "code_of_conduct"})
    assert response.status_code == 302
    page = EvidencePage.objects.get(source_key="code_of_conduct")
    assert disclosure.evidence_in_review(page)
    html = client.get(url).content.decode()
    assert 'name="source" value="code_of_conduct"' not in html  # waiting: no button


def test_the_send_screen_refuses_what_the_user_may_not_send(pub, client):
    approved_code(pub)
    client.force_login(pub.user("somchai"))
    response = client.post(
        reverse("integrity_publishing_send"), {"source": "code_of_conduct"}, follow=True
    )
    assert response.status_code == 200
    assert not EvidencePage.objects.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])
    missing = client.post(reverse("integrity_publishing_send"), {"source": "manual:999"})
    assert missing.status_code == 404


def test_the_statistics_screen_offers_the_button_to_the_integrity_centre(pub, client):
    client.force_login(pub.user("pranee"))
    fy, half = fiscal_half(TODAY)
    html = client.get(reverse("integrity_statistics"), {"year": fy, "half": half}).content
    assert f'value="complaint_statistics:{fy}-H{half}"'.encode() in html
    client.force_login(pub.user("deputy"))
    html = client.get(reverse("integrity_statistics"), {"year": fy, "half": half}).content
    assert b'name="source"' not in html


def test_the_publishing_screen_speaks_thai(pub, client):
    from tests.site.test_admin_thai import ALLOWED_WORDS, english_words, readable_text

    approved_code(pub)
    client.force_login(pub.user("pranee"))
    html = client.get(reverse("integrity_publishing")).content.decode()
    assert '<html lang="th"' in html
    assert "ส่งไปเผยแพร่" in html and "ยังไม่ได้ส่ง" in html
    assert not english_words(readable_text(html), ALLOWED_WORDS | {"ITA", "O"})  # item codes: O39


def test_admin_listings_and_inspect_pages_show_buddhist_era_dates(pub, client):
    manual = make_manual(pub)
    version = make_version(pub, manual)
    services.manual_version_approve(actor=pub.user("chief"), version=version)
    version.refresh_from_db()
    client.force_login(pub.user("malee"))
    be_year = str(version.effective_from.year + 543)
    listing = client.get(reverse("integrity_manual_versions:index")).content.decode()
    inspect = client.get(reverse("integrity_manual_versions:inspect", args=[version.pk]))
    html = inspect.content.decode()
    assert inspect.status_code == 200
    for page in (listing, html):
        assert be_year in page
        assert f"{version.effective_from.day} " in page
    assert str(version.effective_from.year) not in html.split("<main")[-1].split("</main>")[0]


def test_the_publishing_screen_links_the_evidence_editor_only_for_its_editors(pub, client):
    """Staff of another work group saw an "evidence page" link that Wagtail answers by sending
    them back to the dashboard with "no permission"; only the page's editors get the link."""
    approved_code(pub)
    client.force_login(pub.user("wanida"))  # HR owns the code (O39)
    client.post(reverse("integrity_publishing_send"), {"source": "code_of_conduct"})
    page = EvidencePage.objects.get(source_key="code_of_conduct")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert edit_url in client.get(reverse("integrity_publishing")).content.decode()
    client.force_login(pub.user("somchai"))
    html = client.get(reverse("integrity_publishing")).content.decode()
    assert "O39" in html and edit_url not in html
    assert client.get(edit_url).status_code == 302  # Wagtail's "no permission" redirect
