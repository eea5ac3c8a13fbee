"""Fixtures for the publishing workflow: the 2566 catalogue, the agency's evidence listing with
its workflow, more role holders, sample files, and helpers that drive evidence through steps."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractBaseUser

from prongsai.disclosure import samples, services
from prongsai.disclosure.models import EvidencePage
from prongsai.ita import services as ita_services
from prongsai.ita.models import Item
from prongsai.ita.schema import CATALOGUE_DIR
from prongsai.org import services as org_services
from prongsai.org.models import Role
from tests.conftest import World, make_user


@pytest.fixture
def catalogue(db):
    return ita_services.catalogue_import(file=CATALOGUE_DIR / "ita-2566.toml").catalogue


@dataclass
class Setup:
    world: World
    index: object

    @property
    def agency(self):
        return self.world.agency

    def user(self, name: str) -> AbstractBaseUser:
        return self.world.users[name]

    def item(self, code: str, year: int = 2566) -> Item:
        return Item.objects.get(catalogue__fiscal_year=year, code=code)


@pytest.fixture
def setup(world, catalogue, settings) -> Setup:
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": ":memory:"}
    index = services.disclosure_setup(agency=world.agency)
    services.disclosure_setup(agency=world.other_agency)
    # A second executive who also works in finance (so can submit), a second PR officer, and an
    # executive of the other agency.
    chief = make_user(world, "chief", world.agency, Role.EXECUTIVE)
    org_services.membership_add(
        user=chief, agency=world.agency, role=Role.STAFF, work_group=world.groups["finance"]
    )
    make_user(world, "pr2", world.agency, Role.PR)
    make_user(world, "otherexec", world.other_agency, Role.EXECUTIVE)
    return Setup(world=world, index=index)


def pdf(name: str = "สขร1_ต.ค.65.pdf", text: str = "Procurement summary") -> services.NewFile:
    return services.NewFile(name=name, data=samples.simple_pdf([text, name], title=text))


def xlsx(name: str = "สขร1_พ.ย.65.xlsx") -> services.NewFile:
    rows = [["งานที่ซื้อหรือจ้าง", "วงเงิน"], ["กระดาษ A4", 12000]]
    return services.NewFile(name=name, data=samples.simple_xlsx(rows))


def upload(name: str, data: bytes):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def make_evidence(
    s: Setup,
    *,
    by: str = "somchai",
    group: str = "finance",
    code: str = "O21",
    period: str = "2566-M01",
    files: Iterable[services.NewFile] | None = None,
    title: str | None = None,
    element_keys: Iterable[str] | None = None,
    **fields,
) -> EvidencePage:
    item = s.item(code)
    if element_keys is None:
        pairs = [(item, None)]
    else:
        by_key = {e.key: e for e in item.elements.all()}
        pairs = [(item, by_key[k]) for k in element_keys]
    return services.evidence_create(
        user=s.user(by),
        work_group=s.world.groups[group],
        title=title or f"สรุปผลการจัดซื้อจัดจ้าง {period}",
        period_key=period,
        items=pairs,
        files=[pdf()] if files is None else list(files),
        **fields,
    )


def current_task_state(page: EvidencePage):
    page = EvidencePage.objects.get(pk=page.pk)
    return page.current_workflow_task_state


def submit(s: Setup, page: EvidencePage, by: str = "somchai"):
    return services.evidence_submit(page=page, user=s.user(by))


def approve(s: Setup, page: EvidencePage, by: str = "deputy", comment: str = ""):
    services.task_approve(task_state=current_task_state(page), user=s.user(by), comment=comment)


def publish(s: Setup, page: EvidencePage, by: str = "nok"):
    services.task_approve(task_state=current_task_state(page), user=s.user(by))


def send_back(s: Setup, page: EvidencePage, by: str, reason: str = "แก้ไขวงเงินให้ถูกต้อง"):
    services.task_return(task_state=current_task_state(page), user=s.user(by), reason=reason)


def published(s: Setup, **kwargs) -> EvidencePage:
    page = make_evidence(s, **kwargs)
    submit(s, page, by=kwargs.get("by", "somchai"))
    approve(s, page)
    publish(s, page)
    return EvidencePage.objects.get(pk=page.pk)
