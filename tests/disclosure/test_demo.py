"""The demo agency's evidence: every state on the public pages and the dashboards, a ledger that
verifies, and all of it in seconds."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from prongsai.core.demo import seed_demo
from prongsai.disclosure import selectors
from prongsai.disclosure.models import EvidencePage
from prongsai.ita import selectors as ita_selectors
from prongsai.ita.models import Catalogue
from prongsai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tmp_path, settings):
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": ":memory:"}
    with override_settings(VAR_DIR=tmp_path):
        started = time.perf_counter()
        ctx = seed_demo()
        ctx.seconds = time.perf_counter() - started
        yield ctx


def test_demo_shows_every_state(demo):
    catalogue = Catalogue.objects.get(fiscal_year=2566)
    readiness = ita_selectors.catalogue_readiness(catalogue=catalogue, agency=demo.agency)
    status = {row.item.code: row.status for row in readiness.rows}
    assert status["O19"] == "complete"
    assert status["O11"] == "complete"
    assert status["O21"] != "complete"  # February lacks elements, March not yet approved
    assert status["O24"] != "complete"  # an element is missing
    o21 = next(r for r in readiness.rows if r.item.code == "O21")
    covered = {p.key for p in o21.readiness.periods if p.covered}
    assert covered == {"2566-M01", "2566-M02", "2566-M03", "2566-M04"}

    board = selectors.due_board(agency=demo.agency, year=2566)
    states = {r.status for r in board.rows}
    assert {"published", "pending", "returned", "partial", "missing"} <= states

    pages = EvidencePage.objects.filter(work_group__agency=demo.agency)
    assert pages.filter(live=True).count() >= 12
    assert pages.filter(live=False, go_live_at__isnull=False).exists()  # scheduled
    assert pages.filter(live=False, first_published_at__isnull=False).exists()  # unpublished


def test_demo_ledger_records_every_kind_of_step_and_verifies(demo):
    actions = set(LedgerEntry.objects.values_list("action", flat=True))
    assert {
        "disclosure.setup",
        "disclosure.submit",
        "disclosure.approve",
        "disclosure.publish",
        "disclosure.return",
        "disclosure.schedule",
        "disclosure.unpublish",
    } <= actions
    call_command("ledger_verify")


def test_demo_public_pages_show_versions(demo):
    client = Client(HTTP_HOST="127.0.0.1:8000")
    january = EvidencePage.objects.get(period_key="2566-M04", live=True)
    response = client.get(january.url)
    assert response.status_code == 200
    assert "ฉบับที่ 2" in response.content.decode()
    assert client.get("/ita/2566/o21/").status_code == 200


def test_demo_is_fast(demo):
    assert demo.seconds < 60  # seconds on a loaded CI machine; about a tenth of that idle
