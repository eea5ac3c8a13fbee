from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from prongsai.org import selectors, services
from prongsai.org.models import Role


def test_roles_are_per_agency(world):
    somchai = world.users["somchai"]
    assert selectors.roles_of(somchai, world.agency) == {Role.STAFF}
    assert selectors.roles_of(somchai, world.other_agency) == set()


def test_work_group_choke_point_hides_other_agencies(world):
    somchai = world.users["somchai"]
    assert selectors.get_work_group_for_user(somchai, world.groups["hr"].pk) == world.groups["hr"]
    with pytest.raises(PermissionDenied):
        selectors.get_work_group_for_user(somchai, world.groups["hr"].pk, for_edit=True)
    with pytest.raises(Http404):
        selectors.get_work_group_for_user(somchai, world.groups["other-finance"].pk)


def test_agency_choke_point(world):
    with pytest.raises(Http404):
        selectors.get_agency_for_user(world.users["outsider"], world.agency.pk)
    assert selectors.get_agency_for_user(world.users["nok"], world.agency.pk) == world.agency


def test_supervisor_chain_and_oversight(world):
    deputy = services.position_create(
        agency=world.agency,
        title_th="รองผู้ว่าราชการจังหวัด",
        is_executive=True,
        oversees=[world.groups["finance"]],
        holder=world.users["deputy"],
    )
    head = services.position_create(
        agency=world.agency, title_th="หัวหน้างาน", supervisor=deputy, holder=world.users["malee"]
    )
    staff = services.position_create(agency=world.agency, title_th="เจ้าหน้าที่", supervisor=head)
    assert selectors.supervisor_chain(staff) == [head, deputy]
    assert list(selectors.overseen_work_groups(world.users["deputy"], world.agency)) == [
        world.groups["finance"]
    ]
    assert not selectors.overseen_work_groups(world.users["somchai"], world.agency).exists()


def test_services_refuse_cross_agency_links(world):
    with pytest.raises(ValidationError):
        services.membership_add(
            user=world.users["somchai"],
            agency=world.agency,
            role=Role.STAFF,
            work_group=world.groups["other-finance"],
        )
    with pytest.raises(ValidationError):
        services.position_create(
            agency=world.agency, title_th="x", oversees=[world.groups["other-finance"]]
        )
    with pytest.raises(ValidationError):
        services.membership_add(user=world.users["nok"], agency=world.agency, role=Role.STAFF)


def test_membership_remove_takes_the_role_group_away(world):
    wanida = world.users["wanida"]
    membership = wanida.memberships.get()
    group = membership.agency.role_groups.get(role=Role.STAFF).group
    assert wanida.groups.filter(pk=group.pk).exists()
    services.membership_remove(membership=membership)
    assert not wanida.groups.filter(pk=group.pk).exists()
