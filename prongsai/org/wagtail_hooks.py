from __future__ import annotations

from wagtail import hooks

from prongsai.org.views import OrganisationViewSetGroup


@hooks.register("register_admin_viewset")
def register_organisation() -> OrganisationViewSetGroup:
    return OrganisationViewSetGroup()
