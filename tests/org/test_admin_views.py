"""The organisation screens in the staff admin: scoped per agency, writing through services."""

from __future__ import annotations

import pytest
from django.test import Client

from prongsai.org.models import Membership, Role, WorkGroup


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
