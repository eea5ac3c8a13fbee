"""Dates that staff type in the integrity screens are read and shown in the Buddhist era.

Each editor is opened as staff open it: the existing date must show as ``d/m/B.E.``, a date typed
in the Buddhist era must be saved as the right Common-Era ``date``, and a bad date must be
explained (Thai, or English for a user who chose English) while everything else typed stays.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from prongsai.core.forms import ThaiDateField
from prongsai.integrity import services
from prongsai.integrity.admin_documents import ProgressForm
from prongsai.integrity.admin_viewsets import (
    AuditPlanViewSet,
    CodeOfConductViewSet,
    FindingViewSet,
    ManualVersionViewSet,
    MeasurePlanViewSet,
)
from prongsai.integrity.models import (
    AuditPlan,
    CodeOfConduct,
    CorrectiveAction,
    Finding,
    ManualVersion,
    Measure,
    MeasurePlan,
    MeasureProgress,
)
from tests.conftest import form_as_shown
from tests.integrity.test_documents import make_audit, make_code, make_manual, make_measures

OCT_1 = dt.date(2023, 10, 1)
NO_SUCH_DAY_TH = "ไม่มีวันที่นี้ในปฏิทิน"
NO_SUCH_DAY_EN = "no such day in the calendar"


# ----------------------------------------------------------------------------- every editor


@pytest.mark.parametrize(
    ("viewset", "fields", "inline"),
    [
        (CodeOfConductViewSet, ["effective_from"], None),
        (ManualVersionViewSet, ["effective_from", "next_review_on"], None),
        (AuditPlanViewSet, ["planned_start", "planned_end"], None),
        (FindingViewSet, ["due_on"], "actions"),
        (MeasurePlanViewSet, ["start_on", "end_on"], "measures"),
    ],
)
def test_every_date_in_the_integrity_editors_is_a_buddhist_era_date(viewset, fields, inline, db):
    form_class = viewset().get_edit_handler().get_form_class()
    form = form_class(for_user=None)
    if inline:
        form = form.formsets[inline].empty_form
    for name in fields:
        assert isinstance(form.fields[name], ThaiDateField), name
        html = str(form[name])
        assert 'type="text"' in html and 'type="date"' not in html
        assert form.fields[name].clean("1 ต.ค. 66") == OCT_1
        with translation.override("en"), pytest.raises(ValidationError, match=NO_SUCH_DAY_EN):
            form.fields[name].clean("31/2/2566")


# ----------------------------------------------------------------------------- code of conduct


def test_code_of_conduct_date_typed_in_buddhist_era_is_saved_in_common_era(client, org_chart):
    client.force_login(org_chart.user("pranee"))
    response = client.post(
        reverse("integrity_code_versions:add"),
        {
            "agency": org_chart.agency.pk,
            "title": "ประมวลจริยธรรม 2567",
            "effective_from": "1/10/2566",
            "body": "ข้อ 1",
            "dos": "",
            "donts": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert CodeOfConduct.objects.get().effective_from == OCT_1


def test_code_of_conduct_editor_shows_the_date_in_buddhist_era(client, org_chart):
    code = make_code(org_chart, effective_from=OCT_1)
    client.force_login(org_chart.user("pranee"))
    url = reverse("integrity_code_versions:edit", args=[code.pk])
    html = client.get(url).content.decode()
    assert 'value="1/10/2566"' in html and "2023-10-01" not in html
    assert "เช่น 1/10/2566" in html  # the example next to every date
    # Sent back unchanged, the shown date is still 1 October 2023.
    data = form_as_shown(client.get(url).context["form"])
    data["title"] = "ประมวลจริยธรรม ฉบับแก้ไข"
    assert client.post(url, data).status_code == 302
    code.refresh_from_db()
    assert (code.title, code.effective_from) == ("ประมวลจริยธรรม ฉบับแก้ไข", OCT_1)


def test_code_of_conduct_bad_date_is_explained_and_the_rest_is_kept(client, org_chart):
    code = make_code(org_chart, effective_from=OCT_1)
    client.force_login(org_chart.user("pranee"))
    url = reverse("integrity_code_versions:edit", args=[code.pk])
    data = form_as_shown(client.get(url).context["form"])
    data.update(title="ชื่อที่พิมพ์ใหม่", effective_from="31/2/2566")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert NO_SUCH_DAY_TH in html
    assert 'value="31/2/2566"' in html and "ชื่อที่พิมพ์ใหม่" in html
    assert CodeOfConduct.objects.get(pk=code.pk).title != "ชื่อที่พิมพ์ใหม่"
    # A user who chose English in the admin reads the reason in English.
    profile = UserProfile.get_for_user(org_chart.user("pranee"))
    profile.preferred_language = "en"
    profile.save()
    html = client.post(url, data).content.decode()
    assert NO_SUCH_DAY_EN in html and "ชื่อที่พิมพ์ใหม่" in html


# ----------------------------------------------------------------------------- manual versions


def make_draft_version(o) -> ManualVersion:
    from tests.integrity.test_documents import make_version

    version = make_version(o, make_manual(o))
    version.effective_from, version.next_review_on = OCT_1, dt.date(2024, 9, 30)
    version.save(update_fields=["effective_from", "next_review_on"])
    return version


def test_manual_version_dates_are_shown_and_saved_in_buddhist_era(client, org_chart):
    version = make_draft_version(org_chart)
    client.force_login(org_chart.user("malee"))
    url = reverse("integrity_manual_versions:edit", args=[version.pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'value="1/10/2566"' in html and 'value="30/9/2567"' in html
    data = form_as_shown(response.context["form"])
    data.update(effective_from="15 ต.ค. 2566", next_review_on="๓๐ กันยายน ๒๕๖๘")
    assert client.post(url, data).status_code == 302
    version.refresh_from_db()
    assert version.effective_from == dt.date(2023, 10, 15)
    assert version.next_review_on == dt.date(2025, 9, 30)


def test_manual_version_bad_date_keeps_what_was_typed(client, org_chart):
    version = make_draft_version(org_chart)
    client.force_login(org_chart.user("malee"))
    url = reverse("integrity_manual_versions:edit", args=[version.pk])
    data = form_as_shown(client.get(url).context["form"])
    data.update(legal_basis="ระเบียบใหม่ที่พิมพ์ไว้", next_review_on="1/10/2023")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ถ้าเป็นปี ค.ศ. ให้บวก 543" in html
    assert "ระเบียบใหม่ที่พิมพ์ไว้" in html and 'value="1/10/2023"' in html
    assert ManualVersion.objects.get(pk=version.pk).next_review_on == dt.date(2024, 9, 30)


# ----------------------------------------------------------------------------- audits


def test_audit_plan_dates_are_shown_and_saved_in_buddhist_era(client, org_chart):
    plan = make_audit(org_chart)
    AuditPlan.objects.filter(pk=plan.pk).update(
        planned_start=OCT_1, planned_end=dt.date(2023, 12, 31)
    )
    client.force_login(org_chart.user("thawat"))
    url = reverse("integrity_audits:edit", args=[plan.pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'value="1/10/2566"' in html and 'value="31/12/2566"' in html
    data = form_as_shown(response.context["form"])
    data.update(planned_start="2/10/2566", planned_end="31 ธ.ค. 66")
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.planned_start, plan.planned_end) == (dt.date(2023, 10, 2), dt.date(2023, 12, 31))
    # A bad date: explained, the new scope kept, nothing saved.
    data.update(scope="ขอบเขตที่พิมพ์ใหม่", planned_end="เมื่อวาน")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "อ่านวันที่ไม่ได้" in html and "ขอบเขตที่พิมพ์ใหม่" in html
    assert AuditPlan.objects.get(pk=plan.pk).scope != "ขอบเขตที่พิมพ์ใหม่"


def make_finding(o) -> Finding:
    plan = make_audit(o)
    services.audit_start(actor=o.user("thawat"), plan=plan)
    finding = Finding(
        plan=plan,
        work_group=o.world.groups["finance"],
        title="พบการแบ่งซื้อ",
        detail="สองใบสั่งซื้อในวันเดียว",
    )
    finding.actions = [
        CorrectiveAction(
            description="รวมการจัดซื้อรายเดือน",
            owner_position=o.positions["finance_head"],
            due_on=OCT_1,
        )
    ]
    return services.finding_save(actor=o.user("thawat"), finding=finding)


def test_corrective_action_due_date_is_shown_and_saved_in_buddhist_era(client, org_chart):
    finding = make_finding(org_chart)
    client.force_login(org_chart.user("thawat"))
    url = reverse("integrity_findings:edit", args=[finding.pk])
    response = client.get(url)
    assert 'value="1/10/2566"' in response.content.decode()
    data = form_as_shown(response.context["form"])
    data["actions-0-due_on"] = "31/3/2567"
    assert client.post(url, data).status_code == 302
    assert CorrectiveAction.objects.get(finding=finding).due_on == dt.date(2024, 3, 31)
    data.update({"detail": "รายละเอียดที่พิมพ์ใหม่", "actions-0-due_on": "31/4/2567"})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert NO_SUCH_DAY_TH in html and "รายละเอียดที่พิมพ์ใหม่" in html
    assert 'value="31/4/2567"' in html
    assert CorrectiveAction.objects.get(finding=finding).due_on == dt.date(2024, 3, 31)


# ----------------------------------------------------------------------------- measures


def test_measure_dates_are_shown_and_saved_in_buddhist_era(client, org_chart):
    plan = make_measures(org_chart)  # from 1 October 2023 to 30 September 2024
    client.force_login(org_chart.user("pranee"))
    url = reverse("integrity_measures:edit", args=[plan.pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'value="1/10/2566"' in html and 'value="30/9/2567"' in html
    data = form_as_shown(response.context["form"])
    data.update({"measures-0-start_on": "1/11/2566", "measures-0-end_on": "2024-08-31"})
    assert client.post(url, data).status_code == 302
    measure = Measure.objects.get(plan=plan)
    assert (measure.start_on, measure.end_on) == (dt.date(2023, 11, 1), dt.date(2024, 8, 31))
    data.update({"analysis": "วิเคราะห์ใหม่", "measures-0-start_on": "1/13/2566"})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "วิเคราะห์ใหม่" in html and 'value="1/13/2566"' in html
    assert MeasurePlan.objects.get(pk=plan.pk).analysis != "วิเคราะห์ใหม่"


def approved_measure(o) -> Measure:
    plan = make_measures(o)
    services.measures_approve(actor=o.user("governor"), plan=plan)
    return plan.measures.get()


def test_progress_date_typed_in_buddhist_era_is_saved_in_common_era(client, org_chart):
    measure = approved_measure(org_chart)
    client.force_login(org_chart.user("malee"))
    url = reverse("integrity_measures_progress")
    page = client.get(url, {"agency": org_chart.agency.slug}).content.decode()
    assert f'name="m{measure.pk}-reported_on"' in page and "เช่น 1/10/2566" in page
    response = client.post(
        url,
        {
            "measure": measure.pk,
            "agency": org_chart.agency.slug,
            f"m{measure.pk}-reported_on": "31 มี.ค. 2567",
            f"m{measure.pk}-percent": "40",
            f"m{measure.pk}-text": "จัดอบรมแล้ว",
        },
    )
    assert response.status_code == 302
    progress = MeasureProgress.objects.get(measure=measure)
    assert (progress.reported_on, progress.percent) == (dt.date(2024, 3, 31), 40)


def test_progress_bad_date_is_explained_and_the_rest_is_kept(client, org_chart):
    measure = approved_measure(org_chart)
    client.force_login(org_chart.user("malee"))
    response = client.post(
        reverse("integrity_measures_progress"),
        {
            "measure": measure.pk,
            "agency": org_chart.agency.slug,
            f"m{measure.pk}-reported_on": "30/2/2567",
            f"m{measure.pk}-percent": "40",
            f"m{measure.pk}-text": "จัดอบรมแล้ว สองรุ่น",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert NO_SUCH_DAY_TH in html
    assert 'value="30/2/2567"' in html and 'value="40"' in html and "จัดอบรมแล้ว สองรุ่น" in html
    assert "<details open>" in html
    assert not MeasureProgress.objects.exists()


def test_progress_form_shows_an_existing_date_in_buddhist_era():
    form = ProgressForm(initial={"reported_on": dt.date(2024, 3, 31)}, prefix="m1")
    assert 'value="31/3/2567"' in str(form["reported_on"])
    with translation.override("en"):
        form = ProgressForm({"reported_on": "30/2/2567", "percent": "5", "text": "x"})
        assert not form.is_valid()
        assert NO_SUCH_DAY_EN in form.errors["reported_on"][0]
        assert form["text"].value() == "x"
