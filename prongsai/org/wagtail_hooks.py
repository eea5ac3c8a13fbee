from __future__ import annotations

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from prongsai.org.models import Agency, Membership, Position, WorkGroup
from prongsai.org.views import AgencyScopedPolicy, OrganisationViewSetGroup

register_permission_policy(Agency, AgencyScopedPolicy(Agency, agency_path="pk"))
for _model in (WorkGroup, Position, Membership):
    register_permission_policy(_model, AgencyScopedPolicy(_model))


@hooks.register("register_admin_viewset")
def register_organisation() -> OrganisationViewSetGroup:
    return OrganisationViewSetGroup()
