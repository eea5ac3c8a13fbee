"""Shared fixtures: a small world of two agencies with their work groups and role personas."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AbstractBaseUser

from prongsai.core.demo import ensure_wagtail_roots
from prongsai.org import services
from prongsai.org.models import Agency, Role, WorkGroup, WorkGroupKind

# Playwright's sync API runs an event loop; tests that also use the ORM need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (page cache, rate limits, memos)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _search_engine_per_test():
    """Each test makes its own search engine from its own settings, and its connection is
    closed afterwards: on PostgreSQL an engine kept from an earlier test held a session on the
    test database, so the run's teardown could not drop the database."""
    yield
    from prongsai.search import service

    service.reset_engine()


@dataclass
class World:
    agency: Agency
    other_agency: Agency
    groups: dict[str, WorkGroup] = field(default_factory=dict)
    users: dict[str, AbstractBaseUser] = field(default_factory=dict)


def make_agency(slug: str, name: str, hostname: str, *, default: bool = False) -> Agency:
    from prongsai.site.models import HomePage

    root = ensure_wagtail_roots()
    home = root.add_child(instance=HomePage(title=name, slug=slug))
    return services.agency_create(
        slug=slug,
        name_th=name,
        name_en=f"{slug.title()} Office",
        hostname=hostname,
        root_page=home,
        is_default_site=default,
        phone="0 4351 1234",
        email=f"{slug}@example.go.th",
    )


def make_user(world: World, username: str, agency: Agency, role: Role, group: str | None = None):
    user = services.staff_user_create(
        username=username, password=PASSWORD, first_name=username.title(), last_name="Tester"
    )
    services.membership_add(
        user=user, agency=agency, role=role, work_group=world.groups[group] if group else None
    )
    world.users[username] = user
    return user


@pytest.fixture
def world(db) -> World:
    from wagtail.models import Site

    Site.objects.all().delete()
    agency = make_agency("roiet", "สำนักงานจังหวัดร้อยเอ็ด", "testserver", default=True)
    other = make_agency("khonkaen", "สำนักงานจังหวัดขอนแก่น", "khonkaen.example")
    w = World(agency=agency, other_agency=other)
    for ag, code, kind in [
        (agency, "finance", WorkGroupKind.PROCUREMENT),
        (agency, "hr", WorkGroupKind.HR),
        (other, "finance", WorkGroupKind.PROCUREMENT),
    ]:
        key = code if ag == agency else f"other-{code}"
        w.groups[key] = services.work_group_create(
            agency=ag, code=code, name_th=f"กลุ่มงาน {code}", kind=kind
        )
    make_user(w, "somchai", agency, Role.STAFF, "finance")
    make_user(w, "malee", agency, Role.HEAD, "finance")
    make_user(w, "wanida", agency, Role.STAFF, "hr")
    make_user(w, "deputy", agency, Role.EXECUTIVE)
    make_user(w, "nok", agency, Role.PR)
    make_user(w, "admin", agency, Role.ADMIN)
    make_user(w, "pranee", agency, Role.INTEGRITY)
    make_user(w, "outsider", other, Role.STAFF, "other-finance")
    make_user(w, "otheradmin", other, Role.ADMIN)
    return w


def form_as_shown(form) -> dict:
    """The POST data a browser would send back for ``form`` (and its Wagtail formsets) as shown:
    every value as its widget renders it, so a date goes back as the text staff see."""
    data: dict = {}

    def add(one) -> None:
        for bound in one:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
            else:
                shown = bound.field.widget.format_value(value)
                data[bound.html_name] = shown if isinstance(shown, str) else str(value)

    add(form)
    for formset in getattr(form, "formsets", {}).values():
        add(formset.management_form)
        for child in formset.forms:
            add(child)
    return data
