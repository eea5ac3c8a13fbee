"""The organisation screens in the staff admin: scoped per agency, writing through services."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from prongsai.org import services
from prongsai.org.models import Membership, Role, WorkGroup, person_name


def client_for(world, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def test_agency_admin_lists_only_own_work_groups(world):
    html = client_for(world, "admin").get("/admin/organisation/work-groups/").content.decode()
    assert "กลุ่มงาน finance" in html
    ours = f"/admin/organisation/work-groups/edit/{world.groups['finance'].pk}/"
    assert ours in html
    other_html = (
        client_for(world, "otheradmin").get("/admin/organisation/work-groups/").content.decode()
    )
    assert f"/admin/organisation/work-groups/edit/{world.groups['other-finance'].pk}/" in other_html
    assert ours not in other_html
    assert "กลุ่มงาน hr" not in other_html


def test_agency_admin_cannot_open_another_agencys_work_group(world):
    foreign = world.groups["other-finance"]
    client = client_for(world, "admin")
    assert client.get(f"/admin/organisation/work-groups/edit/{foreign.pk}/").status_code == 404
    response = client.post(
        f"/admin/organisation/work-groups/edit/{foreign.pk}/",
        {
            "agency": world.agency.pk,
            "code": "finance",
            "name_th": "ยึด",
            "kind": "other",
            "order": 0,
        },
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name_th == "กลุ่มงาน finance"


@pytest.mark.parametrize("username", ["somchai", "deputy", "nok", "pranee"])
def test_people_who_are_not_administrators_cannot_manage_the_organisation(world, username):
    client = client_for(world, username)
    for url in [
        "/admin/organisation/work-groups/",
        "/admin/organisation/roles/",
        "/admin/organisation/positions/",
    ]:
        assert client.get(url).status_code in (302, 403), url


def test_creating_a_work_group_goes_through_the_service(world):
    client = client_for(world, "admin")
    response = client.post(
        "/admin/organisation/work-groups/new/",
        {
            "agency": world.agency.pk,
            "code": "legal",
            "name_th": "กลุ่มงานนิติการ",
            "name_en": "Legal Affairs Group",
            "kind": "legal",
            "order": 5,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = WorkGroup.objects.get(agency=world.agency, code="legal")
    assert group.name_th == "กลุ่มงานนิติการ"


def test_an_administrator_cannot_create_a_group_in_another_agency(world):
    client = client_for(world, "admin")
    response = client.post(
        "/admin/organisation/work-groups/new/",
        {
            "agency": world.other_agency.pk,
            "code": "x",
            "name_th": "แทรกข้ามหน่วยงาน",
            "kind": "other",
            "order": 0,
        },
    )
    assert response.status_code == 200  # the form again, with an error on "agency"
    assert not WorkGroup.objects.filter(code="x").exists()


def test_giving_a_role_adds_the_agency_role_group(world):
    client = client_for(world, "admin")
    user = world.users["wanida"]
    response = client.post(
        "/admin/organisation/roles/new/",
        {
            "user": user.pk,
            "agency": world.agency.pk,
            "role": Role.HEAD,
            "work_group": world.groups["hr"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=user, role=Role.HEAD).exists()
    assert user.groups.filter(
        agency_role__role=Role.HEAD, agency_role__agency=world.agency
    ).exists()


# --- how the lists read, and what they cost -------------------------------------------------


def _rows(html: str) -> list[str]:
    table = html.split('<table class="listing', 1)[1]
    body = table.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr.*?</tr>", body, re.S)


def _row_of(html: str, text: str) -> str:
    rows = [row for row in _rows(html) if text in row]
    assert len(rows) == 1, rows
    return rows[0]


def _cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td.*?</td>", row, re.S)
    ]


def test_person_name_is_the_full_name_or_else_the_username(world):
    assert person_name(world.users["somchai"]) == "Somchai Tester"
    nameless = get_user_model().objects.create_user(username="kanda")
    assert person_name(nameless) == "kanda"
    assert person_name(None) == ""


def test_a_membership_names_the_person(world):
    membership = Membership.objects.get(user=world.users["somchai"], role=Role.STAFF)
    assert str(membership).startswith("Somchai Tester · ")
    assert "somchai" not in str(membership)


def test_the_positions_list_says_yes_or_no_and_names_the_holder(world):
    services.position_create(
        agency=world.agency,
        title_th="รองผู้ว่าราชการจังหวัด",
        is_executive=True,
        holder=world.users["deputy"],
    )
    services.position_create(
        agency=world.agency,
        title_th="นักวิชาการพัสดุ",
        work_group=world.groups["finance"],
        holder=world.users["somchai"],
    )
    html = client_for(world, "admin").get("/admin/organisation/positions/").content.decode()
    executive = _cells(_row_of(html, "รองผู้ว่าราชการจังหวัด"))
    staff = _cells(_row_of(html, "นักวิชาการพัสดุ"))
    assert "Deputy Tester" in executive and "ใช่" in executive
    assert "Somchai Tester" in staff and "ไม่ใช่" in staff
    for cells in (executive, staff):
        assert not {"True", "False", "deputy", "somchai"} & set(cells)


def test_the_roles_list_and_form_name_people(world):
    client = client_for(world, "admin")
    html = client.get("/admin/organisation/roles/").content.decode()
    row = _row_of(html, "Wanida Tester")
    assert "/admin/organisation/roles/edit/" in row  # still the link to the role
    assert "wanida" not in _cells(row)
    form = client.get("/admin/organisation/roles/new/").content.decode()
    assert re.search(r"<option[^>]*>\s*Wanida Tester\s*</option>", form)
    assert not re.search(r"<option[^>]*>\s*wanida\s*</option>", form)


def _add_rows(world, numbers: range) -> None:
    """A work group under finance, a person in it and a position they hold, per number."""
    chief = services.position_create(agency=world.agency, title_th="หัวหน้าสำนักงานจังหวัด")
    for i in numbers:
        group = services.work_group_create(
            agency=world.agency,
            code=f"extra{i}",
            name_th=f"กลุ่มงานเพิ่ม {i}",
            parent=world.groups["finance"],
        )
        user = services.staff_user_create(
            username=f"extra{i}", password="x", first_name=f"คนที่ {i}", last_name="ทดสอบ"
        )
        services.membership_add(user=user, agency=world.agency, role=Role.STAFF, work_group=group)
        services.position_create(
            agency=world.agency,
            title_th=f"ตำแหน่ง {i}",
            work_group=group,
            supervisor=chief,
            holder=user,
        )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/organisation/positions/",
        "/admin/organisation/roles/",
        "/admin/organisation/work-groups/",
    ],
)
def test_organisation_lists_cost_the_same_for_many_rows(world, url, django_assert_max_num_queries):
    _add_rows(world, range(1))
    client = client_for(world, "admin")
    client.get(url)  # per-process caches (content types, the site) are filled once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_rows(world, range(1, 12))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(_rows(response.content.decode())) >= 12
